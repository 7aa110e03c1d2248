#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""webhook_sink: a web server on 127.0.0.1 that records POSTs.

usage: webhook_sink.py PORT OUTDIR [FAILURES]
Each POST is written to OUTDIR/N.body with its X-PostReply-Signature in
OUTDIR/N.sig and its X-PostReply-Timestamp in OUTDIR/N.ts. The first FAILURES requests are answered 503 (to test
retries), the rest 200.
"""
import http.server
import os
import sys
import threading

port, outdir = int(sys.argv[1]), sys.argv[2]
failures = int(sys.argv[3]) if len(sys.argv) > 3 else 0
lock = threading.Lock()
count = [0]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            count[0] += 1
            n = count[0]
        if n <= failures:
            self.send_response(503)
            self.end_headers()
            return
        with open(os.path.join(outdir, "%d.body" % n), "wb") as f:
            f.write(body)
        for ext, header in (("sig", "X-PostReply-Signature"),
                            ("ts", "X-PostReply-Timestamp")):
            with open(os.path.join(outdir, "%d.%s" % (n, ext)), "w") as f:
                f.write(self.headers.get(header, ""))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
