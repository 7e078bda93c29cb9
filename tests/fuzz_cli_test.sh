#!/usr/bin/env bash
# fuzz_cli_test.sh UVMCHECK: uvmcheck fuzz's bad input (every build, with
# or without the harnesses): each refused with exit 2 and a message naming
# what is wrong, before any file is touched; --help without a fuzz build.
set -u
uvm=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-fuzz-cli.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$tmp/cwd" "$tmp/in"
cd "$tmp/cwd" || fail "cd"

printf 'scenario exitonly\nworld pages=4\nproc A\nthread a1 A: exit\n' >"$tmp/in/exitonly.scn"
printf 'scenario bad\nworld pages=\n' >"$tmp/in/bad.scn"
printf 'scenario touch\nworld pages=4\nproc A\nmap A 0 anon 0 1 private rw\nthread a1 A: touch 0 w\n' >"$tmp/in/touch.scn"

# bad ARGS... WORD: exit 2, and WORD in the message
bad() {
	local word=$1
	shift
	"$uvm" fuzz "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ $rc -eq 2 ] || fail "fuzz $*: exit $rc, expected 2"
	grep -qF -- "$word" "$tmp/err" ||
	    fail "fuzz $*: the message does not name '$word': $(cat "$tmp/err")"
	echo "ok: fuzz $* -> 2 ($word)"
}
bad frob fork-cow --engine frob --time 1
bad "'0'" fork-cow --engine afl --time 0
bad "'abc'" fork-cow --engine afl --time abc
bad "'-1'" fork-cow --engine afl --time -1
bad "'0'" fork-cow --engine afl --time 1 --seed 0
bad "'4294967296'" fork-cow --engine afl --time 1 --seed 4294967296
bad "'frob'" --generate --ops mlock,frob --engine afl --time 1
bad "fork" --generate --ops fork --engine afl --time 1
bad "--generate" fork-cow --ops mlock --engine afl --time 1
bad "--generate" --like "$tmp/in/exitonly.scn" --engine afl --time 1
bad "no operation to mutate" --generate --like "$tmp/in/exitonly.scn" --engine afl --time 1
bad "nosuch.scn" --generate --like "$tmp/in/nosuch.scn" --engine afl --time 1
bad "--ops leaves none" --generate --like "$tmp/in/touch.scn" --ops mlock --engine afl --time 1
bad "bad.scn:2:" "$tmp/in/bad.scn" --engine libfuzzer --time 1
bad "no-such-scenario" no-such-scenario --engine libfuzzer --time 1
bad "'netbsd-1066'" fork-cow --profile netbsd-1066 --engine libfuzzer --time 1
bad "--pages" --generate --pages 99 --engine afl --time 1
bad "--like keeps" --generate --like "$tmp/in/bad.scn" --pages 6 --engine afl --time 1
bad "--name" fork-cow --engine afl --time 1 --sync "$tmp/sync"
bad "'a b'" fork-cow --engine afl --time 1 --sync "$tmp/sync" --name "a b"
bad "--engine afl" fork-cow --engine libfuzzer --time 1 --sync "$tmp/sync" --name m1
bad "--engine" fork-cow --time 1
[ -z "$(ls -A "$tmp/cwd")" ] || fail "bad input left files: $(ls -A "$tmp/cwd")"
[ ! -e "$tmp/sync" ] || fail "bad input created the sync directory"

"$uvm" fuzz --help >"$tmp/help" || fail "fuzz --help"
for w in --seed --workdir --sync --like --ops uvmcheck-findings run.sh; do
	grep -q -- "$w" "$tmp/help" || fail "fuzz --help does not mention $w"
done
echo "ok: fuzz --help"

# without the harnesses (a build without -Dfuzz=true): say how to get them
h=$(dirname "$uvm")/fuzz/fuzz-sched-libfuzzer
if [ ! -x "$h" ]; then
	bad "run.sh" fork-cow --engine libfuzzer --time 1
	[ -z "$(ls -A "$tmp/cwd")" ] || fail "a refused campaign left files"
fi
echo "PASS"
