#!/bin/sh
# regen.sh: rebuild the seed-bug counterexamples in corpus/seeds/ from the
# seed scenarios: for each bug, the checker's counterexample under the
# bug's knob (the first `expect bug` line of its scenario).  Run after a
# change to the model has made `uvmcheck gate` report divergence, and
# read the new traces before committing them.
#   usage: corpus/seeds/regen.sh [path/to/uvmcheck]
set -eu
cd "$(dirname "$0")/../.."
UVMCHECK=${1:-build/uvmcheck}
for scn in scenarios/seeds/[SL]-*.scn; do
	stem=$(basename "$scn" .scn)
	line=$(grep -m1 '^expect bug .* -> ' "$scn" | grep -v -- '-> clean$') || continue
	knobs=$(echo "$line" | sed 's/^expect bug \(.*\) -> .*/\1/')
	set --
	for k in $knobs; do set -- "$@" --bug "$k"; done
	"$UVMCHECK" check "$scn" "$@" --save "corpus/seeds/$stem.sched" \
	    >/dev/null && { echo "$stem: no violation under $knobs" >&2; exit 1; }
	echo "$stem: $knobs"
done
