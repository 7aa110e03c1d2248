# SPDX-License-Identifier: BSD-2-Clause
"""postreply-web under load, for scripts/bench-web: request latency
(p50/p99) at size, and memory with 100 live streams."""
import hashlib
import http.client
import os
import random
import time

from livetest import Stream
from webtest import URL, request, signin

N = int(os.environ.get("BENCH_REQUESTS", "300"))
PID = os.environ["WEB_PID"]


def rss_kb():
    with open("/proc/%s/status" % PID) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def timed(cookie, paths):
    """Milliseconds of each GET, on one kept-alive connection."""
    conn = http.client.HTTPConnection(URL.hostname, URL.port, timeout=30)
    out = []
    for p in paths:
        t = time.perf_counter()
        conn.request("GET", p, headers={"Cookie": "postreply_session=" + cookie})
        resp = conn.getresponse()
        resp.read()
        out.append((time.perf_counter() - t) * 1000)
        if resp.status != 200:
            raise SystemExit("%s: %s" % (p, resp.status))
    conn.close()
    return out


def report(what, ms):
    ms = sorted(ms)
    print("%-58s p50 %6.1f ms   p99 %6.1f ms   (%d requests)" % (
        what, ms[len(ms) // 2], ms[min(len(ms) - 1, int(len(ms) * 0.99))], len(ms)))


admin, _ = signin("admin@bench.example", "bench password")
user, _ = signin("u1@bench.example", "bench password")
st, h, first = request("GET", "/api/inbox", cookie=admin)
print("inbox: %d conversations, %d unread" % (first["total"], first["unread"]))
after, all_ids = None, []
for _ in range(20):
    st, h, j = request("GET", "/api/inbox" + ("?after=" + after if after else ""), cookie=admin)
    all_ids += [r["id"] for r in j["rows"]]
    after = j["next"]

print()
report("inbox, first page (admin: all)", timed(admin, ["/api/inbox"] * N))
report("inbox, first page (user: one account)", timed(user, ["/api/inbox"] * N))
report("inbox, 21st page (by cursor)", timed(admin, ["/api/inbox?after=" + after] * N))
report("inbox, unread only", timed(admin, ["/api/inbox?unread=1"] * N))
# Searches and filters, their matches counted up to 1,000: few matches
# (a trigram search, a status nobody has) and many (every customer's
# address has "example"). Searches of fewer than 3 characters are
# refused.
for what, q, n in [
        ("search, 11 matches (q=c4242)", "q=c4242", N),
        ("search, 11 matches, a user of one account", "q=c4242", N),
        ("search, 1,111 matches (q=c42)", "q=c42", N),
        ("search, every conversation (q=example)", "q=example", N),
        ("by status, a quarter (interested)", "status=interested", N),
        ("by status, none (do_not_contact)", "status=do_not_contact", N),
        ("by type, standard", "type=standard", N),
        ("by type, needs_attention", "type=needs_attention", N),
        ("status and search (interested, q=c42)", "status=interested&q=c42", N)]:
    report("inbox, " + what, timed(user if "user" in what else admin,
                                   ["/api/inbox?" + q] * n))
report("conversation (random)", timed(admin, [
    "/api/conversations/%d" % random.choice(all_ids) for _ in range(N)]))

print()
idle = rss_kb()
cookies = [hashlib.sha256(("u%d@bench.example" % i).encode()).hexdigest()
           for i in range(1, 101)]
streams = [Stream(c) for c in cookies]
bad = [s.status for s in streams if s.status != 200]
if bad:
    raise SystemExit("streams refused: %s" % bad)
time.sleep(1)
held = rss_kb()
print("postreply-web RSS: %d KiB idle, %d KiB with 100 users' live streams "
      "(%.1f KiB a stream)" % (idle, held, (held - idle) / 100.0))
# One change for every account: each stream hears its own account's.
cookie, csrf = signin("admin@bench.example", "bench password")
t = time.perf_counter()
for acct in range(10):
    st, h, j = request("GET", "/api/inbox?account=sales%d@example.com" % (acct + 1), cookie=cookie)
    cid = j["rows"][0]["id"]
    request("POST", "/api/conversations/%d/notes" % cid, {"text": "bench"}, cookie=cookie, csrf=csrf)
heard = sum(1 for s in streams if s.event(10))
print("a note on each account heard by %d of 100 streams in %.0f ms; RSS then %d KiB"
      % (heard, (time.perf_counter() - t) * 1000, rss_kb()))
for s in streams:
    s.close()
