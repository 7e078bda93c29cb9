#!/bin/bash
# install_test.sh: `meson install` gives a tool that works on its own.
#
# Installs this build into a temporary directory (DESTDIR), moves the
# installed prefix somewhere else, hides the source tree and the build
# directory (a private mount namespace with an empty tmpfs over each; or,
# where mount namespaces are not allowed, strace proving that neither is
# touched), and runs the installed uvmcheck from / : matrix, gate, a check
# by library name, list scenarios, and a fuzz campaign when the harnesses
# were built.  Their results must equal those of the build's own binary.
# Then the manual pages: man -l renders both, groff warns about nothing,
# and every command, long option and scenario operation is documented.
#   usage: install_test.sh UVMCHECK SOURCE_ROOT BUILD_ROOT FUZZ(true|false)
set -u
UVMCHECK=$(realpath "$1")
SRC=$(realpath "$2")
BUILD=$(realpath "$3")
FUZZ=$4
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
case "$TMP/" in "$SRC"/*|"$BUILD"/*)
	echo "FAIL: TMPDIR $TMP lies inside the source or build tree"; exit 1;;
esac

# 1. Install, then move the prefix away from where it was configured.
if ! meson install -C "$BUILD" --destdir "$TMP/dest" --no-rebuild \
    --quiet >"$TMP/install.log" 2>&1; then
	cat "$TMP/install.log"
	bad "meson install"
	echo "$pass passed, $fail failed"
	exit 1
fi
ok "meson install --destdir"
bin=$(find "$TMP/dest" -type f -name uvmcheck -path '*/bin/*' | head -1)
if [ -z "$bin" ]; then bad "no bin/uvmcheck installed"; echo "$pass passed, $fail failed"; exit 1; fi
prefix=$(dirname "$(dirname "$bin")")
mv "$prefix" "$TMP/moved"
P=$TMP/moved
IU=$P/bin/uvmcheck
for f in share/uvmcheck/scenarios/seeds/S-10-vslock-truncate.scn \
    share/uvmcheck/scenarios/ops/tour-io.scn \
    share/uvmcheck/scenarios/fork-cow.scn \
    share/uvmcheck/corpus/seeds/S-10-vslock-truncate.sched \
    share/uvmcheck/fuzz/sched.dict share/man/man1/uvmcheck.1 \
    share/man/man5/uvmcheck-scenario.5; do
	if [ -f "$P/$f" ]; then ok "installed $f"; else bad "not installed: $f"; fi
done
nsrc=$(cd "$SRC/scenarios" && find . -name '*.scn' | wc -l)
ninst=$(cd "$P/share/uvmcheck/scenarios" && find . -name '*.scn' | wc -l)
if [ "$nsrc" -eq "$ninst" ]; then ok "all $nsrc scenarios installed, subfolders included"
else bad "$ninst of $nsrc scenarios installed"; fi
# AFL++ harnesses and the custom mutator: whichever this build made
for h in fuzz-sched-afl fuzz-gen-afl fuzz-parse-afl fuzz-schedfile-afl \
    libuvmcheck-afl-mutator.so; do
	if [ -e "$BUILD/fuzz/$h" ]; then
		if [ -e "$P/libexec/uvmcheck/$h" ]; then ok "installed libexec/uvmcheck/$h"
		else bad "built fuzz/$h is not installed in libexec/uvmcheck"; fi
	fi
done
if [ "$FUZZ" = true ]; then
	for h in fuzz-sched-libfuzzer fuzz-gen-libfuzzer fuzz-parse-libfuzzer \
	    fuzz-schedfile-libfuzzer; do
		if [ -x "$P/libexec/uvmcheck/$h" ]; then ok "installed libexec/uvmcheck/$h"
		else bad "fuzz build: $h not installed in libexec/uvmcheck"; fi
	done
fi

# 2. The build's own results, to compare with (times stripped).
strip_times() { sed -E 's/[0-9]+(\.[0-9]+)?ms/T/g; s/ +/ /g; s/ $//'; }
(cd / && "$UVMCHECK" matrix) | strip_times >"$TMP/matrix.build"
(cd / && "$UVMCHECK" gate) | tail -1 >"$TMP/gate.build"

# 3. The installed tool, from /, with the source and build trees hidden.
cat >"$TMP/run.sh" <<EOF
cd /
ls -A "$SRC" >"$TMP/hidden.ls" 2>&1
"$IU" matrix >"$TMP/matrix.out" 2>&1; echo \$? >"$TMP/matrix.rc"
"$IU" gate >"$TMP/gate.out" 2>&1; echo \$? >"$TMP/gate.rc"
"$IU" check S-10-vslock-truncate --bug vslock_pin=wire-only --quiet \
    >"$TMP/check.out" 2>&1; echo \$? >"$TMP/check.rc"
"$IU" list scenarios >"$TMP/list.out" 2>&1; echo \$? >"$TMP/list.rc"
if [ "$FUZZ" = true ]; then
	"$IU" fuzz S-10-vslock-truncate --engine libfuzzer --time 2 \
	    --corpus "$TMP/found" >"$TMP/fuzz.out" 2>&1; echo \$? >"$TMP/fuzz.rc"
fi
EOF
hide="mount -t tmpfs tmpfs '$BUILD' 2>/dev/null; mount -t tmpfs tmpfs '$SRC' &&"
how=
if unshare -m --propagation private sh -c "$hide true" 2>/dev/null; then
	unshare -m --propagation private sh -c "$hide sh '$TMP/run.sh'"
	how="source and build trees hidden by a mount namespace"
elif unshare -rm --propagation private sh -c "$hide true" 2>/dev/null; then
	unshare -rm --propagation private sh -c "$hide sh '$TMP/run.sh'"
	how="source and build trees hidden by a user mount namespace"
elif command -v strace >/dev/null 2>&1; then
	strace -f -qq -e trace=%file -o "$TMP/strace.out" sh "$TMP/run.sh"
	echo "(strace: no access to $SRC)" >"$TMP/hidden.ls"
	if grep -F -e "\"$SRC" -e "\"$BUILD" "$TMP/strace.out" |
	    grep -v -F -e "$TMP" | grep -q .; then
		grep -F -e "\"$SRC" -e "\"$BUILD" "$TMP/strace.out" | grep -v -F "$TMP" | head -5
		bad "the installed uvmcheck touched the source or build tree (strace above)"
	fi
	how="strace shows no access to the source or build tree"
else
	bad "cannot hide the source tree: no mount namespace (unshare) and no strace"
	echo "$pass passed, $fail failed"
	exit 1
fi
echo "($how)"
if [ -s "$TMP/hidden.ls" ] && [ "$(cat "$TMP/hidden.ls")" != "(strace: no access to $SRC)" ]; then
	bad "the source tree was still visible: $(head -3 "$TMP/hidden.ls")"
fi

rc() { cat "$TMP/$1.rc" 2>/dev/null || echo none; }
if [ "$(rc matrix)" = 0 ] && strip_times <"$TMP/matrix.out" | cmp -s - "$TMP/matrix.build"; then
	ok "installed matrix from / gives the build's matrix ($(grep -c '^S-' "$TMP/matrix.out") rows)"
else
	bad "installed matrix (exit $(rc matrix)) differs from the build's:"
	strip_times <"$TMP/matrix.out" | diff "$TMP/matrix.build" - | head -10
fi
if [ "$(rc gate)" = 0 ] && [ "$(tail -1 "$TMP/gate.out")" = "$(cat "$TMP/gate.build")" ]; then
	ok "installed gate: $(tail -1 "$TMP/gate.out"), as the build's"
else
	bad "installed gate (exit $(rc gate)): '$(tail -1 "$TMP/gate.out")', the build's: '$(cat "$TMP/gate.build")'"
fi
if [ "$(rc check)" = 1 ] && grep -q 'freed-page-in-use' "$TMP/check.out"; then
	ok "installed check finds S-10 by library name"
else
	bad "installed check S-10 (exit $(rc check)): $(head -3 "$TMP/check.out")"
fi
if [ "$(rc list)" = 0 ] && grep -q "$P/share/uvmcheck/scenarios/seeds/S-10-vslock-truncate.scn" "$TMP/list.out" &&
    ! grep -q -F "$SRC" "$TMP/list.out"; then
	ok "installed list scenarios names the installed library"
else
	bad "installed list scenarios (exit $(rc list)): $(head -3 "$TMP/list.out")"
fi
if [ "$FUZZ" = true ]; then
	if [ "$(rc fuzz)" = 1 ] && ls "$TMP/found"/*.sched >/dev/null 2>&1; then
		ok "installed fuzz (libFuzzer harness from libexec) finds S-10"
	else
		bad "installed fuzz (exit $(rc fuzz)): $(tail -3 "$TMP/fuzz.out")"
	fi
fi

# 4. The build's binary still finds the source tree's data, from anywhere.
if (cd / && "$UVMCHECK" list scenarios) | grep -q "$SRC/scenarios/seeds/S-10-vslock-truncate.scn"; then
	ok "the build's uvmcheck, run from /, uses the source tree"
else
	bad "the build's uvmcheck, run from /, does not find the source tree's library"
fi

# 5. The manual pages.
for page in "$P/share/man/man1/uvmcheck.1" "$P/share/man/man5/uvmcheck-scenario.5"; do
	name=$(basename "$page")
	if ! command -v man >/dev/null 2>&1; then
		bad "man is not installed (man-db)"
		break
	fi
	MANWIDTH=80 man -l "$page" >"$TMP/man.txt" 2>"$TMP/man.err"
	if [ -s "$TMP/man.txt" ] && grep -q '^NAME' "$TMP/man.txt" &&
	    grep -q '^DESCRIPTION' "$TMP/man.txt" && [ ! -s "$TMP/man.err" ]; then
		ok "man -l $name renders ($(wc -l <"$TMP/man.txt") lines)"
	else
		bad "man -l $name: $(head -3 "$TMP/man.err")"
	fi
	if groff -mandoc -Tutf8 -ww -z "$page" 2>"$TMP/groff.err" && [ ! -s "$TMP/groff.err" ]; then
		ok "groff -ww: no warning in $name"
	else
		bad "groff warns about $name: $(head -3 "$TMP/groff.err")"
	fi
done
MANWIDTH=200 man -l "$P/share/man/man1/uvmcheck.1" >"$TMP/man1.txt" 2>/dev/null
MANWIDTH=200 man -l "$P/share/man/man5/uvmcheck-scenario.5" >"$TMP/man5.txt" 2>/dev/null
for s in "EXIT STATUS" FILES EXAMPLES ENVIRONMENT; do
	if grep -q "^$s" "$TMP/man1.txt"; then ok "uvmcheck(1) has $s"; else bad "uvmcheck(1) has no $s"; fi
done
# every command of uvmcheck --help
ncmd=0
for c in $("$UVMCHECK" --help | awk '/^commands:/{p=1; next} p && /^  [a-z]/{print $1}'); do
	ncmd=$((ncmd + 1))
	grep -qE "^     $c( |$)" "$TMP/man1.txt" || bad "uvmcheck(1) does not describe the command $c"
done
if [ "$ncmd" -ge 9 ]; then ok "uvmcheck(1) checked against the $ncmd commands of --help"
else bad "found only $ncmd commands in uvmcheck --help"; fi
# every option of every command, as its --help lists them (from the one
# option table, cli/options.c), and every short letter with its option
nopt=0
for c in $("$UVMCHECK" --help | awk '/^commands:/{p=1; next} p && /^  [a-z]/{print $1}'); do
	"$UVMCHECK" "$c" --help | awk '/^options:/{p=1; next} p' >"$TMP/opts.txt"
	for opt in $(grep -oE -- '--[a-z][a-z-]*' "$TMP/opts.txt" | sort -u); do
		nopt=$((nopt + 1))
		grep -q -- "$opt\\b" "$TMP/man1.txt" || bad "uvmcheck(1) does not document $opt ($c)"
	done
	grep -oE -- '^  -[a-zA-Z], --[a-z-]+' "$TMP/opts.txt" | sed 's/^  //' \
	    >"$TMP/shorts.txt"
	while read -r short long; do
		short=${short%,}
		grep -qE -- "$short, $long\\b" "$TMP/man1.txt" ||
		    bad "uvmcheck(1) does not give $short as the short form of $long"
	done <"$TMP/shorts.txt"
done
if [ "$nopt" -ge 60 ]; then ok "uvmcheck(1) checked against the $nopt options of the commands' --help"
else bad "found only $nopt options in the commands' --help"; fi
# every operation the scenario parser knows (its error message lists them)
printf 'scenario x\nproc A\nthread a A: frob\n' >"$TMP/x.scn"
ops=$("$UVMCHECK" check "$TMP/x.scn" 2>&1 | sed -nE 's/.*\(operations: ([^)]*)\).*/\1/p')
nops=0
for o in $ops; do
	nops=$((nops + 1))
	grep -qE "(^| )$o( |,|$)" "$TMP/man5.txt" || bad "uvmcheck-scenario(5) does not describe the operation $o"
done
if [ "$nops" -ge 15 ]; then ok "uvmcheck-scenario(5) checked against the parser's $nops operations"
else bad "found only $nops operations in the parser's message"; fi
for d in scenario world vnode aobj proc map thread kthread profile bug expect bound; do
	grep -qE "^     $d( |$)" "$TMP/man5.txt" || bad "uvmcheck-scenario(5) does not describe the directive $d"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
