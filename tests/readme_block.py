#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""readme_block.py [--settings] README HEADING [N]: the Nth (default 1)
indented code block under the README section whose heading is HEADING
(without its #s), indentation removed. With --settings, the block is
main.cf text and comes out as one "name = value" per line, for postconf
-e: comments and blank lines dropped, continuation lines joined. With
--table, the Nth Markdown table under the heading instead, one row a line
(header and rule left out), cells separated by tabs. Tests configure with
README's own lines this way, so the documentation cannot drift from what
works."""
import re
import sys


def block(lines, heading, want):
    inside, n, prev_blank, found = False, 0, True, None
    for line in lines:
        if found is not None:
            if line.startswith("    ") or line == "":
                found.append(line[4:])
                continue
            break
        m = re.match(r"^#+ (.*)$", line)
        if m:
            if inside:
                break
            inside = m.group(1).strip() == heading
            continue
        if inside and prev_blank and line.startswith("    "):
            n += 1
            if n == want:
                found = [line[4:]]
                continue
        prev_blank = line.strip() == ""
    while found and found[-1] == "":
        found.pop()
    return found


def settings(text):
    out = []
    for line in text:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t" and out:
            out[-1] += " " + line.strip()
        else:
            out.append(line.rstrip())
    return out


def table(lines, heading, want):
    inside, n, rows = False, 0, None
    for line in lines:
        m = re.match(r"^#+ (.*)$", line)
        if m:
            if inside:
                break
            inside = m.group(1).strip() == heading
            continue
        if not inside:
            continue
        if line.startswith("|"):
            if rows is None:
                n += 1
                rows = []
            if n == want:
                rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows is not None:
            if n == want:
                break
            rows = None
    if rows is None or n != want or len(rows) < 2:
        return None
    return ["\t".join(r) for r in rows[2:]]


def main():
    args = sys.argv[1:]
    as_settings = args and args[0] == "--settings"
    as_table = args and args[0] == "--table"
    if as_settings or as_table:
        args = args[1:]
    path, heading = args[0], args[1]
    want = int(args[2]) if len(args) > 2 else 1
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if as_table:
        found = table(lines, heading, want)
        if found is None:
            sys.exit('readme_block: no table %d under "%s"' % (want, heading))
        print("\n".join(found))
        return
    found = block(lines, heading, want)
    if found is None:
        sys.exit('readme_block: no code block %d under "%s"' % (want, heading))
    print("\n".join(settings(found) if as_settings else found))


main()
