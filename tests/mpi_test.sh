#!/bin/bash
# check --mpi: one breadth-first search over MPI ranks, each state owned
# by one rank.  The ranks' states and transitions add up to exactly those
# of --strategy bfs in one process (no state explored twice), on 1, 2
# and 3 ranks; a violation is found at the same (shortest) depth and its
# counterexample replays; rank 0 alone writes --save; what cannot go with
# --mpi is refused.  In a build without MPI, --mpi is refused (exit 2).
U=$1
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# Open MPI leaks at MPI_Finalize by design (LeakSanitizer would report
# it under the ASan build); as root it wants these two variables
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN=(mpirun --oversubscribe --mca btl_vader_single_copy_mechanism none)

"$U" check fork-cow --mpi --jobs 2 >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q -- "--jobs cannot go with it" "$T/err" &&
    ok "--mpi --jobs refused" || bad "--mpi --jobs: $(cat "$T/err")"
"$U" check fork-cow --mpi --strategy dfs >/dev/null 2>"$T/err"
[ $? -eq 2 ] && grep -q -- "--strategy other than bfs cannot go with it" "$T/err" &&
    ok "--mpi --strategy dfs refused" || bad "--mpi --strategy dfs: $(cat "$T/err")"

"$U" check fork-cow --mpi --json >"$T/one.json" 2>"$T/err"
rc=$?
if grep -q "built without MPI" "$T/err"; then
	[ $rc -eq 2 ] && ok "without MPI, --mpi is refused (exit 2)" ||
	    bad "without MPI: exit $rc"
	echo "$fails failed"
	[ "$fails" -eq 0 ]
	exit
fi
command -v mpirun >/dev/null || { bad "built with MPI but no mpirun"; echo "$fails failed"; exit 1; }

field() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" "$1"; }
for scn in fork-cow mlock-physio loan-send; do
	"$U" check $scn --strategy bfs --json >"$T/bfs.json" 2>/dev/null
	for n in 1 2 3; do
		"${MPIRUN[@]}" -np $n "$U" check $scn --mpi --json \
		    >"$T/mpi.json" 2>"$T/err"
		if [ "$(field "$T/mpi.json" states)" = "$(field "$T/bfs.json" states)" ] &&
		    [ "$(field "$T/mpi.json" transitions)" = "$(field "$T/bfs.json" transitions)" ] &&
		    [ "$(field "$T/mpi.json" mpi_ranks)" = "$n" ] &&
		    [ "$(field "$T/mpi.json" verdict)" = "$(field "$T/bfs.json" verdict)" ]; then
			ok "$scn on $n rank(s): $(field "$T/mpi.json" states) states, as bfs"
		else
			bad "$scn on $n ranks: $(cat "$T/mpi.json" "$T/err" | head -5) vs $(cat "$T/bfs.json")"
		fi
	done
done

# a violation: the shortest counterexample, saved once, replayable
"$U" check S-10-vslock-truncate --profile netbsd-2003 --strategy bfs --json \
    >"$T/bfs.json" 2>/dev/null
"${MPIRUN[@]}" -np 2 "$U" check S-10-vslock-truncate --profile netbsd-2003 \
    --mpi --save "$T/s10.sched" >"$T/out" 2>"$T/err"
rc=$?
"$U" replay "$T/s10.sched" >"$T/replay" 2>&1
rrc=$?
[ $rc -eq 1 ] && [ $rrc -eq 1 ] &&
    [ "$(grep -c '^verdict: violation freed-page-in-use at step 2$' "$T/out")" -eq 1 ] &&
    grep -q '"steps":2,' "$T/bfs.json" &&
    grep -q "freed-page-in-use" "$T/replay" &&
    ok "a violation over 2 ranks: reported once, saved, replays" ||
    bad "violation over 2 ranks: $(head -5 "$T/out" "$T/err" "$T/replay")"
# a counterexample read back across ranks (its steps were taken on
# different ranks): as short as bfs's, and check replays it (exit 1, not
# the internal error of a counterexample that does not replay)
for spec in "S-5-ptrace-wired netbsd-1999" "S-1-pd-kloan netbsd-1999" "L-4-mlockall-unwind netbsd-2020"; do
	set -- $spec
	"$U" check "$1" --profile "$2" --strategy bfs --json --no-minimize >"$T/bfs.json" 2>/dev/null
	"${MPIRUN[@]}" -np 3 "$U" check "$1" --profile "$2" --mpi --json \
	    --no-minimize >"$T/mpi.json" 2>"$T/err"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(field "$T/mpi.json" steps)" = "$(field "$T/bfs.json" steps)" ] &&
	    [ "$(field "$T/mpi.json" invariant)" = "$(field "$T/bfs.json" invariant)" ]; then
		ok "$1 ($2) on 3 ranks: $(field "$T/mpi.json" invariant) in $(field "$T/mpi.json" steps) steps, as bfs"
	else
		bad "$1 on 3 ranks: rc $rc $(cat "$T/mpi.json" "$T/err" | head -3)"
	fi
done
# a search that runs out of its --memory stops on every rank together,
# named, rather than leaving a rank waiting in an exchange
timeout 120 "${MPIRUN[@]}" -np 2 "$U" check "$(dirname "$0")/../bench/scenarios/mixed-3p.scn" \
    --mpi --memory 64M --json --no-minimize >"$T/mem.json" 2>"$T/err"
rc=$?
[ $rc -eq 0 ] && [ "$(field "$T/mem.json" bound)" = '"memory"' ] &&
    ok "--memory reached on 2 ranks: the memory bound, no hang" ||
    bad "--memory on 2 ranks: rc $rc $(cat "$T/mem.json" "$T/err" | head -3)"
echo "$fails failed"
[ "$fails" -eq 0 ]
