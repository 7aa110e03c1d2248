# SPDX-License-Identifier: BSD-2-Clause
# Signing out when the proxy signed the user in (web_trusted_user_header):
# the daemon keeps no session of theirs to end; the proxy's sign-out does.
# The page says who signed them in, and its "Sign out" goes to
# web_proxy_signout_url, or is not offered when there is none. Over HTTP,
# then in a real browser (which sends the proxy's header, as a proxy in
# front of it would).

# web_py, web_user, web_restart_with, web_restore
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"
# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"

test_web_signout_through_the_proxy() {
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	trap web_restore EXIT
	web_restart_with "web_trusted_proxies = 127.0.0.0/8, ::1" \
		"web_trusted_user_header = X-Remote-User"
	web_py "
h0 = {'X-Remote-User': '$u'}
st, h, me = request('GET', '/api/me', headers=h0)
check(st == 200 and me['proxied'] is True and me['signout_url'] is None, 'signed in by the proxy, no sign-out page: %s' % me)
st, h, j = request('POST', '/api/signout', {}, csrf=me['csrf'], headers=h0)
check(st == 200 and j == {'signout_url': None} and 'set-cookie' not in h, 'nothing to end here: %s %s' % (j, h))
st, h, again = request('GET', '/api/me', headers=h0)
check(st == 200, 'the proxy still vouches: %s' % st)
# Signed in by password on the same daemon: an ordinary sign-out.
cookie, csrf = signin('$u', 'correct horse battery')
st, h, me = request('GET', '/api/me', cookie=cookie)
check(me['proxied'] is False and 'signout_url' not in me, 'by password: %s' % me)
st, h, j = request('POST', '/api/signout', {}, cookie=cookie, csrf=csrf)
check(st == 200 and 'postreply_session=;' in h.get('set-cookie', ''), 'the cookie ended: %s' % h)
st, h, j = request('GET', '/api/me', cookie=cookie)
check(st == 401, 'signed out: %s' % st)
"
	web_restore
	trap web_restore EXIT
	web_restart_with "web_trusted_proxies = 127.0.0.0/8, ::1" \
		"web_trusted_user_header = X-Remote-User" \
		"web_proxy_signout_url = /oauth2/sign_out?rd=%2F"
	web_py "
h0 = {'X-Remote-User': '$u'}
st, h, me = request('GET', '/api/me', headers=h0)
check(me['signout_url'] == '/oauth2/sign_out?rd=%2F', 'the proxy sign-out page: %s' % me)
st, h, j = request('POST', '/api/signout', {}, csrf=me['csrf'], headers=h0)
check(st == 200 and j == {'signout_url': '/oauth2/sign_out?rd=%2F'}, 'pointed there: %s' % j)
"
	# In the browser: the note, and "Sign out" going to the proxy's page.
	browser_py "
d = browser()
try:
    d.execute_cdp_cmd('Network.enable', {})
    d.execute_cdp_cmd('Network.setExtraHTTPHeaders', {'headers': {'X-Remote-User': '$u'}})
    d.get(URL + '/#/inbox')
    note = wait(d, EC.visibility_of_element_located((By.ID, 'by-proxy')), 'the sign-on note')
    check('sign-on' in note.text, 'the note: %s' % note.text)
    wait(d, EC.element_to_be_clickable((By.ID, 'signout')), 'sign out offered').click()
    wait(d, lambda d: '/oauth2/sign_out' in d.current_url, 'at the proxy sign-out page')
finally:
    d.quit()
"
	web_restore
	trap web_restore EXIT
	web_restart_with "web_trusted_proxies = 127.0.0.0/8, ::1" \
		"web_trusted_user_header = X-Remote-User"
	browser_py "
d = browser('fr-FR')
try:
    d.execute_cdp_cmd('Network.enable', {})
    d.execute_cdp_cmd('Network.setExtraHTTPHeaders', {'headers': {'X-Remote-User': '$u'}})
    d.get(URL + '/#/inbox')
    note = wait(d, EC.visibility_of_element_located((By.ID, 'by-proxy')), 'the sign-on note')
    check('organisation' in note.text and 'sign-on' not in note.text, 'in French: %s' % note.text)
    check(not d.find_element(By.ID, 'signout').is_displayed(), 'no sign-out without a page for it')
finally:
    d.quit()
"
	web_restore
	trap - EXIT
	# A sign-out page that is not a path or an http(s) URL is refused.
	local conf=$STACK_DIR/bad-signout.conf out
	cp "$STACK_DIR/postreply.conf" "$conf"
	echo "web_proxy_signout_url = javascript:alert(1)" >>"$conf"
	out=$("$BINDIR/postreply-web" -f -c "$conf" 2>&1) &&
		fail "started with a javascript: sign-out page"
	assert_contains "$out" "web_proxy_signout_url" "the setting named"
}
