#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""A milter client as an MTA other than Postfix may be: it passes the
envelope bytes it is given as they are (Postfix refuses some of them over
SMTP). Usage: milter_client.py SOCKET SENDER RCPT...; SENDER and RCPT are
Python bytes literals (b'<\\xba@example.net>'). Prints the milter's
answer to each RCPT: "continue", "reject", "tempfail", or the reply
code and text it set."""
import ast
import socket
import struct
import sys

# Postfix's offer: every action and every protocol step of version 6.
ACTIONS = 0x1FF
STEPS = 0x1FFFFF


def main():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    f = s.makefile("rb")

    def send(cmd, data=b""):
        s.sendall(struct.pack(">I", len(data) + 1) + cmd + data)

    def read():
        n = struct.unpack(">I", f.read(4))[0]
        d = f.read(n)
        return d[:1], d[1:]

    send(b"O", struct.pack(">III", 6, ACTIONS, STEPS))
    cmd, data = read()
    assert cmd == b"O", cmd
    steps = struct.unpack(">III", data[:12])[2]
    send(b"C", b"mx.example.net\0" + b"4" + struct.pack(">H", 25) +
         b"127.0.0.1\0")
    if not steps & 0x1000:  # SMFIP_NR_CONN
        read()
    send(b"D", b"Mi\0" + b"4ABCDE\0")
    send(b"M", ast.literal_eval(sys.argv[2]) + b"\0")
    if not steps & 0x4000:  # SMFIP_NR_MAIL
        read()
    for rcpt in sys.argv[3:]:
        send(b"R", ast.literal_eval(rcpt) + b"\0")
        cmd, data = read()
        names = {b"c": "continue", b"r": "reject", b"t": "tempfail"}
        print(names.get(cmd) or data.rstrip(b"\0").decode("ascii",
                                                         "backslashreplace"))
    send(b"A")
    send(b"Q")
    s.close()


main()
