#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""slow_smtp: one SMTP transaction, paused half-way through DATA.

usage: slow_smtp.py PORT FROM TO PIDFILE [OTHER_TO]
Sends the message up to half of its body, sends SIGTERM to the process in
PIDFILE (the milter), waits a second, then sends the rest. Prints the
server's final answer: a stopping milter must still finish this message.
With OTHER_TO, a second message to OTHER_TO is sent on a new connection
while the first is paused; the last line printed is "other: " and the
first answer that was not 2xx/3xx (or the final one).
"""
import os
import signal
import socket
import sys
import time

port, sender, rcpt, pidfile = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
other = sys.argv[5] if len(sys.argv) > 5 else None


class Session:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", int(port)), timeout=60)
        self.f = self.s.makefile("rb")

    def reply(self):
        while True:
            line = self.f.readline().decode()
            if line[3:4] != "-":
                return line.strip()

    def cmd(self, text):
        self.s.sendall(text.encode() + b"\r\n")
        return self.reply()


def whole_message(to):
    """Send one message on a new connection; the first refusal or the end."""
    o = Session()
    o.reply()
    for c in ("EHLO other.example.net", "MAIL FROM:<%s>" % sender,
              "RCPT TO:<%s>" % to, "DATA"):
        r = o.cmd(c)
        if r[:1] not in ("2", "3"):
            return r
    o.s.sendall(b"Subject: meanwhile\r\n\r\nbody\r\n.\r\n")
    return o.reply()


sess = Session()
s, reply, cmd = sess.s, sess.reply, sess.cmd


reply()
cmd("EHLO slow.example.net")
cmd("MAIL FROM:<%s>" % sender)
r = cmd("RCPT TO:<%s>" % rcpt)
if not r.startswith("250"):
    print("RCPT refused: " + r)
    sys.exit(1)
cmd("DATA")
s.sendall(b"From: <%s>\r\nSubject: in flight\r\n\r\nfirst half\r\n" % sender.encode())
time.sleep(0.5)
os.kill(int(open(pidfile).read()), signal.SIGTERM)
time.sleep(0.5)
other_answer = whole_message(other) if other else None
time.sleep(0.5)
s.sendall(b"second half\r\n.\r\n")
print(reply())
cmd("QUIT")
if other:
    print("other: " + other_answer)
