#!/usr/bin/env bash
# explore_cli_test.sh: the explorers on the command line: strategies,
# bounds named in the result, --json figures, --jobs, --shard, liveness,
# minimize.  Behaviour only, never timings.
#
#   bash tests/explore_cli_test.sh BUILD/uvmcheck SOURCE_ROOT
set -u

UVMCHECK=${1:?usage: explore_cli_test.sh UVMCHECK SOURCE_ROOT}
ROOT=${2:?usage: explore_cli_test.sh UVMCHECK SOURCE_ROOT}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-explore.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT" || exit 1

pass=0
fail=0
OUT=$TMP/out
ERR=$TMP/err

# expect CODE DESCRIPTION REGEX -- COMMAND...: exit code and stdout match
expect() {
	local want=$1 what=$2 re=$3
	shift 4
	"$@" >"$OUT" 2>"$ERR"
	local got=$?
	if [ "$got" -eq "$want" ] && { [ -z "$re" ] || grep -Eq -- "$re" "$OUT"; }; then
		pass=$((pass + 1))
		echo "ok   $what"
	else
		fail=$((fail + 1))
		echo "FAIL $what: exit $got (want $want), stdout:"
		head -n 20 "$OUT"
		echo "---- stderr"
		head -n 10 "$ERR"
	fi
}

J='"verdict":"clean".*"states":[0-9]+,"transitions":[0-9]+,"seconds":[0-9.]+,"max_depth":[0-9]+,"bound_hit":false'
for s in dfs bfs icb stateless; do
	expect 0 "check --strategy $s" '"strategy":"'$s'"' -- \
	    "$UVMCHECK" check loan-send --strategy $s --preemptions 1 \
	    --max-states 3000 --json
done
expect 0 "dfs --json figures" "$J"'.*"states_per_sec":[0-9]+,"bytes_per_state":null,"table_bytes":[0-9]+,"table_slots":[0-9]+.*"reduction":[0-9.]+.*"bound":null,"exhaustive":true' -- \
    "$UVMCHECK" check loan-send --json
expect 0 "--no-reduction" '"reduction":1.0000' -- \
    "$UVMCHECK" check loan-send --no-reduction --json
expect 0 "random prints its seed" '^strategy random, seed 17$' -- \
    "$UVMCHECK" check loan-send --strategy random --seed 17 --walks 20
expect 0 "pct: seed in --json, never exhaustive" '"bound":"walks","exhaustive":false,"seed":5' -- \
    "$UVMCHECK" check loan-send --strategy pct --seed 5 --walks 20 --json
expect 0 "random without --seed still prints one" '^strategy random, seed [0-9]+$' -- \
    "$UVMCHECK" check loan-send --strategy random --walks 5
expect 0 "--max-states names the bound" '^exhaustive: no \(bound hit: max-states' -- \
    "$UVMCHECK" check fork-cow --max-states 100
expect 0 "--depth names the bound" '"bound":"depth","exhaustive":false' -- \
    "$UVMCHECK" check fork-cow --depth 5 --json
expect 0 "icb names the preemption bound" '^exhaustive: no \(bound hit: preemptions' -- \
    "$UVMCHECK" check fork-cow --strategy icb --preemptions 0
expect 0 "state table figures: the size, no bytes/state for a tiny search" '^state table: [0-9.]+ MiB \([0-9]+ slots of 8 bytes, [0-9]+% full\), 64-bit fingerprints, collision probability' -- \
    "$UVMCHECK" check fork-cow
expect 0 "--jobs 2: threads share one table, states as one search" '^jobs: 2 threads sharing one state table' -- \
    "$UVMCHECK" check fork-cow --jobs 2
expect 0 "--jobs 2 counts each state once" '"states":39537,' -- \
    "$UVMCHECK" check fork-cow --jobs 2 --json
expect 0 "--bitstate: bits per state and coverage" '^bitstate: 16.0 MiB, [0-9.]+ bits/state \(3 per state set\), coverage estimate' -- \
    "$UVMCHECK" check fork-cow --bitstate --memory 16M
expect 1 "--bitstate finds the bug" '^verdict: violation swap-slot-reused-in-flight' -- \
    "$UVMCHECK" check S-7-anfree-busy --profile netbsd-2001 --bitstate
expect 0 "--memory reached names the bound" '"bound":"memory","exhaustive":false' -- \
    "$UVMCHECK" check fork-cow --strategy bfs --memory 16M --json
expect 2 "--memory below 16M is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --memory 1M
expect 2 "--memory 12X is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --memory 12X
expect 0 "--time takes fractions" '"verdict":"clean"' -- \
    "$UVMCHECK" check fork-cow --time 0.5 --json
expect 2 "--time 1e3 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --time 1e3
expect 2 "--time 0 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --time 0
expect 2 "--shard 4294967296/2 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --shard 4294967296/2
expect 2 "--shard 0/4294967297 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --shard 0/4294967297
expect 2 "--shard ' 1/ 2' is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --shard ' 1/ 2'
expect 2 "--shard +1/2 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --shard +1/2
expect 0 "--jobs 3 merges clean" '"verdict":"clean"' -- \
    "$UVMCHECK" check fork-cow --jobs 3 --json
expect 1 "--jobs 3 finds the violation" '^verdict: violation swap-slot-reused-in-flight' -- \
    "$UVMCHECK" check S-7-anfree-busy --profile netbsd-2001 --jobs 3
expect 0 "--shard 1/4" '"verdict":"clean"' -- \
    "$UVMCHECK" check fork-cow --shard 1/4 --json
expect 2 "--shard 4/4 is bad usage" '' -- \
    "$UVMCHECK" check fork-cow --shard 4/4
expect 2 "unknown strategy" '' -- \
    "$UVMCHECK" check fork-cow --strategy bogus
expect 0 "canfail-livelock fixed: clean with --liveness" '^verdict: clean' -- \
    "$UVMCHECK" check canfail-livelock --liveness
expect 1 "canfail-livelock always-wait: the cycle" '^verdict: violation nonprogress-cycle' -- \
    "$UVMCHECK" check canfail-livelock --liveness \
    --bug fault_checks_reclaimable=always-wait --save "$TMP/cycle.sched"
expect 1 "the cycle replays" 'reproduced' -- \
    "$UVMCHECK" replay "$TMP/cycle.sched"
expect 1 "random finds S-7" '^verdict: violation swap-slot-reused-in-flight' -- \
    "$UVMCHECK" check S-7-anfree-busy --profile netbsd-2001 --strategy random \
    --seed 11 --no-minimize --save "$TMP/s7.sched"
expect 0 "minimize keeps the finding" '^saved: ' -- \
    "$UVMCHECK" minimize "$TMP/s7.sched" -o "$TMP/s7m.sched"
expect 1 "the minimized schedule replays" 'reproduced' -- \
    "$UVMCHECK" replay "$TMP/s7m.sched"
expect 2 "minimize a missing file" '' -- \
    "$UVMCHECK" minimize "$TMP/none.sched"

# --symmetry: three LWPs running one program are found interchangeable,
# the search stores fewer states and gives the same verdict; a scenario
# without such LWPs says so; what cannot go with it is refused
cat >"$TMP/lwps.scn" <<'SCN'
scenario lwps3
world pages=6 swap=2 freemin=1 freetarg=2 reserve=0 failures=1
vnode f pages=2 resident=1
proc A
map A 0 anon 0 2 private rw
map A 2 f 0 2 shared rw
thread a1 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1
thread a2 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1
thread a3 A: mlock 0 1; physio-read 0 1; touch 2 w; munlock 0 1
kthread pd pagedaemon
kthread io aiodone
SCN
expect 0 "check --symmetry names the interchangeable LWPs" \
    '^symmetry: interchangeable threads a1 a2 a3 \(a state stands for up to 6 renamings\)' -- \
    "$UVMCHECK" check "$TMP/lwps.scn" --symmetry
"$UVMCHECK" check "$TMP/lwps.scn" --json >"$TMP/plain.json" 2>/dev/null
"$UVMCHECK" check "$TMP/lwps.scn" --symmetry --json >"$TMP/sym.json" 2>/dev/null
st() { sed -n 's/.*"states":\([0-9]*\).*/\1/p' "$1"; }
if grep -q '"verdict":"clean"' "$TMP/plain.json" &&
    grep -q '"verdict":"clean".*"symmetry_order":6' "$TMP/sym.json" &&
    [ "$(st "$TMP/sym.json")" -lt "$(st "$TMP/plain.json")" ]; then
	pass=$((pass + 1))
	echo "ok   --symmetry: the same verdict, $(st "$TMP/sym.json") states of $(st "$TMP/plain.json")"
else
	fail=$((fail + 1))
	echo "FAIL --symmetry states: $(cat "$TMP/sym.json") vs $(cat "$TMP/plain.json")"
fi
expect 0 "check --symmetry without interchangeable LWPs says so" \
    '^symmetry: none \(no two LWPs of one process run the same program\)' -- \
    "$UVMCHECK" check fork-cow --symmetry
for bad in "--strategy bfs" "--liveness"; do
	# shellcheck disable=SC2086
	expect 2 "check --symmetry $bad is refused" '' -- \
	    "$UVMCHECK" check fork-cow --symmetry $bad
	if ! grep -q -- "--symmetry is for the stateful dfs" "$ERR"; then
		fail=$((fail + 1))
		echo "FAIL --symmetry $bad: $(cat "$ERR")"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
