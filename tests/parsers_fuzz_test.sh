#!/usr/bin/env bash
# parsers_fuzz_test.sh BUILD SOURCE_ROOT: a short campaign of each parser
# harness (fuzz/harness_parse.c, fuzz/harness_sched.c) seeded from the
# library, with libFuzzer and with AFL++: any violation of the property
# of fuzz/roundtrip.h (a crash, an error without file:line:col, an
# unstable print -> parse -> print) fails.  Registered only in a clang
# build with -Dfuzz=true.
set -u
B=${1:?usage: parsers_fuzz_test.sh BUILD SOURCE_ROOT}
ROOT=${2:?usage: parsers_fuzz_test.sh BUILD SOURCE_ROOT}
T=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-parsers-fuzz.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
mkdir -p "$T/seeds-parse" "$T/seeds-schedfile"
find "$ROOT/scenarios" -name '*.scn' -exec cp {} "$T/seeds-parse/" \;
find "$ROOT/corpus" -name '*.sched' -exec cp {} "$T/seeds-schedfile/" \;
for h in parse schedfile; do
	seeds=$T/seeds-$h
	[ "$(ls "$seeds" | wc -l)" -ge 10 ] || { echo "FAIL: few seeds in $seeds"; fails=$((fails + 1)); }
	# libFuzzer: a few seconds, new inputs into a scratch corpus
	mkdir -p "$T/lf-$h"
	(cd "$T" && "$B/fuzz/fuzz-$h-libfuzzer" -max_total_time=2 \
	    -max_len=20000 "$T/lf-$h" "$seeds") >"$T/lf-$h.log" 2>&1
	rc=$?
	if [ $rc -eq 0 ] && grep -q "^Done [0-9]* runs" "$T/lf-$h.log"; then
		echo "ok: fuzz-$h-libfuzzer: $(grep -o '^Done [0-9]* runs' "$T/lf-$h.log")"
	else
		echo "FAIL: fuzz-$h-libfuzzer exit $rc"
		grep -m5 -A20 "uvmcheck-roundtrip\|ERROR" "$T/lf-$h.log"
		fails=$((fails + 1))
	fi
	# AFL++: a few seconds of afl-fuzz (its dry run replays every seed)
	a=$B/fuzz/fuzz-$h-afl
	if [ ! -x "$a" ]; then
		echo "FAIL: $a not built (afl-clang-fast missing?)"
		fails=$((fails + 1))
		continue
	fi
	# (not an ASan build: afl-fuzz refuses test.sh's ASAN_OPTIONS)
	env -u ASAN_OPTIONS -u UBSAN_OPTIONS -u MSAN_OPTIONS \
	    AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
	    AFL_NO_AFFINITY=1 AFL_QUIET=1 timeout 60 afl-fuzz -i "$seeds" \
	    -o "$T/afl-$h" -V 2 -- "$a" >"$T/afl-$h.log" 2>&1
	rc=$?
	ncrash=$(find "$T/afl-$h" -path '*crashes/id:*' | wc -l)
	execs=$(awk '/^execs_done/ {print $3}' "$T"/afl-$h/default/fuzzer_stats 2>/dev/null)
	if [ $rc -eq 0 ] && [ "$ncrash" -eq 0 ] && [ "${execs:-0}" -gt 0 ]; then
		echo "ok: fuzz-$h-afl: $execs execs, no crash"
	else
		echo "FAIL: fuzz-$h-afl: exit $rc, $ncrash crashes, ${execs:-0} execs"
		tail -n 20 "$T/afl-$h.log"
		for c in $(find "$T/afl-$h" -path '*crashes/id:*' | head -3); do
			"$a" "$c" 2>&1 | grep -m1 -A10 uvmcheck-roundtrip
		done
		fails=$((fails + 1))
	fi
done
echo "$fails failed"
[ $fails -eq 0 ]
