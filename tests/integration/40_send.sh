# SPDX-License-Identifier: BSD-2-Clause
# postreplyctl send: messages built by postreplyctl, submitted to the
# stack's Postfix, captured by the sink, and answered by the customer.

# send_ctl ARGS...: postreplyctl with submit_url set to $SUBMIT_URL, by
# default the stack's Postfix (the stack's own configuration has none).
send_ctl() {
	local url=${SUBMIT_URL:-smtp://127.0.0.1:$SMTP_PORT} conf
	conf=$STACK_DIR/send-$(echo "$url" | tr -c 'a-z0-9\n' _).conf
	{
		cat "$POSTREPLY_CONF"
		echo "submit_url = $url"
	} >"$conf"
	"$BINDIR/postreplyctl" -c "$conf" "$@"
}

# send_status ARGS...: runs send_ctl; prints "STATUS|LINES|STDERR".
send_status() {
	local err rc=0
	err=$(send_ctl "$@" 2>&1 >/dev/null) || rc=$?
	echo "$rc|$(printf '%s' "$err" | grep -c .)|$err"
}

# mail_eval FILE EXPR: a Python expression over the captured message,
# parsed by the email package (headers and bodies decoded) as "m"; the
# file named by $EXPECT, if any, is read as "expect" (UTF-8).
mail_eval() {
	message_of "$1" | PYTHONIOENCODING=utf-8 /usr/bin/python3 -c '
import email, email.policy, email.utils, os, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
expect = open(os.environ["EXPECT"], encoding="utf-8").read() if os.environ.get("EXPECT") else None
def text(part):
    return part.get_content().replace("\r\n", "\n")
print(eval(sys.argv[1]))' "$2"
}

# A new account with a non-ASCII name, and a customer address it does
# not have yet. Sets ACCOUNT, CUSTOMER.
new_sender() {
	ACCOUNT=$(uniq acct)@example.com
	CUSTOMER=$(uniq cust)@example.net
	ctl account add "$ACCOUNT" --name "Zoë Martin" >/dev/null
}

reply_shape='^reply\+[a-z2-7]{16}@reply\.example\.com$'

test_send_builds_message_and_reply_comes_back() {
	new_sender
	local subject body addr f mid out
	subject="Votre offre — très spéciale ✓ 日本語"
	body=$'Bonjour Carl,\n\nVoici notre offre: 10 € par mois.\n\nZoë'
	assert_eq 0 "$(sql "SELECT count(*) FROM customers WHERE email = '$CUSTOMER'")" \
		"the customer is new"
	addr=$(send_ctl send --account "$ACCOUNT" --to "$CUSTOMER" \
		--subject "$subject" --body "$body")
	[[ $addr =~ $reply_shape ]] || fail "printed reply address has the wrong shape: $addr"
	assert_eq 1 "$(sql "SELECT count(*) FROM customers c JOIN accounts a
		ON a.id = c.account_id WHERE c.email = '$CUSTOMER'
		AND a.email = '$ACCOUNT'")" "send added the customer to the account"

	f=$(wait_mail "$CUSTOMER")
	assert_eq "$(echo "$CUSTOMER" | tr A-Z a-z)" "$(rcpts_of "$f")" \
		"the only envelope recipient is the customer"
	grep -q -i -F "X-Mail-Args: <$ACCOUNT>" "$f" ||
		fail "the envelope sender is not the account: $(grep '^X-Mail-Args' "$f")"
	assert_eq 0 "$(message_of "$f" | LC_ALL=C grep -c -P '[^\x00-\x7f]' || true)" \
		"the message is 7-bit: headers and body encoded"
	assert_eq "$ACCOUNT|Zoë Martin" \
		"$(mail_eval "$f" 'm["From"].addresses[0].addr_spec + "|" + m["From"].addresses[0].display_name')" \
		"From is the account, with its name"
	assert_contains "$(message_of "$f" --headers From)" "=?" "the name is RFC 2047-encoded"
	assert_eq "$CUSTOMER" "$(mail_eval "$f" 'm["To"].addresses[0].addr_spec')" \
		"To is the customer"
	# With track_outbound, the milter must leave alone a message that
	# already carries its reply address: one Reply-To, one record.
	assert_eq 1 "$(grep -c -i '^Reply-To:' "$f")" "exactly one Reply-To"
	assert_eq "$addr" "$(message_of "$f" --headers Reply-To)" \
		"Reply-To is the printed reply address"
	mid=$(message_of "$f" --headers Message-ID)
	[[ $mid =~ ^\<[^@\<\>]+@reply\.example\.com\>$ ]] ||
		fail "Message-ID not on the reply domain: $mid"
	assert_eq True "$(mail_eval "$f" 'abs(email.utils.parsedate_to_datetime(m["Date"]).timestamp() - __import__("time").time()) < 120')" \
		"Date is now"
	assert_eq "1.0" "$(message_of "$f" --headers MIME-Version)" "MIME-Version"
	assert_contains "$(message_of "$f" --headers Subject)" "=?" \
		"the subject is RFC 2047-encoded"
	assert_eq "$subject" "$(mail_eval "$f" 'm["Subject"]')" \
		"the subject round-trips"
	assert_eq "text/plain|utf-8" \
		"$(mail_eval "$f" 'm.get_content_type() + "|" + m.get_content_charset()')" \
		"a text/plain UTF-8 body"
	printf '%s\n' "$body" >"$STACK_DIR/send-expect.txt"
	assert_eq True "$(EXPECT=$STACK_DIR/send-expect.txt mail_eval "$f" 'text(m) == expect')" \
		"the body round-trips"
	assert_eq "sent|Bonjour Carl, Voici notre offre: 10 € par mois. Zoë|$mid|ctl" \
		"$(sql "SELECT s.status, s.preview, s.message_id, s.source FROM sent_emails s
			JOIN customers c ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" \
		"the sent email is recorded"

	out=$(smtp --from "$CUSTOMER" --to "$addr" --header "Subject: Re: offre" \
		--header "From: Carl <$CUSTOMER>" --body "Oui, merci.")
	assert_contains "$out" "250 2.0.0 Ok: queued" "the customer's reply is accepted"
	wait_mail "$ACCOUNT" 20 "Oui, merci." >/dev/null
	out=$(ctl timeline "$CUSTOMER" --json)
	assert_eq "email_sent reply" \
		"$(echo "$out" | json '" ".join(e["kind"] for e in j if e["kind"] in ("email_sent", "reply", "send_failed"))')" \
		"the timeline has the email, then the reply"
	assert_eq "$subject|$addr|$mid|$ACCOUNT" \
		"$(echo "$out" | PYTHONIOENCODING=utf-8 json '"|".join(e[k] for e in j if e["kind"] == "email_sent" for k in ("subject", "reply_address", "message_id", "account"))')" \
		"the email_sent entry"
	assert_eq "Carl <$CUSTOMER>|Re: offre" \
		"$(echo "$out" | json '"|".join(e[k] for e in j if e["kind"] == "reply" for k in ("from", "subject"))')" \
		"the reply entry"
}

test_send_html_is_multipart_alternative() {
	new_sender
	local addr f html=$STACK_DIR/send-$RANDOM.html
	printf '<p>Bonjour <b>Carl</b> — à bientôt</p>\n' >"$html"
	addr=$(send_ctl send --account "$ACCOUNT" --to "$CUSTOMER" \
		--subject "Plain subject" --body "Bonjour Carl — à bientôt" \
		--html-file "$html")
	[[ $addr =~ $reply_shape ]] || fail "bad reply address: $addr"
	f=$(wait_mail "$CUSTOMER")
	assert_eq "multipart/alternative|text/plain,text/html" \
		"$(mail_eval "$f" 'm.get_content_type() + "|" + ",".join(p.get_content_type() for p in m.iter_parts())')" \
		"multipart/alternative with a text and an HTML part"
	assert_eq "utf-8,utf-8" \
		"$(mail_eval "$f" '",".join(p.get_content_charset() for p in m.iter_parts())')" \
		"both parts in UTF-8"
	assert_eq "Bonjour Carl — à bientôt" \
		"$(mail_eval "$f" 'text(m.get_body(("plain",))).rstrip("\n")')" "text part"
	assert_eq "<p>Bonjour <b>Carl</b> — à bientôt</p>" \
		"$(mail_eval "$f" 'text(m.get_body(("html",))).rstrip("\n")')" "HTML part"
	assert_eq "Plain subject" "$(message_of "$f" --headers Subject)" \
		"an ASCII subject stays as it is"
	assert_eq "$addr" "$(message_of "$f" --headers Reply-To)" "Reply-To"
}

test_send_existing_customer_keeps_its_name() {
	new_sender
	local f
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" --name "Carl Ström" >/dev/null
	send_ctl send --account "$(echo "$ACCOUNT" | tr a-z A-Z)" --to "$CUSTOMER" \
		--subject "Hello" --body "Hi" >/dev/null
	f=$(wait_mail "$CUSTOMER")
	assert_eq "Carl Ström <$CUSTOMER>" "$(mail_eval "$f" 'str(m["To"])')" \
		"To carries the customer's name"
	assert_eq "$ACCOUNT" "$(mail_eval "$f" 'm["From"].addresses[0].addr_spec')" \
		"From is the account as recorded, whatever case was typed"
	assert_eq 1 "$(sql "SELECT count(*) FROM customers WHERE email = '$CUSTOMER'")" \
		"no second customer"
}

test_send_dot_lines_and_long_lines_arrive_intact() {
	new_sender
	local body f long
	long=$(head -c 3000 /dev/zero | tr '\0' 'x')
	body=$'.leading dot\n..two dots\n.\nFrom the start\n'"$long"$'\nend\n'
	send_ctl send --account "$ACCOUNT" --to "$CUSTOMER" --subject "dots" \
		--body "$body" >/dev/null
	f=$(wait_mail "$CUSTOMER")
	printf '%s' "$body" >"$STACK_DIR/send-expect.txt"
	assert_eq True "$(EXPECT=$STACK_DIR/send-expect.txt mail_eval "$f" 'text(m) == expect')" \
		"the body with dot lines and a 3000-character line round-trips"
	assert_eq 0 "$(message_of "$f" | awk 'length > 998' | wc -l)" \
		"no line longer than SMTP allows"
}

test_send_body_file_with_crlf() {
	new_sender
	local file=$STACK_DIR/send-$RANDOM.txt f
	printf 'line one\r\nligne deux é\r\n' >"$file"
	send_ctl send --account "$ACCOUNT" --to "$CUSTOMER" --subject "file" \
		--body-file "$file" >/dev/null
	f=$(wait_mail "$CUSTOMER")
	printf 'line one\nligne deux é\n' >"$STACK_DIR/send-expect.txt"
	assert_eq True "$(EXPECT=$STACK_DIR/send-expect.txt mail_eval "$f" 'text(m) == expect')" \
		"the body file round-trips"
}

test_send_mta_down_is_tempfail_and_recorded_as_failed() {
	new_sender
	local r out
	r=$(SUBMIT_URL=smtp://127.0.0.1:1 send_status send --account "$ACCOUNT" \
		--to "$CUSTOMER" --subject "Never sent" --body "x")
	assert_eq "75|1" "$(echo "$r" | cut -d'|' -f1-2)" "status and one line"
	assert_contains "$r" "smtp://127.0.0.1:1" "the message names the MTA"
	assert_contains "$r" "not sent" "the message says it was not sent"
	out=$(ctl timeline "$CUSTOMER" --json)
	assert_eq "send_failed" \
		"$(echo "$out" | json '" ".join(e["kind"] for e in j if e["kind"] in ("email_sent", "reply", "send_failed"))')" \
		"the timeline says it failed, not that it was sent"
	assert_contains "$(echo "$out" | json '[e for e in j if e["kind"] == "send_failed"][0]["reason"]')" \
		"127.0.0.1:1" "the failure has a reason"
	assert_eq "0|failed" \
		"$(sql "SELECT (SELECT count(*) FROM reply_tokens t WHERE t.sent_email_id = s.id),
			s.status FROM sent_emails s JOIN customers c ON c.id = s.customer_id
			WHERE c.email = '$CUSTOMER'")" "no token left, status failed"
	assert_eq 0 "$(sql "SELECT count(*) FROM reply_tokens t JOIN customers c
		ON c.id = t.customer_id WHERE c.email = '$CUSTOMER'")" \
		"no token for the customer"
}

test_send_refused_by_mta_is_tempfail() {
	new_sender
	local r to=reply+aaaaaaaaaaaaaaaa@reply.example.com
	# Postfix (policyd) refuses a dead reply address at RCPT.
	r=$(send_status send --account "$ACCOUNT" --to "$to" \
		--subject "Refused" --body "x")
	assert_eq "75|1" "$(echo "$r" | cut -d'|' -f1-2)" "status and one line"
	echo "$r" | grep -q -E "refused the message: [45][0-9][0-9] [45]\.[0-9]+\.[0-9]+ " ||
		fail "the MTA's answer is not in the message: $r"
	assert_eq "failed" "$(sql "SELECT s.status FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$to' AND s.account_id =
		(SELECT id FROM accounts WHERE email = '$ACCOUNT')")" "recorded as failed"
}

# A user and password in an smtp:// submit_url are sent only after
# STARTTLS: to an MTA that offers AUTH but no STARTTLS, the send fails
# and says why, and the password never crosses the network.
test_send_credentials_over_smtp_need_starttls() {
	new_sender
	local port=$((SMTP_PORT + 26)) log=$STACK_DIR/auth-smtp.log r sent
	rm -f "$log"
	/usr/bin/python3 "$TESTS_DIR/integration/auth_smtp.py" "$port" "$log" &
	AUTH_SMTP=$!
	trap 'kill ${AUTH_SMTP:-} 2>/dev/null || true' EXIT
	for _ in $(seq 50); do [ -e "$log" ] && break; sleep 0.1; done
	r=$(SUBMIT_URL="smtp://carl:S3cret-pw@127.0.0.1:$port" send_status send \
		--account "$ACCOUNT" --to "$CUSTOMER" --subject "Not in clear" --body x)
	assert_eq "75|1" "$(echo "$r" | cut -d'|' -f1-2)" "status and one line"
	assert_contains "$r" "does not offer STARTTLS" "the message says why"
	assert_not_contains "$r" "S3cret-pw" "the message shows no password"
	sent=$(cat "$log")
	assert_contains "$sent" "EHLO" "postreplyctl spoke to the MTA"
	assert_not_contains "$sent" "AUTH" "no authentication in clear"
	assert_not_contains "$sent" "S3cret-pw" "no password in clear"
	assert_not_contains "$sent" "$(printf '\0carl\0S3cret-pw' | base64)" \
		"no AUTH PLAIN password"
	assert_not_contains "$sent" "$(printf 'S3cret-pw' | base64)" \
		"no AUTH LOGIN password"
	assert_not_contains "$sent" "MAIL FROM" "no message sent"
}

test_send_bad_input() {
	new_sender
	local r bad=$STACK_DIR/send-latin1.txt
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s \
		--body-file /nonexistent/body.txt)
	assert_eq "66|1" "$(echo "$r" | cut -d'|' -f1-2)" "missing body file"
	assert_contains "$r" "/nonexistent/body.txt" "the message names the file"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s \
		--body x --html-file /nonexistent/body.html)
	assert_eq "66|1" "$(echo "$r" | cut -d'|' -f1-2)" "missing HTML file"
	r=$(send_status send --account "nobody-$ACCOUNT" --to "$CUSTOMER" \
		--subject s --body x)
	assert_eq "67|1" "$(echo "$r" | cut -d'|' -f1-2)" "unknown account"
	assert_contains "$r" "no account nobody-$ACCOUNT" "message"
	for to in "not an address" "x@" "@example.net" "a@b@c"; do
		r=$(send_status send --account "$ACCOUNT" --to "$to" --subject s --body x)
		assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "malformed --to '$to'"
	done
	printf 'caf\xe9\n' >"$bad"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s \
		--body-file "$bad")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "a body that is not UTF-8"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" \
		--subject $'two\nlines' --body x)
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "a subject on two lines"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s)
	assert_eq 64 "${r%%|*}" "no body"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s \
		--body x --body-file "$bad")
	assert_eq 64 "${r%%|*}" "two bodies"
	assert_eq 0 "$(sql "SELECT count(*) FROM sent_emails s JOIN accounts a
		ON a.id = s.account_id WHERE a.email = '$ACCOUNT'")" \
		"nothing was recorded"
	no_mail "$CUSTOMER" 1
}

# A customer who asked not to be contacted (the status, or the flag alone
# as policyd's guard reads it) gets nothing from send, unless the operator
# says so explicitly.
test_send_to_do_not_contact_is_refused() {
	new_sender
	local r addr
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" >/dev/null
	ctl status set --account "$ACCOUNT" "$CUSTOMER" do_not_contact >/dev/null
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s --body x)
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "refused, one line"
	assert_contains "$r" "$CUSTOMER asked not to be contacted" "why"
	assert_contains "$r" "add --even-if-do-not-contact" "how to override"
	sql "UPDATE customers SET status = 'contacted' WHERE email = '$CUSTOMER'"
	r=$(send_status send --account "$ACCOUNT" --to "$CUSTOMER" --subject s --body x)
	assert_eq 65 "${r%%|*}" "the flag alone"
	assert_eq 0 "$(sql "SELECT count(*) FROM sent_emails s JOIN accounts a
		ON a.id = s.account_id WHERE a.email = '$ACCOUNT'")" \
		"nothing was recorded"
	no_mail "$CUSTOMER" 1
	addr=$(send_ctl send --account "$ACCOUNT" --to "$CUSTOMER" --subject s \
		--body x --even-if-do-not-contact)
	[[ $addr =~ $reply_shape ]] || fail "explicitly: no reply address: $addr"
	wait_mail "$CUSTOMER" >/dev/null
}
