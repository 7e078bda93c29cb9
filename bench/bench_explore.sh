#!/usr/bin/env bash
# bench_explore.sh [BUILD]: the explorer at realistic sizes (not run by the
# tests, which never assert timings).  For each bench/scenarios/*.scn,
# under the fixed profile:
#   states, states/s, stored bytes/state (table), RSS bytes/state,
#   instructions/state (perf stat, when perf works: timings on a shared
#   machine are noisy, instruction counts are not), the reduction factor
#   against --no-reduction (states and transitions), the time to exhaust
#   and the --jobs 2 speedup;
# then the duplication of --shard K/N (summed states of the N shards over
# the states of one search) for N = 2 .. 64 on the library scenarios.
# BENCH_MAX_STATES=N caps every run (the figures are then of a prefix of
# the search and say so); BENCH_SCENARIOS="a.scn b.scn" picks scenarios.
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
		    /usr/bin/time -f %M -o "$tmp/$name.rss" \
		    "$U" check "$@" --json --no-minimize "${capopt[@]}" \
		    >"$tmp/$name.json" 2>/dev/null
		awk -F, '/instructions/ { print $1 }' "$tmp/$name.perf" \
		    >"$tmp/$name.ins"
	else
		/usr/bin/time -f %M -o "$tmp/$name.rss" \
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
printf '%-20s %10s %9s %7s %7s %8s %8s %8s %8s %7s\n' scenario states \
    states/s B/state RSS/st ins/st red.st red.tr seconds jobs2x
for f in $SCNS; do
	run one "$f"
	run nored "$f" --no-reduction
	run two "$f" --jobs 2
	python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
def j(n): return json.load(open(f"{t}/{n}.json"))
def rss(n): return int(open(f"{t}/{n}.rss").read().split()[-1]) * 1024
def ins(n):
    try: return int(open(f"{t}/{n}.ins").read().strip() or 0)
    except ValueError: return 0
a, b, c = j("one"), j("nored"), j("two")
bps = a["bytes_per_state"]
print("%-20s %10d %9.0f %7s %7.1f %8s %8.2f %8.2f %8.1f %7.2f%s" % (
    a["scenario"][-20:], a["states"], a["states_per_sec"],
    "%.1f" % bps if bps is not None else "-",
    rss("one") / a["states"],
    "%.0f" % (ins("one") / a["states"]) if ins("one") else "-",
    b["states"] / a["states"], b["transitions"] / a["transitions"],
    a["seconds"], a["seconds"] / c["seconds"] if c["seconds"] > 0 else 0,
    "" if a["exhaustive"] else "  (bound: %s)" % a["bound"]))
PY
done

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
