# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's administration over real HTTP: only an admin lists
# users, adds one, grants and revokes an account; what the page does is
# what postreplyctl user list shows.

# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

test_web_admin_manages_users() {
	new_conversation
	local u admin newbie
	u=$(uniq web)@example.com
	admin=$(uniq admin)@example.com
	newbie=$(uniq newbie)@example.com
	web_user "$u" "correct horse battery"
	web_user "$admin" "correct horse battery" admin
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
for method, path, body in (('GET', '/api/admin/users', None),
                           ('POST', '/api/admin/users', {'email': 'x@example.com'}),
                           ('POST', '/api/admin/grants', {'email': '$u', 'account': '$ACCOUNT', 'granted': False})):
    st, h, j = request(method, path, body, cookie=cookie, csrf=csrf)
    check(st == 403 and 'administrators' in j['error'], 'a user: %s %s: %s %s' % (method, path, st, j))
cookie, csrf = signin('$admin', 'correct horse battery')
st, h, j = request('POST', '/api/admin/users', {'email': '$newbie'}, cookie=cookie)
check(st == 403, 'without the CSRF token: %s' % st)
for path, body, want, words in (('users', {'email': 'nobody'}, 400, 'address'),
                                ('users', {'email': '$u'}, 409, 'already'),
                                ('users', {'email': '$newbie', 'admin': 'yes'}, 400, 'true or false'),
                                ('users', {'email': '$newbie', 'role': 'god'}, 400, 'unknown field'),
                                ('grants', {'email': '$u'}, 400, 'account'),
                                ('grants', {'email': 'ghost@example.com', 'account': '$ACCOUNT'}, 404, 'no such'),
                                ('grants', {'email': '$u', 'account': 'ghost@example.com'}, 404, 'no such')):
    st, h, j = request('POST', '/api/admin/' + path, body, cookie=cookie, csrf=csrf)
    check(st == want and words in j['error'], '%s %s: %s %s' % (path, body, st, j))
st, h, j = request('POST', '/api/admin/users', {'email': '$newbie'}, cookie=cookie, csrf=csrf)
check(st == 200, 'added: %s %s' % (st, j))
st, h, j = request('POST', '/api/admin/grants', {'email': '$newbie', 'account': '$ACCOUNT'}, cookie=cookie, csrf=csrf)
check(st == 200, 'granted: %s %s' % (st, j))
st, h, j = request('POST', '/api/admin/grants', {'email': '$u', 'account': '$ACCOUNT', 'granted': False}, cookie=cookie, csrf=csrf)
check(st == 200, 'revoked: %s %s' % (st, j))
st, h, users = request('GET', '/api/admin/users', cookie=cookie)
by = {x['email']: x for x in users}
check(by['$newbie']['accounts'] == ['$ACCOUNT'] and not by['$newbie']['admin'], 'the new user: %s' % by.get('$newbie'))
check(by['$u']['accounts'] == [], 'the revoked grant: %s' % by['$u'])
st, h, accts = request('GET', '/api/accounts', cookie=cookie)
check('$ACCOUNT' in [a['email'] for a in accts], 'an admin lists every account')
"
	assert_contains "$(ctl user list)" "$newbie" "postreplyctl sees the user the page added"
}
