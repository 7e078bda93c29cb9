#!/usr/bin/env bash
# test.sh: set up, then everything CI checks:
#   1. build with clang and -Dfuzz=true (build/, as ./run.sh does: the
#      fuzz harnesses and their tests) and with gcc (build-gcc/), -Werror;
#   2. meson test on both, and on an AddressSanitizer + UBSan build
#      (build-asan/, -Db_sanitize=address,undefined);
#   3. uvmcheck gate under each build: every library expectation and every
#      corpus schedule's recorded verdict and fingerprints.
# The last line is the total, "N passed, N failed" (meson tests of the
# three builds plus the gate's checks).  Exits non-zero on any failure.
#
# UVMCHECK_GATE_MAX_STATES (default 2000000) bounds each of the gate's
# searches so that CI time stays bounded: a clean check that reaches it
# passes but is reported as not exhaustive.
set -uo pipefail
cd "$(dirname "$0")"

# UVMCHECK_PACKAGES and install_missing
. scripts/deps.sh

passed=0
failed=0
LOG=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-test.XXXXXX")
trap 'rm -rf "$LOG"' EXIT

# build DIR CC [meson options]: configure once (again, from scratch, when
# DIR was configured with another compiler), then build
build() {
	local dir=$1 cc=$2
	shift 2
	if [ -f "$dir/build.ninja" ] && ! grep -q \
	    "^C compiler for the host machine: $cc " "$dir/meson-logs/meson-log.txt"; then
		echo "== $dir: configured with another compiler; set up again with $cc"
		CC=$cc meson setup --wipe "$dir" "$@" || return 1
	elif [ ! -f "$dir/build.ninja" ]; then
		CC=$cc meson setup "$dir" "$@" || return 1
	elif [ $# -gt 0 ]; then
		meson configure "$dir" "$@" >/dev/null || return 1
	fi
	ninja -C "$dir"
}

# run meson test in DIR and add its counts to the totals
mtest() {
	local dir=$1 out="$LOG/$(basename "$1").log" ok fl
	meson test -C "$dir" --print-errorlogs 2>&1 | tee "$out"
	ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$out" | tail -n 1)
	fl=0
	for k in Fail Timeout "Unexpected Pass"; do
		n=$(sed -n "s/^$k: *\([0-9]*\).*/\1/p" "$out" | tail -n 1)
		fl=$((fl + ${n:-0}))
	done
	if [ -z "$ok" ]; then	# meson test did not run: count it failed
		fl=$((fl + 1))
		ok=0
	fi
	passed=$((passed + ok))
	failed=$((failed + fl))
	echo "== $dir: $ok passed, $fl failed"
}

if ! install_missing test.sh; then
	echo "test.sh: cannot install the packages"
	echo "0 passed, 1 failed"
	exit 1
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

for spec in "build clang -Dfuzz=true" "build-gcc gcc" \
    "build-asan gcc -Db_sanitize=address,undefined -Db_lundef=false"; do
	set -- $spec
	dir=$1
	echo "== building $dir"
	if build "$@"; then
		mtest "$dir"
	else
		echo "== $dir: build failed"
		failed=$((failed + 1))
	fi
done

# The gate under each build: the corpus was recorded by one build and
# replays under the others with the same fingerprints (determinism across
# gcc and clang), and the sanitizer build runs every search once more.
for dir in build build-gcc build-asan; do
	echo "== $dir/uvmcheck gate"
	if [ -x "$dir/uvmcheck" ]; then
		"$dir/uvmcheck" gate --max-states "${UVMCHECK_GATE_MAX_STATES:-2000000}" \
		    --junit "$LOG/junit-$dir.xml" | tee "$LOG/gate.log"
		last=$(tail -n 1 "$LOG/gate.log")
		if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
			passed=$((passed + BASH_REMATCH[1]))
			failed=$((failed + BASH_REMATCH[2]))
		else
			echo "== $dir: gate did not finish"
			failed=$((failed + 1))
		fi
	else
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
