# SPDX-License-Identifier: BSD-2-Clause
"""Helpers for the web API tests: HTTP as a browser's fetch() does it,
over a real socket to postreply-web (WEB_URL from the stack's env)."""
import http.client
import json
import os
import sys
import urllib.parse

URL = urllib.parse.urlsplit(os.environ["WEB_URL"])


def request(method, path, body=None, cookie=None, csrf=None, raw=None,
            ctype="application/json", headers=None):
    """(status, headers as a dict of lower-case names, parsed JSON or
    text). body is JSON-encoded; raw is sent as it is."""
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    h = dict(headers or {})
    data = raw
    if body is not None:
        data = json.dumps(body).encode()
    if data is not None:
        h["Content-Type"] = ctype
    if cookie:
        h["Cookie"] = "postreply_session=" + cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    conn.request(method, path, body=data, headers=h)
    resp = conn.getresponse()
    text = resp.read().decode("utf-8", "replace")
    hdrs = {k.lower(): v for k, v in resp.getheaders()}
    conn.close()
    try:
        return resp.status, hdrs, json.loads(text)
    except ValueError:
        return resp.status, hdrs, text


def signin(email, password):
    """Sign in: (session cookie value, csrf token); fails the test
    otherwise."""
    st, h, j = request("POST", "/api/signin",
                       {"email": email, "password": password})
    check(st == 200, "sign-in of %s: %s %s" % (email, st, j))
    cookie = h["set-cookie"].split(";")[0].split("=", 1)[1]
    return cookie, j["csrf"]


def check(cond, what):
    if not cond:
        print("FAIL: " + what)
        sys.exit(1)
