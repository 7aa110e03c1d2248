# SPDX-License-Identifier: BSD-2-Clause
"""Server-sent events from postreply-web (GET /api/events), read over a
real socket as a browser's EventSource does."""
import http.client
import json
import socket
import time

from webtest import URL


class Stream:
    """One open stream: status, then events as (name, data)."""

    def __init__(self, cookie):
        self.conn = http.client.HTTPConnection(URL.hostname, URL.port,
                                               timeout=30)
        self.conn.request("GET", "/api/events", headers={
            "Cookie": "postreply_session=" + cookie,
            "Accept": "text/event-stream"})
        # The stream ends with its connection (no chunks): http.client
        # hands the socket to the response, so it is kept here.
        self.sock = self.conn.sock
        self.resp = self.conn.getresponse()
        self.status = self.resp.status
        self.headers = {k.lower(): v for k, v in self.resp.getheaders()}
        self.comments = 0

    def event(self, timeout):
        """The next event (name, data parsed from JSON), or None when
        none came within timeout seconds."""
        name, data = None, None
        end = time.time() + timeout
        while time.time() < end:
            self.sock.settimeout(max(0.1, end - time.time()))
            try:
                line = self.resp.fp.readline()
            except (socket.timeout, TimeoutError):
                return None
            if not line:
                return None
            line = line.decode().rstrip("\n")
            if line.startswith(":"):
                self.comments += 1
            elif line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = json.loads(line[6:])
            elif line == "" and name:
                return name, data
        return None

    def close(self):
        self.sock.shutdown(socket.SHUT_RDWR)
        self.resp.close()
        self.conn.close()
