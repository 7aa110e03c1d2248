#!/usr/bin/python3
"""slow_smtp: one SMTP transaction, paused half-way through DATA.

usage: slow_smtp.py PORT FROM TO PIDFILE
Sends the message up to half of its body, sends SIGTERM to the process in
PIDFILE (the milter), waits a second, then sends the rest. Prints the
server's final answer: a stopping milter must still finish this message.
"""
import os
import signal
import socket
import sys
import time

port, sender, rcpt, pidfile = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
s = socket.create_connection(("127.0.0.1", int(port)), timeout=60)
f = s.makefile("rb")


def reply():
    while True:
        line = f.readline().decode()
        if line[3:4] != "-":
            return line.strip()


def cmd(text):
    s.sendall(text.encode() + b"\r\n")
    return reply()


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
time.sleep(1)
s.sendall(b"second half\r\n.\r\n")
print(reply())
cmd("QUIT")
