#!/usr/bin/env bash
# bench_mpi.sh [BUILD]: check --mpi against --shard (not run by the
# tests, which never assert timings).  For each scenario, under the fixed
# profile:
#   the states of one dfs (the default) and one --strategy bfs search;
#   the duplication of --shard K/N (the N shards' summed states over the
#   states of one dfs) and of --mpi on N ranks (the ranks' summed states
#   over bfs's), for N = 2, 4, 8;
#   the wall time of bfs and of --mpi on 2 ranks.
# BENCH_SCENARIOS="a b" picks scenarios (library names or paths);
# BENCH_MAX_STATES=N caps each search (the figures are then of a prefix).
# Open MPI runs N ranks on this machine (--oversubscribe); as root it
# needs OMPI_ALLOW_RUN_AS_ROOT, set here.
set -u
cd "$(dirname "$0")/.."
B=${1:-build}
U=$B/uvmcheck
SCNS=${BENCH_SCENARIOS:-fork-cow mlock-physio loan-send}
cap=()
[ -n "${BENCH_MAX_STATES:-}" ] && cap=(--max-states "$BENCH_MAX_STATES")
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe --mca btl_vader_single_copy_mechanism none)
command -v mpirun >/dev/null || { echo "bench_mpi.sh: no mpirun (apt-get install openmpi-bin)"; exit 2; }
states() { sed -n 's/.*"states":\([0-9]*\).*/\1/p'; }
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
now() { date +%s.%N; }

printf '%-16s %9s %9s' scenario "dfs" "bfs"
for n in 2 4 8; do printf ' %9s %9s' "shard N=$n" "mpi N=$n"; done
printf ' %8s %10s\n' "bfs s" "mpi-2 s"
for s in $SCNS; do
	dfs=$("$U" check "$s" --json --no-minimize "${cap[@]}" | states)
	t0=$(now)
	whole=$("$U" check "$s" --strategy bfs --json --no-minimize "${cap[@]}" | states)
	t1=$(now)
	printf '%-16s %9s %9s' "$s" "$dfs" "$whole"
	for n in 2 4 8; do
		sum=0
		for k in $(seq 0 $((n - 1))); do
			st=$("$U" check "$s" --shard "$k/$n" --json \
			    --no-minimize "${cap[@]}" | states)
			sum=$((sum + st))
		done
		t2=$(now)
		mpi=$("${MPIRUN[@]}" -np $n "$U" check "$s" --mpi --json \
		    --no-minimize "${cap[@]}" 2>/dev/null | states)
		t3=$(now)
		[ "$n" -eq 2 ] && mpi2=$(python3 -c "print('%.2f' % ($t3 - $t2))")
		printf ' %9s %9s' "$(ratio "$sum" "$dfs")" "$(ratio "$mpi" "$whole")"
	done
	printf ' %8s %10s\n' "$(python3 -c "print('%.2f' % ($t1 - $t0))")" "$mpi2"
done
