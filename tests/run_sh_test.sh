#!/usr/bin/env bash
# run_sh_test.sh SRCDIR: `./run.sh --json | python3 -m json.tool` works:
# only the matrix goes to stdout, whatever apt-get, meson and ninja print.
# run.sh runs in a copy of itself with stand-ins for those tools (they
# print to stdout, as the real ones do) and for build/uvmcheck.
set -euo pipefail
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/tree/build" "$tmp/tree/scripts" "$tmp/bin"
cp "$src/run.sh" "$tmp/tree/run.sh"
cp "$src/scripts/deps.sh" "$tmp/tree/scripts/"
: > "$tmp/tree/build/build.ninja"
cat > "$tmp/tree/build/uvmcheck" <<'S'
#!/bin/sh
echo '[{"scenario": "x", "args": "'"$*"'"}]'
S
for t in apt-get meson ninja sudo; do
	printf '#!/bin/sh\necho "%s: some progress output"\n' "$t" > "$tmp/bin/$t"
done
# every package looks missing, so apt-get runs
printf '#!/bin/sh\nexit 1\n' > "$tmp/bin/dpkg-query"
chmod +x "$tmp"/bin/* "$tmp/tree/build/uvmcheck"
out=$(PATH="$tmp/bin:$PATH" bash "$tmp/tree/run.sh" --json 2>"$tmp/err")
echo "$out" | python3 -m json.tool >/dev/null || {
	echo "run.sh --json: stdout is not JSON:"; echo "$out"; exit 1; }
echo "$out" | grep -q '"args": "matrix --json"' || {
	echo "run.sh did not pass --json to the matrix: $out"; exit 1; }
# the tools' output is not lost: it is on stderr
grep -q "ninja: some progress output" "$tmp/err" || {
	echo "ninja's output went nowhere"; cat "$tmp/err"; exit 1; }
grep -q "apt-get: some progress output" "$tmp/err" || {
	echo "apt-get's output went nowhere"; cat "$tmp/err"; exit 1; }
echo "run.sh --json: JSON on stdout, the build's output on stderr"
