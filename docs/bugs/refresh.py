#!/usr/bin/env python3
"""refresh.py: paste the live `uvmcheck replay` output into every
<!-- replay: FILE --> block of docs/bugs/*.md (never edit those blocks by
hand; tests/bugs_doc_test.sh compares them with the checker).
usage: docs/bugs/refresh.py [path/to/uvmcheck]   (from the source root)"""
import glob, re, subprocess, sys

uvmcheck = sys.argv[1] if len(sys.argv) > 1 else "build/uvmcheck"
pat = re.compile(r"(<!-- replay: (\S+) -->\n```\n)(.*?)(```\n<!-- end replay -->)", re.S)
for md in sorted(glob.glob("docs/bugs/[SL]-*.md")):
    text = open(md).read()
    def live(m):
        out = subprocess.run([uvmcheck, "replay", m.group(2)],
                             capture_output=True, text=True).stdout
        return m.group(1) + out + m.group(4)
    new = pat.sub(live, text)
    if new != text:
        open(md, "w").write(new)
        print("refreshed", md)
