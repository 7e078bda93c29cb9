#!/usr/bin/env bash
# soak_test.sh: uvmcheck soak, the deterministic sweep of generated
# scenarios the gate runs (fuzz/soak.c).
#   usage: soak_test.sh UVMCHECK
set -u
U=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

out=$("$U" soak --scenarios 400 --walks 16); rc=$?
[ $rc -eq 0 ] && echo "$out" | grep -q "400 scenarios x 16 walks, [0-9]* states, 0 failing" &&
    ok "fixed: 400 generated scenarios clean" || bad "fixed soak: rc $rc: $out"
again=$("$U" soak --scenarios 400 --walks 16 --json); rc=$?
again2=$("$U" soak --scenarios 400 --walks 16 --json)
[ "$(echo "$again" | sed 's/"seconds":[0-9.]*//')" = \
  "$(echo "$again2" | sed 's/"seconds":[0-9.]*//')" ] &&
    echo "$again" | grep -q '"failed":0' &&
    ok "deterministic: the same figures twice" || bad "not deterministic: $again / $again2"
# the kernel of 2020 has the latent bugs: the soak finds them
out=$("$U" soak --profile netbsd-2020 --scenarios 400 --walks 16 --list --save "$tmp/f.sched"); rc=$?
first=$(echo "$out" | sed -n 's/^soak: scenario \([0-9]*\) of seed.*/\1/p')
[ $rc -eq 1 ] && [ -n "$first" ] && [ -s "$tmp/f.sched" ] &&
    ok "netbsd-2020: a failing scenario ($first), saved" || bad "netbsd-2020 soak: rc $rc: $out"
"$U" replay "$tmp/f.sched" >/dev/null; rc=$?
[ $rc -eq 1 ] && ok "its .sched replays to the violation" || bad "replay rc $rc"
out=$("$U" soak --profile netbsd-2020 --start "$first" --scenarios 1 --walks 16); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q "scenario $first of seed" &&
    ok "--start re-runs it alone" || bad "--start: rc $rc: $out"
"$U" soak --scenarios 0 >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "--scenarios 0 is bad usage" || bad "--scenarios 0: rc $rc"
"$U" soak --profile nope >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "unknown profile is bad usage" || bad "--profile nope: rc $rc"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
