#!/usr/bin/env bash
# matrix_test.sh: the history matrix, run in the test suite.
# For every seed scenario: the fixed column is clean and the bug-knob
# column finds a violation (the bug's knob rediscovers the bug); the
# whole matrix runs, and its time is printed (not asserted).
#   usage: matrix_test.sh UVMCHECK SOURCE_ROOT
set -u
UVMCHECK=$1
cd "$2" || exit 2
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

start=$(date +%s%N)
json=$("$UVMCHECK" matrix --json)
rc=$?
ms=$((($(date +%s%N) - start) / 1000000))
echo "matrix: ${ms} ms wall time"
[ $rc -eq 0 ] && ok "matrix exits 0" || bad "matrix exits $rc"

for scn in scenarios/seeds/[SL]-*.scn; do
	stem=$(basename "$scn" .scn)
	bug=$(echo "$stem" | sed 's/^\([SL]-[0-9]*[a-z]*\)-.*/\1/')
	fixed=$(echo "$json" | grep "\"bug\":\"$bug\",\"scenario\":\"$stem\",\"profile\":\"fixed\"")
	knob=$(echo "$json" | grep "\"bug\":\"$bug\",\"scenario\":\"$stem\",\"profile\":\"bug-knob\"")
	echo "$fixed" | grep -q '"verdict":"clean"' &&
	    ok "$stem: clean under fixed" || bad "$stem: not clean under fixed: $fixed"
	want=$(grep -m1 '^expect bug .* -> ' "$scn" | grep -v -- '-> clean$' |
	    sed 's/.*-> //')
	echo "$knob" | grep -q "\"invariant\":\"$want\"" &&
	    ok "$stem: its knob finds $want" ||
	    bad "$stem: its knob does not find $want: $knob"
done
rows=$(echo "$json" | grep -o '"bug":"S-[0-9]*' | sort -u | wc -l)
[ "$rows" -ge 15 ] && ok "matrix has $rows bugs (S-1 .. S-15)" ||
    bad "matrix has only $rows bugs"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
