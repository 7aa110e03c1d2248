# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's inbox search and filters over real HTTP: a substring of
# the address or the name in any case, the search's own % and _ taken
# literally, searches under three characters refused (no trigram to
# look up: a short search that matched nothing read every customer),
# the three response types by their urgency, the status, and the count
# of what a filter matches, capped at 1,000 ("more").

# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

test_web_inbox_search_and_filters() {
	new_conversation
	local u
	# 1,100 conversations: over the count's cap of 1,000.
	sql "WITH c AS (INSERT INTO customers (account_id, email, name)
		SELECT a.id, 's' || g || '-$CUSTOMER', 'Person ' || g
		FROM accounts a, generate_series(1, 1100) g
		WHERE a.email = '$ACCOUNT' RETURNING id, account_id)
		INSERT INTO conversations (account_id, customer_id, last_activity_at)
		SELECT account_id, id, now() - id * interval '1 second' FROM c" >/dev/null
	sql "WITH c AS (INSERT INTO customers (account_id, email, name, status)
		SELECT a.id, v.e, v.n, v.s FROM accounts a,
		(VALUES ('under_score-$CUSTOMER', 'Ann', 'new'),
			('underXscore-$CUSTOMER', 'Bob', 'new'),
			('zq-$CUSTOMER', 'Dora Quist', 'customer'),
			('pct-$CUSTOMER', '100% Sure', 'new')) v(e, n, s)
		WHERE a.email = '$ACCOUNT' RETURNING id, account_id)
		INSERT INTO conversations (account_id, customer_id)
		SELECT account_id, id FROM c" >/dev/null
	# Replies analysed as each type: s1 needs attention, s2 high value,
	# s3 standard; s4's reply is not analysed yet.
	sql "WITH cv AS (SELECT cv.id, cv.account_id, cv.customer_id, c.email
		  FROM conversations cv JOIN customers c ON c.id = cv.customer_id
		  WHERE c.email IN ('s1-$CUSTOMER', 's2-$CUSTOMER', 's3-$CUSTOMER', 's4-$CUSTOMER')),
		r AS (INSERT INTO replies (account_id, customer_id, conversation_id, subject)
		  SELECT account_id, customer_id, id, email FROM cv RETURNING id, subject)
		INSERT INTO analyses (reply_id, response_type, sentiment, opportunity_score, backend)
		SELECT id, CASE WHEN subject LIKE 's1-%' THEN 'needs_attention'
		  WHEN subject LIKE 's2-%' THEN 'high_value' ELSE 'standard' END,
		  'neutral', 3, 'test' FROM r WHERE subject NOT LIKE 's4-%'" >/dev/null
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	web_py "
from urllib.parse import quote
cookie, csrf = signin('$u', 'correct horse battery')
def inbox(q):
    st, h, j = request('GET', '/api/inbox?' + q, cookie=cookie)
    check(st == 200, '%s: %s %s' % (q, st, j))
    return j
def who(j):
    return sorted(r['customer'].split('-')[0] for r in j['rows'])
j = inbox('')
check(j['total'] == 1105 and j['more'] is False, 'no filter, counted exactly: %s' % j['total'])
j = inbox('q=S1099-')
check(who(j) == ['s1099'] and j['total'] == 1 and not j['more'], 'any case: %s' % who(j))
j = inbox('q=' + quote('person 1099'))
check(who(j) == ['s1099'], 'by name: %s' % who(j))
j = inbox('q=under_score')
check(who(j) == ['under_score'] and j['total'] == 1, 'an underscore is itself: %s' % who(j))
j = inbox('q=' + quote('100%'))
check(who(j) == ['pct'], 'a percent sign is itself: %s' % who(j))
j = inbox('q=' + quote('0% '))
check(who(j) == ['pct'], 'a percent sign among three: %s' % who(j))
j = inbox('q=zq-')
check(who(j) == ['zq'] and j['total'] == 1, 'three characters: %s' % who(j))
for q in ['zq', 'q', quote('%'), quote('é')]:
    st, h, j = request('GET', '/api/inbox?q=' + q, cookie=cookie)
    check(st == 400 and j['code'] == 'search_short' and '3 characters' in j['error'], 'under three characters: %s %s' % (st, j))
j = inbox('q=' + quote('net' + chr(10) + 'dora'))
check(j['rows'] == [] and j['total'] == 0, 'not across the address and the name: %s' % who(j))
j = inbox('q=cust')
check(len(j['rows']) == 50 and j['total'] == 1000 and j['more'] is True, 'capped: %s %s' % (j['total'], j['more']))
j = inbox('q=cust&after=' + j['next'])
check(len(j['rows']) == 50 and j['more'] is True, 'the cap on a later page too')
j = inbox('type=needs_attention')
check(who(j) == ['s1'] and j['total'] == 1, 'needs attention: %s' % who(j))
j = inbox('type=high_value')
check(who(j) == ['s2'] and j['total'] == 1, 'high value: %s' % who(j))
j = inbox('type=standard')
check(who(j) == ['s3'] and j['total'] == 1, 'standard, not the unanalysed: %s' % who(j))
j = inbox('type=nonsense')
check(j['rows'] == [] and j['total'] == 0, 'an unknown type: %s' % j)
j = inbox('status=customer')
check(who(j) == ['zq'] and j['total'] == 1, 'by status: %s' % who(j))
j = inbox('status=new&q=under')
check(who(j) == sorted(['under_score', 'underXscore']) and j['total'] == 2, 'two filters: %s' % who(j))
j = inbox('status=new')
check(j['total'] == 1000 and j['more'] is True, 'a common status, capped: %s' % j['total'])
check(j['unread'] == inbox('')['unread'], 'the unread of the whole inbox')
"
}
