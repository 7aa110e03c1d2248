#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""policy_client: talk to a Postfix policy server over a unix socket.

usage: policy_client.py SOCKET FILE
    Sends FILE (one or more requests) in one write, as Postfix may
    pipeline them, and prints every answer, until all are answered.
usage: policy_client.py SOCKET --raw PYTHON_BYTES_EXPRESSION WAIT
    Sends the bytes (an expression such as b"a" * 10000, from the test
    scripts) and prints what the server did within WAIT seconds: "CLOSED"
    (closed without answering), "OPEN" (still waiting), or its answer.
"""
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def answers(path, data):
    s = connect(path)
    s.sendall(data)
    want = data.replace(b"\r\n", b"\n").count(b"\n\n")
    got = b""
    s.settimeout(20)
    while got.count(b"\n\n") < want:
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
    sys.stdout.buffer.write(got)


def raw(path, data, wait):
    s = connect(path)
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        print("CLOSED")
        return
    s.settimeout(wait)
    deadline = time.time() + wait
    got = b""
    try:
        while time.time() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                print("CLOSED" if not got else got.decode())
                return
            got += chunk
            if got.endswith(b"\n\n"):
                break
    except socket.timeout:
        pass
    except ConnectionResetError:
        print("CLOSED")
        return
    print(got.decode() if got else "OPEN")


if sys.argv[2] == "--raw":
    raw(sys.argv[1], eval(sys.argv[3], {}), float(sys.argv[4]))
else:
    answers(sys.argv[1], open(sys.argv[2], "rb").read())
