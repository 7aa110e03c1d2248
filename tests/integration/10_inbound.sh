# SPDX-License-Identifier: BSD-2-Clause
# Inbound replies through the real Postfix and postreply-milter.

test_valid_reply_is_forwarded_and_recorded() {
	new_conversation
	local mid out f conv
	mid=$(uniq m)@client.example.net
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" \
		--header "Subject: Re: Our offer" --header "Message-Id: <$mid>" \
		--header "From: Carl <$CUSTOMER>" --body "Yes, we are interested.")
	assert_contains "$out" "250 2.0.0 Ok: queued" "the reply is accepted"
	f=$(wait_mail "$ACCOUNT")
	assert_eq "$(echo "$ACCOUNT" | tr A-Z a-z)" "$(rcpts_of "$f")" \
		"the only envelope recipient is the account"
	assert_contains "$(cat "$f")" "Yes, we are interested." "body delivered"
	grep -q -x -F "X-PostReply-Customer: $CUSTOMER" "$f" ||
		fail "no header line 'X-PostReply-Customer: $CUSTOMER'"
	conv=$(sql "SELECT id FROM conversations c WHERE customer_id =
		(SELECT id FROM customers WHERE email = '$CUSTOMER')")
	grep -q -x -F "X-PostReply-Conversation: $conv" "$f" ||
		fail "no header line 'X-PostReply-Conversation: $conv'"
	assert_eq "1|$REPLY|<$mid>|Re: Our offer|f|f|f" \
		"$(sql "SELECT count(*), min(envelope_to), min(message_id),
			min(subject), bool_or(truncated), bool_or(auto_reply),
			bool_or(bounce) FROM replies WHERE conversation_id = $conv")" \
		"stored reply"
	assert_eq "$(queue_id_of "$mid")" "$(sql "SELECT queue_id FROM replies
		WHERE conversation_id = $conv")" "stored with Postfix's queue ID"
	assert_contains "$(sql "SELECT convert_from(raw, 'UTF8') FROM replies
		WHERE conversation_id = $conv")" "Yes, we are interested." "raw copy"
	# replied, or already interested if the analyzer was quick.
	assert_eq "1|t" "$(sql "SELECT unread_count,
		cu.status IN ('replied', 'interested')
		FROM conversations c JOIN customers cu ON cu.id = c.customer_id
		WHERE c.id = $conv")" "unread count and status"
	assert_eq "1" "$(sql "SELECT count(*) FROM jobs WHERE kind = 'analyze_reply'
		AND (payload->>'reply_id')::bigint IN
		(SELECT id FROM replies WHERE conversation_id = $conv)")" \
		"one analysis job queued"
	out=$(ctl timeline "$CUSTOMER" --json)
	# The analyzer may add its own status change after these.
	assert_eq "email_sent status_change reply status_change" \
		"$(echo "$out" | json '" ".join(e["kind"] for e in j[:4])')" "timeline kinds"
	assert_eq "Carl <$CUSTOMER>|Re: Our offer|<$mid>|False|False" \
		"$(echo "$out" | json '"|".join(str(e[k]) for e in j if e["kind"] == "reply" for k in ("from","subject","message_id","auto_reply","bounce"))')" \
		"reply entry of the timeline"
	# text is null until the analyzer has read the reply, then its text.
	for _ in $(seq 100); do
		out=$(ctl timeline "$CUSTOMER" --json)
		[ "$(echo "$out" | json '[e for e in j if e["kind"] == "reply"][0]["text"]')" != None ] &&
			break
		sleep 0.1
	done
	assert_eq "Yes, we are interested." \
		"$(echo "$out" | json '[e for e in j if e["kind"] == "reply"][0]["text"]')" \
		"the reply's text, once read"
}

test_reply_goes_to_custom_reply_to_mailbox() {
	new_conversation
	local shared f
	shared=$(uniq shared)@example.com
	ctl account set "$ACCOUNT" --reply-to "$shared" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --body "to the team" >/dev/null
	f=$(wait_mail "$shared")
	assert_eq "$shared" "$(rcpts_of "$f")" "forwarded to the shared mailbox"
	ctl account set "$ACCOUNT" --reply-to "" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --body "back to you" >/dev/null
	wait_mail "$ACCOUNT" 20 "back to you" >/dev/null
}

test_reply_address_matches_case_insensitively() {
	new_conversation
	local upper
	upper=$(echo "$REPLY" | tr a-z A-Z)
	assert_contains "$(smtp --from "$CUSTOMER" --to "$upper" --body "caps")" \
		"250 2.0.0 Ok: queued" "upper-case reply address accepted"
	wait_mail "$ACCOUNT" >/dev/null
}

test_unknown_token_is_refused() {
	local out
	out=$(smtp --from someone@example.net \
		--to reply+aaaabbbbccccdddd@reply.example.com --body x)
	assert_refused "$out" 550 5.1.1 "This reply address is unknown" \
		"unknown token refused at RCPT"
	out=$(smtp --from someone@example.net \
		--to reply+short@reply.example.com --body x)
	assert_refused "$out" 550 5.1.1 "This reply address is unknown" \
		"malformed token refused"
}

test_expired_token_is_refused() {
	new_conversation
	local out
	sql "UPDATE reply_tokens SET expires_at = now() - interval '1 day'
		WHERE token = '$(echo "${REPLY%@*}" | cut -d+ -f2)'"
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "late answer")
	assert_refused "$out" 550 5.1.1 "This reply address has expired. Please reply to the most recent email" \
		"expired token refused at RCPT"
	assert_eq 0 "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" "nothing stored"
}

test_other_recipients_are_untouched_and_dead_address_dropped() {
	new_conversation
	local other f out mid
	other=$(uniq other)@example.org
	mid=$(uniq several)@x
	out=$(smtp --from "$CUSTOMER" --header "Message-Id: <$mid>" \
		--to "$REPLY,$other,reply+zzzzzzzzzzzzzzzz@reply.example.com" \
		--body "to several")
	assert_contains "$out" "550 5.1.1" "the dead reply address is refused"
	assert_contains "$out" "250 2.0.0 Ok: queued" "the message is accepted"
	f=$(wait_mail "$other")
	wait_mail "$ACCOUNT" >/dev/null
	assert_eq 1 "$(sql "SELECT count(*) FROM replies WHERE message_id = '<$mid>'")" \
		"the reply is stored once"
	assert_eq "$other" "$(rcpts_of "$f" | grep -v -i -F "$ACCOUNT")" \
		"the other recipient keeps its own copy"
}

test_two_reply_addresses_in_one_message() {
	local a1 c1 r1 a2 r2 mid
	new_conversation
	a1=$ACCOUNT c1=$CUSTOMER r1=$REPLY
	new_conversation
	a2=$ACCOUNT r2=$REPLY
	mid=$(uniq two)@x
	assert_contains "$(smtp --from "$c1" --to "$r1,$r2" \
		--header "Message-Id: <$mid>" --body "both")" \
		"250 2.0.0 Ok: queued" "accepted"
	wait_mail "$a1" >/dev/null
	wait_mail "$a2" >/dev/null
	assert_eq 2 "$(sql "SELECT count(*) FROM replies WHERE message_id = '<$mid>'")" \
		"one reply stored per reply address"
}

# A stored reply is announced to the web (its event, and the customer's
# status change) and wakes the analyzer: from the milter once the reply
# committed, not in the commit (sql/024), for one reply address and for
# two in one message (one transaction). The milter announces the replies
# that came in together in one statement, with one wake-up
# (milter/announce.c): at least one per message here, as the first goes
# out alone.
test_stored_replies_are_announced_once_committed() {
	local a1 c1 r1 a2 r2 out want
	new_conversation
	a1=$ACCOUNT c1=$CUSTOMER r1=$REPLY
	new_conversation
	a2=$ACCOUNT r2=$REPLY
	out=$({
		echo "LISTEN postreply_web; LISTEN postreply_jobs;"
		sleep 1
		smtp --from "$c1" --to "$r1" --body "first" >/dev/null
		wait_mail "$a1" 20 "first" >/dev/null
		smtp --from "$c1" --to "$r1,$r2" --body "both" >/dev/null
		wait_mail "$a1" 20 "both" >/dev/null
		wait_mail "$a2" 20 "both" >/dev/null
		echo "SELECT 1;"
	} | psql -h 127.0.0.1 -p "$PGPORT" -U postreply -d postreply -AtXq 2>&1)
	want=$(sql "SELECT string_agg(k || ':' || ac, ' ' ORDER BY n) FROM
		(VALUES (1, 'reply'), (2, 'status_change'), (3, 'reply'),
		 (4, 'reply'), (5, 'status_change')) v(n, k),
		LATERAL (SELECT a.id || ':' || cv.id AS ac FROM accounts a
		  JOIN conversations cv ON cv.account_id = a.id
		  WHERE lower(a.email) =
		   lower(CASE WHEN n < 4 THEN '$a1' ELSE '$a2' END)) x")
	assert_eq "$want" "$(echo "$out" | python3 -c '
import json, re, sys
web, jobs = [], 0
for line in sys.stdin:
    m = re.match(r"Asynchronous notification \"(\w+)\" with payload \"(.*)\" received", line)
    if m and m.group(1) == "postreply_web":
        j = json.loads(m.group(2))
        if j["kind"] in ("reply", "status_change"):
            web.append("%s:%s:%s" % (j["kind"], j["account"], j["conversation"]))
    elif m and m.group(2) == "analyze_reply":
        jobs += 1
print(" ".join(web) if 2 <= jobs <= 3 else "%d analysis wake-ups" % jobs)
')" "the announcements, in order"
	assert_not_contains "$(cat "$STACK_DIR/milter.log")" "not announced" \
		"every reply announced"
}

# The announcements fail (here web_announce refuses replies): the reply
# is accepted, stored and forwarded all the same, the milter says what
# was not announced, and the analyzer reads the reply on its next poll.
test_reply_is_kept_when_its_announcement_fails() {
	local out f
	new_conversation
	sql "SELECT pg_get_functiondef('web_announce'::regproc)" \
		>"$STACK_DIR/web_announce.sql"
	trap 'sql "$(cat "$STACK_DIR/web_announce.sql")" >/dev/null' EXIT
	sql "CREATE OR REPLACE FUNCTION web_announce(kind text, account bigint,
		conversation bigint) RETURNS void LANGUAGE plpgsql AS \$\$
		BEGIN
		    IF kind = 'reply' THEN
		        RAISE EXCEPTION 'announcements refused by the test';
		    END IF;
		    PERFORM pg_notify('postreply_web', kind);
		END \$\$" >/dev/null
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "announce me")
	f=$(wait_mail "$ACCOUNT" 20 "announce me")
	for _ in $(seq 50); do
		grep -q "announcements refused by the test" \
			"$STACK_DIR/milter.log" && break
		sleep 0.1
	done
	sql "$(cat "$STACK_DIR/web_announce.sql")" >/dev/null
	assert_contains "$out" "250 2.0.0 Ok: queued" "the reply is accepted"
	assert_contains "$(cat "$f")" "announce me" "and forwarded"
	assert_contains "$(grep "not announced" "$STACK_DIR/milter.log")" \
		"announcements refused by the test" "the milter says why"
	for _ in $(seq 100); do
		[ "$(sql "SELECT count(*) FROM replies WHERE customer_id =
			(SELECT id FROM customers WHERE email = '$CUSTOMER')
			AND reply_text = 'announce me'")" = 1 ] && break
		sleep 0.1
	done
	assert_eq 1 "$(sql "SELECT count(*) FROM replies WHERE customer_id =
		(SELECT id FROM customers WHERE email = '$CUSTOMER')
		AND reply_text = 'announce me'")" \
		"stored, and read by the analyzer without its wake-up"
}

test_same_message_twice_is_stored_once_forwarded_twice() {
	new_conversation
	local mid
	mid=$(uniq dup)@client.example.net
	for _ in 1 2; do
		assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" \
			--header "Message-Id: <$mid>" --body "retry")" \
			"250 2.0.0 Ok: queued" "accepted"
	done
	for _ in $(seq 100); do
		[ "$(grep -l -F "$mid" "$SINK_DIR"/* 2>/dev/null | wc -l)" -ge 2 ] && break
		sleep 0.1
	done
	assert_eq 2 "$(grep -l -F "$mid" "$SINK_DIR"/* | wc -l)" "forwarded twice"
	assert_eq 1 "$(sql "SELECT count(*) FROM replies WHERE message_id = '<$mid>'")" \
		"stored once"
	assert_eq 1 "$(sql "SELECT count(*) FROM events e JOIN replies r
		ON r.id = e.reply_id WHERE r.message_id = '<$mid>'")" \
		"one reply on the timeline"
}

test_auto_reply_is_flagged_and_forwarded() {
	local h
	for h in "Auto-Submitted: auto-replied" "X-Autoreply: yes" \
		"Precedence: bulk" "Precedence: junk" "Precedence: auto_reply"; do
		new_conversation
		smtp --from "$CUSTOMER" --to "$REPLY" --header "$h" \
			--header "Subject: Out of office" --body "I am away" >/dev/null
		wait_mail "$ACCOUNT" >/dev/null
		assert_eq "t|f" "$(sql "SELECT auto_reply, bounce FROM replies r
			JOIN customers c ON c.id = r.customer_id
			WHERE c.email = '$CUSTOMER'")" "flags for $h"
	done
	new_conversation
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Auto-Submitted: no" \
		--body "a person wrote this" >/dev/null
	wait_mail "$ACCOUNT" >/dev/null
	assert_eq "f" "$(sql "SELECT auto_reply FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"Auto-Submitted: no is a person"
}

test_bounce_is_flagged_and_forwarded() {
	new_conversation
	smtp --from "<>" --to "$REPLY" --header "Subject: Undelivered Mail" \
		--body "delivery failed" >/dev/null
	wait_mail "$ACCOUNT" >/dev/null
	assert_eq "t" "$(sql "SELECT bounce FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"null sender is a bounce"
	new_conversation
	printf 'From: MAILER-DAEMON <mailer-daemon@example.net>\r\nSubject: failure\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nfailed\r\n--b1--\r\n' \
		>"$STACK_DIR/report.eml"
	smtp --from "mailer-daemon@example.net" --to "$REPLY" \
		--data "$STACK_DIR/report.eml" >/dev/null
	wait_mail "$ACCOUNT" >/dev/null
	assert_eq "t" "$(sql "SELECT bounce FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"multipart/report is a bounce"
}

test_spoofed_postreply_headers_are_replaced() {
	new_conversation
	local f
	smtp --from "$CUSTOMER" --to "$REPLY" \
		--header "X-PostReply-Customer: ceo@example.com" \
		--header "X-PostReply-Conversation: 1" --body "spoof" >/dev/null
	f=$(wait_mail "$ACCOUNT")
	assert_eq "$CUSTOMER" "$(message_of "$f" --headers X-PostReply-Customer)" \
		"only our X-PostReply-Customer remains"
	assert_eq "$(sql "SELECT conversation_id FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"$(message_of "$f" --headers X-PostReply-Conversation)" \
		"only our X-PostReply-Conversation remains"
}

test_non_reply_mail_is_untouched_and_not_streamed() {
	local rcpt mid f q
	rcpt=$(uniq plain)@example.com
	mid=$(uniq plain)@x
	printf 'From: a@example.net\r\nTo: %s\r\nMessage-ID: <%s>\r\nSubject: plain\r\n\r\nnothing to do with replies\r\n' \
		"$rcpt" "$mid" >"$STACK_DIR/plain.eml"
	smtp --from a@example.net --to "$rcpt" --data "$STACK_DIR/plain.eml" >/dev/null
	f=$(wait_mail "$rcpt")
	assert_same_message "$STACK_DIR/plain.eml" "$f" "plain mail"
	q=$(queue_id_of "$mid")
	grep -q "$q: not a reply, accepted at DATA" "$STACK_DIR/milter.log" ||
		fail "the milter did not let go of $q at DATA"
	if grep -q "$q: body chunk" "$STACK_DIR/milter.log"; then
		fail "the body of a non-reply was streamed to the milter"
	fi
}

test_database_down_tempfails_then_recovers() {
	new_conversation
	local out
	"$TESTS_DIR/../scripts/testbed" pg-stop "$STACK_DIR" >/dev/null
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "while db is down")
	"$TESTS_DIR/../scripts/testbed" pg-start "$STACK_DIR" >/dev/null
	assert_contains "$out" "4.3.0 " "tempfail while the database is down"
	assert_contains "$out" "Temporary problem looking up this reply address" \
		"says why"
	assert_not_contains "$out" "Ok: queued" "not accepted"
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "db is back")
	assert_contains "$out" "250 2.0.0 Ok: queued" "accepted once the database is back"
	wait_mail "$ACCOUNT" 20 "db is back" >/dev/null
	if grep -l -F "while db is down" "$SINK_DIR"/* >/dev/null 2>&1; then
		fail "the tempfailed message was delivered"
	fi
}

test_store_failure_at_end_of_data_tempfails() {
	new_conversation
	local out
	sql "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS
		\$\$BEGIN RAISE EXCEPTION 'disk full (test)'; END\$\$;
		CREATE TRIGGER test_refuse BEFORE INSERT ON replies
		FOR EACH ROW EXECUTE FUNCTION test_refuse()"
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "cannot be stored")
	sql "DROP TRIGGER test_refuse ON replies; DROP FUNCTION test_refuse()"
	assert_contains "$out" "451 4.3.0 Temporary problem recording this reply" \
		"tempfail at end of data"
	no_mail "$ACCOUNT" 1
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --body "stored now")" \
		"250 2.0.0 Ok: queued" "accepted after the fault is gone"
	wait_mail "$ACCOUNT" >/dev/null
}

test_malformed_mail_is_forwarded_as_received() {
	new_conversation
	local f
	# Broken MIME (no closing boundary), no Message-ID, 8-bit and NUL
	# bytes, a folded header.
	printf 'From: =?broken <%s>\r\nSubject: \xe9t\xe9 \xff\r\n  folded\tline\r\nContent-Type: multipart/mixed; boundary="zz"\r\n\r\n--zz\r\nContent-Type: text/plain; charset=latin1\r\n\r\ncaf\xe9 \x01\x7f \x00nul\r\nno end\r\n' \
		"$CUSTOMER" >"$STACK_DIR/broken.eml"
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" \
		--data "$STACK_DIR/broken.eml")" "250 2.0.0 Ok: queued" "accepted"
	f=$(wait_mail "$ACCOUNT")
	assert_same_message "$STACK_DIR/broken.eml" "$f" "malformed mail"
	assert_eq "1|" "$(sql "SELECT count(*), min(message_id) FROM replies r
		JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")" "stored without a Message-ID"
	sql "SELECT encode(raw, 'base64') FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'" |
		base64 -d >"$STACK_DIR/broken.stored"
	cmp <(message_of "$STACK_DIR/broken.eml" --original) \
		<(message_of "$STACK_DIR/broken.stored" --stored) ||
		fail "the stored copy is not the message as received"
}

test_corpus_replies_are_forwarded_byte_identical() {
	local eml f n=0
	[ -d "$CORPUS/talon/standard_replies" ] || fail "corpus not found at $CORPUS"
	for eml in "$CORPUS"/talon/standard_replies/*.eml; do
		new_conversation
		assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml")" \
			"250 2.0.0 Ok: queued" "$(basename "$eml") accepted"
		f=$(wait_mail "$ACCOUNT")
		assert_same_message "$eml" "$f" "$(basename "$eml")"
		n=$((n + 1))
	done
	[ "$n" -ge 10 ] || fail "only $n corpus messages"
}

test_huge_message_is_forwarded_whole_and_stored_truncated() {
	new_conversation
	local f limit
	limit=$((25 * 1024 * 1024))
	{
		printf 'From: <%s>\r\nSubject: big\r\nMessage-ID: <%s@x>\r\n\r\n' \
			"$CUSTOMER" "$(uniq big)"
		{
			head -c $((26 * 1024 * 1024)) /dev/zero | tr '\0' 'x' |
				fold -w 998
			echo
		} | sed 's/$/\r/'
	} >"$STACK_DIR/big.eml"
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" \
		--data "$STACK_DIR/big.eml")" "250 2.0.0 Ok: queued" "accepted"
	f=$(wait_mail "$ACCOUNT" 60)
	assert_same_message "$STACK_DIR/big.eml" "$f" "26 MB message"
	assert_eq "t|$limit|t" "$(sql "SELECT truncated, length(raw),
		raw_size > $limit FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"stored truncated at max_stored_message_size"
	rm -f "$STACK_DIR/big.eml"
}

# A reply as mail clients write them, the thread quoted in HTML and a
# picture attached: stored whole, compressed with lz4 (pglz took four
# times the CPU in the SMTP path).
test_large_reply_is_stored_whole_with_lz4() {
	new_conversation
	local eml=$STACK_DIR/large.eml i
	{
		printf 'From: <%s>\r\nSubject: Re: photo\r\nMessage-ID: <%s@x>\r\n' \
			"$CUSTOMER" "$(uniq large)"
		printf 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n'
		printf -- '--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n'
		printf '<p>The screenshot you asked for.</p>\r\n'
		for i in $(seq 600); do
			printf '<blockquote><p>On Mon, Nov %d, 2026, Alice wrote: our offer, item %d, in some detail.</p></blockquote>\r\n' \
				$((i % 28 + 1)) "$i"
		done
		printf -- '--b\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n'
		head -c 30000 /dev/urandom | base64 -w 76 | sed 's/$/\r/'
		printf -- '--b--\r\n'
	} >"$eml"
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml")" \
		"250 2.0.0 Ok: queued" "accepted"
	assert_same_message "$eml" "$(wait_mail "$ACCOUNT")" "forwarded"
	# The stored body is the body sent, byte for byte (swaks ends the
	# data with a CRLF of its own).
	assert_eq "lz4|$({ sed '1,/^\r$/d' "$eml"; printf '\r\n'; } |
		sha256sum | cut -d' ' -f1)" \
		"$(sql "SELECT pg_column_compression(raw), encode(sha256(substring(raw
			FROM position('\\x0d0a0d0a'::bytea IN raw) + 4)), 'hex')
		FROM replies r JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")" "stored compressed and whole"
	rm -f "$eml"
}

# README's safety net (transport_maps to a transport in defer_transports),
# with its own lines: replies still go through while the milter is wired
# in, and a reply that gets past it waits in the queue, never relayed.
test_safety_net_holds_only_what_the_milter_missed() {
	new_conversation
	local tb=$TESTS_DIR/../scripts/testbed milters net q out
	local -a lines
	milters=$(postconf -c "$POSTFIX_CONF" -h smtpd_milters)
	net=$(readme_settings "Wiring postreply-milter into Postfix" |
		grep -E '^(transport_maps|defer_transports) ')
	mapfile -t lines <<<"$net"
	assert_eq 2 "${#lines[@]}" "README's safety net has two lines"
	"$tb" postconf "$STACK_DIR" "${lines[@]}" >/dev/null
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "through the milter")
	assert_contains "$out" "250 2.0.0 Ok: queued" "wired in: accepted"
	wait_mail "$ACCOUNT" 20 "through the milter" >/dev/null

	"$tb" postconf "$STACK_DIR" 'smtpd_milters =' >/dev/null
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "past the milter")
	q=$(sed -n 's/.*250 2.0.0 Ok: queued as \([0-9A-Za-z]*\).*/\1/p' <<<"$out")
	[ -n "$q" ] || fail "not wired: not accepted: $out"
	for _ in $(seq 100); do
		grep -q "$q: to=<$REPLY>.*status=deferred (deferred transport)" \
			"$MAILLOG" && break
		sleep 0.1
	done
	postqueue -c "$POSTFIX_CONF" -f
	sleep 2
	if grep -q -F "past the milter" "$SINK_DIR"/* 2>/dev/null; then
		fail "the reply that got past the milter was delivered"
	fi
	out=$(postqueue -c "$POSTFIX_CONF" -p)
	"$tb" postconf "$STACK_DIR" "smtpd_milters = $milters" \
		'transport_maps =' 'defer_transports =' >/dev/null
	postsuper -c "$POSTFIX_CONF" -d "$q" >/dev/null 2>&1
	assert_contains "$(grep "$q: to=<$REPLY>" "$MAILLOG")" \
		"status=deferred (deferred transport)" "held, as the log says"
	assert_contains "$out" "$q" "in the queue after a flush"
	assert_contains "$out" "$REPLY" "still addressed to the reply address"
}

test_sigterm_finishes_the_message_in_flight() {
	new_conversation
	local pid out other
	pid=$(cat "$STACK_DIR/milter.pid")
	other=$(uniq meanwhile)@example.com
	out=$(/usr/bin/python3 "$TESTS_DIR/integration/slow_smtp.py" "$SMTP_PORT" \
		"$CUSTOMER" "$REPLY" "$STACK_DIR/milter.pid" "$other")
	for _ in $(seq 100); do
		alive "$pid" || break
		sleep 0.1
	done
	alive "$pid" && fail "the milter did not exit after SIGTERM"
	"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" milter
	assert_contains "$(head -1 <<<"$out")" "250 2.0.0 Ok: queued" \
		"the message in flight was accepted"
	assert_contains "$(tail -1 <<<"$out")" "451 4.3.2" \
		"a new message during the stop is tempfailed"
	wait_mail "$ACCOUNT" 20 "second half" >/dev/null
	assert_eq 1 "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" "and stored"
}

test_milter_refuses_dead_addresses_when_policyd_is_down() {
	new_conversation
	local out stack=$TESTS_DIR/../scripts/stack
	sql "UPDATE reply_tokens SET expires_at = now() - interval '1 day'
		WHERE token = '$(echo "${REPLY%@*}" | cut -d+ -f2)'"
	"$stack" daemon-stop "$STACK_DIR" policyd
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "late")
	out2=$(smtp --from "$CUSTOMER" --to reply+bbbbbbbbbbbbbbbb@reply.example.com --body x)
	"$stack" daemon-start "$STACK_DIR" policyd
	assert_contains "$out" "550 5.1.1 This reply address has expired." \
		"the milter refuses an expired address by itself"
	assert_contains "$out2" "550 5.1.1 This reply address is unknown" \
		"the milter refuses an unknown address by itself"
	assert_not_contains "$out" "Recipient address rejected" "not policyd"
}

test_postreply_headers_from_outside_never_reach_a_mailbox() {
	# header_checks (README) drop X-PostReply-* from any mail that comes
	# in; the milter adds its own after them.
	local rcpt f
	rcpt=$(uniq plain)@example.com
	smtp --from a@example.net --to "$rcpt" \
		--header "X-PostReply-Customer: ceo@example.com" --body "spoof" >/dev/null
	f=$(wait_mail "$rcpt")
	if grep -qi "^X-PostReply-" "$f"; then
		fail "an X-PostReply header from outside was delivered"
	fi
}

# What is not the milter protocol on the milter's socket: each connection
# is closed with a warning, and the milter goes on serving Postfix.
test_garbage_on_the_milter_socket() {
	new_conversation
	local pid
	pid=$(cat "$STACK_DIR/milter.pid")
	/usr/bin/python3 - "$STACK_DIR/run/milter.sock" <<'PY'
import socket, struct, sys
def send(data):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(data)
    s.shutdown(socket.SHUT_WR)
    s.recv(4096)  # the milter closes: no answer, or the answer so far
    s.close()
send(b"GET / HTTP/1.0\r\n\r\n")                  # length 0x47455420
send(struct.pack(">I", 0))                       # empty packet
send(struct.pack(">I", 50) + b"O\0\0\0")         # cut short
send(struct.pack(">I", 1) + b"Z")                # unknown command
send(struct.pack(">I", 5) + b"O\0\0\0\6")        # short negotiation
PY
	alive "$pid" || fail "the milter died of garbage"
	grep -q "milter protocol: bad packet length" "$STACK_DIR/milter.log" ||
		fail "no warning about the bad length"
	grep -q "milter protocol: unknown command 0x5a" "$STACK_DIR/milter.log" ||
		fail "no warning about the unknown command"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "after the garbage" >/dev/null
	wait_mail "$ACCOUNT" 20 "after the garbage" >/dev/null
	assert_eq 1 "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"a reply after the garbage is stored"
}

# Envelope bytes that are not UTF-8, passed by an MTA that lets them
# through: a reply from such a sender is refused for good and says why,
# the database never sees the bytes, and the log shows them escaped.
test_milter_refuses_a_sender_that_is_not_utf8() {
	new_conversation
	local log=$STACK_DIR/milter.log out n
	n=$(wc -l <"$log")
	out=$(/usr/bin/python3 "$TESTS_DIR/integration/milter_client.py" \
		"$STACK_DIR/run/milter.sock" "b'<\\xba\\x07carl@example.net>'" \
		"b'<$REPLY>'" "b'<someone@example.org>'")
	assert_eq "553 5.1.7 The sender address is not valid (byte 0xBA at offset 1 is not UTF-8); postreply records replies only from valid addresses
continue" "$out" "the milter's answers"
	tail -n +"$((n + 1))" "$log" >"$STACK_DIR/bad-sender.log"
	assert_contains "$(cat "$STACK_DIR/bad-sender.log")" \
		"reject: RCPT <$REPLY> from <\\xBA\\x07carl@example.net>: 553 5.1.7" \
		"the refusal logged, its bytes escaped"
	if LC_ALL=C grep -q -P '[\x00-\x08\x0b-\x1f\x7f-\xff]' "$STACK_DIR/bad-sender.log"; then
		fail "raw bytes in the milter's log"
	fi
	assert_not_contains "$(cat "$STACK_DIR/bad-sender.log")" "database" \
		"no database error"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "from a good address" >/dev/null
	wait_mail "$ACCOUNT" 20 "from a good address" >/dev/null
}

# SIGHUP to the milter: the next message follows the file as changed
# (here, max_stored_message_size), and the milter goes on serving.
test_milter_sighup_applies_a_changed_setting() {
	new_conversation
	local log=$STACK_DIR/milter.log pid n one
	pid=$(cat "$STACK_DIR/milter.pid")
	cp "$POSTREPLY_CONF" "$STACK_DIR/milter-hup.saved"
	trap 'cp "$STACK_DIR/milter-hup.saved" "$POSTREPLY_CONF"
		kill -HUP "$(cat "$STACK_DIR/milter.pid")" || true' EXIT
	n=$(grep -c "SIGHUP: configuration read again" "$log" || true)
	one=$(grep -c "SIGHUP: configuration read again, 1 setting applied" "$log" || true)
	echo "max_stored_message_size = 1k" >>"$POSTREPLY_CONF"
	kill -HUP "$pid"
	for _ in $(seq 100); do
		[ "$(grep -c "SIGHUP: configuration read again" "$log")" -gt "$n" ] &&
			break
		sleep 0.05
	done
	[ "$(grep -c "SIGHUP: configuration read again, 1 setting applied" "$log")" -gt "$one" ] ||
		fail "no reload with one setting applied in $log"
	assert_contains "$(grep "max_stored_message_size changed" "$log")" \
		"max_stored_message_size changed" "logged"
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" \
		--body "$(printf 'Interested. %.0s' $(seq 300))")" \
		"250 2.0.0 Ok: queued" "accepted"
	wait_mail "$ACCOUNT" >/dev/null
	assert_eq "t|1024" "$(sql "SELECT truncated, length(raw) FROM replies r
		JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")" "stored at the new limit"
	alive "$pid" || fail "the milter died"
}
