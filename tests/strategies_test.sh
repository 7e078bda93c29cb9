#!/usr/bin/env bash
# strategies_test.sh: every explorer finds every seed bug under its knob
# (the first `expect bug ... -> INVARIANT` line of each seed scenario).
#   usage: strategies_test.sh UVMCHECK SOURCE_ROOT
set -u
UVMCHECK=$1
cd "$2" || exit 2
pass=0 fail=0
for st in dfs bfs icb random pct; do
	for scn in scenarios/seeds/S-*.scn; do
		line=$(grep -m1 '^expect bug .* -> ' "$scn" | grep -v -- '-> clean$')
		[ -n "$line" ] || continue
		knobs=$(echo "$line" | sed 's/^expect bug \(.*\) -> .*/\1/')
		want=$(echo "$line" | sed 's/.*-> //')
		set --
		for k in $knobs; do set -- "$@" --bug "$k"; done
		got=$("$UVMCHECK" check "$scn" "$@" --strategy "$st" --seed 1 \
		    --no-minimize 2>&1 | grep '^verdict')
		if echo "$got" | grep -q "violation $want "; then
			echo "ok   $st $(basename "$scn"): $want"
			pass=$((pass + 1))
		else
			echo "FAIL $st $(basename "$scn"): want $want, got: $got"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
