#!/usr/bin/env bash
# bad_paths_test.sh UVMCHECK SOURCE_ROOT: bad output paths and bad stores
# never cost a file.
#   - every writer (check --save, run --save, minimize -o, report --html,
#     gate --junit) refuses a directory, a FIFO, a symlink, a device and a
#     missing directory with exit 2 and leaves them as they were;
#   - report --html onto its own store (any spelling) is refused;
#   - report merge compares files by identity, and merging the same
#     store or campaign twice changes no count;
#   - read-only stores: a write is exit 2 naming it, report works in a
#     read-only directory and creates nothing there;
#   - a store claiming schema 1 with version-2 columns, a 0-byte file,
#     an empty SQLite database and a foreign WAL database are refused and
#     left as they were (no -shm beside them);
#   - a corrupt store's message carries SQLite's reason, and a --db path
#     of over 1,000 characters does not push the reason out;
#   - a path too long for its buffer (check --save DIR/, UVMCHECK_ROOT)
#     is exit 2 naming it, never a path cut short.
set -u
U=${1:?usage: bad_paths_test.sh UVMCHECK SOURCE_ROOT}
ROOT=${2:?usage: bad_paths_test.sh UVMCHECK SOURCE_ROOT}
T=$(mktemp -d "${TMPDIR:-/tmp}/uvmcheck-paths.XXXXXX")
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT
cd "$T" || exit 1
export UVMCHECK_ROOT=$ROOT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect_rc WANT DESCRIPTION CMD...
expect_rc() {
	local want=$1 what=$2 rc
	shift 2
	"$@" >out 2>err
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$what (exit $rc)"
	else
		bad "$what: exit $rc, wanted $want"
		sed 's/^/  | /' out err | head -20
	fi
}
# in_err REGEX DESCRIPTION: the last command's stderr says it
in_err() {
	grep -Eq -- "$1" err && ok "$2" || { bad "$2: no /$1/ in: $(cat err)"; }
}
# the listing of the scratch directory, to see that nothing appeared
listing() { (cd "$T" && find . -path ./out -prune -o -path ./err -prune -o -print | sort); }

S10=(S-10-vslock-truncate --profile netbsd-2003)
"$U" check "${S10[@]}" --save good.sched >/dev/null 2>&1

# ------------------------------------------------------------ writers
mkdir adir
mkfifo fifo
echo keep > target
ln -s target link
ln -s /nonexistent/x dangling
dev=
if [ "$(id -u)" -eq 0 ] && mknod cdev c 1 3 2>/dev/null; then dev=cdev; fi
writers() {	# writers PATH: every writer's command line writing PATH
	# (check --save DIR means DIR/SCENARIO-PROFILE.sched)
	[ -d "$1" ] || echo "check --save|$U check ${S10[*]} --save $1"
	echo "run --save|$U run S-10-vslock-truncate --schedule a1 --save $1"
	echo "minimize -o|$U minimize good.sched -o $1"
	echo "report --html|$U report --db store.db --html $1"
}
"$U" check "${S10[@]}" --db store.db >/dev/null 2>&1
for p in adir fifo link dangling $dev missing/x.out adir/; do
	before=$(listing; ls -l target; readlink link)
	while IFS='|' read -r what cmd; do
		# shellcheck disable=SC2086
		expect_rc 2 "$what $p" $cmd
		case $p in
		missing/*) in_err "create it first" "$what $p: says the directory is missing";;
		*/) in_err "names a directory" "$what $p: says why";;
		*) in_err "refusing to write: the output path is a" "$what $p: says why";;
		esac
	done < <(writers "$p")
	after=$(listing; ls -l target; readlink link)
	[ "$before" = "$after" ] && ok "$p: nothing touched" ||
	    bad "$p: files changed: $(diff <(echo "$before") <(echo "$after"))"
done
[ -p fifo ] && [ -L link ] && [ -d adir ] && [ ! -e missing ] &&
    [ "$(cat target)" = keep ] && ok "fifo, link, dir, target as they were" ||
    bad "something replaced"
# the check --save path is refused before the search, not after it
"$U" check "${S10[@]}" --save fifo >out 2>err
grep -q "^verdict" out && bad "check searched before refusing --save" ||
    ok "check refuses --save before searching"
# the gate's --junit goes through the same writer: no DIR.tmp beside it
before=$(listing)
"$U" gate --root "$ROOT" --max-states 1 --junit adir >out 2>err
[ "$before" = "$(listing)" ] && ok "gate --junit DIR: nothing created" ||
    bad "gate --junit DIR created: $(diff <(echo "$before") <(listing))"
in_err "junit.*a directory" "gate --junit DIR says why"
# a symlink planted at the old fixed temporary name (OUT.tmp) is not
# followed: the page and the JUnit file go through a fresh temporary file
echo victim > victim
ln -s victim page.html.tmp
ln -s victim j.xml.tmp
expect_rc 0 "report --html with page.html.tmp planted" "$U" report --db store.db --html page.html
"$U" gate --root "$ROOT" --max-states 1 --junit j.xml >out 2>err
[ "$(cat victim)" = victim ] && [ -L page.html.tmp ] && [ -L j.xml.tmp ] &&
    ok "OUT.tmp symlinks not followed" || bad "a planted OUT.tmp was followed"
[ -f page.html ] && [ ! -L page.html ] && grep -q "<html" page.html &&
    ok "page.html written" || bad "page.html not written"
[ -f j.xml ] && grep -q "<testsuites" j.xml && ok "j.xml written" ||
    bad "j.xml not written"
# and a good path still works, replacing a regular file
expect_rc 1 "check --save a regular file" "$U" check "${S10[@]}" --save target
head -1 target | grep -q "^uvmcheck-schedule" && ok "target replaced" ||
    bad "target not written"

# ------------------------------------------- report --html onto the store
cp store.db store.orig
ln -s store.db store-link.db
for h in store.db ./store.db "$T/store.db" "$T/adir/../store.db"; do
	expect_rc 2 "report --db store.db --html $h" "$U" report --db store.db --html "$h"
	in_err "is the store itself" "--html $h: says why"
done
expect_rc 2 "report --db store-link.db --html store.db" "$U" report \
    --db store-link.db --html store.db
cmp -s store.db store.orig && ok "store untouched" || bad "store overwritten"

# ------------------------------------------------------------- merge
expect_rc 2 "merge ./store.db -o store.db" "$U" report merge ./store.db -o store.db
in_err "same file as the output" "merge names the identity"
expect_rc 2 "merge store-link.db -o store.db" "$U" report merge store-link.db -o store.db
cmp -s store.db store.orig && ok "store untouched by refused merges" ||
    bad "store changed by a refused merge"
count() {	# count DB: the finding counts, one line
	"$U" report --db "$1" | sed -n '/^findings by root cause/,$p' |
	    grep -E '^  [0-9a-f]{16} ' | awk '{print $1, $5}'
}
"$U" check "${S10[@]}" --db store.db >/dev/null 2>&1	# seen twice now
want=$(count store.db)
[ -n "$want" ] || bad "no findings in store.db"
expect_rc 0 "merge store.db store.db -o m1.db" "$U" report merge store.db store.db -o m1.db
[ "$(count m1.db)" = "$want" ] && ok "the same store twice counts once" ||
    bad "merge a a: $(count m1.db), want $want"
expect_rc 0 "merge store.db -o m1.db again" "$U" report merge store.db -o m1.db
[ "$(count m1.db)" = "$want" ] && ok "merging again changes nothing" ||
    bad "merge again: $(count m1.db), want $want"
n1=$("$U" report --db m1.db | sed -n '/^campaigns$/,/^$/p' | grep -cE '^ +[0-9]+  check ')
[ "$n1" -eq 2 ] && ok "2 campaigns once each" || bad "$n1 campaigns, want 2"

# --------------------------------------------------- read-only stores
# root ignores permissions: the read-only cases run as nobody
as_user() { if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
mkdir rodir rwdir
"$U" check "${S10[@]}" --db rodir/s.db >/dev/null 2>&1
cp rodir/s.db rwdir/ro.db
chmod 444 rwdir/ro.db
chmod 555 rodir
[ "$(id -u)" -eq 0 ] && chown 65534 rwdir
chmod 755 "$T"
expect_rc 2 "check --db on a read-only store" as_user "$U" check "${S10[@]}" --db rwdir/ro.db
in_err "read-only" "says the store is read-only"
expect_rc 2 "merge into a read-only store" as_user "$U" report merge rodir/s.db -o rwdir/ro.db
expect_rc 0 "report on a store in a read-only directory" as_user "$U" report --db rodir/s.db
grep -q "freed-page-in-use" out && ok "read-only report has the finding" || bad "report: $(cat out)"
expect_rc 0 "report on a read-only store" as_user "$U" report --db rwdir/ro.db
ls rodir/s.db-* rwdir/ro.db-* 2>/dev/null && bad "report left -wal/-shm" ||
    ok "report created no -wal/-shm"
expect_rc 2 "check --db in a read-only directory" as_user "$U" check "${S10[@]}" --db rodir/new.db
[ -e rodir/new.db ] && bad "rodir/new.db created" || ok "nothing created in rodir"
chmod 755 rodir

# ------------------------------------------------------- bad stores
python3 - <<'EOF'
import sqlite3, shutil
# claims version 1, already has a version-2 column
c = sqlite3.connect("half.db")
c.executescript("""
CREATE TABLE campaigns (id INTEGER PRIMARY KEY, command TEXT NOT NULL,
 scenario TEXT, profile TEXT, knobs TEXT, engine TEXT, seed INTEGER,
 model_version TEXT, start REAL NOT NULL, end REAL,
 states INTEGER DEFAULT 0, transitions INTEGER DEFAULT 0,
 seconds REAL DEFAULT 0);
CREATE TABLE findings (signature TEXT PRIMARY KEY, invariant TEXT NOT NULL,
 profile TEXT, scenario TEXT, first_seen REAL NOT NULL,
 last_seen REAL NOT NULL, count INTEGER NOT NULL, sched TEXT NOT NULL,
 length INTEGER NOT NULL, campaign INTEGER);
ALTER TABLE campaigns ADD COLUMN execs INTEGER DEFAULT 0;
PRAGMA application_id = 1431719235; PRAGMA user_version = 1;""")
c.close()
# another program's empty SQLite database (a header, no tables)
c = sqlite3.connect("emptysql.db")
c.execute("PRAGMA page_size = 4096")
c.execute("VACUUM")
c.close()
# another program's WAL database, left with its -wal (no -shm)
c = sqlite3.connect("fwal.db")
c.execute("PRAGMA journal_mode = WAL")
c.execute("PRAGMA wal_autocheckpoint = 0")
c.execute("CREATE TABLE t (x)")
c.execute("INSERT INTO t VALUES (1)")
c.commit()
shutil.copy("fwal.db", "fwal2.db")
shutil.copy("fwal.db-wal", "fwal2.db-wal")
c.close()
EOF
rm -f fwal.db fwal.db-wal fwal.db-shm
: > zero.db
[ -s emptysql.db ] || bad "emptysql.db is 0 bytes"
for f in half.db zero.db emptysql.db fwal2.db; do
	cp "$f" "$f.orig"
	for cmd in "report --db $f" "check ${S10[*]} --db $f" \
	    "report merge store.db -o $f" "report merge $f -o new-$f"; do
		# shellcheck disable=SC2086
		expect_rc 2 "$cmd" "$U" $cmd
		cmp -s "$f" "$f.orig" && ok "$f untouched" || bad "$f modified by $cmd"
		[ -e "$f-shm" ] && bad "$cmd created $f-shm"
		[ -e "new-$f" ] && bad "$cmd created new-$f"
	done
done
"$U" report --db half.db 2>err
in_err "claims schema version 1 but already has campaigns.execs" "names the schema mismatch"
grep -q "duplicate column" err && bad "says duplicate column"
"$U" report --db zero.db 2>err
in_err "empty file" "names the empty file"

# ------------------------------------------------------------ messages
cp store.db corrupt.db
python3 - <<'EOF'
with open("corrupt.db", "r+b") as f:
    f.seek(4096 + 8)
    f.write(bytes((0xa5 ^ (i & 0xff)) for i in range(3000)))
EOF
expect_rc 2 "report on a corrupt store" "$U" report --db corrupt.db
in_err "corrupt database \(.*(page|malformed|range).*\)" "corrupt: SQLite's reason"
grep -q "not an error" err && bad "corrupt: 'not an error'"
long=$T
for i in 1 2 3 4 5; do long=$long/$(printf 'd%.0s' $(seq 1 220)); done
mkdir -p "$long"
seq 1 500 > "$long/text.db"
expect_rc 2 "report --db a ${#long}-character path" "$U" report --db "$long/text.db"
in_err "not a uvmcheck database" "a long path keeps the reason"
expect_rc 2 "check --db a long path" "$U" check "${S10[@]}" --db "$long/text.db"
in_err "not a uvmcheck database" "check: a long path keeps the reason"

# a path that does not fit is an error naming it, never a shortened path
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do long=$long/$(printf "e%.0s" $(seq 1 220)); done
expect_rc 2 "check --save DIR/ beyond the path limit" "$U" check "${S10[@]}" \
    --save "$long/"
in_err "--save: path too long" "check --save: the long path named"
[ -e "$long" ] && bad "check --save: a directory was made"
expect_rc 2 "UVMCHECK_ROOT beyond the path limit" env UVMCHECK_ROOT="$long" \
    "$U" list scenarios
in_err "UVMCHECK_ROOT: path too long" "UVMCHECK_ROOT: named"

echo "$fails failed"
[ "$fails" -eq 0 ]
