#!/bin/bash
# triage: every seed counterexample is attributed to its own bug, with the
# JSON fields of the issue; bad input is exit 2.
U=$1
ROOT=$2
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

"$U" triage --json "$ROOT/corpus/seeds" >"$TMP/all.json"
rc=$?
[ $rc -eq 0 ] && ok "every seed finding attributed (exit 0)" || bad "triage DIR: rc $rc"
python3 - "$TMP/all.json" <<'PYEOF' || fails=$((fails + 1))
import json, os, re, sys
bad = 0
for d in json.load(open(sys.argv[1])):
    want = re.match(r"([SL]-[0-9]+b?)-", os.path.basename(d["file"])).group(1)
    # a finding two fixes each remove names both, its own bug first
    # (S-5's ptrace write also goes through L-3's revocation)
    if d["bugs"][0] != want or d["attribution"] != ",".join(d["bugs"]):
        print("FAIL: %s attributed to %s, expected %s" % (d["file"], d["attribution"], want))
        bad += 1
    else:
        print("ok: %s attributed to itself" % want)
sys.exit(1 if bad else 0)
PYEOF
out=$("$U" triage --json "$ROOT/corpus/seeds/S-10-vslock-truncate.sched")
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["attribution"] == "S-10", d
assert d["invariant"] == "freed-page-in-use", d
assert d["profiles_failing"] == ["netbsd-1999", "netbsd-2001", "netbsd-2003", "netbsd-2020"], d
assert d["knobs_that_fix"] == ["vslock_pin"], d
assert d["site"].startswith("truncate"), d
' && ok "triage --json fields" || bad "triage --json: $out"
# another era's form of a catalogued bug is that bug: S-13 under netbsd-2020
# (loans broken only for writable entries) is removed by the S-13 knob's
# fix, though 2020's value is not S-13's bug value
"$U" check "$ROOT/scenarios/seeds/S-13-loan-wire.scn" --profile netbsd-2020 \
    --save "$TMP/s13-2020.sched" >/dev/null 2>&1
out=$("$U" triage --json "$TMP/s13-2020.sched")
printf '%s' "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["attribution"] == "S-13", d
assert d["knobs_that_fix"] == ["wire_breaks_loans"], d
' && ok "S-13 in its 2020 form attributed to S-13" || bad "S-13 under netbsd-2020: $out"
# a directory: an array, one object per finding
n=$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <"$TMP/all.json")
[ "$n" -eq "$(ls "$ROOT"/corpus/seeds/*.sched | wc -l)" ] && ok "triage DIR: $n findings" ||
    bad "triage DIR gave $n findings"
nseeds=$(ls "$ROOT"/corpus/seeds/*.sched | wc -l)
"$U" triage "$ROOT/corpus/seeds" >"$TMP/out" && grep -q "^$nseeds findings triaged, 0 unexplained" "$TMP/out" &&
    ok "triage DIR text summary" || bad "triage DIR: $(tail -1 "$TMP/out")"
# bad input
"$U" triage "$TMP/nope.sched" 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q "no such file" "$TMP/err" && ok "missing file: exit 2" || bad "missing file: rc $rc"
echo "not a schedule" >"$TMP/bad.sched"
"$U" triage "$TMP/bad.sched" 2>"$TMP/err"; rc=$?
[ $rc -eq 2 ] && grep -q "bad.sched:1:" "$TMP/err" && ok "malformed file: exit 2 with file:line" ||
    bad "malformed file: rc $rc $(cat "$TMP/err")"
echo "$fails failed"
[ "$fails" -eq 0 ]
