#!/bin/sh
# build_afl_roundtrip.sh AFL_CC SRCROOT HARNESS OUT: an AFL++ build of a
# parser harness (fuzz/harness_parse.c, fuzz/harness_sched.c).  What the
# parsers use is compiled, with afl-clang-fast so AFL++ sees
# their branches, and linked with AFL++'s libFuzzer-compatible driver
# (-fsanitize=fuzzer: libAFLDriver, persistent mode).  meson runs it.
set -eu
cc=$1 root=$2 harness=$3 out=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-afl-rt.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# the parser sets up `map ... wired` worlds (core's world_init), so the
# model comes along
srcs=
for d in pmap_model core scenarios corpus; do
	for f in "$root/$d"/*.c; do
		srcs="$srcs $f"
	done
done
AFL_QUIET=1 "$cc" -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L \
    -D_DEFAULT_SOURCE -I"$root" -fsanitize=fuzzer -o "$tmp/harness" $srcs \
    "$root/fuzz/roundtrip.c" "$harness" -lxxhash
mv "$tmp/harness" "$out"
