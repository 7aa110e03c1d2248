#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""hook_receiver: a web application's inbound-mail endpoint, for the tests.

usage: hook_receiver.py PORT OUTDIR ANSWERS
Each request is kept as OUTDIR/N.body (the body as received),
OUTDIR/N.headers (JSON: the request's headers) and OUTDIR/N.path. ANSWERS
is a comma-separated list of what the Nth request gets, the last one for
every request after: an HTTP status (200, 500, 403, 406), "redirect" (a
302 to /elsewhere) or "slow" (no answer for 30 s, then 200).
"""
import http.server
import json
import os
import sys
import threading
import time

port, outdir = int(sys.argv[1]), sys.argv[2]
answers = sys.argv[3].split(",")
lock = threading.Lock()
count = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            count[0] += 1
            n = count[0]
        base = os.path.join(outdir, str(n))
        with open(base + ".headers", "w") as f:
            json.dump({k: v for k, v in self.headers.items()}, f)
        with open(base + ".path", "w") as f:
            f.write(self.path)
        with open(base + ".body", "wb") as f:
            f.write(body)
        answer = answers[min(n, len(answers)) - 1]
        if answer == "slow":
            time.sleep(30)
            answer = "200"
        if answer == "redirect":
            self.send_response(302)
            self.send_header("Location", "/elsewhere")
        else:
            self.send_response(int(answer))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
