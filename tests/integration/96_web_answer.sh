# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's answer to a customer, over real HTTP: the form, the
# grant checked on every call, the email through Postfix to the sink
# with a fresh reply address, threaded under the customer's reply, and
# on the timeline; do-not-contact refused.

# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

test_web_answer_a_customer() {
	new_conversation
	local a1=$ACCOUNT c1=$CUSTOMER r1=$REPLY u id1 id2 mid f addr
	new_conversation
	mid="<$(uniq mid)@client.example.net>"
	smtp --from "$c1" --to "$r1" --header "Subject: Re: Our offer" \
		--header "Message-Id: $mid" --body "Send me the price list" >/dev/null
	wait_mail "$a1" 20 "Send me the price list" >/dev/null
	id1=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$c1'")
	id2=$(sql "SELECT cv.id FROM conversations cv JOIN customers c ON c.id = cv.customer_id WHERE c.email = '$CUSTOMER'")
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$a1" >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
body = {'subject': 'Re: Our offer', 'text': 'Here it is'}
# Another account's conversation, or none: 404 for the form and the send.
for cid in ('$id2', '999999999', 'x', '-1'):
    st, h, j = request('GET', '/api/conversations/%s/answer' % cid, cookie=cookie)
    check(st == 404 and j['error'] == 'no such conversation', 'form of %s: %s %s' % (cid, st, j))
    st, h, j = request('POST', '/api/conversations/%s/answer' % cid, body, cookie=cookie, csrf=csrf)
    check(st == 404 and j['error'] == 'no such conversation', 'send to %s: %s %s' % (cid, st, j))
st, h, j = request('POST', '/api/conversations/$id1/answer', body, cookie=cookie)
check(st == 403, 'without the CSRF token: %s' % st)
for bad, words in (({'subject': ' ', 'text': 'x'}, 'subject is empty'),
                   ({'subject': 'a\nBcc: x@evil.example', 'text': 'x'}, 'one line'),
                   ({'subject': 'x' * 501, 'text': 'x'}, 'longer'),
                   ({'subject': 'Hi', 'text': ' \n'}, 'text is empty'),
                   ({'subject': 'Hi', 'text': 'x' * 20001}, 'longer'),
                   ({'subject': 'Hi', 'text': 'x', 'to': 'x@evil.example'}, 'unknown field')):
    st, h, j = request('POST', '/api/conversations/$id1/answer', bad, cookie=cookie, csrf=csrf)
    check(st == 400 and words in j['error'], '%s: %s %s' % (list(bad), st, j))
st, h, f = request('GET', '/api/conversations/$id1/answer', cookie=cookie)
check(st == 200 and f['to'] == '$c1' and f['from'] == '$a1', 'the form: %s %s' % (st, f))
check(f['subject'] == 'Re: Our offer', 'the subject, Re: once: %s' % f['subject'])
check(f['in_reply_to'] == '$mid' and not f['do_not_contact'], 'threading: %s' % f)
st, h, j = request('POST', '/api/conversations/$id1/answer',
                   {'subject': f['subject'], 'text': 'Hello Carl,\n\nthe price list: 40 EUR a seat.\n'},
                   cookie=cookie, csrf=csrf)
check(st == 200 and '@' in j['reply_to'] and j['reply_to'] != '$r1', 'sent: %s %s' % (st, j))
open('$STACK_DIR/answer-addr', 'w').write(j['reply_to'])
st, h, c = request('GET', '/api/conversations/$id1', cookie=cookie)
check(any(e['kind'] == 'email_sent' and e.get('subject') == 'Re: Our offer' for e in c['events']), 'on the timeline: %s' % c['events'])
"
	f=$(wait_mail "$c1" 20 "40 EUR a seat") || fail "the answer did not reach the sink"
	addr=$(cat "$STACK_DIR/answer-addr")
	assert_contains "$(grep -i '^Reply-To:' "$f")" "$addr" "Reply-To is the fresh reply address"
	assert_contains "$(grep -i '^In-Reply-To:' "$f")" "$mid" "threaded under the customer's reply"
	assert_contains "$(grep -i '^References:' "$f")" "$mid" "References it too"
	assert_contains "$(grep -i '^From:' "$f")" "$a1" "sent as the account"
	assert_eq 1 "$(sql "SELECT count(*) FROM sent_emails se JOIN customers c ON c.id = se.customer_id
		WHERE c.email = '$c1' AND se.source = 'web' AND se.status = 'sent'")" "recorded as sent from the web"
	ctl status set --account "$a1" "$c1" do_not_contact >/dev/null
	web_py "
cookie, csrf = signin('$u', 'correct horse battery')
st, h, f = request('GET', '/api/conversations/$id1/answer', cookie=cookie)
check(st == 200 and f['do_not_contact'], 'the form says do-not-contact: %s' % f)
st, h, j = request('POST', '/api/conversations/$id1/answer', {'subject': 'Hi', 'text': 'Again'}, cookie=cookie, csrf=csrf)
check(st == 409 and 'do-not-contact' in j['error'], 'refused: %s %s' % (st, j))
"
	assert_eq 1 "$(sql "SELECT count(*) FROM sent_emails se JOIN customers c ON c.id = se.customer_id
		WHERE c.email = '$c1' AND se.source = 'web'")" "nothing more recorded"
	alive "$(cat "$STACK_DIR/web.pid")" || fail "postreply-web died"
}
