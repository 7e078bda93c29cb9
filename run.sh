#!/usr/bin/env bash
# run.sh: set up, build uvmcheck and its fuzz harnesses into build/ and
# print the history matrix: every seed scenario (scenarios/seeds) checked
# under every profile.
#
#   ./run.sh                 on a fresh Debian 12, as root
#   ./run.sh --json          arguments go to `uvmcheck matrix`
#
# Installs what is missing with apt-get (meson ninja-build clang gcc
# pkg-config libsqlite3-dev libxxhash-dev libcmocka-dev afl++ libopenmpi-dev
# openmpi-bin).
set -euo pipefail
cd "$(dirname "$0")"
# only the matrix goes to stdout (./run.sh --json | python3 -m json.tool):
# apt's, meson's and ninja's output goes to stderr
exec 3>&1 1>&2

# UVMCHECK_PACKAGES and install_missing
. scripts/deps.sh

# build/ is a clang build with -Dfuzz=true: uvmcheck itself (its
# libraries are not instrumented) and both fuzz engines' harnesses, so
# `build/uvmcheck fuzz ... --engine libfuzzer|afl` works from here.  A
# build/ configured otherwise (another compiler, no fuzz) is set up again.
fuzz_build() {
	[ -f build/build.ninja ] || return 1
	# the harness is a target only in a clang build with -Dfuzz=true
	meson introspect --targets build 2>/dev/null | python3 -c '
import json, sys
try:
    ok = any(t["name"] == "fuzz-sched-libfuzzer" for t in json.load(sys.stdin))
except (ValueError, KeyError, TypeError):
    ok = False
sys.exit(0 if ok else 1)'
}

install_missing run.sh
if ! fuzz_build; then
	wipe=
	if [ -f build/build.ninja ]; then
		echo "run.sh: build/ is set up again with clang and -Dfuzz=true"
		wipe=--wipe
	fi
	CC=clang meson setup $wipe build -Dfuzz=true
fi
ninja -C build
build/uvmcheck matrix "$@" >&3
