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

# web_user EMAIL PASSWORD [ADMIN]: a user who may sign in.
web_user() {
	ctl user add "$1" ${3:+--admin} >/dev/null
	printf '%s\n' "$2" | ctl user password "$1" >/dev/null
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
cookie, csrf = signin('$u', 'correct horse battery')
st, h, j = request('GET', '/api/conversations/$id1', cookie=cookie)
check(st == 404, 'a revoked grant applies at once: %s' % st)
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
    ('GET', '/api/inbox?page=0', None, None, 401, 'sign in'),
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
for q in ('page=0', 'page=x', 'page=99999999999'):
    st, h, j = request('GET', '/api/inbox?' + q, cookie=cookie)
    check(st == 400 and 'page' in j['error'], q + ': %s %s' % (st, j))
"
	alive "$(cat "$STACK_DIR/web.pid")" || fail "postreply-web died"
}

test_web_failed_signins_are_limited() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	web_py "
for i in range(10):
    st, h, j = request('POST', '/api/signin', {'email': '$u', 'password': 'guess%d' % i})
    check(st == 401, 'guess %d: %s' % (i, st))
st, h, j = request('POST', '/api/signin', {'email': '$u', 'password': 'correct horse battery'})
check(st == 429 and '15 minutes' in j['error'], 'limited: %s %s' % (st, j))
"
}
