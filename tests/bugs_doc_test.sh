#!/bin/bash
# bugs_doc_test.sh: the seed-bug pages in docs/bugs/ quote the checker's
# own output; this test keeps them honest.
#   usage: bugs_doc_test.sh path/to/uvmcheck SOURCE_ROOT
#
# For every docs/bugs/[SL]-*.md (S-n seed bugs, L-n latent ones):
#   - each block between "<!-- replay: FILE.sched -->" and
#     "<!-- end replay -->" (fence lines dropped) must equal the live
#     output of `uvmcheck replay FILE.sched`;
#   - in each block between "<!-- check-fixed: FILE.scn -->" and
#     "<!-- end check-fixed -->" the line starting with "verdict:" must
#     equal that line of `uvmcheck check FILE.scn --profile fixed`
#     (the other lines hold timings and are not compared).
# For every scenarios/seeds/[SL]-*.scn: a page docs/bugs/S-N.md or L-N.md exists, it
# holds a replay block for corpus/seeds/STEM.sched and a check-fixed
# block for the scenario, and corpus/seeds/STEM.sched exists.
# Commands run from the source root, as the pages show them.
# Prints one ok/FAIL line per check; exits 1 if any check failed.
# To refresh a block after a model change, paste the live output (never
# edit it by hand).
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 path/to/uvmcheck SOURCE_ROOT" >&2
	exit 2
fi
UVMCHECK=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
cd "$2" || exit 2
[ -x "$UVMCHECK" ] || { echo "FAIL no executable $UVMCHECK"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass=0
ok() { echo "ok   $*"; pass=$((pass + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }

# Every seed scenario has a page, a counterexample and both blocks.
nscn=0
for scn in scenarios/seeds/[SL]-*.scn; do
	[ -e "$scn" ] || continue
	nscn=$((nscn + 1))
	stem=$(basename "$scn" .scn)
	id=$(echo "$stem" | sed -E 's/^([SL]-[0-9]+).*/\1/')
	doc=docs/bugs/$id.md
	sched=corpus/seeds/$stem.sched
	if [ -f "$doc" ]; then ok "$stem: page $doc"; else bad "$stem: no page $doc"; fi
	if [ -f "$sched" ]; then ok "$stem: counterexample $sched"; else bad "$stem: no counterexample $sched"; fi
	if [ -f "$doc" ]; then
		if grep -qxF "<!-- replay: $sched -->" "$doc"; then
			ok "$stem: $doc has a replay block"
		else
			bad "$stem: $doc has no block <!-- replay: $sched -->"
		fi
		if grep -qxF "<!-- check-fixed: $scn -->" "$doc"; then
			ok "$stem: $doc has a check-fixed block"
		else
			bad "$stem: $doc has no block <!-- check-fixed: $scn -->"
		fi
	fi
done
[ "$nscn" -gt 0 ] || bad "no scenarios/seeds/S-*.scn"
[ -f docs/bugs/README.md ] && ok "docs/bugs/README.md" || bad "no docs/bugs/README.md"

# Split a page into its blocks: $tmp/index holds "N KIND PATH" lines,
# $tmp/b.N the block's text without its fence lines.
extract() {
	rm -f "$tmp"/b.* "$tmp"/index
	: >"$tmp/index"
	awk -v dir="$tmp" '
	/^<!-- (replay|check-fixed): [^ ]+ -->$/ {
		if (open != "") { print "unterminated " kind " " path > (dir "/errors") }
		n++; kind = ($2 == "replay:") ? "replay" : "check-fixed"; path = $3
		out = dir "/b." n; printf "" > out
		print n, kind, path >> (dir "/index")
		open = kind; next
	}
	/^<!-- end (replay|check-fixed) -->$/ {
		if (open == "") { print "stray " $0 > (dir "/errors") }
		else if ("<!-- end " open " -->" != $0) { print "mismatched end in " kind " " path > (dir "/errors") }
		close(out); open = ""; next
	}
	open != "" && /^```/ { next }
	open != "" { print >> out }
	END { if (open != "") print "unterminated " kind " " path > (dir "/errors") }
	' "$1"
}

for doc in docs/bugs/[SL]-*.md; do
	[ -e "$doc" ] || { bad "no docs/bugs/S-*.md"; break; }
	rm -f "$tmp/errors"
	extract "$doc"
	if [ -s "$tmp/errors" ]; then
		while read -r line; do bad "$doc: $line"; done <"$tmp/errors"
	fi
	if [ ! -s "$tmp/index" ]; then
		bad "$doc: no replay or check-fixed block"
		continue
	fi
	while read -r n kind path; do
		if [ ! -f "$path" ]; then
			bad "$doc: $kind $path: no such file"
			continue
		fi
		case $kind in
		replay)
			"$UVMCHECK" replay "$path" >"$tmp/live" 2>&1
			if diff -u "$tmp/b.$n" "$tmp/live" >"$tmp/diff"; then
				ok "$doc: replay $path matches"
			else
				bad "$doc: replay $path differs from the live output (doc -> live):"
				sed 's/^/    /' "$tmp/diff" | head -40
			fi
			;;
		check-fixed)
			want=$(grep -m1 '^verdict:' "$tmp/b.$n")
			got=$("$UVMCHECK" check "$path" --profile fixed 2>&1 | grep -m1 '^verdict:')
			if [ -z "$want" ]; then
				bad "$doc: check-fixed $path: no verdict: line in the block"
			elif [ "$want" = "$got" ]; then
				ok "$doc: check-fixed $path: $got"
			else
				bad "$doc: check-fixed $path: doc says '$want', live says '$got'"
			fi
			;;
		esac
	done <"$tmp/index"
done

# The "Reproduce each bug" table of docs/bugs/README.md: every command
# runs as written (uvmcheck replaced by this build's) and finds its
# invariant; one row per seed scenario.
nrow=0
while IFS='|' read -r _ bug cmd inv _; do
	cmd=$(echo "$cmd" | sed -E 's/^ *`uvmcheck (.*)` *$/\1/')
	inv=$(echo "$inv" | tr -d ' `')
	bug=$(echo "$bug" | tr -d " ")
	nrow=$((nrow + 1))
	# shellcheck disable=SC2086
	out=$("$UVMCHECK" $cmd 2>&1)
	rc=$?
	if [ "$rc" -eq 1 ] && echo "$out" | grep -q "^verdict: violation $inv "; then
		ok "README reproduce $bug: $inv"
	else
		bad "README reproduce $bug: 'uvmcheck $cmd' exited $rc, $(echo "$out" | grep -m1 '^verdict')"
	fi
done < <(grep -E '^\| [SL]-[0-9]+b? \| `uvmcheck check ' docs/bugs/README.md)
if [ "$nrow" -eq "$nscn" ]; then
	ok "README reproduce table: one row per seed scenario ($nrow)"
else
	bad "README reproduce table: $nrow rows for $nscn seed scenarios"
fi

echo "bugs-doc: $pass ok, $failed failed"
[ "$failed" -eq 0 ]
