#!/bin/sh
# build_afl.sh AFL_CC SRCROOT LIBRARY_C OUT MODE: an AFL++ harness.
# Every model source (pmap_model core invariants scenarios corpus explore
# and the fuzz decoder) compiled with afl-clang-fast, so AFL++ sees the
# model's branches, linked with its libFuzzer-compatible driver
# (-fsanitize=fuzzer: libAFLDriver, persistent mode).  meson runs it
# (fuzz/meson.build); nothing is compiled when a campaign runs.
set -eu
cc=$1 root=$2 libc=$3 out=$4 mode=$5
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-afl.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
srcs=
for d in pmap_model core invariants scenarios corpus explore; do
	for f in "$root/$d"/*.c; do
		srcs="$srcs $f"
	done
done
AFL_QUIET=1 "$cc" -std=c11 -O2 -g -D_POSIX_C_SOURCE=200809L \
    -D_DEFAULT_SOURCE -DFUZZ_HARNESS_MODE="$mode" -DFUZZ_NO_CUSTOM_MUTATOR \
    -I"$root" -fsanitize=fuzzer -o "$tmp/harness" $srcs \
    "$root/fuzz/decode.c" "$root/fuzz/gen.c" "$root/fuzz/gen_like.c" \
    "$root/fuzz/mutate.c" "$root/fuzz/target.c" \
    "$libc" "$root/fuzz/harness.c" -lxxhash -lpthread -lm
mv "$tmp/harness" "$out"
