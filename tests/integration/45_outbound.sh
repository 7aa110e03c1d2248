# Outbound mode: mail an account sends from its own mail client through
# Postfix gets a fresh reply address (track_outbound = yes in the stack,
# with track_unknown_recipients = yes and internal_domains = example.com).

# new_account_and_customer: ACCOUNT, and CUSTOMER known to it.
new_account_and_customer() {
	ACCOUNT=$(uniq out)@example.com
	CUSTOMER=$(uniq cust)@example.net
	ctl account add "$ACCOUNT" --name "Olga Out" >/dev/null
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" >/dev/null
}

reply_to_of() {
	message_of "$1" --headers Reply-To
}

test_outbound_mail_from_an_account_gets_a_reply_address() {
	new_account_and_customer
	local f reply out
	smtp --from "$ACCOUNT" --to "$CUSTOMER" --header "From: Olga <$ACCOUNT>" \
		--header "Reply-To: $ACCOUNT" --header "Subject: Our new plan" \
		--body "Hello from my mail client" >/dev/null
	f=$(wait_mail "$CUSTOMER")
	reply=$(reply_to_of "$f")
	[[ $reply =~ ^reply\+[a-z2-7]{16}@reply\.example\.com$ ]] ||
		fail "Reply-To is not a reply address: '$reply'"
	assert_eq 1 "$(grep -ci '^Reply-To:' "$f")" "exactly one Reply-To"
	out=$(ctl timeline "$CUSTOMER" --json)
	assert_eq "email_sent|Our new plan|$reply|milter" \
		"$(echo "$out" | json '"|".join([j[0]["kind"], j[0]["subject"], j[0]["reply_address"], j[0]["source"]])')" \
		"the send is on the timeline"
	# The customer answers: the reply reaches the account.
	assert_contains "$(smtp --from "$CUSTOMER" --to "$reply" --body "Tell me more")" \
		"250 2.0.0 Ok: queued" "reply accepted"
	wait_mail "$ACCOUNT" 20 "Tell me more" >/dev/null
	# The analyzer may add its own status change after these.
	assert_eq "email_sent status_change reply status_change" \
		"$(ctl timeline "$CUSTOMER" --json | json '" ".join(e["kind"] for e in j[:4])')" \
		"timeline order"
}

test_outbound_several_customers_share_one_token() {
	new_account_and_customer
	local c2 f reply f2
	c2=$(uniq cust)@example.net
	ctl customer add --account "$ACCOUNT" "$c2" >/dev/null
	smtp --from "$ACCOUNT" --to "$CUSTOMER,$c2" --header "Subject: Both of you" \
		--body "hi both" >/dev/null
	f=$(wait_mail "$c2")
	reply=$(reply_to_of "$f")
	assert_eq 2 "$(sql "SELECT count(*) FROM token_customers
		WHERE token = '$(echo "${reply%@*}" | cut -d+ -f2)'")" \
		"one token for both customers"
	for c in "$CUSTOMER" "$c2"; do
		assert_eq email_sent "$(ctl timeline "$c" --json | json 'j[0]["kind"]')" \
			"on $c's timeline"
	done
	# The second customer answers: it lands in their own conversation.
	smtp --from "$c2" --to "$reply" --header "From: <$c2>" --body "me too" >/dev/null
	f2=$(wait_mail "$ACCOUNT" 20 "me too")
	grep -q -x -F "X-PostReply-Customer: $c2" "$f2" ||
		fail "the reply is not attributed to $c2"
	assert_eq "$c2" "$(sql "SELECT c.email FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE r.envelope_to = '$reply'")" \
		"stored for the customer who wrote"
}

test_outbound_unknown_recipients_become_customers_colleagues_do_not() {
	new_account_and_customer
	local stranger colleague f
	stranger=$(uniq new)@example.net
	colleague=$(uniq colleague)@example.com
	smtp --from "$ACCOUNT" --to "$stranger,$colleague" --header "Subject: Intro" \
		--body "first contact" >/dev/null
	f=$(wait_mail "$stranger")
	assert_eq 1 "$(sql "SELECT count(*) FROM customers WHERE email = '$stranger'")" \
		"a recipient outside the company becomes a customer"
	assert_eq 0 "$(sql "SELECT count(*) FROM customers WHERE email = '$colleague'")" \
		"a colleague does not"
	# Only colleagues: the message is left alone.
	smtp --from "$ACCOUNT" --to "$colleague" --header "Subject: Internal" \
		--body "lunch?" >/dev/null
	f=$(wait_mail "$colleague" 20 "lunch?")
	[ -z "$(reply_to_of "$f")" ] || fail "internal mail got a Reply-To"
}

test_outbound_mail_from_strangers_is_untouched() {
	new_account_and_customer
	local f mid
	mid=$(uniq s)@x
	printf 'From: <stranger@example.net>\r\nTo: <%s>\r\nMessage-ID: <%s>\r\nSubject: not outreach\r\n\r\nbody\r\n' \
		"$CUSTOMER" "$mid" >"$STACK_DIR/stranger.eml"
	smtp --from stranger@example.net --to "$CUSTOMER" --data "$STACK_DIR/stranger.eml" >/dev/null
	f=$(wait_mail "$CUSTOMER")
	assert_same_message "$STACK_DIR/stranger.eml" "$f" "mail from a stranger"
	# The account's address, but from a client outside outbound_networks.
	printf 'From: <%s>\r\nTo: <%s>\r\nSubject: spoofed\r\n\r\nbody two\r\n' \
		"$ACCOUNT" "$CUSTOMER" >"$STACK_DIR/spoof.eml"
	smtp --xclient-addr 203.0.113.9 --from "$ACCOUNT" --to "$CUSTOMER" \
		--data "$STACK_DIR/spoof.eml" >/dev/null
	f=$(wait_mail "$CUSTOMER" 20 "body two")
	assert_same_message "$STACK_DIR/spoof.eml" "$f" "an untrusted client"
	assert_eq 0 "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" "nothing recorded"
}

test_outbound_database_down_tempfails_only_accounts() {
	new_account_and_customer
	local out other
	# The account has sent before, so the milter knows it is one.
	smtp --from "$ACCOUNT" --to "$CUSTOMER" --body "before" >/dev/null
	wait_mail "$CUSTOMER" >/dev/null
	other=$(uniq plain)@example.org
	"$TESTS_DIR/../scripts/testbed" pg-stop "$STACK_DIR" >/dev/null
	out=$(smtp --from "$ACCOUNT" --to "$CUSTOMER" --body "while db is down")
	out2=$(smtp --from "someone@example.com" --to "$other" --body "not outreach")
	"$TESTS_DIR/../scripts/testbed" pg-start "$STACK_DIR" >/dev/null
	assert_contains "$out" "451 4.3.0" "an account's mail is tempfailed"
	assert_not_contains "$out" "Ok: queued" "not accepted"
	assert_contains "$out2" "250 2.0.0 Ok: queued" "other mail still flows"
	wait_mail "$other" >/dev/null
}
