#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""unwrap: print a message captured by smtp-sink as the sender wrote it.

Drops the sink's X-* envelope lines and its Received: header, Postfix's
Received: header, and the X-PostReply-* headers the milter adds; line ends
become LF. What remains must equal what the client sent.
With --headers NAME, prints the values of that header instead.
With --original, prints the file as a sender's copy to compare with.
With --stored, the file is a raw copy postreply stored: only the Received:
header Postfix added (the first header) is dropped.
Trailing empty lines are dropped on both sides: swaks and smtp-sink each
add one that the message never had.
"""
import sys

RAW = open(sys.argv[1], "rb").read().replace(b"\r\n", b"\n")
if len(sys.argv) > 2 and sys.argv[2] == "--original":
    sys.stdout.buffer.write(RAW.rstrip(b"\n") + b"\n")
    sys.exit(0)
lines = RAW.split(b"\n")

def header_blocks(lines):
    """Split the header part into (first line, all lines) blocks."""
    blocks, i = [], 0
    while i < len(lines) and lines[i] != b"":
        block = [lines[i]]
        i += 1
        while i < len(lines) and lines[i][:1] in (b" ", b"\t"):
            block.append(lines[i])
            i += 1
        blocks.append(block)
    return blocks, lines[i:]

blocks, body = header_blocks(lines)
stored = len(sys.argv) > 2 and sys.argv[2] == "--stored"
# The sink's envelope lines and its Received:, then Postfix's Received:.
while not stored and blocks and (blocks[0][0].startswith(b"X-Client-") or
                                 blocks[0][0].startswith(b"X-") and b"-Args:" in blocks[0][0]):
    blocks.pop(0)
for _ in range(1 if stored else 2):
    if blocks and blocks[0][0].lower().startswith(b"received:"):
        blocks.pop(0)

if len(sys.argv) > 3 and sys.argv[2] == "--headers":
    name = sys.argv[3].lower().encode() + b":"
    for b in blocks:
        if b[0].lower().startswith(name):
            print(b"\n".join(b)[len(name):].strip().decode("utf-8", "replace"))
    sys.exit(0)

kept = [b for b in blocks if not b[0].lower().startswith(b"x-postreply-")]
out = b"\n".join(l for b in kept for l in b) + b"\n" + b"\n".join(body)
sys.stdout.buffer.write(out.rstrip(b"\n") + b"\n")
