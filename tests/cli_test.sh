#!/usr/bin/env bash
# cli_test.sh: the uvmcheck command line: exit codes and messages.
#
#   bash tests/cli_test.sh BUILD/uvmcheck SOURCE_ROOT
#
# Exit codes (docs/design.md §11): 0 clean, 1 violation, 2 bad input or usage
# (with file:line:col), 3 internal.  Each check prints "ok" or "FAIL";
# the script exits 1 if any failed.
set -u

UVMCHECK=${1:?usage: cli_test.sh UVMCHECK SOURCE_ROOT}
ROOT=${2:?usage: cli_test.sh UVMCHECK SOURCE_ROOT}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

pass=0
fail=0
OUT=$TMP/out
ERR=$TMP/err

ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
	echo "---- stdout"; head -n 20 "$OUT"
	echo "---- stderr"; head -n 20 "$ERR"
}

# expect CODE DESCRIPTION -- COMMAND...
expect() {
	local want=$1 what=$2
	shift 3
	"$@" >"$OUT" 2>"$ERR"
	local got=$?
	if [ "$got" -eq "$want" ]; then
		ok "$what (exit $got)"
		return 0
	fi
	bad "$what: exit $got, want $want"
	return 1
}

# grep_in FILE REGEX DESCRIPTION
grep_in() {
	if grep -Eq -- "$2" "$1"; then ok "$3"; else bad "$3: no /$2/ in $1"; fi
}

# ---------------------------------------------------------------- usage
expect 2 "no command" -- "$UVMCHECK"
expect 2 "unknown command" -- "$UVMCHECK" frobnicate
grep_in "$ERR" "unknown command 'frobnicate'" "unknown command named"
expect 0 "help" -- "$UVMCHECK" help
expect 0 "--version" -- "$UVMCHECK" --version
for cmd in list run check replay matrix gate; do
	expect 2 "$cmd: unknown option" -- "$UVMCHECK" "$cmd" --no-such-flag
	grep_in "$ERR" "unknown option '--no-such-flag'" "$cmd: names the option"
	expect 0 "$cmd --help" -- "$UVMCHECK" "$cmd" --help
	expect 2 "$cmd: unknown profile" -- "$UVMCHECK" "$cmd" --profile netbsd-1666 x
	grep_in "$ERR" "unknown profile 'netbsd-1666'.*netbsd-2003" \
	    "$cmd: unknown profile lists the profiles"
	expect 2 "$cmd: unknown knob" -- "$UVMCHECK" "$cmd" --bug no_such_knob=1 x
	grep_in "$ERR" "unknown knob 'no_such_knob'" "$cmd: unknown knob named"
	grep_in "$ERR" "vslock_pin" "$cmd: unknown knob lists the knobs"
done
expect 2 "bad knob value" -- "$UVMCHECK" list bugs --bug vslock_pin=bogus
grep_in "$ERR" "values: hold wire-only busy" "bad knob value lists the values"
expect 2 "option without its argument" -- "$UVMCHECK" check --depth
grep_in "$ERR" "needs an argument" "missing argument named"
expect 2 "bad --depth" -- "$UVMCHECK" check x --depth lots
expect 2 "run without --schedule" -- "$UVMCHECK" run x

# short letters: one option each, the same in every command (cli/options.c)
: >"$TMP/letters"
for cmd in list run check replay matrix gate report fuzz minimize triage soak; do
	"$UVMCHECK" "$cmd" --help | grep -oE '^  -[a-zA-Z], --[a-z-]+' \
	    >>"$TMP/letters"
done
nl=$(sort -u "$TMP/letters" | wc -l)
nletter=$(sort -u "$TMP/letters" | awk '{print $1}' | sort -u | wc -l)
if [ "$nl" -ge 8 ] && [ "$nl" -eq "$nletter" ]; then
	ok "$nl short letters, each one option in every command"
else
	bad "short letters: $nl letter/option pairs for $nletter letters"
	sort -u "$TMP/letters" >&2
fi
expect 0 "check -j is --json" -- "$UVMCHECK" check fork-cow -j -d 3
grep_in "$OUT" '^\{"scenario":"fork-cow"' "check -j prints JSON"
expect 2 "check -J (no such letter)" -- "$UVMCHECK" check fork-cow -J 2
grep_in "$ERR" "unknown option '-J'" "check -J named"
expect 2 "matrix -D (--dir has no letter)" -- "$UVMCHECK" matrix -D x
grep_in "$ERR" "unknown option '-D'" "matrix -D named"
expect 2 "fuzz -t (--time has no letter)" -- "$UVMCHECK" fuzz -t 5
grep_in "$ERR" "unknown option '-t'" "fuzz -t named"
expect 2 "check --time not seconds" -- "$UVMCHECK" check fork-cow --time soon
grep_in "$ERR" "--time: expected seconds" "check --time names the option"
expect 2 "gate --time-budget 0" -- "$UVMCHECK" gate --time-budget 0
grep_in "$ERR" "--time-budget: expected seconds" "gate --time-budget names the option"
expect 2 "check --memory too small" -- "$UVMCHECK" check fork-cow --memory 1K
grep_in "$ERR" "--memory: expected a size" "check --memory names the option"
expect 2 "soak --walks above its range" -- "$UVMCHECK" soak --walks 2000000
grep_in "$ERR" "--walks: expected a number from 1 to 1000000" \
    "soak --walks: the command's range"
expect 2 "check --shard bad" -- "$UVMCHECK" check fork-cow --shard 3/2
grep_in "$ERR" "--shard wants K/N" "check --shard names the option"

# ----------------------------------------------------------------- list
expect 0 "list invariants" -- "$UVMCHECK" list invariants
n=$(grep -c . "$OUT")
if [ "$n" -ge 18 ]; then ok "list invariants: $n lines"; else bad "list invariants: $n lines (< 18)"; fi
grep_in "$OUT" "wired-page-queued" "list invariants names I1"
grep_in "$OUT" "freed-page-in-use" "list invariants names I6"
expect 0 "list bugs" -- "$UVMCHECK" list bugs
grep_in "$OUT" "^S-10 " "list bugs shows S-10"
grep_in "$OUT" "knob vslock_pin=wire-only" "list bugs shows the bug's knob"
grep_in "$OUT" "profiles:.*netbsd-2003" "list bugs shows the profiles"
expect 0 "list bugs --profile fixed" -- "$UVMCHECK" list bugs --profile fixed
n=$(grep -c '^S-' "$OUT")
if [ "$n" -eq 0 ]; then ok "fixed has no bugs"; else bad "fixed lists $n bugs"; fi
expect 0 "list profiles" -- "$UVMCHECK" list profiles
for p in netbsd-1999 netbsd-2001 netbsd-2003 netbsd-2020 fixed; do
	grep_in "$OUT" "^$p " "list profiles shows $p"
done
expect 0 "list knobs" -- "$UVMCHECK" list knobs
grep_in "$OUT" "^vslock_pin" "list knobs shows vslock_pin"
expect 0 "list knobs --profile" -- "$UVMCHECK" list knobs --profile netbsd-2003
grep_in "$OUT" "wire-only\*" "list knobs marks the profile's value"
expect 0 "list operations" -- "$UVMCHECK" list operations
grep_in "$OUT" "^msync VA N \[sync|async|invalidate\] *op_msync_step$" "list operations spells msync's keywords and names its step function"
grep_in "$OUT" "^physio-read VA N *op_physio_step$" "list operations: physio-read runs op_physio_step"
n=$(tail -n +2 "$OUT" | wc -l)
nops=$(grep -c '^	\[OP_[A-Z_]*\] = { "' "$ROOT/core/registry.c")
[ "$n" -eq "$nops" ] && ok "list operations: one line per registry entry ($n)" ||
    bad "list operations: $n lines, $nops registry entries"
expect 2 "list nothing" -- "$UVMCHECK" list
expect 2 "list unknown" -- "$UVMCHECK" list gizmos

# ------------------------------------------------------------ scenarios
mkdir -p lib/scenarios/seeds lib/corpus/seeds
cat >lib/scenarios/tiny.scn <<'EOF'
scenario tiny
# two LWPs of one process touch one anonymous page
world pages=4
proc A
map A 0 anon 0 1 private rw
thread a1 A: touch 0 w
thread a2 A: touch 0 r
expect fixed -> clean
bound depth=16
EOF
cat >bad.scn <<'EOF'
scenario bad
world pages=4
proc A
thread a1 A: touch 0 q
EOF

expect 2 "malformed scenario" -- "$UVMCHECK" check "$TMP/bad.scn"
grep_in "$ERR" "bad\.scn:4:[0-9]+: " "malformed scenario: file:line:col"
expect 2 "missing scenario" -- "$UVMCHECK" check no-such-scenario
grep_in "$ERR" "no scenario 'no-such-scenario'" "missing scenario named"
expect 2 "missing scenario file" -- "$UVMCHECK" check ./nope.scn
expect 2 "run: unknown thread" -- "$UVMCHECK" run "$TMP/lib/scenarios/tiny.scn" \
    --schedule "a1 zz"
grep_in "$ERR" "^--schedule:1:4: error: unknown thread 'zz'" \
    "run: unknown thread at its column"
expect 2 "run: bad failure token" -- "$UVMCHECK" run \
    "$TMP/lib/scenarios/tiny.scn" --schedule "a1/q"

# ------------------------------------------------------ corrupt .sched
printf 'uvmcheck-schedule 1\nscenario-name x\nprofile fixed\nbegin-scenario\n| scenario x\n' >trunc.sched
expect 2 "replay: truncated .sched" -- "$UVMCHECK" replay trunc.sched
grep_in "$ERR" "trunc\.sched:6:1: error: .*end-scenario" "truncated .sched: file:line:col"
printf '\177ELF\002\001\001\000\000\000' >junk.sched
expect 2 "replay: binary .sched" -- "$UVMCHECK" replay junk.sched
grep_in "$ERR" "junk\.sched:1:1: error: " "binary .sched: file:line:col"
printf 'uvmcheck-schedule 7\n' >version.sched
expect 2 "replay: wrong version" -- "$UVMCHECK" replay version.sched
grep_in "$ERR" "version\.sched:1:19: error: unsupported" "wrong version: file:line:col"
expect 2 "replay: missing file" -- "$UVMCHECK" replay nope.sched
expect 2 "replay: two files" -- "$UVMCHECK" replay a.sched b.sched

# ---------------------------------------------- running the model (end to end)
# These need the model: each run of the tiny scenario must give a verdict.
expect 0 "run tiny" -- "$UVMCHECK" run "$TMP/lib/scenarios/tiny.scn" \
    --schedule "a1 a2" --save "$TMP/lib/corpus/seeds/tiny.sched"
grep_in "$OUT" "^step 1 +a1 " "run prints the trace"
grep_in "$OUT" "^verdict: clean" "run prints the verdict"
grep_in "$OUT" "^saved: " "run saved the schedule"
expect 0 "replay the saved run" -- "$UVMCHECK" replay \
    "$TMP/lib/corpus/seeds/tiny.sched"
grep_in "$OUT" "^reproduced" "replay reproduces"
# a changed fingerprint is a divergence
sed '0,/fp=[0-9a-f]*/s//fp=0000000000000000/' \
    "$TMP/lib/corpus/seeds/tiny.sched" >"$TMP/diverged.sched"
expect 4 "replay a diverging file (exit 4, its own verdict)" -- "$UVMCHECK" replay "$TMP/diverged.sched"
grep_in "$OUT" "^diverged at step 1: recorded fp" "replay reports divergence"
grep_in "$OUT" "^diverged: the recorded run is not reproduced" "replay's divergence verdict"
# the scenario-name header must name the embedded scenario
sed 's/^scenario-name .*/scenario-name not-tiny/' \
    "$TMP/lib/corpus/seeds/tiny.sched" >"$TMP/renamed.sched"
expect 2 "replay: scenario-name differs from the embedded scenario" -- \
    "$UVMCHECK" replay "$TMP/renamed.sched"
grep_in "$ERR" "scenario-name not-tiny, but the embedded scenario is tiny" \
    "replay names both names"
expect 0 "check tiny" -- "$UVMCHECK" check "$TMP/lib/scenarios/tiny.scn"
grep_in "$OUT" "^verdict: clean" "check prints the verdict"
grep_in "$OUT" "^states [0-9]+, transitions [0-9]+" "check prints figures"
expect 0 "check --json" -- "$UVMCHECK" check "$TMP/lib/scenarios/tiny.scn" --json
grep_in "$OUT" '^\{"scenario":"tiny",.*"verdict":"clean","invariant":null,.*"states":[0-9]+,"transitions":[0-9]+,"seconds":[0-9.]+,"max_depth":[0-9]+,"bound_hit":(true|false)' \
    "check --json has the fields"
expect 0 "check by library name" -- env UVMCHECK_ROOT="$TMP/lib" \
    "$UVMCHECK" check tiny --depth 4
expect 2 "matrix on an empty dir" -- "$UVMCHECK" matrix --dir "$TMP/lib/scenarios/seeds"
cp "$TMP/lib/scenarios/tiny.scn" "$TMP/lib/scenarios/seeds/S-99-tiny.scn"
expect 0 "matrix" -- "$UVMCHECK" matrix --dir "$TMP/lib/scenarios/seeds"
grep_in "$OUT" "^bug +netbsd-1999 +netbsd-2001 +netbsd-2003 +netbsd-2020 +fixed" "matrix header"
grep_in "$OUT" "^S-99 .*clean [0-9.]+ms +- *$" "matrix row (fixed is clean, no bug knob)"
expect 0 "matrix --json" -- "$UVMCHECK" matrix --json --dir "$TMP/lib/scenarios/seeds"
grep_in "$OUT" '"bug":"S-99",.*"profile":"fixed","verdict":"clean"' "matrix --json"
expect 0 "gate" -- "$UVMCHECK" gate --partial --root "$TMP/lib" --junit "$TMP/junit.xml"
grep_in "$OUT" "^PASS .*tiny\.scn:8 \[fixed\]: clean" "gate checks the expectation"
grep_in "$OUT" "^PASS .*tiny\.sched: clean \(replayed\)" "gate replays the corpus"
last=$(tail -n 1 "$OUT")
if [[ "$last" =~ ^[0-9]+\ passed,\ 0\ failed$ ]]; then ok "gate totals: $last"; else bad "gate totals: '$last'"; fi
grep_in "$TMP/junit.xml" "<testsuites name=\"uvmcheck gate\"" "gate wrote JUnit XML"
cp "$TMP/diverged.sched" "$TMP/lib/corpus/seeds/diverged.sched"
expect 1 "gate fails on divergence" -- "$UVMCHECK" gate --partial --root "$TMP/lib"
grep_in "$OUT" "^DIVERGED .*diverged\.sched: diverged at step 1" "gate names the divergence"
grep_in "$OUT" "^1 diverged from their recorded fingerprints" "gate counts divergences apart"
grep_in "$OUT" "^[0-9]+ passed, 1 failed$" "gate counts the failure"
rm "$TMP/lib/corpus/seeds/diverged.sched"
# a .sched without its step lines cannot show a divergence: it fails
grep -v "^step " "$TMP/lib/corpus/seeds/tiny.sched" >"$TMP/lib/corpus/seeds/nosteps.sched"
expect 1 "gate fails a schedule without fingerprints" -- "$UVMCHECK" gate --partial --root "$TMP/lib"
grep_in "$OUT" "^FAIL .*nosteps\.sched: step 1 has no recorded fingerprint" "gate names the unchecked schedule"
rm "$TMP/lib/corpus/seeds/nosteps.sched"
cp "$TMP/renamed.sched" "$TMP/lib/corpus/seeds/renamed.sched"
expect 1 "gate fails a schedule whose scenario-name is not its scenario's" -- "$UVMCHECK" gate --partial --root "$TMP/lib"
grep_in "$OUT" "^FAIL .*renamed\.sched: scenario-name not-tiny" "gate compares scenario-name"
rm "$TMP/lib/corpus/seeds/renamed.sched"
# a gate that checked nothing fails
expect 2 "gate --root missing" -- "$UVMCHECK" gate --root "$TMP/does-not-exist"
grep_in "$ERR" "no such directory" "gate names the missing root"
expect 2 "gate --root a file" -- "$UVMCHECK" gate --root "$TMP/renamed.sched"
grep_in "$ERR" "not a directory" "gate names the file root"
mkdir -p "$TMP/empty"
expect 2 "gate --root an empty directory" -- "$UVMCHECK" gate --root "$TMP/empty"
grep_in "$ERR" "holds neither scenarios/ nor corpus/" "gate names the empty root"
mkdir -p "$TMP/hollow/scenarios"
expect 1 "gate on a library with nothing to check" -- "$UVMCHECK" gate --partial --root "$TMP/hollow"
grep_in "$ERR" "a gate that checked nothing fails" "gate says it checked nothing"
# a JUnit report that cannot be written: exit 2 before any check, no .tmp
expect 2 "gate --junit under a file" -- "$UVMCHECK" gate --partial --root "$TMP/lib" --junit /etc/passwd/j.xml
grep_in "$ERR" "--junit: cannot write" "gate names the JUnit path"
mkdir -p "$TMP/jdir"
expect 2 "gate --junit DIR" -- "$UVMCHECK" gate --partial --root "$TMP/lib" --junit "$TMP/jdir"
if ls -a "$TMP" "$TMP/jdir" | grep -q "\.tmp"; then bad "gate left a temporary file"; else ok "no temporary file left"; fi

# a command that takes no argument names the first one it was given
for c in gate matrix report soak; do
	expect 2 "$c with an argument" -- "$UVMCHECK" $c stray-word
	grep_in "$ERR" "uvmcheck $c: unexpected argument 'stray-word'" "$c names the stray argument"
done

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
