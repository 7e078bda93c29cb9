#!/bin/bash
# The gate's teeth, on a copy of the library: the golden matrix, the
# exercised invariants and knob values with their known gaps, and
# scenarios/ops expectations.
U=$1
ROOT=$2
fails=0
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fails=$((fails + 1)); }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cp -r "$ROOT/scenarios" "$ROOT/corpus" "$T/"
rm -rf "$T/corpus/found"
gate() { "$U" gate --root "$T" >"$T/out" 2>"$T/err"; echo $?; }

rc=$(gate)
[ "$rc" -eq 0 ] && ok "the library's gate passes" || bad "gate: rc $rc $(grep ^FAIL "$T/out" | head -3)"
grep -q "^PASS matrix S-10-vslock-truncate \[netbsd-2020\]: freed-page-in-use as recorded" "$T/out" &&
    ok "era columns asserted" || bad "no era cell in the gate"
grep -q "^PASS $T/scenarios/ops/tour-io.scn:[0-9]* \[fixed\]: clean" "$T/out" &&
    ok "scenarios/ops expectations run" || bad "ops not in the gate"
grep -q "^exercised invariants (fired in a passing check): .*freed-page-in-use" "$T/out" &&
    grep -q "^exercised knob values (told apart by a scenario): .*collect_skips_wired=removes-all" "$T/out" &&
    ok "the gate prints what it exercised" || bad "exercise lists missing"
grep -q "^exercised knob values (told apart by a scenario): .*pd_deactivate_revokes=clear-reference pd_deactivate_revokes=page-protect-none" "$T/out" &&
    ! grep -q "^GAP exercise knob pd_deactivate_revokes" "$T/out" &&
    ok "the 1999 deactivation is told apart (pd-deactivate-kloan)" || bad "pd_deactivate_revokes not told apart"
grep -q "nonprogress-cycle" <(grep "^exercised invariants" "$T/out") &&
    ok "the liveness verdict is exercised" || bad "nonprogress-cycle not exercised"

# a changed era cell of the golden matrix fails
cp "$T/scenarios/matrix.golden" "$T/golden.bak"
sed -i 's/^S-10-vslock-truncate netbsd-2020 freed-page-in-use$/S-10-vslock-truncate netbsd-2020 clean/' \
    "$T/scenarios/matrix.golden"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL matrix S-10-vslock-truncate \[netbsd-2020\]: recorded clean, now freed-page-in-use" "$T/out" &&
    ok "a changed matrix cell fails" || bad "matrix cell: rc $rc"
# --update-matrix rewrites it deliberately
"$U" gate --root "$T" --update-matrix >/dev/null && cmp -s "$T/golden.bak" "$T/scenarios/matrix.golden" &&
    ok "--update-matrix regenerates the golden matrix" || bad "--update-matrix"
rm "$T/scenarios/matrix.golden"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL .*matrix.golden: cannot read" "$T/out" &&
    ok "a missing golden matrix fails" || bad "missing golden: rc $rc"
cp "$T/golden.bak" "$T/scenarios/matrix.golden"

# a knob value told apart only by its state space is printed as such
grep -q "^exercised knob values (told apart by a scenario): .*anfree_busy=sleep (by its state space only)" "$T/out" &&
    grep -q "^exercised 30 of 30 invariants (12 by breakages only) and [0-9]* knob values (1 by their state space only); 0 not" "$T/out" &&
    ok "anfree_busy=sleep told apart by its state space" || bad "no state-space line"
# a knob value no scenario tells apart fails unless it is a known gap
cp "$T/scenarios/exercise.gaps" "$T/gaps.bak"
cp "$T/scenarios/seeds/S-7-anfree-busy.scn" "$T/s7.bak"
sed -i '/^expect bug anfree_busy=sleep /d' "$T/scenarios/seeds/S-7-anfree-busy.scn"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL exercise knob anfree_busy=sleep: no .expect bug anfree_busy" "$T/out" &&
    ok "an unexercised knob value fails" || bad "unexercised knob: rc $rc"
# a long reason is one entry, printed whole (no line limit)
long=$(printf 'reason%.0s ' $(seq 1 100))
echo "knob anfree_busy=sleep $long END" >>"$T/scenarios/exercise.gaps"
rc=$(gate)
[ "$rc" -eq 0 ] && grep -q "^GAP exercise knob anfree_busy=sleep: reason.* END$" "$T/out" &&
    ok "a gap reason of $(( ${#long} + 4 )) bytes is read and printed whole" ||
    bad "long gap reason: rc $rc"
cp "$T/s7.bak" "$T/scenarios/seeds/S-7-anfree-busy.scn"
cp "$T/gaps.bak" "$T/scenarios/exercise.gaps"
rm "$T/scenarios/collect-wired.scn"
sed -i '/^collect-wired /d' "$T/scenarios/matrix.golden"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL exercise knob collect_skips_wired=removes-all" "$T/out" &&
    ok "removing the scenario that tells a value apart fails" || bad "collect-wired removed: rc $rc"
cp "$ROOT/scenarios/collect-wired.scn" "$T/scenarios/"
# a gap that is exercised, and a gap naming nothing, fail
echo "knob collect_skips_wired=removes-all no scenario" >>"$T/scenarios/exercise.gaps"
echo "invariant no-such-invariant reason" >>"$T/scenarios/exercise.gaps"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL knob collect_skips_wired=removes-all: told apart now" "$T/out" &&
    grep -q "^FAIL .*exercise.gaps:[0-9]*: expected" "$T/out" &&
    ok "stale and bad gap entries fail" || bad "gap entries: rc $rc"
cp "$T/gaps.bak" "$T/scenarios/exercise.gaps"
cp "$T/gaps.bak" "$T/scenarios/exercise.gaps"
# an invariant that fires in no check fails: wiring-orphaned fires only
# in L-4's checks (its scenario and its counterexample)
mv "$T/scenarios/seeds/L-4-mlockall-unwind.scn" "$T/corpus/seeds/L-4-mlockall-unwind.sched" "$T/"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL exercise invariant wiring-orphaned: fires in no passing check" "$T/out" &&
    ok "an unexercised invariant fails" || bad "unexercised invariant: rc $rc"
mv "$T/L-4-mlockall-unwind.scn" "$T/scenarios/seeds/"
mv "$T/L-4-mlockall-unwind.sched" "$T/corpus/seeds/"
# the breakages: each invariant no kernel sets off fires on its own
grep -q "^PASS breakage page-lost: fires on aobj-fault.scn step [0-9]* after page [0-9]* dequeued and dropped" "$T/out" &&
    [ "$(grep -c '^PASS breakage ' "$T/out")" -eq 12 ] &&
    ok "twelve breakages set off their invariants" || bad "breakage lines"
# ... and one with no world to break fails, and names it
mkdir "$T/lib"
mv "$T/scenarios/"*.scn "$T/lib/"
mv "$T/lib/canfail-livelock.scn" "$T/scenarios/"
rc=$(gate)
[ "$rc" -eq 1 ] && grep -q "^FAIL breakage swap-slot-leaked: no world a walk of the scenarios of .* has what it breaks" "$T/out" &&
    grep -q "^PASS breakage anon-ref-leaked: fires on canfail-livelock.scn" "$T/out" &&
    ok "a breakage without a world to break fails" || bad "breakage without a world: rc $rc"
mv "$T/lib/"*.scn "$T/scenarios/"
rc=$(gate)
[ "$rc" -eq 0 ] && ok "the restored library passes again" || bad "restored: rc $rc"
echo "$fails failed"
[ "$fails" -eq 0 ]
