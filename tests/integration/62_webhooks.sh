# SPDX-License-Identifier: BSD-2-Clause
# Inbound webhooks declared with postreplyctl webhook: each reply the
# milter stored is POSTed, by a job of its own, to the webhooks of its
# account in the format their application was written for; delivery and
# retries as the inbound-mail services do them.

HOOK_PORT=$((SMTP_PORT + 40))

# hook_start ANSWERS: a receiver (hook_receiver.py) answering ANSWERS,
# its requests kept in $HOOK_DIR; a secret in $HOOK_DIR.secret.
hook_start() {
	HOOK_DIR=$STACK_DIR/hook.$RANDOM
	mkdir -p "$HOOK_DIR"
	printf 'hooksecret\n' >"$HOOK_DIR.secret"
	chgrp postreply "$HOOK_DIR.secret"
	chmod 640 "$HOOK_DIR.secret"
	/usr/bin/python3 "$TESTS_DIR/integration/hook_receiver.py" "$HOOK_PORT" \
		"$HOOK_DIR" "$1" &
	HOOK_PID=$!
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true' EXIT
	for _ in $(seq 50); do
		python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
			"$HOOK_PORT" 2>/dev/null && return 0
		sleep 0.1
	done
	fail "the receiver did not start"
}

# hook_add FORMAT: a webhook of the conversation's account to the
# receiver, signed with its secret; its id in HOOK_ID.
hook_add() {
	HOOK_ID=$(ctl webhook add "http://127.0.0.1:$HOOK_PORT/inbound" \
		--format "$1" --account "$ACCOUNT" --secret-file "$HOOK_DIR.secret" |
		sed -n 's/^added webhook \([0-9]*\):.*/\1/p')
	[ -n "$HOOK_ID" ] || fail "webhook add printed no id"
}

# The Nth request's body file, waiting up to $2 seconds (default 20).
hook_request() { # n [timeout]
	for _ in $(seq $((${2:-20} * 10))); do
		[ -s "$HOOK_DIR/$1.body" ] && { echo "$HOOK_DIR/$1.body"; return 0; }
		sleep 0.1
	done
	fail "no request $1 to the webhook within ${2:-20} s"
}

# The state, attempts and last error of the webhook's job.
hook_job() {
	sql "SELECT state || ' ' || attempts || ' ' || coalesce(last_error, '')
		FROM jobs WHERE kind = 'inbound_post'
		AND (payload->>'webhook_id')::bigint = $HOOK_ID ORDER BY id DESC LIMIT 1"
}

# Wait until the webhook's job is in state $1 (up to $2 seconds).
hook_wait_state() { # state timeout
	for _ in $(seq $(($2 * 10))); do
		[ "$(hook_job | cut -d' ' -f1)" = "$1" ] && return 0
		sleep 0.1
	done
	fail "the webhook's job is not $1 after $2 s: $(hook_job)"
}

# A header of the Nth request, as the receiver got it.
hook_header() { # n name
	json "j.get('$2', '')" <"$HOOK_DIR/$1.headers"
}

# X-PostReply-Signature of request N is HMAC-SHA256("<ts>.<body>").
assert_hook_signed() { # n
	local ts want
	ts=$(hook_header "$1" X-PostReply-Timestamp)
	[[ $ts =~ ^[0-9]+$ ]] || fail "X-PostReply-Timestamp: '$ts'"
	want=$(/usr/bin/python3 -c 'import hmac,hashlib,sys; print("sha256=" + hmac.new(b"hooksecret", sys.argv[2].encode() + b"." + open(sys.argv[1],"rb").read(), hashlib.sha256).hexdigest())' "$HOOK_DIR/$1.body" "$ts")
	assert_eq "$want" "$(hook_header "$1" X-PostReply-Signature)" "X-PostReply-Signature"
}

# What the service's own client library makes of request N (check.js),
# as JSON in $STACK_DIR/provider.json.
provider_check() { # kind n [key]
	node "$TESTS_DIR/integration/providers/check.js" "$1" "$HOOK_DIR/$2.body" \
		"$(hook_header "$2" Content-Type)" "${3:-}" >"$STACK_DIR/provider.json" ||
		fail "the $1 library refuses the post"
	echo "$STACK_DIR/provider.json"
}

# The exit status of a command.
rc_of() {
	run_status "$@" | head -1 | cut -d'|' -f1
}

# A reply with text and HTML, an inline image (cid) and an attachment,
# in Latin-1, 8-bit.
hook_rich_reply() {
	local eml=$STACK_DIR/rich.eml
	printf '%s\r\n' "From: Carl <$CUSTOMER>" "To: $REPLY" \
		"Subject: Re: Our offer" "Message-ID: <rich.$RANDOM@example.net>" \
		"MIME-Version: 1.0" "Content-Type: multipart/mixed; boundary=m" "" \
		"--m" "Content-Type: multipart/related; boundary=r" "" \
		"--r" "Content-Type: multipart/alternative; boundary=a" "" \
		"--a" "Content-Type: text/plain; charset=iso-8859-1" \
		"Content-Transfer-Encoding: 8bit" "" \
		$'Tr\xe8s int\xe9ress\xe9, send the price.' "" "--a" \
		"Content-Type: text/html; charset=iso-8859-1" \
		"Content-Transfer-Encoding: 8bit" "" \
		$'<p>Tr\xe8s int\xe9ress\xe9 <img src="cid:logo@x"></p>' "--a--" \
		"--r" "Content-Type: image/png" "Content-ID: <logo@x>" \
		"Content-Transfer-Encoding: base64" "" "iVBORw0KGgo=" "--r--" \
		"--m" "Content-Type: text/csv; name=volumes.csv" \
		"Content-Disposition: attachment; filename=volumes.csv" "" \
		"month,mails" "jan,50000" "--m--" >"$eml"
	smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml" >/dev/null
}

test_webhooks_ctl_declares_lists_and_removes() {
	new_conversation
	local out rc
	rc=$(rc_of ctl webhook add http://127.0.0.1:1/x --format zapier)
	assert_eq 65 "$rc" "an unknown format is refused"
	rc=$(rc_of ctl webhook add ftp://example.com/x --format postmark)
	assert_eq 65 "$rc" "a URL that is not http(s) is refused"
	rc=$(rc_of ctl webhook add http://127.0.0.1:1/x --format postmark \
		--account "nobody-$RANDOM@example.com")
	assert_eq 67 "$rc" "an unknown account is refused"
	printf 'open\n' >"$STACK_DIR/open.secret"
	chmod 644 "$STACK_DIR/open.secret"
	rc=$(rc_of ctl webhook add http://127.0.0.1:1/x --format postmark \
		--secret-file "$STACK_DIR/open.secret")
	assert_eq 65 "$rc" "a secret file others can read is refused"
	rc=$(rc_of ctl webhook add http://127.0.0.1:1/x --format mailgun)
	assert_eq 64 "$rc" "mailgun without its signing key is refused"
	out=$(ctl webhook add http://127.0.0.1:1/hook --format sendgrid --account "$ACCOUNT")
	HOOK_ID=$(echo "$out" | sed -n 's/^added webhook \([0-9]*\):.*/\1/p')
	assert_contains "$(ctl webhook list)" "http://127.0.0.1:1/hook" "listed"
	assert_eq "sendgrid $ACCOUNT postreplyctl" "$(ctl webhook list --json |
		json "' '.join([[h['format'], h['account'], h['declared_in']] for h in j if h['id'] == '$HOOK_ID'][0])")" \
		"listed as JSON"
	rc=$(rc_of ctl webhook remove conf)
	assert_eq 65 "$rc" "the webhook of postreply.conf is not removed with postreplyctl"
	assert_eq "removed webhook $HOOK_ID" "$(ctl webhook remove "$HOOK_ID")" "removed"
	rc=$(rc_of ctl webhook remove "$HOOK_ID")
	assert_eq 66 "$rc" "removing it twice says there is none"
	assert_not_contains "$(ctl webhook list)" "http://127.0.0.1:1/hook" "gone from the list"
}

test_webhooks_postmark_gets_a_reply_as_postmark_posts_it() {
	new_conversation
	local body token
	hook_start 200
	hook_add postmark
	hook_rich_reply
	body=$(hook_request 1)
	token=${REPLY#reply+}
	token=${token%@*}
	assert_eq "application/json" "$(hook_header 1 Content-Type)" "Content-Type"
	provider_check postmark 1 >/dev/null
	assert_hook_signed 1
	assert_eq "$ACCOUNT" "$(hook_header 1 X-PostReply-Account)" "X-PostReply-Account"
	assert_eq "$CUSTOMER" "$(json 'j["From"]' <"$body")" "From"
	assert_eq "Carl" "$(json 'j["FromName"]' <"$body")" "FromName"
	assert_eq "$token" "$(json 'j["MailboxHash"]' <"$body")" "MailboxHash is the token"
	assert_eq "$REPLY" "$(json 'j["OriginalRecipient"]' <"$body")" "OriginalRecipient"
	assert_eq "Très intéressé, send the price." "$(json 'j["TextBody"].strip()' <"$body")" \
		"Latin-1 text as UTF-8"
	assert_contains "$(json 'j["HtmlBody"]' <"$body")" 'src="cid:logo@x"' "HtmlBody"
	assert_contains "$(json 'j["StrippedTextReply"]' <"$body")" "send the price" "StrippedTextReply"
	assert_eq "cid:logo@x image/png" "$(json '" ".join([[a["ContentID"], a["ContentType"]] for a in j["Attachments"] if a.get("ContentID")][0])' <"$body")" \
		"the inline image"
	assert_eq "$(printf 'month,mails\r\njan,50000' | base64)" \
		"$(json '[a["Content"] for a in j["Attachments"] if a["Name"] == "volumes.csv"][0]' <"$body")" \
		"the attachment, base64"
	hook_wait_state done 10
}

test_webhooks_postreply_format_goes_through_the_same_jobs() {
	new_conversation
	local body
	hook_start 200
	hook_add postreply
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, tell me more." >/dev/null
	body=$(hook_request 1)
	assert_hook_signed 1
	assert_eq "$CUSTOMER" "$(json 'j["customer"]["email"]' <"$body")" "customer"
	json 'j["analysis"]["response_type"]' <"$body" >/dev/null || fail "no analysis"
}

test_webhooks_a_500_is_retried_until_a_200() {
	new_conversation
	hook_start 500,200
	hook_add postmark
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_request 1 >/dev/null
	for _ in $(seq 50); do
		[ -n "$(hook_job | cut -d' ' -f3-)" ] && break
		sleep 0.1
	done
	assert_contains "$(hook_job)" "queued 1 webhook $HOOK_ID: the server answered 500" \
		"queued again after the 500"
	assert_contains "$(ctl jobs)" "webhook $HOOK_ID: the server answered 500" \
		"the attempt shows in postreplyctl jobs"
	hook_request 2 30 >/dev/null # the backoff's first step is 10 s
	hook_wait_state done 10
	assert_eq "done 2" "$(hook_job | cut -d' ' -f1,2)" "two attempts"
}

# webhook_max_age bounds the retries: past it, the job is parked.
test_webhooks_retries_stop_at_webhook_max_age() {
	new_conversation
	hook_start 500
	hook_add postmark
	analyzer_private hookage 'webhook_max_age = 5s'
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_wait_state failed 30
	assert_contains "$(hook_job)" "failed 1 webhook $HOOK_ID: the server answered 500" \
		"parked: a retry 10 s later would be past 5 s"
	assert_contains "$(ctl jobs --failed)" "answered 500" "shown in postreplyctl jobs --failed"
}

# Postmark's 403 and Mailgun's 406 mean "do not retry".
test_webhooks_a_403_or_406_stops_at_once() {
	local code
	for code in 403 406; do
		new_conversation
		hook_start "$code"
		hook_add postmark
		smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
		hook_wait_state failed 20
		assert_contains "$(hook_job)" "failed 1 webhook $HOOK_ID: the server answered $code" \
			"parked after one attempt"
		assert_contains "$(ctl jobs --failed)" "answered $code" "shown in postreplyctl jobs"
		kill "$HOOK_PID"
	done
}

test_webhooks_a_redirect_is_not_followed() {
	new_conversation
	hook_start redirect
	hook_add postmark
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_request 1 >/dev/null
	for _ in $(seq 50); do
		[ -n "$(hook_job | cut -d' ' -f3-)" ] && break
		sleep 0.1
	done
	assert_contains "$(hook_job)" "queued 1 webhook $HOOK_ID: the server answered 302" \
		"a redirect is retried later"
	assert_eq "/inbound" "$(cat "$HOOK_DIR"/*.path | sort -u)" "/elsewhere is never asked"
}

test_webhooks_a_timeout_is_retried() {
	new_conversation
	hook_start slow,200
	hook_add postmark
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_request 2 45 >/dev/null # 15 s of timeout, then 10 s of backoff
	hook_wait_state done 10
	assert_contains "$(sql "SELECT count(*) FROM jobs WHERE kind = 'inbound_post'
		AND (payload->>'webhook_id')::bigint = $HOOK_ID")" "1" "one job"
}

test_webhooks_test_posts_the_latest_reply_again() {
	new_conversation
	local out rc
	hook_start 200
	hook_add postmark
	rc=$(rc_of ctl webhook test "$HOOK_ID")
	assert_eq 66 "$rc" "no reply yet: nothing to post"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_request 1 >/dev/null
	out=$(ctl webhook test "$HOOK_ID")
	assert_contains "$out" "queued to be posted" "webhook test"
	hook_request 2 >/dev/null
	assert_eq "$CUSTOMER" "$(json 'j["From"]' <"$HOOK_DIR/2.body")" "the sample"
}

test_webhooks_sendgrid_gets_a_reply_as_inbound_parse_posts_it() {
	new_conversation
	local out
	hook_start 200
	hook_add sendgrid
	hook_rich_reply
	hook_request 1 >/dev/null
	assert_hook_signed 1
	out=$(provider_check sendgrid 1)
	assert_eq "Carl <$CUSTOMER>" "$(json 'j["fields"]["from"]' <"$out")" "from"
	assert_eq "$REPLY" "$(json 'j["fields"]["to"]' <"$out")" "to"
	assert_eq "Re: Our offer" "$(json 'j["fields"]["subject"]' <"$out")" "subject"
	assert_eq "Très intéressé, send the price." "$(json 'j["fields"]["text"].strip()' <"$out")" \
		"Latin-1 text as UTF-8"
	assert_contains "$(json 'j["fields"]["html"]' <"$out")" 'src="cid:logo@x"' "html"
	assert_contains "$(json 'j["fields"]["headers"]' <"$out")" "Subject: Re: Our offer" "headers"
	assert_eq 2 "$(json 'j["fields"]["attachments"]' <"$out")" "attachments"
	assert_eq attachment1 "$(json 'json.loads(j["fields"]["content-ids"])["logo@x"]' <"$out")" \
		"content-ids"
	assert_eq "$REPLY" "$(json 'json.loads(j["fields"]["envelope"])["to"][0]' <"$out")" "envelope"
	assert_eq UTF-8 "$(json 'json.loads(j["fields"]["charsets"])["text"]' <"$out")" "charsets"
	assert_eq "volumes.csv text/csv $(printf 'month,mails\r\njan,50000' | base64)" \
		"$(json '" ".join([[a["filename"], a["type"], a["content"]] for a in j["attachments"] if a["filename"] == "volumes.csv"][0])' <"$out")" \
		"the attachment, as the parser reads it"
}

test_webhooks_sendgrid_raw_posts_the_whole_message() {
	new_conversation
	local out
	hook_start 200
	hook_add sendgrid-raw
	hook_rich_reply
	hook_request 1 >/dev/null
	out=$(provider_check sendgrid 1)
	assert_eq True "$(json 'j["raw"]' <"$out")" "the parser sees a raw post"
	assert_contains "$(json 'j["fields"]["email"]' <"$out")" "Content-ID: <logo@x>" "email"
	assert_contains "$(json 'j["fields"]["email"]' <"$out")" "jan,50000" \
		"the attachment, in the message"
	assert_eq "" "$(json 'j["fields"].get("text", "")' <"$out")" "no parsed text in a raw post"
}

test_webhooks_mailgun_gets_a_signed_forward() {
	new_conversation
	local out
	hook_start 200
	hook_add mailgun
	hook_rich_reply
	hook_request 1 >/dev/null
	out=$(provider_check mailgun 1 hooksecret)
	assert_eq "" "$(hook_header 1 X-PostReply-Signature)" "no signature of ours: Mailgun's own"
	assert_eq "$REPLY" "$(json 'j["fields"]["recipient"]' <"$out")" "recipient"
	assert_eq "$CUSTOMER" "$(json 'j["fields"]["sender"]' <"$out")" "sender"
	assert_contains "$(json 'j["fields"]["stripped-text"]' <"$out")" "send the price" "stripped-text"
	assert_eq 2 "$(json 'j["fields"]["attachment-count"]' <"$out")" "attachment-count"
	assert_eq attachment-1 "$(json 'json.loads(j["fields"]["content-id-map"])["<logo@x>"]' <"$out")" \
		"content-id-map"
	assert_eq Subject "$(json '[h[0] for h in json.loads(j["fields"]["message-headers"]) if h[0] == "Subject"][0]' <"$out")" \
		"message-headers"
	if node "$TESTS_DIR/integration/providers/check.js" mailgun "$HOOK_DIR/1.body" \
		"$(hook_header 1 Content-Type)" wrongkey >/dev/null 2>&1; then
		fail "the signature verifies with another key"
	fi
}

# A message built to exhaust memory (6 MB of empty parts), read as text
# within the default bounds, then with the bounds lifted split for the
# webhook (postreplyctl webhook test): in the reading process, which is stopped at
# reader_memory_limit: the job is parked with why, nothing is posted, and
# the analyzer itself never holds the parsed message and keeps running.
test_webhooks_a_hostile_message_costs_its_job_not_the_analyzer() {
	local eml hwm
	new_conversation
	eml=$STACK_DIR/hook-bomb.eml
	/usr/bin/python3 -c 'import sys
open(sys.argv[2], "w").write("From: <%s>\nSubject: bomb\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\nwords\n" % sys.argv[1] + "--b\n\n" * 1250000)' \
		"$CUSTOMER" "$eml"
	# Read as text within the default bounds, it is stored and analysed.
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml")" \
		"250 2.0.0 Ok: queued" "the bomb is accepted"
	wait_analysis "$CUSTOMER" >/dev/null
	hook_start 200
	hook_add sendgrid
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" \
		analyzer_private hookbomb 'reader_max_parts = 100000000' \
		'reader_memory_limit = 200M'
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	# Bounds lifted, it is split for the webhook: in the reading process.
	assert_contains "$(ctl webhook test "$HOOK_ID")" "queued to be posted" "webhook test"
	hook_wait_state failed 90
	assert_contains "$(hook_job)" "(reader_memory_limit) and was stopped" \
		"parked: the reading process was stopped at its limit"
	assert_contains "$(ctl jobs --failed)" "reader_memory_limit" \
		"postreplyctl jobs shows why"
	[ ! -e "$HOOK_DIR/1.body" ] || fail "the bomb was posted"
	alive "$PRIVATE_PID" || fail "the analyzer died"
	hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$PRIVATE_PID/status")
	[ "$hwm" -lt 200 ] || fail "the analyzer itself reached $hwm MB"
	rm -f "$eml"
}

# A reply whose post would be over 20 MB (its text made 22 MB in the
# database, as a message past Postfix's size limit cannot come in) is not
# sent: the job is parked at once, with why in postreplyctl jobs.
test_webhooks_a_body_over_20_mb_is_not_sent() {
	local rid
	new_conversation
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	wait_analysis "$CUSTOMER" >/dev/null
	rid=$(sql "SELECT r.id FROM replies r JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")
	sql "UPDATE replies SET raw = raw || convert_to(repeat(
		E'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789\n',
		300000), 'UTF8') WHERE id = $rid" >/dev/null
	hook_start 200
	hook_add postmark
	assert_contains "$(ctl webhook test "$HOOK_ID")" "queued to be posted" "webhook test"
	hook_wait_state failed 60
	assert_contains "$(hook_job)" "over the 20971520 bytes a webhook takes; not sent" \
		"parked at once, with why"
	assert_eq "failed 1" "$(hook_job | cut -d' ' -f1-2)" "one attempt, not retried"
	assert_contains "$(ctl jobs --failed)" "over the 20971520 bytes a webhook takes" \
		"postreplyctl jobs shows why"
	assert_contains "$(cat "$STACK_DIR/analyzer.log")" "not sent; not retried" "logged"
	sleep 1
	[ ! -e "$HOOK_DIR/1.body" ] || fail "the body was posted"
}

# HOOK_CONF: the webhook of README's inbound_webhooks block (Moving from
# SendGrid/Postmark/Mailgun), pointed at the receiver, the conversation's
# account and the receiver's secret; the lines as README writes them.
hook_readme_conf() {
	HOOK_CONF=$("$TESTS_DIR/readme_block.py" "$TESTS_DIR/../README.md" \
		"Moving from SendGrid/Postmark/Mailgun" 2)
	assert_contains "$HOOK_CONF" "inbound_webhooks =" "README's block"
	HOOK_CONF=${HOOK_CONF//https:\/\/app.example.com\/inbound/http:\/\/127.0.0.1:$HOOK_PORT\/inbound}
	HOOK_CONF=${HOOK_CONF//sales@example.com/$ACCOUNT}
	HOOK_CONF=${HOOK_CONF//\/etc\/postreply\/inbound.secret/$HOOK_DIR.secret}
	assert_contains "$HOOK_CONF" "127.0.0.1:$HOOK_PORT/inbound, format = sendgrid," "the URL replaced"
	assert_contains "$HOOK_CONF" "secret_file = $HOOK_DIR.secret }" "the secret file replaced"
}

# The state and attempts of the latest job for the webhook of the file
# with format $1.
hook_conf_job() { # format
	sql "SELECT state || ' ' || attempts FROM jobs WHERE kind = 'inbound_post'
		AND payload->'conf_webhook'->>'url' = 'http://127.0.0.1:$HOOK_PORT/inbound'
		AND payload->'conf_webhook'->>'format' = '$1' ORDER BY id DESC LIMIT 1"
}

# The analyzer's log says it read its file again ($1: how many times before).
hook_wait_reload() { # log n
	for _ in $(seq 100); do
		[ "$(grep -c "SIGHUP: configuration read again" "$1" || true)" -gt "$2" ] && return 0
		sleep 0.1
	done
	fail "the analyzer did not read its configuration again"
}

test_webhooks_declared_in_postreply_conf() {
	local conf log out rc n
	new_conversation
	hook_start 200
	hook_readme_conf
	analyzer_private confhook "$HOOK_CONF"
	conf=$STACK_DIR/confhook.conf
	log=$STACK_DIR/confhook.log
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	hook_rich_reply
	hook_request 1 >/dev/null
	assert_hook_signed 1
	out=$(provider_check sendgrid 1)
	assert_eq "Carl <$CUSTOMER>" "$(json 'j["fields"]["from"]' <"$out")" "from"
	assert_eq "Très intéressé, send the price." "$(json 'j["fields"]["text"].strip()' <"$out")" \
		"Latin-1 text as UTF-8"
	assert_eq "$ACCOUNT" "$(hook_header 1 X-PostReply-Account)" "X-PostReply-Account"
	for _ in $(seq 50); do
		[ "$(hook_conf_job sendgrid)" = "done 1" ] && break
		sleep 0.1
	done
	assert_eq "done 1" "$(hook_conf_job sendgrid)" "its own inbound_post job, done"

	# Listed read-only; removed only in the file; tested like the others.
	out=$("$BINDIR/postreplyctl" -c "$conf" webhook list)
	assert_contains "$out" "conf:1" "listed"
	assert_contains "$out" "http://127.0.0.1:$HOOK_PORT/inbound  (postreply.conf, read-only)" \
		"listed as the file's"
	assert_eq "sendgrid $ACCOUNT postreply.conf" "$("$BINDIR/postreplyctl" -c "$conf" webhook list --json |
		json "' '.join([[h['format'], h['account'], h['declared_in']] for h in j if h['id'] == 'conf:1'][0])")" \
		"listed as JSON"
	rc=$(rc_of "$BINDIR/postreplyctl" -c "$conf" webhook remove conf:1)
	assert_eq 65 "$rc" "not removed with postreplyctl"
	assert_contains "$("$BINDIR/postreplyctl" -c "$conf" webhook remove conf:1 2>&1)" \
		"declared in postreply.conf (inbound_webhooks): change it in the file" "why"
	rc=$(rc_of "$BINDIR/postreplyctl" -c "$conf" webhook test conf:2)
	assert_eq 66 "$rc" "there is no second one"
	assert_contains "$("$BINDIR/postreplyctl" -c "$conf" webhook test conf:1)" \
		"queued to be posted" "webhook test conf:1"
	hook_request 2 >/dev/null
	provider_check sendgrid 2 >/dev/null

	# A SIGHUP applies a change to the next reply: now as Postmark.
	n=$(grep -c "SIGHUP: configuration read again" "$log" || true)
	sed -i 's/format = sendgrid,/format = postmark,/' "$conf"
	kill -HUP "$PRIVATE_PID"
	hook_wait_reload "$log" "$n"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, call me." >/dev/null
	hook_request 3 >/dev/null
	assert_eq "application/json" "$(hook_header 3 Content-Type)" "posted as postmark now"
	provider_check postmark 3 >/dev/null
	assert_contains "$(json 'j["TextBody"]' <"$HOOK_DIR/3.body")" "call me" "the new reply"
	sleep 2
	[ ! -e "$HOOK_DIR/4.body" ] || fail "the sendgrid webhook removed from the file still posts"
}

test_webhooks_conf_mistakes_are_refused_in_plain_english() {
	local conf=$STACK_DIR/badhook.conf out rc
	{
		cat "$POSTREPLY_CONF"
		printf '%s\n' "inbound_webhooks =" \
			"    { https://app.example.com/a, format = postmark }" \
			"    { https://app.example.com/b, format = zapier }"
	} >"$conf"
	rc=0
	out=$("$BINDIR/postreplyctl" -c "$conf" check 2>&1) || rc=$?
	assert_eq 78 "$rc" "postreplyctl check: EX_CONFIG"
	assert_contains "$out" "bad value for inbound_webhooks" "names the parameter"
	assert_contains "$out" "line $(grep -n '^inbound_webhooks' "$conf" | cut -d: -f1)" "names the line"
	assert_contains "$out" 'webhook 2: unknown format "zapier"; use sendgrid, sendgrid-raw, postmark, mailgun or postreply' \
		"says what is wrong, as README quotes it"
	rc=0
	out=$(timeout 20 "$BINDIR/postreply-analyzer" -f -c "$conf" 2>&1) || rc=$?
	assert_eq 78 "$rc" "the analyzer does not start"
	assert_contains "$out" 'webhook 2: unknown format "zapier"' "and says why"
}

# postreplyctl check reads each secret file and looks each account up.
test_webhooks_conf_check_finds_secret_and_account_problems() {
	local conf=$STACK_DIR/checkhook.conf out nobody
	nobody=nobody-$RANDOM@example.com
	printf 'open\n' >"$STACK_DIR/open.secret"
	chmod 644 "$STACK_DIR/open.secret"
	new_conversation
	{
		cat "$POSTREPLY_CONF"
		printf '%s\n' "inbound_webhooks =" \
			"    { http://127.0.0.1:1/a, format = postmark, account = $nobody }" \
			"    { http://127.0.0.1:1/b, format = sendgrid, secret_file = $STACK_DIR/open.secret }" \
			"    { http://127.0.0.1:1/c, format = postmark, account = $ACCOUNT }"
	} >"$conf"
	out=$("$BINDIR/postreplyctl" -c "$conf" check ${POSTFIX_CONF:+--postfix-config "$POSTFIX_CONF"} 2>&1) || true
	assert_contains "$out" "error: webhook conf:1 (postmark) posts the replies of account $nobody, which does not exist" \
		"an unknown account"
	assert_contains "$out" "fix: postreplyctl account add $nobody" "its fix"
	assert_contains "$out" "error: webhook conf:2 (sendgrid): " "an open secret file"
	assert_contains "$out" "readable by others" "why"
	assert_contains "$out" "ok: webhook conf:3 (postmark) is ready" "a good one"
}

# hook_add_at FORMAT PATH: a webhook of the conversation's account to
# PATH on the receiver, signed with its secret.
hook_add_at() {
	ctl webhook add "http://127.0.0.1:$HOOK_PORT$2" --format "$1" \
		--account "$ACCOUNT" --secret-file "$HOOK_DIR.secret" >/dev/null
}

# The number of the request to PATH whose body holds TEXT, waiting.
hook_find() { # path text
	local f n
	for _ in $(seq 200); do
		for f in "$HOOK_DIR"/*.path; do
			[ -e "$f" ] || continue
			n=$(basename "$f" .path)
			if [ "$(cat "$f")" = "$1" ] && [ -s "$HOOK_DIR/$n.body" ] &&
				grep -q -F -- "$2" "$HOOK_DIR/$n.body"; then
				echo "$n"
				return 0
			fi
		done
		sleep 0.1
	done
	fail "no post to $1 holding '$2' within 20 s"
}

# An HTML reply without a text part, in UTF-8.
hook_html_only_reply() {
	local eml=$STACK_DIR/htmlonly.eml
	printf '%s\r\n' "From: Carl <$CUSTOMER>" "To: $REPLY" \
		"Subject: Re: Our offer" "Message-ID: <html.$RANDOM@example.net>" \
		"MIME-Version: 1.0" "Content-Type: text/html; charset=utf-8" \
		"Content-Transfer-Encoding: 8bit" "" \
		"<html><body><p>Yes, <b>send</b> the contract, José.</p></body></html>" >"$eml"
	smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml" >/dev/null
}

# A plain reply and one with only HTML, to one webhook of each format,
# each post read by the service's own library.
test_webhooks_each_library_reads_a_plain_and_an_html_only_reply() {
	local n out
	new_conversation
	hook_start 200
	hook_add_at postmark /postmark
	hook_add_at sendgrid /sendgrid
	hook_add_at mailgun /mailgun
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, tell me more." >/dev/null

	n=$(hook_find /postmark "tell me more")
	out=$(provider_check postmark "$n")
	assert_eq "Interested, tell me more." "$(json 'j["TextBody"].strip()' <"$out")" "postmark: TextBody"
	assert_eq "" "$(json 'j["HtmlBody"]' <"$out")" "postmark: no HtmlBody"
	assert_eq 0 "$(json 'len(j["Attachments"])' <"$out")" "postmark: no attachments"
	n=$(hook_find /sendgrid "tell me more")
	out=$(provider_check sendgrid "$n")
	assert_eq "Interested, tell me more." "$(json 'j["fields"]["text"].strip()' <"$out")" "sendgrid: text"
	assert_eq 0 "$(json 'j["fields"]["attachments"]' <"$out")" "sendgrid: attachments"
	assert_eq 0 "$(json 'len(j["attachments"])' <"$out")" "sendgrid: the parser finds none"
	n=$(hook_find /mailgun "tell me more")
	out=$(provider_check mailgun "$n" hooksecret)
	assert_eq "Interested, tell me more." "$(json 'j["fields"]["body-plain"].strip()' <"$out")" "mailgun: body-plain"
	assert_eq 0 "$(json 'j["fields"]["attachment-count"]' <"$out")" "mailgun: attachment-count"

	hook_html_only_reply
	n=$(hook_find /postmark "contract")
	out=$(provider_check postmark "$n")
	assert_contains "$(json 'j["HtmlBody"]' <"$out")" "<b>send</b> the contract, José." "postmark: HtmlBody"
	assert_contains "$(json 'j["StrippedTextReply"]' <"$out")" "send the contract" \
		"postmark: StrippedTextReply, read from the HTML"
	n=$(hook_find /sendgrid "contract")
	out=$(provider_check sendgrid "$n")
	assert_contains "$(json 'j["fields"]["html"]' <"$out")" "<b>send</b> the contract, José." "sendgrid: html"
	n=$(hook_find /mailgun "contract")
	out=$(provider_check mailgun "$n" hooksecret)
	assert_contains "$(json 'j["fields"]["body-html"]' <"$out")" "<b>send</b> the contract" "mailgun: body-html"
	assert_eq "Yes, send the contract, José." "$(json 'j["fields"]["body-plain"].strip()' <"$out")" \
		"mailgun: body-plain made from the HTML, as Mailgun makes it"
	assert_contains "$(json 'j["fields"]["stripped-text"]' <"$out")" "send the contract" \
		"mailgun: stripped-text"
}

# A webhook removed from the file posts nothing more, even from a job
# queued for it before: its retry finds it gone and ends.
test_webhooks_removed_from_conf_posts_nothing_more() {
	local conf log n
	new_conversation
	hook_start 500
	hook_readme_conf
	analyzer_private confgone "$HOOK_CONF"
	conf=$STACK_DIR/confgone.conf
	log=$STACK_DIR/confgone.log
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested." >/dev/null
	hook_request 1 >/dev/null
	for _ in $(seq 50); do
		[ "$(hook_conf_job sendgrid)" = "queued 1" ] && break
		sleep 0.1
	done
	assert_eq "queued 1" "$(hook_conf_job sendgrid)" "to be retried after the 500"
	n=$(grep -c "SIGHUP: configuration read again" "$log" || true)
	cp "$POSTREPLY_CONF" "$conf"
	kill -HUP "$PRIVATE_PID"
	hook_wait_reload "$log" "$n"
	for _ in $(seq 300); do
		[ "$(hook_conf_job sendgrid | cut -d' ' -f1)" = done ] && break
		sleep 0.1
	done
	assert_eq "done 2" "$(hook_conf_job sendgrid)" "its retry ended without posting"
	assert_contains "$(cat "$log")" "its webhook is no longer declared" "logged"
	[ ! -e "$HOOK_DIR/2.body" ] || fail "the webhook removed from the file was posted to"
}

# A reply whose header section opens with LINES (Authentication-Results
# as the MX in front wrote them), its text saying MARKER.
hook_authres_reply() { # marker lines...
	local eml=$STACK_DIR/authres.eml marker=$1
	shift
	printf '%s\r\n' "$@" "From: Carl <$CUSTOMER>" "To: $REPLY" \
		"Subject: Re: Our offer" "Message-ID: <authres.$RANDOM@example.net>" \
		"" "Interested, $marker." >"$eml"
	smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml" >/dev/null
}

# SendGrid's SPF and dkim, read by its own parser from the posts of both
# sendgrid formats, for the reply holding MARKER ("absent" when left out).
hook_assert_auth() { # marker spf dkim what
	local path n out
	for path in /sendgrid /raw; do
		n=$(hook_find "$path" "$1")
		out=$(provider_check sendgrid "$n")
		assert_eq "$2" "$(json 'j["fields"].get("SPF", "absent")' <"$out")" "$4: SPF ($path)"
		assert_eq "$3" "$(json 'j["fields"].get("dkim", "absent")' <"$out")" "$4: dkim ($path)"
	done
}

# SPF and dkim come, as SendGrid posts them, from the Authentication-Results
# of a server in trusted_authserv_ids, through the real Postfix; results
# from any other authserv-id, even of the same shape, are left out.
test_webhooks_sendgrid_spf_and_dkim_from_trusted_authentication_results() {
	local dom
	new_conversation
	dom=${CUSTOMER#*@}
	hook_start 200
	hook_add_at sendgrid /sendgrid
	hook_add_at sendgrid-raw /raw
	analyzer_private authres 'trusted_authserv_ids = mx.test.example'
	trap 'kill ${HOOK_PID:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT

	hook_authres_reply "one header" \
		"Authentication-Results: mx.test.example; spf=pass smtp.mailfrom=$CUSTOMER; dkim=pass (2048-bit key) header.d=$dom header.s=sel"
	hook_assert_auth "one header" pass "{@$dom : pass}" "one trusted header"

	# Each milter of the MX writes its own header (OpenDKIM dkim, the SPF
	# milter spf), folded, under a forged one from outside.
	hook_authres_reply "two milters" \
		"Authentication-Results: mx.test.example;" $'\tdkim=pass header.d='"$dom"' header.s=sel' \
		"Authentication-Results: mx.test.example (spf milter);" $'\tspf=pass smtp.mailfrom='"$CUSTOMER" \
		"Authentication-Results: mx.evil.example; spf=fail; dkim=fail header.d=$dom"
	hook_assert_auth "two milters" pass "{@$dom : pass}" "one trusted header per milter"

	hook_authres_reply "forged" \
		"Authentication-Results: mx.evil.example; spf=pass smtp.mailfrom=$CUSTOMER; dkim=pass header.d=$dom" \
		"Authentication-Results: mx.test.example.evil.example; spf=pass; dkim=pass header.d=$dom"
	hook_assert_auth "forged" absent absent "untrusted authserv-ids"
}
