# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's account settings over real HTTP: the reply-to address,
# working hours and zone, pause, the follow-up rules; another account's
# settings are 404 on every call; what the page sets is what postreplyctl
# reads back.

# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

test_web_account_settings() {
	new_conversation
	local a1=$ACCOUNT u id1 id2 out
	new_conversation
	id1=$(sql "SELECT id FROM accounts WHERE email = '$a1'")
	id2=$(sql "SELECT id FROM accounts WHERE email = '$ACCOUNT'")
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$a1" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
st, h, accts = request('GET', '/api/accounts', cookie=cookie)
check(st == 200 and [a['email'] for a in accts] == ['$a1'], 'only the granted account: %s %s' % (st, accts))
calls = [('GET', 'settings', None), ('POST', 'settings', {'reply_to': 'team@example.com'}),
         ('POST', 'rules', {'scenario': 'no_reply', 'enabled': True})]
for cid in ('$id2', '999999999', 'x'):
    for method, what, body in calls:
        st, h, j = request(method, '/api/accounts/%s/%s' % (cid, what), body, cookie=cookie, csrf=csrf)
        check(st == 404 and j['error'] == 'no such account', '%s %s of %s: %s %s' % (method, what, cid, st, j))
for method, what, body in calls[1:]:
    st, h, j = request(method, '/api/accounts/$id1/' + what, body, cookie=cookie)
    check(st == 403, what + ' without the CSRF token: %s' % st)
for what, body, words in (('settings', {'reply_to': 'not an address'}, 'reply-to'),
                          ('settings', {'work_hours': '25:00-26:00'}, 'working hours'),
                          ('settings', {'work_days': 'someday'}, 'working days'),
                          ('settings', {'time_zone': 'Mars/Olympus'}, 'time zone'),
                          ('settings', {'paused': 'yes'}, 'true or false'),
                          ('settings', {'name': 'a\nb'}, 'one line'),
                          ('settings', {'email': 'x@y.z'}, 'unknown field'),
                          ('rules', {'scenario': 'whenever'}, 'scenario'),
                          ('rules', {'enabled': True}, 'scenario'),
                          ('rules', {'scenario': 'no_reply', 'steps': 'soon'}, 'steps'),
                          ('rules', {'scenario': 'no_reply', 'max_steps': 0}, 'max_steps'),
                          ('rules', {'scenario': 'no_reply', 'message': 'poem'}, 'ai or custom'),
                          ('rules', {'scenario': 'no_reply', 'message': 'custom'}, 'needs its text'),
                          ('rules', {'scenario': 'no_reply', 'on_send': ['explode']}, 'on-send action'),
                          ('rules', {'scenario': 'no_reply', 'on_send': 'notify'}, 'list')):
    st, h, j = request('POST', '/api/accounts/$id1/' + what, body, cookie=cookie, csrf=csrf)
    check(st == 400 and words in j['error'], '%s %s: %s %s' % (what, body, st, j))
st, h, s = request('POST', '/api/accounts/$id1/settings',
                   {'reply_to': 'sales-team@example.com', 'work_hours': '09:00-17:30',
                    'work_days': 'mon-fri', 'time_zone': 'Europe/Paris', 'paused': True},
                   cookie=cookie, csrf=csrf)
check(st == 200 and s['reply_to'] == 'sales-team@example.com' and s['paused'] and s['time_zone'] == 'Europe/Paris', 'settings: %s %s' % (st, s))
st, h, s = request('POST', '/api/accounts/$id1/rules',
                   {'scenario': 'unavailable', 'enabled': True, 'steps': '2d,5d', 'max_steps': 2,
                    'custom_text': 'Hello {customer_name}, back to you.', 'on_send': ['tag:chased', 'notify']},
                   cookie=cookie, csrf=csrf)
check(st == 200, 'rule: %s %s' % (st, s))
r = [x for x in s['rules'] if x['scenario'] == 'unavailable'][0]
check(r['enabled'] and r['steps'] == '2d,5d' and r['message'] == 'custom' and r['on_send'] == ['tag:chased', 'notify'], 'the rule: %s' % r)
check([x['scenario'] for x in s['rules']] == ['no_reply', 'unavailable', 'requested_delay'], 'every scenario')
st, h, s = request('POST', '/api/accounts/$id1/settings', {'paused': False, 'reply_to': ''}, cookie=cookie, csrf=csrf)
check(st == 200 and not s['paused'] and s['reply_to'] == '' and s['work_days'] == 'mon-fri', 'resumed, reply-to back to the account, the rest kept: %s' % s)
"
	out=$(ctl followup rule list --account "$a1")
	assert_contains "$out" "unavailable      enabled   2d,5d" "postreplyctl reads the rule the page set"
	assert_contains "$out" "tag:chased notify" "and its on-send actions"
	out=$(ctl account list --json)
	assert_contains "$out" '"time_zone": "Europe/Paris"' "and the account's zone"
	assert_eq "f|" "$(sql "SELECT paused || '|' || reply_to FROM accounts WHERE email = '$a1'" | sed 's/false/f/')" "resumed"
	assert_eq "f" "$(sql "SELECT paused FROM accounts WHERE email = '$ACCOUNT'")" "the other account untouched"
	alive "$(cat "$STACK_DIR/web.pid")" || fail "postreply-web died"
}
