#!/usr/bin/env bash
# fuzz_test.sh UVMCHECK: a short libFuzzer campaign of the schedule
# harness on the seed scenario S-10 finds the seed bug (freed-page-in-use
# under the eras that have it), and each finding's .sched replays to its
# invariant.  Registered only in a clang build with -Dfuzz=true.
set -u
uvm=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-fuzz-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out=$("$uvm" fuzz S-10-vslock-truncate --engine libfuzzer --time 3 --seed 1 \
    --corpus "$tmp/found" --db "$tmp/f.db" --json)
rc=$?
echo "$out"
[ $rc -eq 1 ] || { echo "FAIL: exit $rc, expected 1 (findings)"; exit 1; }
ls "$tmp"/found/S-10-vslock-truncate-freed-page-in-use-*.sched >/dev/null ||
    { echo "FAIL: no freed-page-in-use finding"; exit 1; }
for f in "$tmp"/found/*.sched; do
	"$uvm" replay -q "$f" >"$tmp/replay.log" 2>&1
	rc=$?
	inv=$(basename "$f" .sched)
	if [ $rc -ne 1 ] || ! grep -q "reproduced" "$tmp/replay.log"; then
		echo "FAIL: $f does not replay (exit $rc)"
		cat "$tmp/replay.log"
		exit 1
	fi
	echo "ok: $inv"
done
# the seed corpus holds corpus/seeds/S-7-anfree-busy.sched as a tape that
# reaches its bug
"$uvm" fuzz --make-seeds "$tmp/seeds" S-7-anfree-busy >/dev/null ||
    { echo "FAIL: --make-seeds"; exit 1; }
h=$(dirname "$uvm")/fuzz/fuzz-sched-libfuzzer
found=0
[ -f "$tmp/seeds.target" ] || { echo "FAIL: no seeds.target"; exit 1; }
for f in "$tmp"/seeds/*; do
	[ "$(stat -c %s "$f")" -gt 2 ] || continue
	UVMCHECK_FUZZ_TARGET=$tmp/seeds.target "$h" "$f" 2>&1 |
	    grep -q "uvmcheck-finding: swap-slot-reused-in-flight scenario S-7" &&
	    found=1
done
[ $found -eq 1 ] || { echo "FAIL: no seed reaches S-7's bug"; exit 1; }
echo "ok: --make-seeds"
"$uvm" report --db "$tmp/f.db" | grep -q "freed-page-in-use" ||
    { echo "FAIL: the finding is not in the store"; exit 1; }
echo "PASS"
