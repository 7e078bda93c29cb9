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

PACKAGES="meson ninja-build clang libclang-rt-14-dev gcc pkg-config libsqlite3-dev libxxhash-dev libcmocka-dev afl++ python3 man-db libopenmpi-dev openmpi-bin"

install_missing() {
	local missing=() p
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		    grep -q "install ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "run.sh: installing ${missing[*]}" >&2
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
	    --no-install-recommends "${missing[@]}"
}

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

install_missing
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
