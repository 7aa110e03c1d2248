# SPDX-License-Identifier: BSD-2-Clause
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
	local c2 f reply
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
}

# shared_token: ACCOUNT writes to CUSTOMER and to BEA, at another domain,
# in one message, whose reply address is SHARED.
shared_token() {
	new_account_and_customer
	BEA=$(uniq bea)@b.example.org
	ctl customer add --account "$ACCOUNT" "$BEA" >/dev/null
	smtp --from "$ACCOUNT" --to "$CUSTOMER,$BEA" --header "Subject: Both of you" \
		--body "hi both" >/dev/null
	SHARED=$(reply_to_of "$(wait_mail "$BEA")")
}

# bea_writes TEXT [HEADER]: a reply to SHARED From: BEA, with HEADER
# above the others as an MTA on the way would add it. Sets MID and
# DELIVERED (the copy the account got).
bea_writes() {
	local eml=$STACK_DIR/bea.eml
	MID=$(uniq bea)@b.example.org
	{
		[ -z "${2:-}" ] || printf '%s\r\n' "$2"
		printf 'From: Bea <%s>\r\nTo: <%s>\r\nMessage-ID: <%s>\r\n' \
			"$BEA" "$SHARED" "$MID"
		printf 'Subject: Re: Both of you\r\n\r\n%s\r\n' "$1"
	} >"$eml"
	smtp --from "$BEA" --to "$SHARED" --data "$eml" >/dev/null
	DELIVERED=$(wait_mail "$ACCOUNT" 20 "$1")
}

# The customer a reply was stored for, and the one the account was told.
assert_filed_under() { # customer what
	assert_eq "$1" "$(sql "SELECT c.email FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE r.message_id = '<$MID>'")" "$2: stored for"
	assert_eq "$1" "$(message_of "$DELIVERED" --headers X-PostReply-Customer)" \
		"$2: X-PostReply-Customer"
}

# A shared token's reply whose From: names another of its customers, with
# nothing a trusted server vouched for, stays with the token's customer:
# Bea is not flagged do-not-contact by a stop request in her name.
test_outbound_shared_token_reply_without_evidence_stays_with_the_token_customer() {
	shared_token
	milter_conf trusted_authserv_ids mx.test.example
	bea_writes "Please stop emailing me, remove me from your list." \
		"Authentication-Results: evil.example; dkim=pass header.d=b.example.org; dmarc=pass header.from=b.example.org"
	assert_filed_under "$CUSTOMER" "a forged Authentication-Results"
	for _ in $(seq 100); do
		[ "$(sql "SELECT count(*) FROM analyses an JOIN replies r
			ON r.id = an.reply_id WHERE r.message_id = '<$MID>'")" = 1 ] && break
		sleep 0.1
	done
	assert_eq "contacted|f|0" "$(sql "SELECT status, do_not_contact,
		(SELECT count(*) FROM replies WHERE customer_id = c.id)
		FROM customers c WHERE email = '$BEA'")" "Bea's record is untouched"
	# Without any Authentication-Results, nor with no authserv-id trusted.
	bea_writes "Second try, no header"
	assert_filed_under "$CUSTOMER" "no Authentication-Results"
	milter_conf trusted_authserv_ids
	bea_writes "Third try, nothing trusted" \
		"Authentication-Results: mx.test.example; dkim=pass header.d=b.example.org"
	assert_filed_under "$CUSTOMER" "trusted_authserv_ids empty"
}

# A trusted server's DKIM or DMARC pass for the From: domain: the reply is
# filed with the customer who wrote it.
test_outbound_shared_token_reply_with_trusted_evidence_goes_to_its_writer() {
	shared_token
	milter_conf trusted_authserv_ids "mx.other.example, mx.test.example"
	bea_writes "Count me in too" \
		"Authentication-Results: mx.test.example; dkim=pass header.d=b.example.org header.s=s1; dmarc=pass (p=none) header.from=b.example.org"
	assert_filed_under "$BEA" "DKIM and DMARC pass"
	bea_writes "Me again, DMARC only" \
		"Authentication-Results: mx.test.example 1; dmarc=pass header.from=B.example.org"
	assert_filed_under "$BEA" "DMARC pass"
	# A pass for another domain vouches for nothing here.
	bea_writes "Signed by someone else" \
		"Authentication-Results: mx.test.example; dkim=pass header.d=example.net"
	assert_filed_under "$CUSTOMER" "a pass for another domain"
}

# stamped FILE: the delivered message got a reply address as Reply-To.
stamped() {
	[[ $(reply_to_of "$1") =~ ^reply\+[a-z2-7]{16}@reply\.example\.com$ ]]
}

# A SASL login may send as the account it is (address or local part), or
# as those sender_login_maps gives it; another login's mail passes
# unstamped, even from a network in outbound_networks.
test_outbound_sasl_login_must_match_the_account() {
	new_account_and_customer
	local f map=$STACK_DIR/sender_login_map
	smtp --xclient-login intruder --from "$ACCOUNT" --to "$CUSTOMER" \
		--body "from another login" >/dev/null
	f=$(wait_mail "$CUSTOMER" 20 "from another login")
	! stamped "$f" || fail "another login's mail was stamped"
	assert_eq 0 "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" "nothing recorded"
	grep -q -F "from=<$ACCOUNT>: SASL login intruder may not send as this account" \
		"$STACK_DIR/milter.log" || fail "no log of the refused login"
	for login in "${ACCOUNT%@*}" "$ACCOUNT"; do
		smtp --xclient-login "$login" --from "$ACCOUNT" --to "$CUSTOMER" \
			--body "as $login" >/dev/null
		stamped "$(wait_mail "$CUSTOMER" 20 "as $login")" ||
			fail "login $login: not stamped"
	done
	printf '# sender  logins\n%s  olga.o,\n  assistant\n' "$ACCOUNT" >"$map"
	chmod 644 "$map"
	milter_conf sender_login_maps "$map"
	smtp --xclient-login assistant --from "$ACCOUNT" --to "$CUSTOMER" \
		--body "by the assistant" >/dev/null
	stamped "$(wait_mail "$CUSTOMER" 20 "by the assistant")" ||
		fail "a login the map gives: not stamped"
	smtp --xclient-login "${ACCOUNT%@*}" --from "$ACCOUNT" --to "$CUSTOMER" \
		--body "own name, map says no" >/dev/null
	! stamped "$(wait_mail "$CUSTOMER" 20 "own name, map says no")" ||
		fail "a login the map leaves out was stamped"
	assert_eq 3 "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" "three recorded"
}

# By default no network is trusted: mail from 127.0.0.1 without a login
# (a local user, a content filter's reinjection) is not the account's.
test_outbound_loopback_without_login_is_not_trusted_by_default() {
	new_account_and_customer
	milter_conf outbound_networks
	smtp --xclient-login "$ACCOUNT" --from "$ACCOUNT" --to "$CUSTOMER" \
		--body "logged in" >/dev/null
	stamped "$(wait_mail "$CUSTOMER" 20 "logged in")" || fail "not stamped"
	smtp --from "$ACCOUNT" --to "$CUSTOMER" --body "from loopback" >/dev/null
	! stamped "$(wait_mail "$CUSTOMER" 20 "from loopback")" ||
		fail "loopback without a login was stamped"
	assert_eq 1 "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" "one recorded"
	grep -q -F "from=<$ACCOUNT>: client 127.0.0.1 did not log in and is not in outbound_networks" \
		"$STACK_DIR/milter.log" || fail "no log of the untrusted client"
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
