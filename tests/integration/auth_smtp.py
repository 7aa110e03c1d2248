#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""auth_smtp: an SMTP server on 127.0.0.1 that offers AUTH, not STARTTLS.

usage: auth_smtp.py PORT LOGFILE
LOGFILE is created once it listens; each line a client sends is appended
to it, so a test can tell whether credentials crossed in clear. It accepts any AUTH and any
message; sessions are served one after the other until it is killed.
"""
import socket
import sys

port, logfile = int(sys.argv[1]), sys.argv[2]
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(5)
open(logfile, "w").close()  # ready


def answer(line, in_data):
    """The reply to one line, and whether DATA's content follows."""
    if in_data:
        return ("250 2.0.0 queued\r\n", False) if line == "." else (None, True)
    verb = line.split(" ", 1)[0].upper()
    if verb == "EHLO":
        return "250-auth.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n", False
    if verb == "AUTH":
        return "235 2.7.0 accepted\r\n", False
    if verb == "DATA":
        return "354 go on\r\n", True
    if verb == "QUIT":
        return "221 bye\r\n", False
    return "250 ok\r\n", False


while True:
    conn, _ = srv.accept()
    with conn, conn.makefile("rb") as f, open(logfile, "a") as log:
        conn.sendall(b"220 auth.example ESMTP\r\n")
        in_data = False
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            log.write(line + "\n")
            log.flush()
            reply, in_data = answer(line, in_data)
            if reply:
                conn.sendall(reply.encode())
            if line.upper() == "QUIT":
                break
