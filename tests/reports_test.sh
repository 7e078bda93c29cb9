#!/usr/bin/env bash
# reports_test.sh UVMCHECK SOURCE_ROOT: the SQLite store, `report` and
# the gate's failure modes, through the CLI.
#   - check --db records campaigns and findings (dedup by signature);
#   - a foreign SQLite file, a corrupt store and a text file give exit 2
#     and stay byte-identical (cmp);
#   - report --html is well-formed (python3's html.parser, when present)
#     and holds one swimlane <svg> per finding; --sched gives a .sched
#     that replays;
#   - report merge adds counts;
#   - the gate fails when a knob's bug is no longer found and when a
#     corpus schedule's verdict changes, and writes JUnit XML.
set -u
U=$1
ROOT=$2
T=$(mktemp -d "${TMPDIR:-/tmp}/reports_test.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0

ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect_rc WANT DESCRIPTION CMD...
expect_rc() {
	local want=$1 what=$2 rc
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$what (exit $rc)"
	else
		bad "$what: exit $rc, wanted $want"
		sed 's/^/  | /' "$T/out" "$T/err" | head -20
	fi
}

cd "$T" || exit 1
export UVMCHECK_ROOT=$ROOT

# 1. check --db
expect_rc 1 "check S-10 --db" "$U" check S-10-vslock-truncate \
    --profile netbsd-2003 --db a.db
expect_rc 1 "check S-10 again --db" "$U" check S-10-vslock-truncate \
    --profile netbsd-2003 --db a.db
expect_rc 1 "check S-6 --db" "$U" check S-6-truncate-unwire \
    --profile netbsd-1999 --db a.db
[ -e uvmcheck.db ] && bad "check wrote uvmcheck.db without --db"
expect_rc 0 "report" "$U" report --db a.db
grep -q "freed-page-in-use *netbsd-2003 *1 *2" out &&
    ok "one finding seen twice" || bad "findings table: $(cat out)"
nfind=$(grep -cE '^  [0-9a-f]{16} ' out)
[ "$nfind" -eq 2 ] && ok "2 findings" || bad "$nfind findings, wanted 2"
# findings are attributed and grouped by root cause: S-10 under two eras
# is one finding
grep -qE '^  [0-9a-f]{16} S-10 +freed-page-in-use' out &&
    grep -qE '^  [0-9a-f]{16} S-6 +kernel-panic' out &&
    grep -q "damage at truncate" out &&
    ok "report shows attributions and damage sites" || bad "attribution: $(cat out)"
expect_rc 1 "check S-10 under netbsd-2020 --db" "$U" check S-10-vslock-truncate \
    --profile netbsd-2020 --db a.db
grep -q "attributed to S-10" err && ok "check --db names the attribution" ||
    bad "check --db: $(cat err)"
expect_rc 0 "report" "$U" report --db a.db
nfind=$(grep -cE '^  [0-9a-f]{16} ' out)
[ "$nfind" -eq 2 ] && ok "same root cause under another era: still 2 findings" ||
    bad "$nfind findings after netbsd-2020, wanted 2"
expect_rc 2 "report of a missing store" "$U" report --db missing.db
[ -e missing.db ] && bad "report created missing.db"

# 2. foreign, corrupt and non-SQLite files: exit 2, untouched
if command -v python3 >/dev/null; then
	python3 - <<'EOF'
import sqlite3
c = sqlite3.connect("foreign.db")
c.execute("CREATE TABLE t (x)")
c.execute("INSERT INTO t VALUES (1)")
c.commit()
c.close()
EOF
	cp a.db corrupt.db
	python3 - <<'EOF'
with open("corrupt.db", "r+b") as f:
    f.seek(4096 + 8)
    f.write(bytes((0xa5 ^ (i & 0xff)) for i in range(6000)))
EOF
fi
seq 1 500 > text.db
for f in foreign.db corrupt.db text.db; do
	[ -e "$f" ] || continue
	cp "$f" "$f.orig"
	expect_rc 2 "report --db $f" "$U" report --db "$f"
	expect_rc 2 "check --db $f" "$U" check S-10-vslock-truncate \
	    --profile netbsd-2003 --db "$f"
	expect_rc 2 "merge from $f" "$U" report merge "$f" -o m0.db
	cp a.db into.db
	expect_rc 2 "merge into $f" "$U" report merge into.db -o "$f"
	cmp -s "$f" "$f.orig" && ok "$f untouched" || bad "$f was modified"
	ls "$f"-wal "$f"-shm 2>/dev/null && bad "$f got WAL files"
done

# 3. HTML
expect_rc 0 "report --html" "$U" report --db a.db --html r.html
grep -q "attribution <b>S-10</b>" r.html && ok "HTML shows the attribution" ||
    bad "HTML without attribution"
nsvg=$(grep -c '<svg[^>]*class="swimlane"' r.html)
[ "$nsvg" -eq "$nfind" ] && ok "$nsvg swimlanes" ||
    bad "$nsvg swimlanes for $nfind findings"
grep -qiE '<script|<link|@import|url\(|src=' r.html &&
    bad "the page loads something external" || ok "self-contained"
if command -v python3 >/dev/null; then
	if python3 - r.html <<'EOF'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "hr", "input", "link", "area", "base",
        "col", "embed", "source", "track", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.errors = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append("line %d: </%s> closes %s" % (self.getpos()[0],
                tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.stack:
    p.errors.append("unclosed: %s" % p.stack)
for e in p.errors[:10]:
    print(e)
sys.exit(1 if p.errors else 0)
EOF
	then ok "HTML tags balanced"; else bad "HTML not well-formed"; fi
fi
sig=$(grep -oE '^  [0-9a-f]{16} +[^ ]+ +freed-page-in-use' <("$U" report --db a.db) |
    awk '{print $1}')
expect_rc 0 "report --sched" "$U" report --db a.db --sched "$sig"
cp out f.sched
expect_rc 1 "the stored .sched replays" "$U" replay f.sched
expect_rc 2 "report --sched of an unknown signature" "$U" report --db a.db \
    --sched ffffffffffffffff

# 4. merge
expect_rc 1 "check S-10 --db b.db" "$U" check S-10-vslock-truncate \
    --profile netbsd-2003 --db b.db
expect_rc 0 "merge" "$U" report merge a.db b.db -o m.db
expect_rc 0 "report of the merge" "$U" report --db m.db
grep -q "freed-page-in-use *netbsd-2003 *1 *4" out &&
    ok "merged counts add (3 in a.db, 1 in b.db)" || bad "merge: $(cat out)"
[ "$(grep -cE '^ +[0-9]+  check ' out)" -ge 4 ] && ok "campaigns merged" ||
    bad "campaigns not merged"

# 5. parallel jobs writing one store at once lose nothing
for i in 1 2 3 4 5 6; do
	"$U" check S-10-vslock-truncate --profile netbsd-2003 --db p.db \
	    >/dev/null 2>&1 &
done
wait
expect_rc 0 "report of the parallel store" "$U" report --db p.db
[ "$(grep -cE '^ +[0-9]+  check .* freed-page-in-use$' out)" -eq 6 ] &&
    ok "6 parallel campaigns" ||
    bad "parallel campaigns: $(cat out)"
grep -q "freed-page-in-use *netbsd-2003 *1 *6" out &&
    ok "6 parallel findings, one signature" || bad "parallel: $(cat out)"
grep -q "(unfinished)" out && bad "a parallel campaign is unfinished"

# 6. the gate on a copy of the library
mkdir -p g/scenarios/seeds g/corpus/seeds
cp "$ROOT/scenarios/seeds/S-10-vslock-truncate.scn" g/scenarios/seeds/
cp "$ROOT/corpus/seeds/S-10-vslock-truncate.sched" g/corpus/seeds/
expect_rc 0 "gate on the copy" "$U" gate --partial --root g --junit j0.xml
# the model "changed": truncation no longer shrinks the file, so the
# bug is no longer found under its knob
sed -i 's/truncate f 0/truncate f 1/' g/scenarios/seeds/S-10-vslock-truncate.scn
expect_rc 1 "gate: bug no longer found" "$U" gate --partial --root g --junit j1.xml
grep -q "FAIL .*vslock_pin=wire-only.*expected freed-page-in-use, got clean" \
    out && ok "names the lost bug" || bad "gate output: $(cat out)"
cp "$ROOT/scenarios/seeds/S-10-vslock-truncate.scn" g/scenarios/seeds/
# a corpus schedule's verdict changes
sed -i 's/^verdict .*/verdict clean/' g/corpus/seeds/S-10-vslock-truncate.sched
expect_rc 1 "gate: corpus verdict changed" "$U" gate --partial --root g --junit j2.xml
grep -q "FAIL .*S-10-vslock-truncate.sched: recorded clean, now" out &&
    ok "names the changed verdict" || bad "gate output: $(cat out)"
for j in j1.xml j2.xml; do
	grep -q '<failure message=' $j && ok "$j has a failure" ||
	    bad "$j without failure"
	if command -v python3 >/dev/null; then
		python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" \
		    $j && ok "$j is XML" || bad "$j is not XML"
	fi
done
# the time budget: nothing starts after it, the rest is skipped
expect_rc 0 "gate --time-budget (skips do not fail)" "$U" gate --root "$ROOT" \
    --time-budget 0.000001 --junit j3.xml
grep -q "^SKIP " out && grep -qE '^[0-9]+ skipped' out && ok "skips reported" ||
    bad "no skips: $(tail -3 out)"
grep -q '<skipped' j3.xml && ok "junit skipped" || bad "junit without skipped"
expect_rc 1 "gate --time-budget --budget-fails" "$U" gate --root "$ROOT" \
    --time-budget 0.000001 --budget-fails

echo "$fails failed"
[ "$fails" -eq 0 ]
