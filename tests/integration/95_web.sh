# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's API over real HTTP against the stack's daemon and
# database: sign-in, sessions, CSRF, grants checked on every call, and
# bad requests answered with a JSON error.

# web_py SCRIPT: run Python with webtest's helpers imported.
web_py() {
	WEB_URL=$WEB_URL PYTHONPATH=$TESTS_DIR/integration /usr/bin/python3 -c \
		"from webtest import *
$1" || fail "see above"
}

test_web_signin_with_a_password() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	web_py "
st, h, j = request('POST', '/api/signin', {'email': '$u', 'password': 'correct horse battery'})
check(st == 200, 'signed in: %s %s' % (st, j))
c = h['set-cookie']
check('HttpOnly' in c and 'SameSite=Lax' in c and 'Path=/' in c, 'cookie flags: ' + c)
check('Secure' not in c, 'no Secure over plain http: ' + c)
cookie = c.split(';')[0].split('=', 1)[1]
check(len(cookie) == 64, 'a 256-bit id: ' + cookie)
st, h, me = request('GET', '/api/me', cookie=cookie)
check(st == 200 and me['email'] == '$u' and me['admin'] is False, 'me: %s %s' % (st, me))
check(me['csrf'] == j['csrf'] and len(me['csrf']) == 64, 'csrf token')
st, h, j = request('GET', '/api/me')
check(st == 401 and j['error'] == 'please sign in', 'no cookie: %s %s' % (st, j))
st, h, j = request('GET', '/api/me', cookie='0' * 64)
check(st == 401, 'a made-up session: %s' % st)
for pw, who in (('wrong', '$u'), ('correct horse battery', 'nobody@example.com')):
    st, h, j = request('POST', '/api/signin', {'email': who, 'password': pw})
    check(st == 401 and j['error'] == 'wrong address or password', 'refused alike: %s %s' % (st, j))
    check('set-cookie' not in h, 'no cookie when refused')
"
	# Only the hash is stored.
	assert_eq 0 "$(sql "SELECT count(*) FROM web_users WHERE password_hash NOT LIKE '\$y\$%'
		AND lower(email) = lower('$u')")" "a yescrypt hash"
}

test_web_csrf_and_signout() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
st, h, j = request('POST', '/api/signout', {}, cookie=cookie)
check(st == 403 and 'token' in j['error'], 'no CSRF token: %s %s' % (st, j))
st, h, j = request('POST', '/api/signout', {}, cookie=cookie, csrf='x' * 64)
check(st == 403, 'a wrong CSRF token: %s' % st)
st, h, j = request('GET', '/api/me', cookie=cookie)
check(st == 200, 'still signed in')
st, h, j = request('POST', '/api/signout', {}, cookie=cookie, csrf=csrf)
check(st == 200 and 'Max-Age=0' in h['set-cookie'], 'signed out: %s %s' % (st, h))
st, h, j = request('GET', '/api/me', cookie=cookie)
check(st == 401, 'the session is gone: %s' % st)
"
	# A new password ends every session.
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
open('$STACK_DIR/web-cookie', 'w').write(cookie)
"
	printf 'another long password\n' | ctl user password "$u" >/dev/null
	web_py "
st, h, j = request('GET', '/api/me', cookie=open('$STACK_DIR/web-cookie').read())
check(st == 401, 'a new password signs everyone out: %s' % st)
"
}

# Two accounts, each with a conversation; a user granted only the first.
test_web_a_user_sees_only_the_accounts_granted() {
	new_conversation
	local a1=$ACCOUNT c1=$CUSTOMER r1=$REPLY u admin id1 id2
	new_conversation
	smtp --from "$c1" --to "$r1" --body "Reply for account one" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Reply for account two" >/dev/null
	wait_mail "$a1" 20 "Reply for account one" >/dev/null
	wait_mail "$ACCOUNT" 20 "Reply for account two" >/dev/null
	id1=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$c1'")
	id2=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$CUSTOMER'")
	u=$(uniq web)@example.com
	admin=$(uniq admin)@example.com
	web_user "$u" "correct horse battery"
	web_user "$admin" "correct horse battery" admin
	ctl user grant "$u" --account "$a1" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
open('$STACK_DIR/grant-cookie', 'w').write(cookie)
st, h, inbox = request('GET', '/api/inbox', cookie=cookie)
check(st == 200, 'inbox: %s %s' % (st, inbox))
custs = [r['customer'] for r in inbox['rows']]
check('$c1' in custs, 'the granted account\'s conversation: %s' % custs)
check('$CUSTOMER' not in custs, 'not another account\'s: %s' % custs)
check(all(r['account'] == '$a1' for r in inbox['rows']), 'only account one')
check(inbox['total'] == len(inbox['rows']), 'total: %s' % inbox)
st, h, j = request('GET', '/api/inbox?account=$ACCOUNT', cookie=cookie)
check(st == 200 and j['rows'] == [] and j['total'] == 0, 'asking for the other account: %s' % j)
st, h, conv = request('GET', '/api/conversations/$id1', cookie=cookie)
check(st == 200 and conv['customer'] == '$c1', 'own conversation: %s %s' % (st, conv))
check(any(e['kind'] == 'reply' and 'account one' in (e.get('text') or '') for e in conv['events']), 'its reply: %s' % conv['events'])
for path in ('/api/conversations/$id2', '/api/conversations/999999999', '/api/conversations/x', '/api/conversations/-1'):
    st, h, j = request('GET', path, cookie=cookie)
    check(st == 404 and j['error'] == 'no such conversation', path + ': %s %s' % (st, j))
cookie, csrf = signin('$admin', 'correct horse battery')
st, h, conv = request('GET', '/api/conversations/$id2', cookie=cookie)
check(st == 200 and conv['customer'] == '$CUSTOMER', 'an admin sees every account: %s' % st)
st, h, inbox = request('GET', '/api/inbox?q=$(echo "$CUSTOMER" | cut -d@ -f1)', cookie=cookie)
check([r['customer'] for r in inbox['rows']] == ['$CUSTOMER'], 'search: %s' % inbox)
"
	ctl user revoke "$u" --account "$a1" >/dev/null
	web_py "
cookie = open('$STACK_DIR/grant-cookie').read()
st, h, j = request('GET', '/api/conversations/$id1', cookie=cookie)
check(st == 404, 'a revoked grant applies at once, in the same session: %s' % st)
st, h, j = request('GET', '/api/inbox', cookie=cookie)
check(st == 200 and j['rows'] == [], 'the inbox is empty: %s' % j)
"
}

test_web_bad_requests_get_a_json_error() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	web_py "
cases = [
    ('POST', '/api/signin', b'{not json', 'application/json', 400, 'not a JSON object'),
    ('POST', '/api/signin', b'[1, 2]', 'application/json', 400, 'not a JSON object'),
    ('POST', '/api/signin', b'{\"email\": \"a@b\", \"password\": \"x\", \"admin\": true}', 'application/json', 400, 'unknown field \"admin\"'),
    ('POST', '/api/signin', b'email=a&password=b', 'application/x-www-form-urlencoded', 415, 'must be JSON'),
    ('POST', '/api/signin', b'{\"email\": \"' + b'a' * 100000 + b'\"}', 'application/json', 413, 'larger than'),
    ('POST', '/api/signin', b'{\"email\": 1, \"password\": 2}', 'application/json', 400, 'email and password'),
    ('GET', '/api/nothing', None, None, 404, 'no such page'),
    ('DELETE', '/api/me', None, None, 405, 'not allowed'),
    ('GET', '/api/inbox?after=0', None, None, 401, 'sign in'),
]
for method, path, raw, ctype, want, words in cases:
    st, h, j = request(method, path, raw=raw, ctype=ctype)
    check(st == want, '%s %s: %s, not %s: %s' % (method, path, st, want, j))
    check(isinstance(j, dict) and words in j.get('error', ''), '%s %s: %s' % (method, path, j))
    check(h.get('content-type', '').startswith('application/json'), 'JSON error')
    csp = h.get('content-security-policy', '')
    check(\"script-src 'self'\" in csp and \"frame-ancestors 'none'\" in csp, 'CSP: ' + csp)
    check(h.get('x-content-type-options') == 'nosniff', 'nosniff')
    check(h.get('referrer-policy') == 'no-referrer', 'referrer policy')
cookie, csrf = signin('$u', 'correct horse battery')
for q in ('after=x', 'after=3.1.1', 'after=1.2', 'after=1.2.3.4', 'after=1.2.0',
          'after=1.99999999999999999999.1', 'after=-1.2.3', 'after=1..3'):
    st, h, j = request('GET', '/api/inbox?' + q, cookie=cookie)
    check(st == 400 and 'after' in j['error'], q + ': %s %s' % (st, j))
"
	alive "$(cat "$STACK_DIR/web.pid")" || fail "postreply-web died"
}

test_web_failed_signins_are_limited() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	# Case variants of the address share its count.
	web_py "
for i in range(10):
    who = '$u'.upper() if i % 2 else '$u'
    st, h, j = request('POST', '/api/signin', {'email': who, 'password': 'guess%d' % i})
    check(st == 401, 'guess %d: %s' % (i, st))
st, h, j = request('POST', '/api/signin', {'email': '$u'.capitalize(), 'password': 'correct horse battery'})
check(st == 429 and '15 minutes' in j['error'], 'limited: %s %s' % (st, j))
"
}

# A one-time link by mail: the same answer for any address, a link that
# works once, within its 15 minutes.
test_web_signin_by_a_link_sent_by_mail() {
	local u nobody f body token
	u=$(uniq web)@example.com
	nobody=$(uniq nobody)@example.com
	ctl user add "$u" >/dev/null
	# Without a password, no password signs in: not even the one an
	# unknown address is checked against.
	web_py "
for pw in ('postreply-web: no such user', '', 'x'):
    st, h, j = request('POST', '/api/signin', {'email': '$u', 'password': pw})
    check(st == 401, 'a link-only user refuses password %r: %s %s' % (pw, st, j))
"
	web_py "
for who in ('$u', '$nobody'):
    st, h, j = request('POST', '/api/signin/link', {'email': who})
    check(st == 200 and j['message'].startswith('If this address may sign in'), '%s: %s %s' % (who, st, j))
    check('set-cookie' not in h, 'no session yet')
"
	f=$(wait_mail "$u" 20 "[postreply] Your sign-in link")
	body=$(message_of "$f")
	assert_contains "$body" "$WEB_URL/#/link/" "the link"
	token=$(echo "$body" | grep -o '#/link/[0-9a-f]*' | head -1 | cut -d/ -f3)
	[ "${#token}" -eq 64 ] || fail "a 256-bit token: $token"
	no_mail "$nobody" 1
	web_py "
st, h, j = request('POST', '/api/signin/link/use', {'token': '$token'})
check(st == 200 and j['email'] == '$u', 'signed in by the link: %s %s' % (st, j))
cookie = h['set-cookie'].split(';')[0].split('=', 1)[1]
st, h, me = request('GET', '/api/me', cookie=cookie)
check(st == 200 and me['email'] == '$u', 'me: %s' % me)
st, h, j = request('POST', '/api/signin/link/use', {'token': '$token'})
check(st == 401 and 'used or expired' in j['error'], 'a second use: %s %s' % (st, j))
for bad in ('', 'zz', '0' * 64):
    st, h, j = request('POST', '/api/signin/link/use', {'token': bad})
    check(st == 401, 'token %r: %s' % (bad, st))
"
	# Not in clear in the database.
	assert_eq 0 "$(sql "SELECT count(*) FROM web_links WHERE encode(token_hash, 'hex') = '$token'")" \
		"stored hashed"
	rm -f "$f"
	web_py "request('POST', '/api/signin/link', {'email': '$u'})"
	sql "UPDATE web_links SET expires_at = now() - interval '1 second'
		WHERE used_at IS NULL AND user_id = (SELECT id FROM web_users
		WHERE email = '$u')" >/dev/null
	f=$(wait_mail "$u" 20 "[postreply] Your sign-in link")
	body=$(message_of "$f")
	[ "$(echo "$body" | grep -o '#/link/[0-9a-f]*' | cut -d/ -f3)" != "$token" ] ||
		fail "the same token twice"
	token=$(echo "$body" | grep -o '#/link/[0-9a-f]*' | cut -d/ -f3)
	web_py "
st, h, j = request('POST', '/api/signin/link/use', {'token': '$token'})
check(st == 401 and 'expired' in j['error'], 'an expired link: %s %s' % (st, j))
"
}

# The page, its script and style come from the daemon itself, with the
# API's security headers; an unknown file is a 404.
test_web_pages_are_served_with_a_strict_policy() {
	web_py "
st, h, page = request('GET', '/')
check(st == 200 and h['content-type'].startswith('text/html'), 'the page: %s %s' % (st, h))
check('<script type=\"module\" src=\"/app.js\"></script>' in page, 'its module')
check('<script>' not in page and 'onclick' not in page, 'no inline script')
csp = h['content-security-policy']
check(\"script-src 'self'\" in csp and 'unsafe-inline' not in csp, 'CSP: ' + csp)
for path, t in (('/app.js', 'text/javascript'), ('/style.css', 'text/css'), ('/index.html', 'text/html')):
    st, h, body = request('GET', path)
    check(st == 200 and h['content-type'].startswith(t), '%s: %s %s' % (path, st, h.get('content-type')))
    check(h.get('x-content-type-options') == 'nosniff', path + ': nosniff')
check('innerHTML' not in request('GET', '/app.js')[2], 'the script never writes HTML')
for path in ('/nothing.js', '/../etc/passwd', '/app.js/x'):
    st, h, j = request('GET', path)
    check(st == 404, '%s: %s' % (path, st))
"
}

# Acting on a conversation: status, note, read, a logged reply, each on
# the timeline with who did it; another account's conversation is 404
# for every action, and nothing changes there.
test_web_actions_on_a_conversation() {
	new_conversation
	local a1=$ACCOUNT c1=$CUSTOMER r1=$REPLY u id1 id2
	new_conversation
	smtp --from "$c1" --to "$r1" --body "Reply one" >/dev/null
	wait_mail "$a1" 20 "Reply one" >/dev/null
	id1=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$c1'")
	id2=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$CUSTOMER'")
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$a1" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
acts = [('status', {'status': 'interested'}), ('notes', {'text': 'Call him Tuesday'}),
        ('read', {}), ('replies', {'channel': 'phone', 'text': 'He called: wants a quote'})]
# Another account's conversation: 404 for each, and a bad id too.
for what, body in acts:
    for cid in ('$id2', '999999999', 'x'):
        st, h, j = request('POST', '/api/conversations/%s/%s' % (cid, what), body, cookie=cookie, csrf=csrf)
        check(st == 404 and j['error'] == 'no such conversation', '%s on %s: %s %s' % (what, cid, st, j))
    st, h, j = request('POST', '/api/conversations/$id1/' + what, body, cookie=cookie)
    check(st == 403, what + ' without the CSRF token: %s' % st)
for what, body, words in (('status', {'status': 'rich'}, 'unknown status'),
                          ('notes', {'text': '  '}, 'empty'),
                          ('notes', {'text': 'x' * 20001}, 'longer'),
                          ('replies', {'channel': 'fax', 'text': 'x'}, 'channel'),
                          ('status', {'status': 'interested', 'by': 'ceo'}, 'unknown field')):
    st, h, j = request('POST', '/api/conversations/$id1/' + what, body, cookie=cookie, csrf=csrf)
    check(st == 400 and words in j['error'], '%s %s: %s %s' % (what, body, st, j))
for what, body in acts:
    st, h, j = request('POST', '/api/conversations/$id1/' + what, body, cookie=cookie, csrf=csrf)
    check(st == 200, what + ': %s %s' % (st, j))
st, h, c = request('GET', '/api/conversations/$id1', cookie=cookie)
kinds = [e['kind'] for e in c['events']]
check(c['status'] in ('interested', 'replied'), 'status: %s' % c['status'])
check(any(e['kind'] == 'status_change' and e.get('by') == '$u' for e in c['events']), 'the status change names the user: %s' % c['events'])
check(any(e['kind'] == 'note' and e.get('text') == 'Call him Tuesday' and e.get('by') == '$u' for e in c['events']), 'the note')
check(any(e['kind'] == 'reply' and e.get('manual') and e.get('channel') == 'phone' for e in c['events']), 'the logged reply')
check(c['unread'] == 0, 'read: %s' % c['unread'])
"
	assert_eq 0 "$(sql "SELECT count(*) FROM events e JOIN customers c ON c.id = e.customer_id
		WHERE c.email = '$CUSTOMER' AND e.kind IN ('note', 'status_change')
		AND e.detail->>'by' = '$u'")" "nothing done to the other account"
}

# Live updates: a change reaches the streams of the users who may see its
# account, and only theirs; streams are capped per user, and one whose
# client went away is freed.
test_web_live_updates_reach_only_the_granted() {
	new_conversation
	local a=$ACCOUNT c=$CUSTOMER r=$REPLY u v id
	new_conversation
	smtp --from "$c" --to "$r" --body "Reply for the stream" >/dev/null
	wait_mail "$a" 20 "Reply for the stream" >/dev/null
	id=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$c'")
	u=$(uniq web)@example.com
	v=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	web_user "$v" "correct horse battery"
	ctl user grant "$u" --account "$a" >/dev/null
	ctl user grant "$v" --account "$ACCOUNT" >/dev/null
	web_py "
import time
from livetest import Stream
cu, csrf = signin('$u', 'correct horse battery')
cv, _ = signin('$v', 'correct horse battery')
st, h, j = request('GET', '/api/events')
check(st == 401, 'no stream without a session: %s' % st)
su, sv = Stream(cu), Stream(cv)
check(su.status == 200 and su.headers['content-type'].startswith('text/event-stream'), 'a stream: %s %s' % (su.status, su.headers))
check('content-security-policy' in su.headers, 'with the usual headers')
st, h, j = request('POST', '/api/conversations/$id/notes', {'text': 'Live note'}, cookie=cu, csrf=csrf)
check(st == 200, 'a note: %s %s' % (st, j))
ev = su.event(10)
check(ev and ev[0] == 'change' and ev[1]['kind'] == 'note' and ev[1]['conversation'] == $id, 'the note announced: %s' % (ev,))
check(sv.event(3) is None, 'not to a user of another account')
st, h, j = request('POST', '/api/conversations/$id/read', {}, cookie=cu, csrf=csrf)
ev = su.event(10)
check(ev and ev[0] == 'change' and ev[1]['kind'] == 'read', 'read announced: %s' % (ev,))
# At most 8 streams a user: the 9th is refused.
more = [Stream(cu) for _ in range(7)]
check(all(s.status == 200 for s in more), 'eight streams')
st, h, j = request('GET', '/api/events', cookie=cu)
check(st == 429 and 'too many' in j['error'], 'the ninth: %s %s' % (st, j))
for s in more + [su]: s.close()
# Gone clients are seen going and freed, within a second or two.
for i in range(25):
    s = Stream(cu)
    if s.status == 200: break
    time.sleep(0.2)
check(s.status == 200, 'the closed streams were freed: %s' % s.status)
"
	alive "$(cat "$STACK_DIR/web.pid")" || fail "postreply-web died"
}

# Pages with live updates closed leave the log quiet: a client that went
# away is the stream's ordinary end. (It was told to libmicrohttpd as an
# error, which logged "Closing connection (application error generating
# response)" for every closed page, and once ended, "Failed to send the
# footers": the client was gone.) libmicrohttpd's real errors are still
# logged: a request it cannot parse.
test_web_closed_live_pages_leave_the_log_quiet() {
	local u before after
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	before=$(wc -l <"$STACK_DIR/web.log")
	web_py "
import time
from livetest import Stream
cookie, csrf = signin('$u', 'correct horse battery')
def eight():
    out, end = [], time.time() + 10
    while len(out) < 8 and time.time() < end:
        s = Stream(cookie)
        if s.status == 200:
            out.append(s)
        else:
            s.resp.close(); s.sock.close(); time.sleep(0.2)
    check(len(out) == 8, 'eight streams, the closed ones freed: %d' % len(out))
    return out
for round in range(3):
    streams = eight()
    # Shut down, or only closed as a browser closes a tab.
    for s in streams[:4]: s.close()
    for s in streams[4:]: s.resp.close(); s.sock.close()
time.sleep(2)
"
	after=$(tail -n "+$((before + 1))" "$STACK_DIR/web.log")
	case "$after" in
	*libmicrohttpd* | *warning:*) fail "closed streams were logged: $after" ;;
	esac
	! grep -q "libmicrohttpd: MHD_OPTION_EXTERNAL_LOGGER" "$STACK_DIR/web.log" ||
		fail "libmicrohttpd warned of its own options at start"
	python3 - "$WEB_URL" <<-'PY' || fail "a bad request"
		import socket, sys, urllib.parse
		u = urllib.parse.urlsplit(sys.argv[1])
		s = socket.create_connection((u.hostname, u.port), timeout=10)
		s.sendall(b"POST /api/me HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n")
		s.recv(4096)
		s.close()
	PY
	sleep 1
	after=$(tail -n "+$((before + 1))" "$STACK_DIR/web.log")
	assert_contains "$after" "warning: libmicrohttpd:" "a real error is still logged"
}

# The inbox in pages read from where the last one ended: 130
# conversations, three with an analysed reply (stored here, the triggers
# keep each conversation's last reply), walked page by page: each once,
# needs_attention first, then high_value, then the newest.
test_web_inbox_pages_follow_a_cursor() {
	new_conversation
	local u
	sql "WITH c AS (INSERT INTO customers (account_id, email)
		SELECT a.id, 'p' || g || '-$CUSTOMER' FROM accounts a, generate_series(1, 129) g
		WHERE a.email = '$ACCOUNT' RETURNING id, account_id)
		INSERT INTO conversations (account_id, customer_id, last_activity_at)
		SELECT account_id, id, now() - id * interval '1 second' FROM c" >/dev/null
	sql "WITH cv AS (SELECT cv.id, cv.account_id, cv.customer_id, c.email
		  FROM conversations cv JOIN customers c ON c.id = cv.customer_id
		  WHERE c.email IN ('p7-$CUSTOMER', 'p70-$CUSTOMER', 'p128-$CUSTOMER')),
		r AS (INSERT INTO replies (account_id, customer_id, conversation_id, subject, received_at)
		  SELECT account_id, customer_id, id, email, now() - interval '1 day' FROM cv RETURNING id, subject)
		INSERT INTO analyses (reply_id, response_type, sentiment, opportunity_score, backend)
		SELECT id, CASE WHEN subject LIKE 'p7-%' THEN 'high_value'
		  WHEN subject LIKE 'p70-%' THEN 'needs_attention' ELSE 'standard' END,
		  'neutral', 3, 'test' FROM r" >/dev/null
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
seen, after, pages = [], None, 0
while True:
    st, h, j = request('GET', '/api/inbox' + ('?after=' + after if after else ''), cookie=cookie)
    check(st == 200, 'a page: %s %s' % (st, j))
    check(j['total'] == 130, 'the total on every page: %s' % j['total'])
    seen += j['rows']
    pages += 1
    after = j['next']
    if after is None: break
    check(len(j['rows']) == 50, 'a full page before the last: %d' % len(j['rows']))
check(pages == 3 and len(seen) == 130, 'three pages, 130 rows: %d %d' % (pages, len(seen)))
check(len({r['id'] for r in seen}) == 130, 'each conversation once')
check(seen[0]['customer'].startswith('p70-') and seen[0]['response_type'] == 'needs_attention', 'needs attention first: %s' % seen[0])
check(seen[1]['customer'].startswith('p7-') and seen[1]['response_type'] == 'high_value', 'then high value: %s' % seen[1])
# The rest by their last reply, or their last activity when none: the
# standard reply of a day ago comes last.
check(seen[-1]['customer'].startswith('p128-') and seen[-1]['preview'] == seen[-1]['customer'], 'a reply of yesterday last: %s' % seen[-1])
rest = [r['last_activity_at'] for r in seen[2:-1]]
check(rest == sorted(rest, reverse=True), 'then the newest activity')
st, h, j = request('GET', '/api/inbox?type=high_value', cookie=cookie)
check([r['customer'][:3] for r in j['rows']] == ['p7-'] and j['next'] is None, 'by type: %s' % j)
"
	# postreplyctl's inbox is in the same order.
	assert_contains "$(ctl inbox --account "$ACCOUNT" | sed -n 2p)" "p70-$CUSTOMER" "ctl's order"
	# The totals are the sums the triggers keep (sql/022), equal to a
	# count, through replies read and unread, a conversation gone, and a
	# fold of the sums.
	local counted
	for change in \
		"UPDATE conversations SET unread_count = 3 WHERE customer_id IN
		  (SELECT id FROM customers WHERE email LIKE 'p1_-$CUSTOMER')" \
		"UPDATE conversations SET unread_count = 0 WHERE customer_id IN
		  (SELECT id FROM customers WHERE email = 'p12-$CUSTOMER')" \
		"DELETE FROM conversations WHERE customer_id IN
		  (SELECT id FROM customers WHERE email = 'p13-$CUSTOMER')" \
		"SELECT inbox_counts_fold()"; do
		sql "$change" >/dev/null
		counted=$(sql "SELECT count(*), sum(unread_count), count(*) FILTER (WHERE unread_count > 0)
			FROM conversations cv JOIN accounts a ON a.id = cv.account_id
			WHERE a.email = '$ACCOUNT'")
		web_py "
cookie, csrf = signin('$u', 'correct horse battery')
st, h, j = request('GET', '/api/inbox', cookie=cookie)
st, h, k = request('GET', '/api/inbox?unread=1', cookie=cookie)
got = '%s|%s|%s' % (j['total'], j['unread'], k['total'])
check(got == '$counted', 'the totals: %s, counted: $counted' % got)
check(k['unread'] == j['unread'], 'unread alike with the filter')
"
	done
	assert_eq 1 "$(sql "SELECT count(*) FROM inbox_counts ic JOIN accounts a
		ON a.id = ic.account_id WHERE a.email = '$ACCOUNT'")" "one row after a fold"
}

# Asking for a sign-in link answers in the same time for an address that
# may sign in and for one that may not: the link is made and mailed
# after the answer (before, the first took a database write and an SMTP
# submission longer). The link still comes.
test_web_link_request_takes_the_same_time() {
	local u nobody
	u=$(uniq web)@example.com
	nobody=$(uniq nobody)@example.com
	ctl user add "$u" >/dev/null
	web_py "
import time
took = {'$u': [], '$nobody': []}
for i in range(4):
    for who in took:
        t = time.perf_counter()
        st, h, j = request('POST', '/api/signin/link', {'email': who})
        took[who].append((time.perf_counter() - t) * 1000)
        check(st == 200, '%s: %s %s' % (who, st, j))
known, unknown = (sorted(v)[1] for v in took.values())
print('link request: %.1f ms for a user, %.1f ms for nobody' % (known, unknown))
check(abs(known - unknown) < 15, 'the answers take the same time: %s' % took)
"
	wait_mail "$u" 20 "[postreply] Your sign-in link" >/dev/null
	no_mail "$nobody" 1
}

# web_restart_with LINE...: postreply-web restarted with these lines added
# to its configuration; web_restore (on the test's EXIT) puts it back.
web_restart_with() {
	local stack=$TESTS_DIR/../scripts/stack
	"$stack" daemon-stop "$STACK_DIR" web
	cp "$STACK_DIR/postreply.conf" "$STACK_DIR/postreply.conf.saved"
	printf '%s\n' "$@" >>"$STACK_DIR/postreply.conf"
	"$stack" daemon-start "$STACK_DIR" web
}

web_restore() {
	local stack=$TESTS_DIR/../scripts/stack
	"$stack" daemon-stop "$STACK_DIR" web
	mv "$STACK_DIR/postreply.conf.saved" "$STACK_DIR/postreply.conf"
	"$stack" daemon-start "$STACK_DIR" web
}

# HTTPS with a certificate and key of its own (a self-signed one here):
# the session cookie is then Secure, and plain HTTP is not answered.
test_web_https_with_a_certificate() {
	local u tls=$STACK_DIR/tls
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	mkdir -p "$tls"
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
		-addext subjectAltName=IP:127.0.0.1 \
		-keyout "$tls/key.pem" -out "$tls/cert.pem" 2>/dev/null
	trap web_restore EXIT
	web_restart_with "web_tls_cert_file = $tls/cert.pem" \
		"web_tls_key_file = $tls/key.pem"
	grep -q "listening on .* (HTTPS)" "$STACK_DIR/web.log" || fail "not HTTPS"
	web_py "
import http.client, ssl, json
ctx = ssl.create_default_context(cafile='$tls/cert.pem')
c = http.client.HTTPSConnection(URL.hostname, URL.port, context=ctx, timeout=10)
c.request('POST', '/api/signin', body=json.dumps({'email': '$u', 'password': 'correct horse battery'}),
          headers={'Content-Type': 'application/json'})
r = c.getresponse()
r.read()
check(r.status == 200, 'signed in over HTTPS: %s' % r.status)
cookie = r.getheader('Set-Cookie')
check('; Secure' in cookie and 'HttpOnly' in cookie, 'a Secure cookie: ' + cookie)
try:
    st, h, j = request('GET', '/api/me')
    check(False, 'plain HTTP answered: %s' % st)
except (http.client.HTTPException, OSError):
    pass
"
	# A key without its certificate is refused at start, saying why.
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" web
	{ cat "$STACK_DIR/postreply.conf.saved"; echo "web_tls_key_file = $tls/key.pem"; } \
		>"$tls/half.conf"
	out=$("$BINDIR/postreply-web" -f -c "$tls/half.conf" 2>&1) &&
		fail "started without a certificate"
	assert_contains "$out" "set both, or neither" "why"
}

# Single sign-on behind a proxy that authenticates: the user header and
# X-Forwarded-For are believed from a trusted proxy only; the user must
# exist. On a unix socket (given to the proxy's group) the peer is the
# proxy.
test_web_signin_by_a_trusted_proxy() {
	local u sock=$STACK_DIR/run/web.sock
	u=$(uniq web)@example.com
	ctl user add "$u" >/dev/null
	trap web_restore EXIT
	web_restart_with "web_trusted_proxies = 127.0.0.0/8, ::1" \
		"web_trusted_user_header = X-Remote-User"
	web_py "
h0 = {'X-Remote-User': '$u', 'X-Forwarded-For': '198.51.100.1, 192.0.2.7'}
st, h, me = request('GET', '/api/me', headers=h0)
check(st == 200 and me['email'] == '$u' and len(me['csrf']) == 64, 'signed in by the proxy: %s %s' % (st, me))
check('set-cookie' not in h, 'no cookie: the proxy vouches for each request: %s' % h)
st, h, j = request('POST', '/api/signout', {}, headers=h0)
check(st == 403, 'changes need the CSRF token as usual: %s %s' % (st, j))
# A client that keeps no cookie: one session, the same token throughout.
for i in range(50):
    st, h, j = request('GET', '/api/inbox' if i % 2 else '/api/me', headers=h0)
    check(st == 200, 'request %d: %s %s' % (i, st, j))
st, h, again = request('GET', '/api/me', headers=h0)
check(again['csrf'] == me['csrf'], 'the same session, found again')
st, h, j = request('POST', '/api/signout', {}, csrf=me['csrf'], headers=h0)
check(st == 200, 'the session works for changes: %s %s' % (st, j))
st, h, j = request('GET', '/api/me', headers={'X-Remote-User': 'nobody@example.com'})
check(st == 401, 'a user the proxy names must exist: %s' % st)
"
	assert_eq 1 "$(sql "SELECT count(*) FROM web_sessions s JOIN web_users u
		ON u.id = s.user_id WHERE lower(u.email) = lower('$u')")" \
		"one session for 52 requests without a cookie"
	[ "$(grep -c "$u signed in from 192.0.2.7 (proxy)" "$STACK_DIR/web.log")" = 1 ] ||
		fail "signed in once, from the proxy's last X-Forwarded-For hop"
	web_restore
	trap web_restore EXIT
	web_restart_with "web_trusted_proxies = 192.0.2.0/24" \
		"web_trusted_user_header = X-Remote-User"
	web_py "
st, h, j = request('GET', '/api/me', headers={'X-Remote-User': '$u', 'X-Forwarded-For': '192.0.2.1'})
check(st == 401 and 'set-cookie' not in h, 'not from a trusted proxy: ignored: %s' % st)
st, h, j = request('POST', '/api/signin', {'email': '$u', 'password': 'x'}, headers={'X-Forwarded-For': '192.0.2.9'})
"
	grep -q "sign-in refused for $u from 127.0.0.1" "$STACK_DIR/web.log" ||
		fail "an untrusted X-Forwarded-For is not the client"
	web_restore
	trap web_restore EXIT
	web_restart_with "web_listen = unix:$sock" "web_socket_group = $(id -gn)" \
		"web_trusted_user_header = X-Remote-User"
	[ "$(stat -c %G "$sock")" = "$(id -gn)" ] || fail "the socket's group"
	out=$(curl -s --unix-socket "$sock" -H "X-Remote-User: $u" http://proxy/api/me)
	assert_contains "$out" "\"email\":\"$u\"" "signed in through the unix socket"
}
