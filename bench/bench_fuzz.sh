#!/usr/bin/env bash
# bench_fuzz.sh [BUILD] [SECONDS]: fuzzing figures (not run by the tests).
#   1. execs/s of each harness (sched, gen) under each engine (libfuzzer,
#      afl when built), one job, SECONDS each (default 20), as `uvmcheck
#      fuzz --json` counts them (start-up and restarts included); the
#      unique findings; the campaign's whole wall time (total-s: with the
#      minimizing of the findings left at the end);
#   2. time to the first finding of each seed bug: the schedule harness
#      (libFuzzer, no seed corpus) on the seed scenario under its first
#      expectation (the bug's knob), median of 5 -seed values.
# BUILD is a clang build with -Dfuzz=true (default build, as ./run.sh makes it).
set -u
cd "$(dirname "$0")/.."
B=${1:-build}
T=${2:-20}
U=$B/uvmcheck
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-fuzz.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "== execs/s, $T s each, 1 job"
printf '%-8s %-10s %12s %10s %10s\n' harness engine execs/s unique total-s
for h in sched gen; do
	for e in libfuzzer afl; do
		[ -x "$B/fuzz/fuzz-$h-$e" ] || continue
		if [ $h = gen ]; then arg=--generate; else arg=; fi
		j=$("$U" fuzz $arg --engine $e --time "$T" \
		    --corpus "$tmp/c-$h-$e" --json 2>/dev/null | tail -n 1)
		eps=$(sed -n 's/.*"execs_per_sec": \([0-9.]*\).*/\1/p' <<<"$j")
		un=$(sed -n 's/.*"unique_findings": \([0-9]*\).*/\1/p' <<<"$j")
		tot=$(sed -n 's/.*"total_seconds": \([0-9.]*\).*/\1/p' <<<"$j")
		printf '%-8s %-10s %12s %10s %10s\n' $h $e "${eps:-?}" "${un:-?}" \
		    "${tot:-?}"
	done
done

echo "== time to first finding (libFuzzer schedule harness, median of 5 seeds)"
printf '%-24s %-22s %10s\n' scenario invariant seconds
H=$B/fuzz/fuzz-sched-libfuzzer
# library order: as fuzz/embed_library.py lists the scenarios it embeds
idx=-1
for name in $(python3 fuzz/embed_library.py --list scenarios | xargs -n1 basename); do
	idx=$((idx + 1))
	name=${name%.scn}
	case $name in S-*) ;; *) continue ;; esac
	times=()
	inv=
	for seed in 1 2 3 4 5; do
		rm -rf "$tmp/a" && mkdir -p "$tmp/a"
		t0=$(date +%s.%N)
		out=$(UVMCHECK_FUZZ_SCENARIO=$idx UVMCHECK_FUZZ_CONFIG=1 \
		    timeout 130 "$H" -seed=$seed -max_total_time=120 \
		    -artifact_prefix="$tmp/a/" 2>&1)
		t1=$(date +%s.%N)
		f=$(sed -n 's/^uvmcheck-finding: \([^ ]*\) scenario.*/\1/p' <<<"$out" | head -n 1)
		if [ -z "$f" ]; then
			times+=(999)
			continue
		fi
		inv=$f
		times+=("$(echo "$t1 - $t0" | bc -l)")
	done
	med=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
	printf '%-24s %-22s %10.2f\n' "$name" "${inv:-none}" "$med"
done
