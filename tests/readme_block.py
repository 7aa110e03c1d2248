#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""readme_block.py [--settings] README HEADING [N]: the Nth (default 1)
indented code block under the README section whose heading is HEADING
(without its #s), indentation removed. With --settings, the block is
main.cf text and comes out as one "name = value" per line, for postconf
-e: comments and blank lines dropped, continuation lines joined. Tests
configure with README's own lines this way, so the documentation cannot
drift from what works."""
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


def main():
    args = sys.argv[1:]
    as_settings = args and args[0] == "--settings"
    if as_settings:
        args = args[1:]
    path, heading = args[0], args[1]
    want = int(args[2]) if len(args) > 2 else 1
    with open(path, encoding="utf-8") as f:
        found = block(f.read().split("\n"), heading, want)
    if found is None:
        sys.exit('readme_block: no code block %d under "%s"' % (want, heading))
    print("\n".join(settings(found) if as_settings else found))


main()
