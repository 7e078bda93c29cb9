#!/bin/bash
# check --follow: a counterexample ending at a warning-level invariant is
# continued to the damage; one ending in damage is left as it is.
U=$1
ROOT=$2
export UVMCHECK_ROOT=$ROOT
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
out=$("$U" check S-13-loan-wire --profile netbsd-2020 --follow --json)
rc=$?
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = d["follow"]
assert d["invariant"] == "loaned-page-wired", d
assert f["stages"][0] == {"invariant": "loaned-page-wired", "step": d["steps"], "warning": True}, f
assert f["damage"] is True and f["stages"][-1]["warning"] is False, f
assert len(f["schedule"].split()) == f["stages"][-1]["step"] > d["steps"], f
assert f["schedule"].startswith(d["schedule"]), f
' && [ $rc -eq 1 ] && ok "S-13 followed from loaned-page-wired to the damage" ||
    bad "S-13 --follow: rc $rc $out"
out=$("$U" check S-13-loan-wire --profile netbsd-2020 --follow)
echo "$out" | grep -qE "^follow: loaned-page-wired at step [0-9]+ \(warning\) -> .* \(damage\)$" &&
    echo "$out" | grep -q "^followed schedule" && ok "text output of --follow" ||
    bad "text --follow: $out"
out=$("$U" check S-10-vslock-truncate --profile netbsd-2020 --follow)
echo "$out" | grep -qE "^follow: freed-page-in-use at step [0-9]+ \(damage\)$" &&
    ! echo "$out" | grep -q "^followed schedule" && ok "damage is not followed further" ||
    bad "S-10 --follow: $out"
out=$("$U" check S-7-anfree-busy --profile netbsd-2001 --follow)
echo "$out" | grep -q "^follow: swap-slot-reused-in-flight at step [0-9]* (warning)$" &&
    echo "$out" | grep -q "no damage after it within" && ok "no damage found is said" ||
    bad "S-7 --follow: $out"
echo "$fails failed"
[ "$fails" -eq 0 ]
