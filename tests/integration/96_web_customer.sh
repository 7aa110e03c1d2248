# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's customer page over real HTTP: details, status,
# do-not-contact, and the customer's conversations in the accounts the
# user may see, never another's.

# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

test_web_customer_page() {
	new_conversation
	local a1=$ACCOUNT c1=$CUSTOMER u admin id1 id2 id3
	new_conversation
	# The same person is a customer of a third account too.
	local a3
	a3=$(uniq acct)@example.com
	ctl account add "$a3" >/dev/null
	ctl customer add --account "$a3" "$c1" --name "Carl" >/dev/null
	ctl token issue --account "$a3" --customer "$c1" --subject "Other offer" >/dev/null
	ctl status set --account "$a3" "$c1" do_not_contact >/dev/null
	id1=$(sql "SELECT cv.id FROM conversations cv JOIN accounts a ON a.id = cv.account_id WHERE a.email = '$a1'")
	id2=$(sql "SELECT cv.id FROM conversations cv JOIN accounts a ON a.id = cv.account_id WHERE a.email = '$ACCOUNT'")
	id3=$(sql "SELECT cv.id FROM conversations cv JOIN accounts a ON a.id = cv.account_id WHERE a.email = '$a3'")
	u=$(uniq web)@example.com
	admin=$(uniq admin)@example.com
	web_user "$u" "correct horse battery"
	web_user "$admin" "correct horse battery" admin
	ctl user grant "$u" --account "$a1" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
for cid in ('$id2', '$id3', '999999999', 'x'):
    st, h, j = request('GET', '/api/conversations/%s/customer' % cid, cookie=cookie)
    check(st == 404 and j['error'] == 'no such conversation', 'customer of %s: %s %s' % (cid, st, j))
st, h, c = request('GET', '/api/conversations/$id1/customer', cookie=cookie)
check(st == 200 and c['email'] == '$c1' and c['name'] == 'Carl' and c['account'] == '$a1', 'details: %s %s' % (st, c))
check(not c['do_not_contact'] and c['status'] in ('new', 'contacted'), 'status: %s' % c)
check([v['id'] for v in c['conversations']] == [$id1], 'only the granted account\'s conversation: %s' % c['conversations'])
cookie, csrf = signin('$admin', 'correct horse battery')
st, h, c = request('GET', '/api/conversations/$id1/customer', cookie=cookie)
check(sorted(v['id'] for v in c['conversations']) == sorted([$id1, $id3]), 'an admin sees both accounts\' conversations: %s' % c['conversations'])
check([v['status'] for v in c['conversations'] if v['id'] == $id3] == ['do_not_contact'], 'the status in each account')
st, h, c = request('GET', '/api/conversations/$id3/customer', cookie=cookie)
check(c['do_not_contact'] and c['status'] == 'do_not_contact', 'do-not-contact: %s' % c)
"
}
