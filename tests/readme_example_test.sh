#!/usr/bin/env bash
# readme_example_test.sh UVMCHECK SOURCE_ROOT: the README's first example
# ("### A first bug") is what uvmcheck does.  Each "    $ build/uvmcheck
# ..." line of that section runs (in a scratch directory); every output
# line shown under it, except "...", must be a line of the real output.
set -u
UVMCHECK=${1:?usage: readme_example_test.sh UVMCHECK SOURCE_ROOT}
ROOT=${2:?usage: readme_example_test.sh UVMCHECK SOURCE_ROOT}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-readme.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
fail=0 ncmd=0 nline=0

# the section's indented block lines, the 4-space indent removed
sed -n '/^### A first bug$/,/^##/p' "$ROOT/README.md" |
    sed -n 's/^    //p' >block
run_cmd() {
	ncmd=$((ncmd + 1))
	# shellcheck disable=SC2086
	"$UVMCHECK" $1 >out 2>&1
}
while IFS= read -r line; do
	case $line in
	'$ build/uvmcheck '*)
		run_cmd "${line#\$ build/uvmcheck }";;
	'...') ;;
	*)
		nline=$((nline + 1))
		if ! grep -qxF -- "$line" out; then
			echo "FAIL: README shows a line uvmcheck did not print:"
			echo "  $line"
			fail=1
		fi;;
	esac
done <block
if [ "$ncmd" -lt 2 ] || [ "$nline" -lt 5 ]; then
	echo "FAIL: the README's first example has $ncmd commands, $nline lines"
	fail=1
fi
# the sentence under it: without --profile, the default is named, clean
"$UVMCHECK" check S-10-vslock-truncate >out 2>&1
grep -q "profile fixed (default)" out || { echo "FAIL: no 'profile fixed (default)'"; fail=1; }
grep -qx "verdict: clean" out || { echo "FAIL: not clean under fixed"; fail=1; }
[ $fail -eq 0 ] && echo "ok: README first example, $ncmd commands, $nline lines"
exit $fail
