#!/usr/bin/env bash
# campaign_test.sh UVMCHECK: fuzz campaigns as a user runs them (clang
# build with -Dfuzz=true; both engines).  Each run a few seconds, fixed
# seeds.
#   1. a scenario written outside the repository is fuzzed by libFuzzer
#      and AFL++ and its bug found; each finding replays; the findings go
#      to ./uvmcheck-findings by default; --json has first_finding_seconds;
#      --time is kept; the harness itself reads the scenario at start-up;
#   2. the whole library under netbsd-2003 finds its bugs;
#   3. AFL++ on S-1 (netbsd-1999) and S-13 (netbsd-2003), whose every
#      schedule fails, reports them (exit 1, never 3);
#   4. --generate --like around the user's scenario finds its bug;
#   5. --workdir: a campaign stopped (kill -9) resumes with its queue;
#      another campaign's work directory is refused, untouched;
#   6. --sync/--name: two AFL++ instances share one campaign, each with
#      its own store, joined by report merge.
set -u
uvm=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-campaign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
jnum() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p" <<<"$2"; }

mkdir -p "$tmp/user" "$tmp/cwd"
cat >"$tmp/user/my.scn" <<'EOF'
# a user's workload: a raw read into a mapped file while it is truncated
scenario my-vslock
world pages=4 swap=1
vnode f pages=1 resident=1
proc A
proc X
map A 0 f 0 1 shared rw
thread a1 A: touch 0 r; physio-read 0 1
thread x1 X: truncate f 0
bound depth=40
EOF

# 1. the user's scenario, libFuzzer, default findings directory
cd "$tmp/cwd" || fail "cd"
out=$("$uvm" fuzz "$tmp/user/my.scn" --engine libfuzzer --time 3.5 --seed 1 \
    --profile netbsd-2003 --json 2>"$tmp/err")
rc=$?
echo "$out"
[ $rc -eq 1 ] || { cat "$tmp/err"; fail "libfuzzer on my.scn: exit $rc"; }
grep -q "seed 1" "$tmp/err" || fail "the seed is not printed"
ls uvmcheck-findings/my-vslock-freed-page-in-use-*.sched >/dev/null 2>&1 ||
    fail "no finding of my-vslock in ./uvmcheck-findings"
ff=$(jnum first_finding_seconds "$out")
[ -n "$ff" ] || fail "no first_finding_seconds"
# --time is a lower bound of the campaign's length (no upper bound is
# asserted: tests never assert timings, and a loaded machine runs late)
awk -v s="$(jnum seconds "$out")" 'BEGIN { exit !(s >= 3.3) }' ||
    fail "--time 3.5 stopped early: $(jnum seconds "$out") s"
# 1b. AFL++, --out; on a loaded machine AFL++ may need more than one
# slice of time: the campaign is resumed (--workdir) up to three times
for try in 1 2 3; do
	out=$("$uvm" fuzz "$tmp/user/my.scn" --engine afl --time 5 --seed $((try + 1)) \
	    --profile netbsd-2003 --out "$tmp/afl-found" --workdir "$tmp/afl-work" \
	    --json 2>"$tmp/err")
	rc=$?
	echo "$out"
	[ $rc -eq 0 ] || break
done
[ $rc -eq 1 ] || { cat "$tmp/err"; fail "afl on my.scn: exit $rc"; }
for f in "$tmp"/cwd/uvmcheck-findings/*.sched "$tmp"/afl-found/*.sched; do
	# replays anywhere: the scenario text is in the file
	(cd / && "$uvm" replay -q "$f") >"$tmp/replay.log" 2>&1
	rc=$?
	if [ $rc -ne 1 ] || ! grep -q "reproduced" "$tmp/replay.log"; then
		cat "$tmp/replay.log"
		fail "$f does not replay (exit $rc)"
	fi
	grep -q "^scenario-name my-vslock" "$f" || fail "$f: not my-vslock"
done
echo "ok: a user's scenario, both engines, findings replay"
# 1c. the harness reads the target: a seed of the user's scenario, run
# by the harness alone, reaches the scenario (not a library one)
"$uvm" fuzz --make-seeds "$tmp/seeds" "$tmp/user/my.scn" \
    --profile netbsd-2003 >/dev/null || fail "--make-seeds"
h=$(dirname "$uvm")/fuzz/fuzz-sched-libfuzzer
UVMCHECK_FUZZ_TARGET=$tmp/seeds.target "$h" -runs=2000 -seed=1 \
    "$tmp/seeds" >"$tmp/h.log" 2>&1
grep -q "uvmcheck-finding: freed-page-in-use scenario my-vslock config netbsd-2003" \
    "$tmp/h.log" || { tail -5 "$tmp/h.log"; fail "the harness did not fuzz my.scn"; }
echo "ok: the harness reads UVMCHECK_FUZZ_TARGET"

# 2. the library under netbsd-2003: each scenario that fails there
# exhaustively (check) gives a finding
out=$("$uvm" fuzz --engine libfuzzer --time 2.5 --seed 1 --profile netbsd-2003 \
    --out "$tmp/lib" --workdir "$tmp/lib-work" --json 2>"$tmp/err")
rc=$?
echo "$out"
[ $rc -eq 1 ] || { cat "$tmp/err"; fail "library: exit $rc"; }
for s in S-10-vslock-truncate:freed-page-in-use S-11-vslock-lwp:freed-page-in-use \
    S-13:loaned-page-wired; do
	grep -q " ${s#*:} ${s%%:*}" "$tmp/lib/findings.txt" ||
	    { cat "$tmp/lib/findings.txt"; fail "library: no ${s%%:*} ${s#*:}"; }
done
# the harness kept each new finding and went on: libFuzzer started once
n=$(grep -c "INITED" "$tmp/lib-work/engine.log")
[ "$n" -eq 1 ] || fail "library: libFuzzer started $n times, not once"
n=$(ls "$tmp/lib-work/libfuzzer/crashes" | grep -c "^crash-")
[ "$n" -ge 3 ] || fail "library: $n findings kept by the harness, not 3 or more"
echo "ok: the library under netbsd-2003"
# --bug: one knob on top of fixed, for the whole campaign
"$uvm" fuzz S-10-vslock-truncate --bug vslock_pin=wire-only --engine libfuzzer \
    --time 1 --seed 1 --out "$tmp/bug" >"$tmp/bug.log" 2>&1
rc=$?
[ $rc -eq 1 ] || { cat "$tmp/bug.log"; fail "--bug: exit $rc"; }
grep -q "freed-page-in-use scenario S-10-vslock-truncate config fixed+vslock_pin=wire-only" \
    "$tmp/bug.log" || { cat "$tmp/bug.log"; fail "--bug: not under fixed+vslock_pin=wire-only"; }
echo "ok: --bug"

# 3. every schedule fails: AFL++ reports it and runs
for s in S-1-pd-kloan:netbsd-1999:loan-mapping-lost \
    S-13-loan-wire:netbsd-2003:loaned-page-wired; do
	IFS=: read -r scn prof inv <<<"$s"
	out=$("$uvm" fuzz "$scn" --engine afl --time 4 --seed 1 --profile "$prof" \
	    --out "$tmp/always" --workdir "$tmp/always-$scn" --json 2>"$tmp/err")
	rc=$?
	echo "$out"
	[ $rc -eq 1 ] || { cat "$tmp/err"; fail "afl $scn $prof: exit $rc"; }
	ls "$tmp/always/$scn-$inv-"*.sched >/dev/null 2>&1 ||
	    fail "afl $scn: no $inv"
	# AFL++ accepted the seeds (it refuses crashing ones) and fuzzed
	grep -q "All set and ready to roll" "$tmp/always-$scn/engine.log" ||
	    { tail "$tmp/always-$scn/engine.log"; fail "afl $scn: AFL++ did not start"; }
done
echo "ok: AFL++ on scenarios whose every schedule fails"

# 4. the generator around the user's scenario
out=$("$uvm" fuzz --generate --like "$tmp/user/my.scn" --ops touch,physio-read,truncate \
    --engine libfuzzer --time 2 --seed 1 --profile netbsd-2003 \
    --out "$tmp/like" --json 2>"$tmp/err")
rc=$?
echo "$out"
[ $rc -eq 1 ] || { cat "$tmp/err"; fail "--like: exit $rc"; }
ls "$tmp/like/my-vslock-freed-page-in-use-"*.sched >/dev/null 2>&1 ||
    fail "--like: no freed-page-in-use of my-vslock"
echo "ok: --generate --like"

# 5. resume: AFL++ killed with its uvmcheck, then the same command again
w=$tmp/work
"$uvm" fuzz "$tmp/user/my.scn" --engine afl --time 60 --seed 3 \
    --workdir "$w" --out "$tmp/res" >/dev/null 2>&1 &
pid=$!
for i in $(seq 50); do
	[ "$(ls "$w/afl/main/queue" 2>/dev/null | wc -l)" -gt 3 ] && break
	sleep 0.2
done
sleep 1
{ kill -9 $pid; wait $pid; } 2>/dev/null
sleep 1
q1=$(ls "$w/afl/main/queue" | wc -l)
[ "$q1" -gt 3 ] || fail "no AFL++ queue before the kill ($q1)"
"$uvm" fuzz "$tmp/user/my.scn" --engine afl --time 3 --seed 4 \
    --workdir "$w" --out "$tmp/res" >"$tmp/res.log" 2>&1
rc=$?
[ $rc -le 1 ] || { cat "$tmp/res.log"; tail "$w/engine.log"; fail "afl resume: exit $rc"; }
grep -q "Resuming" "$w/engine.log" || fail "AFL++ did not resume"
# --seed reaches the engine (AFL++ -s)
grep -q -- "'-s' '4'" "$w/afl/main/fuzzer_setup" ||
    fail "AFL++ did not get --seed 4: $(tail -1 "$w/afl/main/fuzzer_setup")"
q2=$(ls "$w/afl/main/queue" | wc -l)
[ "$q2" -ge "$q1" ] || fail "the queue shrank: $q1 -> $q2"
# libFuzzer: its corpus is read back
"$uvm" fuzz fork-cow --engine libfuzzer --time 1.5 --seed 1 --workdir "$tmp/lw" \
    --out "$tmp/res" >/dev/null 2>&1
n1=$(ls "$tmp/lw/libfuzzer/corpus" | wc -l)
[ "$n1" -gt 0 ] || fail "libFuzzer kept no corpus"
# libFuzzer's seed count skips empty files (FuzzerIO.cpp
# GetSizedFilesFromDir): one left by a kill in the middle of a write
# is not read back, so count the files it will read
n1r=$(find "$tmp/lw/libfuzzer/corpus" -type f -size +0 | wc -l)
"$uvm" fuzz fork-cow --engine libfuzzer --time 1.5 --seed 2 --workdir "$tmp/lw" \
    --out "$tmp/res" >/dev/null 2>&1
n2=$(ls "$tmp/lw/libfuzzer/corpus" | wc -l)
[ "$n2" -ge "$n1" ] || fail "libFuzzer corpus shrank: $n1 -> $n2"
grep -q "INFO: Seed: 2$" "$tmp/lw/engine.log" || fail "libFuzzer did not get --seed 2"
nin=$(find "$tmp/lw/in" -type f -size +0 | wc -l)
# the first start of the second run (a restart after a finding reads more)
grep -m1 "seed corpus: files:" "$tmp/lw/engine.log" |
    grep -q "seed corpus: files: $((nin + n1r)) " ||
    { grep "seed corpus" "$tmp/lw/engine.log"; fail "libFuzzer did not read its corpus back"; }
# another campaign on the same work directory: refused, nothing touched
before=$(cd "$w" && find . -type f | sort | xargs md5sum | md5sum)
"$uvm" fuzz fork-cow --engine afl --time 1 --workdir "$w" >/dev/null 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || fail "another campaign's workdir: exit $rc"
grep -q "another campaign" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"
after=$(cd "$w" && find . -type f | sort | xargs md5sum | md5sum)
[ "$before" = "$after" ] || fail "the refused workdir was changed"
echo "ok: --workdir resumes (AFL++ after kill -9: $q1 -> $q2 inputs; libFuzzer $n1 -> $n2)"

# 6. two instances of one campaign over a shared sync directory
# (one after the other: two at once on a loaded CI machine may not get
# through AFL++'s start-up in a few seconds)
for n in m1 m2; do
	for try in 1 2 3; do	# AFL++'s start-up may outlast 3 s under load
		"$uvm" fuzz S-10-vslock-truncate --profile netbsd-2003 --engine afl \
		    --time 3 --seed ${n#m} --sync "$tmp/sync" --name $n \
		    --db "$tmp/$n.db" --out "$tmp/out-$n" --json >"$tmp/$n.json" 2>&1
		[ -d "$tmp/sync/$n/queue" ] && break
	done
done
for n in m1 m2; do
	[ -d "$tmp/sync/$n/queue" ] ||
	    { cat "$tmp/$n.json"; fail "no instance $n in the sync dir"; }
	"$uvm" report --db "$tmp/$n.db" | grep -q "afl" ||
	    fail "instance $n recorded nothing"
done
"$uvm" report merge "$tmp/m1.db" "$tmp/m2.db" -o "$tmp/all.db" >/dev/null ||
    fail "report merge"
[ "$("$uvm" report --db "$tmp/all.db" | grep -c "  fuzz  ")" -ge 2 ] ||
    { "$uvm" report --db "$tmp/all.db"; fail "the merged store lacks a campaign"; }
grep -q "freed-page-in-use" <("$uvm" report --db "$tmp/all.db") ||
    fail "the shared campaign found nothing"
echo "ok: --sync/--name, report merge"
echo "PASS"
