# SPDX-License-Identifier: BSD-2-Clause
# A salesperson's day with postreplyctl: replies logged by hand, status
# changes, notes, the inbox, reply addresses and their purge, and the
# human timeline.

# day_status CMD...: prints "STATUS|LINES|STDERR" for a command.
day_status() {
	local err rc=0
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	echo "$rc|$(printf '%s' "$err" | grep -c .)|$err"
}

# The customer's id for the current ACCOUNT.
day_customer_id() {
	sql "SELECT c.id FROM customers c JOIN accounts a ON a.id = c.account_id
		WHERE a.email = '$ACCOUNT' AND c.email = '$1'"
}

# The token of a reply address.
day_token() {
	echo "${1%@*}" | cut -d+ -f2
}

# analysis for a reply: response_type and score. The stack's analyzer
# may have analysed it already: the seeded values win.
day_analysis() { # reply_id type score
	sql "INSERT INTO analyses (reply_id, response_type, sentiment,
		opportunity_score, key_insights, backend)
		VALUES ($1, '$2', 'neutral', $3, 'seeded', 'test')
		ON CONFLICT (reply_id) DO UPDATE SET
		response_type = EXCLUDED.response_type,
		opportunity_score = EXCLUDED.opportunity_score,
		key_insights = EXCLUDED.key_insights, backend = EXCLUDED.backend"
}

# The id of the customer's last reply.
day_last_reply() {
	sql "SELECT max(r.id) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$1'"
}

# The rule of core/replies: a reply moves new and contacted customers to
# replied, and never takes one back from a later stage. What the
# analyzer makes of the reply afterwards is its own change (by
# postreply-analyzer), so only postreplyctl's are counted.
test_day_log_reply_status_transitions() {
	local st c out
	ACCOUNT=$(uniq acct)@example.com
	ctl account add "$ACCOUNT" >/dev/null
	for st in new contacted replied interested meeting_booked \
		not_interested customer do_not_contact; do
		c=$(uniq "$st")@example.net
		ctl customer add --account "$ACCOUNT" "$c" >/dev/null
		sql "UPDATE customers SET status = '$st' WHERE email = '$c'" >/dev/null
		out=$(ctl log-reply --account "$ACCOUNT" --customer "$c" --text "Noted.")
		case $st in
		new | contacted)
			assert_contains "$out" "; status $st -> replied" "$st: said"
			assert_eq "$st|replied" "$(sql "SELECT (e.detail->>'from') || '|' ||
				(e.detail->>'to') FROM events e JOIN customers c
				ON c.id = e.customer_id WHERE c.email = '$c'
				AND e.kind = 'status_change'
				AND e.detail->>'by' = 'postreplyctl'")" "$st becomes replied"
			;;
		*)
			assert_not_contains "$out" "status" "$st: no change said"
			assert_eq 0 "$(sql "SELECT count(*) FROM events e JOIN customers c
				ON c.id = e.customer_id WHERE c.email = '$c'
				AND e.kind = 'status_change'
				AND e.detail->>'by' = 'postreplyctl'")" "$st is kept"
			;;
		esac
	done
}

test_day_log_reply_phone_call() {
	new_conversation
	local out cid rid
	out=$(ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--channel phone --at "2024-03-04 15:30:00+00" \
		--text "Called back: wants a demo next week.")
	assert_contains "$out" "logged phone reply from $CUSTOMER" "answer"
	cid=$(day_customer_id "$CUSTOMER")
	rid=$(sql "SELECT id FROM replies WHERE customer_id = $cid")
	assert_eq "t|phone|t|0|2024-03-04 15:30:00+00" \
		"$(sql "SELECT manual, channel, raw IS NULL, raw_size,
			to_char(received_at AT TIME ZONE 'UTC',
			'YYYY-MM-DD HH24:MI:SS+00') FROM replies WHERE id = $rid")" \
		"the replies row"
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "reply|True|phone|Called back: wants a demo next week.|2024-03-04T15:30:00+00:00" \
		"$(echo "$out" | json '"|".join(str(e[k]) for e in j if e["kind"] == "reply" for k in ("kind","manual","channel","text","at"))')" \
		"the reply on the timeline"
	assert_eq "reply status_change email_sent status_change" \
		"$(echo "$out" | json '" ".join(e["kind"] for e in j)')" \
		"oldest first: the reply was logged with its own time"
	assert_eq "contacted|replied|postreplyctl|2024-03-04T15:30:00+00:00" \
		"$(echo "$out" | json '"|".join(str(e[k]) for e in j if e["kind"] == "status_change" and e["to"] == "replied" for k in ("from","to","by","at"))')" \
		"status change"
	assert_eq replied "$(sql "SELECT status FROM customers WHERE id = $cid")" \
		"status"
	# Queued, and perhaps already done by the stack's analyzer.
	assert_eq "1|t" "$(sql "SELECT count(*), bool_and(state IN ('queued', 'done'))
		FROM jobs WHERE kind = 'analyze_reply'
		AND (payload->>'reply_id')::bigint = $rid")" "analysis job"
	assert_eq 0 "$(sql "SELECT unread_count FROM conversations
		WHERE customer_id = $cid")" "a logged reply is already read"
}

test_day_log_reply_from_file_for_new_customer() {
	new_conversation
	local who f out
	who=$(uniq walkin)@example.org
	f=$(mktemp)
	printf 'Met at the fair.\nSend the price list.\n\n' >"$f"
	ctl log-reply --account "$ACCOUNT" --customer "$who" --text-file "$f" \
		--channel meeting >/dev/null
	rm -f "$f"
	assert_eq "replied" "$(sql "SELECT status FROM customers
		WHERE email = '$who'")" "a new customer, now replied"
	out=$(ctl timeline "$who" --account "$ACCOUNT" --json)
	assert_eq "reply status_change" \
		"$(echo "$out" | json '" ".join(e["kind"] for e in j)')" "kinds"
	assert_eq "meeting|Met at the fair.\\nSend the price list.|new" \
		"$(echo "$out" | json '"|".join([j[0]["channel"], j[0]["text"].replace("\n", "\\n"), j[1]["from"]])')" \
		"text without trailing blank lines; status from new"
	assert_eq "1" "$(sql "SELECT count(*) FROM conversations c
		JOIN customers cu ON cu.id = c.customer_id
		WHERE cu.email = '$who'")" "conversation created"
	printf 'Second call.' | ctl log-reply --account "$ACCOUNT" \
		--customer "$who" --text-file - >/dev/null
	assert_eq "other" "$(sql "SELECT channel FROM replies
		WHERE id = $(day_last_reply "$who")")" "default channel"
	assert_eq "reply status_change reply" \
		"$(ctl timeline "$who" --json | json '" ".join(e["kind"] for e in j)')" \
		"no second status change"
}

test_day_status_set() {
	new_conversation
	local out r cid
	cid=$(day_customer_id "$CUSTOMER")
	out=$(ctl status set --account "$ACCOUNT" "$CUSTOMER" interested)
	assert_eq "$CUSTOMER: contacted -> interested" "$out" "answer"
	out=$(ctl status set --account "$ACCOUNT" "$CUSTOMER" interested)
	assert_contains "$out" "already interested; nothing changed" "same again"
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "contacted>interested" \
		"$(echo "$out" | json '",".join(e["from"] + ">" + e["to"] for e in j if e["kind"] == "status_change" and e["by"] != "ctl")')" \
		"one event for two identical calls"
	echo "$out" | json '[e["by"] for e in j if e["kind"] == "status_change"][-1]' |
		grep -E -q '^postreplyctl \(.+\)$' || fail "by is not 'postreplyctl (login)'"
	ctl status set --account "$ACCOUNT" "$CUSTOMER" do_not_contact >/dev/null
	assert_eq "do_not_contact|t" "$(sql "SELECT status, do_not_contact
		FROM customers WHERE id = $cid")" "do_not_contact raises the flag"
	out=$(ctl status set --account "$ACCOUNT" "$CUSTOMER" customer)
	assert_contains "$out" "no longer flagged do-not-contact" "said so"
	assert_eq "customer|f" "$(sql "SELECT status, do_not_contact
		FROM customers WHERE id = $cid")" "moving away lowers it"
	sql "UPDATE customers SET do_not_contact = true WHERE id = $cid"
	ctl status set --account "$ACCOUNT" "$CUSTOMER" interested >/dev/null
	assert_eq "t" "$(sql "SELECT do_not_contact FROM customers
		WHERE id = $cid")" "a flag raised otherwise stays"
	assert_eq 5 "$(sql "SELECT count(*) FROM events WHERE customer_id = $cid
		AND kind = 'status_change'")" "events: 1 by ctl, 4 by hand"
	r=$(day_status ctl status set --account "$ACCOUNT" "$CUSTOMER" hot)
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "bad status"
	assert_contains "$r" 'unknown status "hot"; use one of: new, contacted, replied, interested, meeting_booked, customer, not_interested, do_not_contact' \
		"lists the statuses"
	r=$(day_status ctl status set --account "$ACCOUNT" nobody@example.net new)
	assert_eq "67|1" "$(echo "$r" | cut -d'|' -f1-2)" "unknown customer"
	r=$(day_status ctl status set --account "$ACCOUNT" "$CUSTOMER")
	assert_eq 64 "${r%%|*}" "no status"
}

test_day_note_on_timeline() {
	new_conversation
	local out
	out=$(ctl note add --account "$ACCOUNT" "$CUSTOMER" \
		--text $'Prefers calls after 4pm.\nAsk about the \033[31mbudget')
	assert_eq "added a note for $CUSTOMER" "$out" "answer"
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "note|Prefers calls after 4pm." \
		"$(echo "$out" | json '"|".join([j[-1]["kind"], j[-1]["text"].splitlines()[0]])')" \
		"note event"
	echo "$out" | json 'j[-1]["by"]' | grep -E -q '^postreplyctl \(.+\)$' ||
		fail "note without who wrote it"
	out=$(ctl timeline "$CUSTOMER")
	assert_contains "$out" "Prefers calls after 4pm." "note text shown"
	assert_contains "$out" "Ask about the ?[31mbudget" "control characters filtered"
	assert_not_contains "$out" $'\033' "no escape reaches the terminal"
	assert_eq 0 "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"a note is not a reply"
}

test_day_inbox_order() {
	local c i out expected
	ACCOUNT=$(uniq inboxacct)@example.com
	ctl account add "$ACCOUNT" >/dev/null
	for i in 1 2 3 4 5 6; do
		c[$i]=c$i-$(uniq in)@example.net
		ctl token issue --account "$ACCOUNT" --customer "${c[$i]}" \
			--subject "Offer $i" >/dev/null
	done
	# c1 oldest reply but needs attention; c2 high value; c3 standard;
	# c4 no analysis; c5 no reply (its last activity is now); c6's last
	# reply is not analysed, an older one needed attention.
	for i in 1 2 3 4 6; do
		ctl log-reply --account "$ACCOUNT" --customer "${c[$i]}" \
			--at "2024-01-0$i 12:00+00" --text "answer $i" >/dev/null
	done
	day_analysis "$(day_last_reply "${c[1]}")" needs_attention 2
	day_analysis "$(day_last_reply "${c[2]}")" high_value 5
	day_analysis "$(day_last_reply "${c[3]}")" standard 3
	day_analysis "$(day_last_reply "${c[6]}")" needs_attention 1
	ctl log-reply --account "$ACCOUNT" --customer "${c[6]}" \
		--at "2024-01-07 12:00+00" --text "answer 6b" >/dev/null
	expected="${c[1]} ${c[2]} ${c[5]} ${c[6]} ${c[4]} ${c[3]}"
	out=$(ctl inbox --account "$ACCOUNT" --json)
	assert_eq "$expected" "$(echo "$out" | json '" ".join(e["customer"] for e in j)')" \
		"needs_attention, high_value, then newest"
	assert_eq "needs_attention|2|answer 1|2024-01-01T12:00:00+00:00" \
		"$(echo "$out" | json '"|".join(str(j[0][k]) for k in ("response_type","opportunity_score","preview","last_reply_at"))')" \
		"first entry"
	# c6's older reply needed attention; its last one is what counts: not
	# analysed yet (None), or analysed by the stack's analyzer (standard).
	assert_eq "False|answer 6b" \
		"$(echo "$out" | json '"|".join(str(x) for x in (j[3]["response_type"] == "needs_attention", j[3]["preview"]))')" \
		"the last reply's analysis counts, not an older one"
	out=$(ctl inbox --account "$ACCOUNT")
	assert_eq "CUSTOMER" "$(echo "$out" | head -1 | awk '{print $1}')" \
		"no account column for one account"
	assert_eq "$expected" "$(echo "$out" | tail -n +2 | awk '{print $1}' | xargs)" \
		"human form, same order"
	assert_contains "$(echo "$out" | grep -F "${c[2]}")" "high_value" "type shown"
	assert_contains "$(echo "$out" | grep -F "${c[2]}")" "answer 2" "preview shown"
	out=$(ctl inbox)
	assert_eq "ACCOUNT" "$(echo "$out" | head -1 | awk '{print $1}')" \
		"account column for all accounts"
	assert_contains "$out" "$ACCOUNT" "this account listed"
}

test_day_inbox_unread_and_read() {
	new_conversation
	local out n
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "First answer" >/dev/null
	wait_mail "$ACCOUNT" 20 "First answer" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Second answer" >/dev/null
	wait_mail "$ACCOUNT" 20 "Second answer" >/dev/null
	# The preview is the last reply's text once the analyzer has read it.
	for _ in $(seq 100); do
		out=$(ctl inbox --account "$ACCOUNT" --json)
		[ "$(echo "$out" | json 'j[0]["preview"]')" = "Second answer" ] && break
		sleep 0.1
	done
	assert_eq "2|replied|Second answer" \
		"$(echo "$out" | json '"|".join(str(j[0][k]) for k in ("unread","status","preview"))')" \
		"two unread, preview from the last reply"
	sql "UPDATE replies SET reply_text = E'Second\n  answer, extracted'
		WHERE id = $(day_last_reply "$CUSTOMER")"
	assert_eq "Second answer, extracted" \
		"$(ctl inbox --account "$ACCOUNT" --json | json 'j[0]["preview"]')" \
		"preview from the extracted text, on one line"
	n=$(ctl inbox --unread --json | json "len([e for e in j if e['customer'] == '$CUSTOMER'])")
	assert_eq 1 "$n" "listed with --unread"
	out=$(ctl read --account "$ACCOUNT" "$CUSTOMER")
	assert_contains "$out" "read (2 unread before)" "answer"
	assert_eq 0 "$(ctl inbox --account "$ACCOUNT" --json | json 'j[0]["unread"]')" \
		"read clears the count"
	n=$(ctl inbox --unread --json | json "len([e for e in j if e['customer'] == '$CUSTOMER'])")
	assert_eq 0 "$n" "not listed with --unread once read"
	assert_eq "" "$(ctl inbox --account "$ACCOUNT" --unread | tail -n +2)" \
		"nothing unread for the account"
	assert_eq 67 "$(day_status ctl read --account "$ACCOUNT" nobody@example.net |
		cut -d'|' -f1)" "unknown customer"
}

test_day_tokens_list() {
	new_conversation
	local second out
	second=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER" \
		--subject "Follow-up")
	sql "UPDATE reply_tokens SET issued_at = now() - interval '100 days',
		expires_at = now() - interval '10 days'
		WHERE token = '$(day_token "$REPLY")'"
	out=$(ctl tokens list "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "$REPLY|expired|Our offer $second|valid|Follow-up" \
		"$(echo "$out" | json '" ".join("|".join([e["reply_address"], e["state"], e["subject"]]) for e in j)')" \
		"both addresses, oldest first, with their state"
	echo "$out" | json 'j[1]["expires_at"]' |
		grep -E -q '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{2}:[0-9]{2}$' ||
		fail "expires_at is not ISO 8601"
	out=$(ctl tokens list "$CUSTOMER" --account "$ACCOUNT")
	assert_contains "$(echo "$out" | grep -F "$REPLY")" "expired" "human: expired"
	assert_contains "$(echo "$out" | grep -F "$second")" "valid" "human: valid"
	assert_contains "$(echo "$out" | head -1)" "EXPIRES" "header"
	assert_contains "$(ctl tokens list "$CUSTOMER" | head -1)" "ACCOUNT" \
		"account column without --account"
	assert_eq 67 "$(day_status ctl tokens list nobody@example.net | cut -d'|' -f1)" \
		"unknown customer"
}

test_day_tokens_purge() {
	new_conversation
	local old recent young_expired out rid
	old=$REPLY
	# A reply arrives while the address is valid; its data must survive.
	smtp --from "$CUSTOMER" --to "$old" --body "kept after purge" >/dev/null
	wait_mail "$ACCOUNT" 20 "kept after purge" >/dev/null
	rid=$(day_last_reply "$CUSTOMER")
	recent=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER")
	young_expired=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER")
	sql "UPDATE reply_tokens SET issued_at = now() - interval '500 days',
		expires_at = now() - interval '410 days'
		WHERE token = '$(day_token "$old")'"
	# Old but (by a long lifetime) still valid: kept.
	sql "UPDATE reply_tokens SET issued_at = now() - interval '500 days'
		WHERE token = '$(day_token "$recent")'"
	# Expired but not old: kept, so that it is refused as expired.
	sql "UPDATE reply_tokens SET issued_at = now() - interval '100 days',
		expires_at = now() - interval '10 days'
		WHERE token = '$(day_token "$young_expired")'"
	out=$(ctl tokens purge)
	[[ $out =~ ^purged\ [1-9][0-9]*\ expired\ reply\ address(es)?\ issued\ before ]] ||
		fail "purge answer: $out"
	assert_eq "$recent $young_expired" \
		"$(ctl tokens list "$CUSTOMER" --json | json '" ".join(e["reply_address"] for e in j)')" \
		"only the old expired address is gone"
	assert_eq "t|t" "$(sql "SELECT token IS NULL,
		position('kept after purge' IN convert_from(raw, 'UTF8')) > 0
		FROM replies WHERE id = $rid")" "the reply keeps its data"
	out=$(smtp --from "$CUSTOMER" --to "$old" --body "too late")
	assert_refused "$out" 550 5.1.1 "This reply address is unknown" \
		"a purged address is unknown"
	out=$(smtp --from "$CUSTOMER" --to "$young_expired" --body "late")
	assert_refused "$out" 550 5.1.1 "This reply address has expired" \
		"an expired address not yet purged says expired"
	out=$(ctl tokens purge)
	assert_contains "$out" "purged 0 expired reply addresses" "nothing left"
}

test_day_timeline_human_every_kind() {
	new_conversation
	local out cid conv rid summary_col
	cid=$(day_customer_id "$CUSTOMER")
	conv=$(sql "SELECT id FROM conversations WHERE customer_id = $cid")
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--header "Auto-Submitted: auto-replied" --body "I am away" >/dev/null
	wait_mail "$ACCOUNT" 20 "I am away" >/dev/null
	rid=$(day_last_reply "$CUSTOMER")
	sql "UPDATE replies SET reply_text = E'I am away\nuntil Monday'
		WHERE id = $rid"
	sql "INSERT INTO analyses (reply_id, response_type, sentiment,
		opportunity_score, key_insights, follow_up_needed, backend)
		VALUES ($rid, 'standard', 'neutral', 2, 'Out of office.', true, 'test')
		ON CONFLICT (reply_id) DO UPDATE SET
		response_type = EXCLUDED.response_type,
		opportunity_score = EXCLUDED.opportunity_score,
		key_insights = EXCLUDED.key_insights,
		follow_up_needed = EXCLUDED.follow_up_needed,
		backend = EXCLUDED.backend"
	ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" --channel phone \
		--text "Back now; call Tuesday." >/dev/null
	ctl status set --account "$ACCOUNT" "$CUSTOMER" meeting_booked >/dev/null
	ctl note add --account "$ACCOUNT" "$CUSTOMER" --text "Bring the deck" >/dev/null
	sql "INSERT INTO events (kind, account_id, customer_id, conversation_id, detail)
		SELECT k, c.account_id, c.id, $conv, d::jsonb FROM customers c,
		(VALUES ('send_failed', '{\"subject\": \"Pricing\", \"reason\": \"550 relay denied\"}'),
		('followup_scheduled', '{\"due_at\": \"2030-01-01T09:00:00+00:00\", \"reason\": \"no reply in 3 days\"}'),
		('followup_sent', '{\"subject\": \"Just checking in\"}'),
		('followup_cancelled', '{\"reason\": \"customer replied\"}'),
		('something_new', '{\"x\": 1}')) AS v(k, d)
		WHERE c.id = $cid"
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT")
	for k in email_sent reply status_change note send_failed \
		followup_scheduled followup_sent followup_cancelled something_new; do
		assert_contains "$out" "  $k  " "a $k line"
	done
	assert_contains "$out" "\"Our offer\" reply to $REPLY" "email sent"
	assert_contains "$out" "from $CUSTOMER: \"Re: Our offer\" [auto-reply]" "reply flags"
	assert_contains "$out" "[manual, phone]" "manual reply and its channel"
	assert_contains "$out" "contacted -> replied (by postreply-milter)" "status by the milter"
	assert_contains "$out" "-> meeting_booked (by postreplyctl (" "status by hand"
	assert_contains "$out" "analysis: standard, neutral, score 2/5, follow-up needed" "analysis"
	assert_contains "$out" "insights: Out of office." "insights"
	assert_contains "$out" "\"Pricing\" was not sent: 550 relay denied" "send failed"
	assert_contains "$out" "due 2030-01-01 09:00:00 UTC, no reply in 3 days" "follow-up due"
	assert_contains "$out" "\"Just checking in\"" "follow-up sent"
	assert_contains "$out" "customer replied" "follow-up cancelled"
	assert_contains "$out" '{"x": 1}' "unknown kinds show their detail"
	assert_not_contains "$out" $'\033[' "no colour when not on a terminal"
	# Aligned: every event line has its summary at the same column, and
	# the lines below (texts, analysis) are indented past it.
	echo "$out" | /usr/bin/python3 -c '
import re, sys
lines = sys.stdin.read().splitlines()
cols = set()
for l in lines:
    m = re.match(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+  \S+ +)\S", l)
    if m:
        cols.add(len(m.group(1)))
if len(cols) != 1:
    sys.exit("summary columns differ: %s" % sorted(cols))
col = cols.pop()
below = [l for l in lines if not re.match(r"^\d{4}-", l)]
if not below or any(not l.startswith(" " * (col + 2)) for l in below):
    sys.exit("text lines not indented past column %d: %r" % (col, below))
for want in ("I am away", "until Monday", "Back now; call Tuesday.", "Bring the deck"):
    if not any(l.strip() == want for l in below):
        sys.exit("no indented line %r" % want)
' || fail "the human timeline is not aligned"
	# The JSON form is unchanged: kind, at, account, customer and details.
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "True|phone|Back now; call Tuesday.|$ACCOUNT|$CUSTOMER" \
		"$(echo "$out" | json '"|".join(str(e[k]) for e in j if e["kind"] == "reply" and e["manual"] for k in ("manual","channel","text","account","customer"))')" \
		"manual reply in JSON"
}

test_day_account_list_json() {
	local a out r
	a=$(uniq listacct)@example.com
	ctl account add "$a" --name "Zoe" --reply-to "team@example.com" >/dev/null
	out=$(ctl account list --json)
	assert_eq "Zoe|team@example.com|team@example.com" \
		"$(echo "$out" | json "'|'.join([[e['name'], e['reply_to'], e['forward_to']] for e in j if e['email'] == '$a'][0])")" \
		"account in JSON"
	assert_contains "$(ctl account list)" "$a" "human form still there"
	r=$(day_status ctl account list extra)
	assert_eq 64 "${r%%|*}" "no arguments"
}

test_day_bad_input() {
	new_conversation
	local r f
	for cmd in "log-reply --account nobody@example.com --customer $CUSTOMER --text x" \
		"status set --account nobody@example.com $CUSTOMER new" \
		"note add --account nobody@example.com $CUSTOMER --text x" \
		"inbox --account nobody@example.com" \
		"read --account nobody@example.com $CUSTOMER" \
		"tokens list $CUSTOMER --account nobody@example.com"; do
		# shellcheck disable=SC2086
		r=$(day_status ctl $cmd)
		assert_eq "67|1" "$(echo "$r" | cut -d'|' -f1-2)" "unknown account: $cmd"
		assert_contains "$r" "no account nobody@example.com" "message: $cmd"
	done
	for cmd in "log-reply --account $ACCOUNT --customer x@ --text x" \
		"log-reply --account not-an-address --customer $CUSTOMER --text x" \
		"status set --account $ACCOUNT a@b@c new" \
		"note add --account $ACCOUNT @example.net --text x" \
		"read --account $ACCOUNT nobody" \
		"tokens list x@"; do
		# shellcheck disable=SC2086
		r=$(day_status ctl $cmd)
		assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "malformed address: $cmd"
	done
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text-file "$STACK_DIR/no-such-file.txt")
	assert_eq "66|1" "$(echo "$r" | cut -d'|' -f1-2)" "missing text file"
	assert_contains "$r" "no-such-file.txt" "names the file"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text x --at "last tuesday-ish")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "bad --at"
	assert_contains "$r" "bad time for --at" "message"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text x --at "2999-01-01")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "--at in the future"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text x --channel fax)
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "bad channel"
	f=$(mktemp)
	printf 'caf\xe9\n' >"$f"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text-file "$f")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "text not UTF-8"
	r=$(day_status ctl note add --account "$ACCOUNT" "$CUSTOMER" --text "   ")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "empty note"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" \
		--text x --text-file "$f")
	assert_eq 64 "${r%%|*}" "--text and --text-file together"
	rm -f "$f"
	r=$(day_status ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER")
	assert_eq 64 "${r%%|*}" "no text"
	assert_eq 0 "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"nothing was recorded"
}
