#!/usr/bin/env bash
# bench_explore.sh [BUILD]: the explorer at realistic sizes (not run by the
# tests, which never assert timings).  For each bench/scenarios/*.scn,
# under the fixed profile:
#   states, states/s (wall clock and per CPU second), stored bytes/state
#   (table), RSS bytes/state,
#   instructions/state (perf stat, when perf works: timings on a shared
#   machine are noisy, instruction counts are not), the reduction factor
#   against --no-reduction (states and transitions, with sleep sets; and
#   in states with --symmetry too, red.sym), the time to exhaust and the
#   --jobs 2 speedup (wall clock, and from CPU time);
# then the duplication of --shard K/N (summed states of the N shards over
# the states of one search) for N = 2 .. 64 on the library scenarios.
# BENCH_MAX_STATES=N caps every run (the figures are then of a prefix of
# the search and say so); BENCH_SCENARIOS="a.scn b.scn" picks scenarios.
# Where perf has no instruction counter (containers, VMs), BENCH_CALLGRIND=1
# counts instructions with valgrind's callgrind over the first 50000
# states of each scenario, with and without sleep sets.
set -u
cd "$(dirname "$0")/.."
B=${1:-build}
U=$B/uvmcheck
CAP=${BENCH_MAX_STATES:-}
SCNS=${BENCH_SCENARIOS:-$(ls bench/scenarios/*.scn)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-explore.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
capopt=()
[ -n "$CAP" ] && capopt=(--max-states "$CAP")
perf_ok=false
perf stat -x, -e instructions true >/dev/null 2>&1 && perf_ok=true

# run NAME ARGS...: the JSON of check in $tmp/NAME.json, RSS (KiB) in
# $tmp/NAME.rss, instructions in $tmp/NAME.ins
run() {
	local name=$1
	shift
	if $perf_ok; then
		perf stat -x, -e instructions -o "$tmp/$name.perf" \
		    /usr/bin/time -f '%M %U %S' -o "$tmp/$name.rss" \
		    "$U" check "$@" --json --no-minimize "${capopt[@]}" \
		    >"$tmp/$name.json" 2>/dev/null
		awk -F, '/instructions/ { print $1 }' "$tmp/$name.perf" \
		    >"$tmp/$name.ins"
	else
		/usr/bin/time -f '%M %U %S' -o "$tmp/$name.rss" \
		    "$U" check "$@" --json --no-minimize "${capopt[@]}" \
		    >"$tmp/$name.json" 2>/dev/null
		echo 0 >"$tmp/$name.ins"
	fi
}

field() {	# field NAME KEY
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' \
	    "$tmp/$1.json" "$2"
}

echo "== explorer at realistic sizes${CAP:+ (capped at $CAP states: a prefix of each search)}"
printf '%-20s %9s %8s %8s %7s %6s %7s %6s %6s %7s %7s %6s %6s\n' scenario \
    states st/s st/cpu-s B/st RSS/st ins/st red.st red.tr red.sym seconds \
    j2x j2cpu
for f in $SCNS; do
	run one "$f"
	run nored "$f" --no-reduction
	run sym "$f" --symmetry
	run two "$f" --jobs 2
	python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
def j(n): return json.load(open(f"{t}/{n}.json"))
def tm(n): return open(f"{t}/{n}.rss").read().split()[-3:]
def rss(n): return int(tm(n)[0]) * 1024
def cpu(n): return float(tm(n)[1]) + float(tm(n)[2])
def ins(n):
    try: return int(open(f"{t}/{n}.ins").read().strip() or 0)
    except ValueError: return 0
a, b, c, y = j("one"), j("nored"), j("two"), j("sym")
bps = a["bytes_per_state"]
# j2x: wall-clock speedup of --jobs 2; j2cpu: 2 x the CPU time of one
# worker over that of two for the same states, the speedup two idle cores
# would give with the work evenly shared (a loaded machine's wall clock
# says little)
print("%-20s %9d %8.0f %8.0f %7s %6.1f %7s %6.2f %6.2f %7.2f %7.1f %6.2f %6.2f%s" % (
    a["scenario"][-20:], a["states"], a["states_per_sec"],
    a["states"] / cpu("one") if cpu("one") > 0 else 0,
    "%.1f" % bps if bps is not None else "-",
    rss("one") / a["states"],
    "%.0f" % (ins("one") / a["states"]) if ins("one") else "-",
    b["states"] / a["states"], b["transitions"] / a["transitions"],
    b["states"] / y["states"], a["seconds"], a["seconds"] / c["seconds"] if c["seconds"] > 0 else 0,
    2 * cpu("one") / cpu("two") * c["states"] / a["states"]
    if cpu("two") > 0 else 0,
    "" if a["exhaustive"] else "  (bound: %s)" % a["bound"]))
PY
done

if [ -n "${BENCH_CALLGRIND:-}" ]; then
	echo "== instructions per state (callgrind, first 50000 states)"
	printf '%-20s %12s %12s\n' scenario sleep-sets no-reduction
	for f in $SCNS; do
		row=$(basename "$f" .scn)
		for o in "" --no-reduction; do
			valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" \
			    "$U" check "$f" --max-states 50000 --no-minimize \
			    --json $o >"$tmp/cg.json" 2>"$tmp/cg.err"
			ins=$(sed -n 's/.*refs: *\([0-9,]*\).*/\1/p' "$tmp/cg.err" | tr -d ,)
			row="$row $((ins / 50000))"
		done
		printf '%-20s %12s %12s\n' $row
	done
fi

echo "== --shard duplication (summed shard states / one search's states)"
printf '%-22s' scenario
NS="2 4 8 16 32 64"
for n in $NS; do printf ' %6s' "N=$n"; done
echo
for s in fork-cow mlock-physio loan-send; do
	whole=$("$U" check "$s" --json --no-minimize | sed -n 's/.*"states":\([0-9]*\).*/\1/p')
	printf '%-22s' "$s"
	for n in $NS; do
		sum=0
		for k in $(seq 0 $((n - 1))); do
			st=$("$U" check "$s" --shard "$k/$n" --json --no-minimize |
			    sed -n 's/.*"states":\([0-9]*\).*/\1/p')
			sum=$((sum + st))
		done
		printf ' %6s' "$(python3 -c "print('%.2f' % ($sum / $whole))")"
	done
	echo
done
