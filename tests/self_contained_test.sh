#!/bin/bash
# self_contained_test.sh: the repository stands on its own.  No tracked
# file, and nothing the tool prints, refers to documents that are not in
# the repository (the developers' desk: its reference and design notes
# and its numbered seed files).  Code and docs cite docs/design.md,
# docs/uvm-semantics.md and docs/bugs/ instead, and the kernel's source.
#   usage: self_contained_test.sh UVMCHECK SOURCE_ROOT
set -u
UVMCHECK=$(realpath "$1")
SRC=$2
SELF=tests/self_contained_test.sh
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; fail=$((fail + 1)); }

# What refers to the desk (extended regular expressions, one per line).
PATTERNS='UVM-REFERENCE
DESIGN\.md
DESIGN §
\.\./shared
/work/shared
shared/
seeds/0[0-9][0-9]
[Ss]eeds? 0[0-9][0-9]([^0-9]|$)
[0-9]{3}_[0-9a-f]{16}'

EARGS=()
while IFS= read -r p; do EARGS+=(-e "$p"); done <<<"$PATTERNS"

matches() {	# $1: a file; prints its matching lines
	grep -nE "${EARGS[@]}" -- "$1"
}

# 1. The patterns find what they are meant to find (else a broken pattern
#    would make every later check pass).
sample=$(mktemp)
trap 'rm -f "$sample" "$out"' EXIT
out=$(mktemp)
for s in 'see UVM-REFERENCE.md §12' 'DESIGN.md §1' '(DESIGN §3)' \
    '../shared/x' '/work/shared/seeds' 'seeds/002_84f3425ff106dd64.txt' \
    'seed 002, problem 1' 'Seed 001 / S-9' 'seeds 001/003' \
    '000_e4bcaf76e716eba6.txt'; do
	printf '%s\n' "$s" >"$sample"
	if matches "$sample" >/dev/null; then ok "pattern catches '$s'"
	else bad "no pattern catches '$s'"; fi
done
for s in 'docs/uvm-semantics.md §6.1' 'scenarios/seeds/S-10-vslock-truncate.scn' \
    'corpus/seeds/S-1-pd-kloan.sched' 'MAP_SHARED/MAP_PRIVATE' 'seed 42' \
    'the seed bugs' '--seed 2003'; do
	printf '%s\n' "$s" >"$sample"
	if matches "$sample" >/dev/null; then bad "pattern wrongly catches '$s'"
	else ok "no pattern catches '$s'"; fi
done

# 2. Every tracked file (every file of the tree when there is no git).
cd "$SRC" || exit 2
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files)
	how="tracked files"
else
	mapfile -t files < <(find . -path './build*' -prune -o -path './.git' \
	    -prune -o -type f -print | sed 's|^\./||')
	how="files (no git)"
fi
if [ "${#files[@]}" -lt 100 ]; then
	bad "only ${#files[@]} $how found in $SRC"
fi
if [ "$how" = "tracked files" ]; then
	git grep -nIE "${EARGS[@]}" -- . ":!$SELF" >"$out"
else
	printf '%s\0' "${files[@]}" | grep -zv "^$SELF\$" |
	    xargs -0 grep -nIE "${EARGS[@]}" -- >"$out"
fi
if [ -s "$out" ]; then
	head -20 "$out"
	bad "$(cut -d: -f1 "$out" | sort -u | wc -l) file(s) refer to documents outside the repository (above)"
else
	ok "${#files[@]} $how refer to no document outside the repository"
fi

# 3. What the tool prints.
for args in "list bugs" "list invariants" "list profiles" "list knobs" "--help"; do
	# shellcheck disable=SC2086
	"$UVMCHECK" $args >"$out" 2>&1
	if m=$(matches "$out"); then bad "uvmcheck $args prints: $m"
	else ok "uvmcheck $args names no outside document"; fi
done

# 4. list bugs names each bug's source: list (or commit log), author, date.
"$UVMCHECK" list bugs >"$out" 2>&1
nbugs=$(grep -cE '^S-[0-9]+b? ' "$out")
nsrc=$(grep -cE '^      source: (tech-kern, [A-Z][a-z]+ [A-Z.]* ?[A-Z][a-z]+, [0-9]{4}-[0-9]{2}-[0-9]{2}, ".+"|commit log, .*(19|20)[0-9]{2}.*)$' "$out")
if [ "$nbugs" -ge 15 ] && [ "$nsrc" -eq "$nbugs" ]; then
	ok "list bugs: all $nbugs bugs name their source"
else
	bad "list bugs: $nsrc source lines for $nbugs bugs"
fi
for d in docs/design.md docs/uvm-semantics.md docs/bugs/README.md; do
	if [ -s "$d" ]; then ok "$d exists"; else bad "$d missing"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
