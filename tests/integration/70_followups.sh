# SPDX-License-Identifier: BSD-2-Clause
# Automatic follow-ups end to end: rules set with postreplyctl, scheduled
# and sent by the analyzer through the stack's private Postfix.

# followup_analyzer: the stack's analyzer with followup_min_interval small,
# so that follow-ups seconds apart are allowed; restored when the test ends.
# Extra configuration lines may follow. Helpers the test started, listed in
# FOLLOWUP_HELPERS (pids), are stopped with it. One started before by the
# test is stopped first.
followup_analyzer() {
	local conf=$STACK_DIR/followups.conf
	if [ -n "${FOLLOWUP_PID:-}" ]; then
		kill -TERM "$FOLLOWUP_PID" 2>/dev/null || true
		wait "$FOLLOWUP_PID" 2>/dev/null || true
	fi
	{ cat "$POSTREPLY_CONF"; echo "followup_min_interval = 1s"; printf '%s\n' "$@"; } >"$conf"
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" analyzer
	"$BINDIR/postreply-analyzer" -f -v -c "$conf" >>"$STACK_DIR/followups.log" 2>&1 &
	FOLLOWUP_PID=$!
	trap '[ -z "${FOLLOWUP_HELPERS:-}" ] || kill $FOLLOWUP_HELPERS 2>/dev/null || true
		kill -TERM ${FOLLOWUP_PID:-} 2>/dev/null; wait ${FOLLOWUP_PID:-} 2>/dev/null;
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
}

# An account and a customer, nothing sent yet. Sets ACCOUNT, CUSTOMER.
followup_parties() {
	ACCOUNT=$(uniq fu)@example.com
	CUSTOMER=$(uniq fc)@example.net
	ctl account add "$ACCOUNT" --name "Alice Sales" >/dev/null
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" --name "Carl" >/dev/null
}

# Send the first email ("Our offer", and what SUFFIX adds to the subject);
# sets REPLY (its reply address) and FIRST (the file).
followup_send_first() {
	REPLY=$(ctl send --account "$ACCOUNT" --to "$CUSTOMER" \
		--subject "Our offer${1:-}" --body "Hello Carl, here is our offer.")
	FIRST=$(wait_mail "$CUSTOMER" 20 "Subject: Our offer")
}

# followup_llm_analyzer: followup_analyzer with the LLM backend, a fake
# LLM on loopback answering; the fake's log is $STACK_DIR/fu-llm.log.
followup_llm_analyzer() {
	local port=$((SMTP_PORT + 23))
	/usr/bin/python3 "$TESTS_DIR/llm/fake_llm.py" "$port" "$STACK_DIR/fu-llm.log" \
		>/dev/null 2>&1 &
	FOLLOWUP_HELPERS=$!
	followup_analyzer 'analyzer_backend = llm' 'llm_max_attempts = 1' \
		"llm_url = http://127.0.0.1:$port/v1/chat/completions" 'llm_timeout = 10s'
}

# What wrote the follow-up sent to CUSTOMER, and why not the LLM.
followup_written_by() {
	sql "SELECT e.detail->>'written_by', coalesce(e.detail->>'llm_fallback', '')
		FROM events e JOIN customers c ON c.id = e.customer_id
		WHERE c.email = '$CUSTOMER' AND e.kind = 'followup_sent'"
}

# How many follow-ups ("Subject: Re: Our offer") reached the customer.
followups_delivered() {
	grep -l -i -F "X-Rcpt-Args: <$CUSTOMER>" "$SINK_DIR"/* 2>/dev/null |
		xargs -r grep -l "^Subject: Re: Our offer" | wc -l
}

header_of() { # file name
	message_of "$1" | sed -n "s/^$2: *//Ip" | head -1 | tr -d '\r'
}

# As in life, the reply comes once the first email's follow-up is planned.
wait_planned() {
	local i
	for i in $(seq 100); do
		case "$(timeline_kinds)" in *followup_scheduled*) return 0 ;; esac
		sleep 0.1
	done
	fail "no follow-up was planned"
}

timeline_kinds() {
	ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json |
		json '" ".join(e["kind"] for e in j)'
}

test_followup_rules_are_disabled_by_default_and_validated() {
	followup_parties
	local out rc
	out=$(ctl followup rule list --account "$ACCOUNT" --json)
	assert_eq "False False False" "$(echo "$out" | json '" ".join(str(r["enabled"]) for r in j)')" \
		"all scenarios start disabled"
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 5m,15m \
		--max 3 --message custom --text "Hi {customer_name}" \
		--on-send tag:followed --on-send notify >/dev/null
	out=$(ctl followup rule list --account "$ACCOUNT" --json)
	assert_eq "True|5m,15m|3|custom|Hi {customer_name}|['tag:followed', 'notify']" \
		"$(echo "$out" | json '"|".join(str(j[0][k]) for k in ("enabled", "steps", "max_steps", "message", "custom_text", "on_send"))')" \
		"the rule as set"
	rc=0; ctl followup rule set --account "$ACCOUNT" no_reply --steps 3x 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad steps"
	rc=0; ctl followup rule set --account "$ACCOUNT" sometimes 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad scenario"
	rc=0; ctl followup rule set --account "$ACCOUNT" no_reply --on-send dance 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad action"
	# The stack has no webhook_url: the rule is set, with a warning.
	out=$(ctl followup rule set --account "$ACCOUNT" no_reply --on-send webhook 2>&1)
	assert_contains "$out" "webhook_url is not set" "webhook without a URL"
	assert_eq "['webhook']" "$(ctl followup rule list --account "$ACCOUNT" --json |
		json 'j[0]["on_send"]')" "the webhook action is kept"
	rc=0; ctl account set "$ACCOUNT" --tz Mars/Olympus 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad zone"
	rc=0; ctl account set "$ACCOUNT" --hours 17:00-08:00 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad hours"
	rc=0; ctl account set "$ACCOUNT" --days weekdays 2>/dev/null || rc=$?
	assert_eq 65 "$rc" "bad days"
	ctl account set "$ACCOUNT" --hours 08:00-17:00 --days mon-fri --tz Europe/Paris >/dev/null
	assert_eq "08:00-17:00|mon-fri|Europe/Paris" "$(sql "SELECT work_hours || '|' ||
		work_days || '|' || time_zone FROM accounts WHERE email = '$ACCOUNT'")" "working time"
}

test_followup_unanswered_email_is_followed_up_threaded() {
	followup_analyzer
	followup_parties
	local f t0 mid
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 3s --max 1 \
		--on-send tag:followed-up --on-send "assign:bob@example.com" >/dev/null
	t0=$(date +%s)
	followup_send_first
	f=$(wait_mail "$CUSTOMER" 15 "Subject: Re: Our offer")
	[ $(($(date +%s) - t0)) -le 12 ] || fail "the follow-up took more than 12 s"
	mid=$(header_of "$FIRST" Message-ID)
	assert_eq "$mid" "$(header_of "$f" In-Reply-To)" "threaded to the first email"
	assert_contains "$(header_of "$f" References)" "$mid" "references"
	assert_contains "$(header_of "$f" From)" "$ACCOUNT" "from the account"
	assert_contains "$(header_of "$f" Reply-To)" "reply+" "a reply address"
	[ "$(header_of "$f" Reply-To)" != "$(header_of "$FIRST" Reply-To)" ] ||
		fail "the follow-up reuses the first reply address"
	assert_contains "$(message_of "$f")" "Our offer" "the template names the subject"
	sleep 1
	assert_contains "$(timeline_kinds)" "followup_scheduled" "scheduled on the timeline"
	assert_contains "$(timeline_kinds)" "followup_sent" "sent on the timeline"
	assert_eq "sent" "$(sql "SELECT string_agg(state, ',') FROM followups f
		JOIN customers c ON c.id = f.customer_id WHERE c.email = '$CUSTOMER'")" \
		"one step (max 1), sent"
	assert_eq "{followed-up}|bob@example.com" "$(sql "SELECT c.tags::text || '|' || v.assignee
		FROM customers c JOIN conversations v ON v.customer_id = c.id
		WHERE c.email = '$CUSTOMER'")" "on-send actions"
	assert_eq 2 "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
		ON c.id = s.customer_id WHERE c.email = '$CUSTOMER' AND s.status = 'sent'")" \
		"the follow-up is recorded as an email"
	sleep 3
	assert_eq 1 "$(followups_delivered)" "max 1: no second follow-up"
}

# The webhook on-send action: the configured webhook gets a signed
# followup_sent event with what was sent, as a job of its own (retried:
# the first POST gets 503).
test_followup_webhook_on_send() {
	local port=$((SMTP_PORT + 22)) dir=$STACK_DIR/fu-webhook body f
	webhook_sink "$port" "$dir" fu-secret
	FOLLOWUP_HELPERS=$WEBHOOK_SINK
	followup_analyzer "webhook_url = http://127.0.0.1:$port/hook" \
		"webhook_secret_file = $dir.secret"
	followup_parties
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s --max 1 \
		--on-send webhook >/dev/null
	followup_send_first
	f=$(wait_mail "$CUSTOMER" 15 "Subject: Re: Our offer")
	body=$(wait_webhook "$dir" '"followup_sent"' "no followup_sent webhook after a retry")
	assert_webhook_signed "$body" fu-secret
	assert_eq "$CUSTOMER|$ACCOUNT|no_reply|1" "$(json '"|".join(str(x) for x in (j["customer"]["email"], j["account"]["email"], j["followup"]["scenario"], j["followup"]["step"]))' <"$body")" \
		"who and which step"
	assert_eq "$(header_of "$f" Message-ID)" "$(json 'j["email"]["message_id"]' <"$body")" \
		"the Message-ID of the follow-up delivered"
	assert_contains "$(json 'j["email"]["text"]' <"$body")" "Our offer" "the text sent"
	assert_contains "$(ctl timeline "$CUSTOMER" --account "$ACCOUNT")" "Our offer" \
		"the timeline shows the text sent"
	assert_eq 1 "$(ls "$dir"/*.body | wc -l)" "one webhook, not one per attempt"
}

# The notify action: a job of its own (followup_notice) queued with the
# follow-up sent and run once that committed, as alerts are, rather than
# a mail sent from inside the follow-up's transaction.
test_followup_notice_on_send_is_a_job() {
	local f n
	followup_analyzer
	followup_parties
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s --max 1 \
		--on-send notify >/dev/null
	followup_send_first
	f=$(wait_mail "$CUSTOMER" 15 "Subject: Re: Our offer")
	[ -n "$f" ] || fail "no follow-up"
	n=$(wait_mail "$ACCOUNT" 15 "[postreply] Follow-up sent to $CUSTOMER")
	[ -n "$n" ] || fail "no notice to the account"
	assert_contains "$(message_of "$n")" "Our offer" "the notice quotes the follow-up"
	assert_eq "done|$ACCOUNT|$CUSTOMER" "$(sql "SELECT j.state || '|' ||
		(j.payload->>'to') || '|' || (j.payload->>'customer') FROM jobs j
		JOIN followups f ON f.id = (j.payload->>'followup_id')::bigint
		JOIN customers c ON c.id = f.customer_id
		WHERE j.kind = 'followup_notice' AND c.email = '$CUSTOMER'")" \
		"the notice went out as a job, done"
}

# The follow-ups of CUSTOMER, step by step: "sent,scheduled".
followup_states() {
	sql "SELECT string_agg(f.state, ',' ORDER BY f.step) FROM followups f
		JOIN customers c ON c.id = f.customer_id WHERE c.email = '$CUSTOMER'"
}

# followup_interrupted: an analyzer killed in the middle of sending a
# follow-up. It submits to a server that accepts connections and never
# answers, so it is caught there. Sets MID (the Message-ID recorded for
# the follow-up) and FOLLOWUP_ID; no analyzer runs afterwards.
followup_interrupted() {
	local port=$((SMTP_PORT + 24)) state=
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
s.listen(8)
held = []
while True:
    held.append(s.accept()[0])' "$port" &
	FOLLOWUP_HELPERS=$!
	followup_analyzer "submit_url = smtp://127.0.0.1:$port"
	followup_parties
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s,1h \
		--max 2 >/dev/null
	followup_send_first
	for _ in $(seq 150); do
		state=$(followup_states)
		case $state in sending | sent) break ;; esac
		sleep 0.1
	done
	case $state in sending | sent) ;; *) fail "the follow-up was not taken up: $state" ;; esac
	read -r FOLLOWUP_ID MID < <(sql "SELECT f.id || ' ' || s.message_id FROM followups f
		JOIN sent_emails s ON s.id = f.sent_email_id
		JOIN customers c ON c.id = f.customer_id WHERE c.email = '$CUSTOMER'")
	kill -KILL "$FOLLOWUP_PID"
	wait "$FOLLOWUP_PID" 2>/dev/null || true
	kill "$FOLLOWUP_HELPERS"
}

# The next analyzer sends the same message (the same Message-ID) once,
# records it, and the cycle goes on.
test_followup_interrupted_send_is_sent_again() {
	local f
	followup_interrupted
	assert_contains "$(ctl followups --account "$ACCOUNT")" "interrupted while sending" \
		"the operator sees it pending"
	followup_analyzer
	f=$(wait_mail "$CUSTOMER" 20 "Subject: Re: Our offer")
	assert_eq "$MID" "$(header_of "$f" Message-ID)" "the same message, sent again"
	for _ in $(seq 50); do
		[ "$(followup_states)" = "sent,scheduled" ] && break
		sleep 0.1
	done
	assert_eq "sent,scheduled" "$(followup_states)" "recorded sent; the next step planned"
	assert_eq 1 "$(sql "SELECT count(*) FROM events e JOIN customers c
		ON c.id = e.customer_id WHERE c.email = '$CUSTOMER'
		AND e.kind = 'followup_sent'")" "one followup_sent on the timeline"
	assert_eq "sent" "$(sql "SELECT string_agg(DISTINCT s.status, ',') FROM sent_emails s
		JOIN customers c ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'")" \
		"both emails recorded as sent"
	assert_contains "$(cat "$STACK_DIR/followups.log")" \
		"follow-up $FOLLOWUP_ID was interrupted before its send was recorded; sending it again with the same Message-ID" \
		"the operator is told"
	sleep 2
	assert_eq 1 "$(followups_delivered)" "delivered once"
}

# A reply that comes in while the analyzer is down: the interrupted
# follow-up is not sent again, and nothing more is planned from it.
test_followup_interrupted_send_dropped_after_a_reply() {
	followup_interrupted
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Thanks, I will read it carefully." >/dev/null
	followup_analyzer
	for _ in $(seq 100); do
		[ "$(followup_states)" = skipped ] && break
		sleep 0.1
	done
	assert_eq skipped "$(followup_states)" "skipped, no next step"
	assert_eq "failed|interrupted, and not sent again" "$(sql "SELECT s.status || '|' ||
		s.failure FROM sent_emails s WHERE s.message_id = '$MID'")" \
		"its email recorded as not sent"
	assert_contains "$(cat "$STACK_DIR/followups.log")" \
		"follow-up $FOLLOWUP_ID was interrupted before its send was recorded; not sent again: customer replied" \
		"the operator is told"
	sleep 2
	assert_eq 0 "$(followups_delivered)" "nothing sent"
}

# The MTA cannot be reached: the follow-up's email is recorded failed, the
# step is scheduled again, and its job sends it once the MTA is back.
test_followup_refused_send_is_tried_again() {
	local f
	followup_analyzer "submit_url = smtp://127.0.0.1:$((SMTP_PORT + 25))"
	followup_parties
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s \
		--max 1 >/dev/null
	followup_send_first
	for _ in $(seq 150); do
		[ "$(sql "SELECT count(*) FROM sent_emails s JOIN customers c
			ON c.id = s.customer_id WHERE c.email = '$CUSTOMER'
			AND s.status = 'failed'")" = 1 ] && break
		sleep 0.1
	done
	assert_eq "scheduled" "$(followup_states)" "scheduled again after the refusal"
	assert_eq 0 "$(sql "SELECT count(*) FROM followups f JOIN customers c
		ON c.id = f.customer_id WHERE c.email = '$CUSTOMER'
		AND f.outbox IS NOT NULL")" "no message left waiting"
	followup_analyzer
	f=$(wait_mail "$CUSTOMER" 30 "Subject: Re: Our offer")
	[ -n "$f" ] || fail "no follow-up once the MTA is back"
	for _ in $(seq 50); do
		[ "$(followup_states)" = sent ] && break
		sleep 0.1
	done
	assert_eq sent "$(followup_states)" "sent on the retry"
	assert_eq "failed,sent" "$(sql "SELECT string_agg(s.status, ',' ORDER BY s.id)
		FROM sent_emails s JOIN customers c ON c.id = s.customer_id
		WHERE c.email = '$CUSTOMER' AND s.source = 'followup'")" \
		"the refused email failed, the retry sent"
}

# With the LLM backend, an "ai" follow-up is the LLM's text, written from
# the conversation, which travels as data between markers.
test_followup_ai_text_is_written_by_the_llm() {
	local f req
	followup_llm_analyzer
	followup_parties
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s --max 1 \
		--message ai >/dev/null
	followup_send_first
	f=$(wait_mail "$CUSTOMER" 20 "Subject: Re: Our offer")
	assert_contains "$(message_of "$f")" "Fake follow-up (normal): is our offer" \
		"the LLM's text is sent"
	assert_eq "llm|" "$(followup_written_by)" "recorded as written by the LLM"
	req=$(grep '"followup_text"' "$STACK_DIR/fu-llm.log" | head -1)
	[ -n "$req" ] || fail "no follow-up request reached the LLM"
	assert_contains "$(echo "$req" | json 'j["body"]["messages"][1]["content"]')" \
		"Hello Carl, here is our offer." "the conversation is in the user message"
	assert_not_contains "$(echo "$req" | json 'j["body"]["messages"][0]["content"]')" \
		"Our offer" "nothing of the conversation in the system message"
}

# Whatever the LLM answers that cannot go out in an email, the follow-up
# still goes, with the template, and says why.
test_followup_bad_llm_text_falls_back_to_the_template() {
	local marker f want
	followup_llm_analyzer
	for marker in huge control markers link domain phone invisible 500; do
		followup_parties
		ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 2s \
			--max 1 --message ai >/dev/null
		followup_send_first " [fake:$marker]"
		f=$(wait_mail "$CUSTOMER" 20 "Subject: Re: Our offer")
		assert_not_contains "$(message_of "$f")" "Fake follow-up" "$marker: not the LLM's text"
		assert_contains "$(message_of "$f")" "Carl" "$marker: the template"
		case $marker in
		huge) want="20000 bytes" ;;
		control) want="control character" ;;
		markers) want="our markers" ;;
		link | domain) want="a link" ;;
		phone) want="a phone number" ;;
		invisible) want="an invisible mark" ;;
		500) want="HTTP 500" ;;
		esac
		assert_contains "$(followup_written_by)" "template|" "$marker: recorded as the template"
		assert_contains "$(followup_written_by)" "$want" "$marker: why"
	done
}

test_followup_reply_in_time_cancels_it() {
	local i
	followup_analyzer
	followup_parties
	# 10 s: the reply is read well before the follow-up is due, even on a
	# loaded machine.
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 10s >/dev/null
	followup_send_first
	wait_planned
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Thanks, I will read it carefully." >/dev/null
	for i in $(seq 100); do
		case "$(timeline_kinds)" in *followup_cancelled*) break ;; esac
		sleep 0.1
	done
	assert_eq "customer replied" "$(ctl timeline "$CUSTOMER" --json |
		json '[e["reason"] for e in j if e["kind"] == "followup_cancelled"][-1]')" \
		"cancelled with the reason"
	sleep 10
	assert_eq 0 "$(followups_delivered)" "nothing sent"
}

test_followup_stop_request_stops_everything() {
	followup_analyzer
	followup_parties
	local s
	for s in no_reply unavailable requested_delay; do
		ctl followup rule set --account "$ACCOUNT" "$s" --enable --steps 4s >/dev/null
	done
	followup_send_first
	wait_planned
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Please stop emailing me." >/dev/null
	sleep 6
	assert_eq 0 "$(followups_delivered)" "nothing sent"
	assert_eq t "$(sql "SELECT do_not_contact FROM customers WHERE email = '$CUSTOMER'")" \
		"flagged do-not-contact"
	assert_contains "$(timeline_kinds)" "followup_cancelled" "the pending one cancelled"
	assert_eq 0 "$(sql "SELECT count(*) FROM followups f JOIN customers c
		ON c.id = f.customer_id WHERE c.email = '$CUSTOMER' AND f.state = 'scheduled'")" \
		"nothing scheduled"
}

test_followup_paused_account_sends_nothing() {
	followup_analyzer
	followup_parties
	# Due 8 s after the first email: planned and paused well before, on
	# a loaded machine too, then due while paused.
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 8s >/dev/null
	followup_send_first
	for i in $(seq 200); do
		[ "$(ctl followups --account "$ACCOUNT" --json | json 'len(j)')" = 1 ] && break
		sleep 0.1
	done
	ctl account pause "$ACCOUNT" >/dev/null
	assert_contains "$(ctl followups --account "$ACCOUNT")" "(account paused)" \
		"the listing says the account is paused"
	sleep 11
	assert_eq 0 "$(followups_delivered)" "nothing sent while paused"
	assert_eq "skipped|account paused" "$(sql "SELECT state || '|' || reason FROM followups f
		JOIN customers c ON c.id = f.customer_id WHERE c.email = '$CUSTOMER'")" \
		"skipped, and why"
	ctl account resume "$ACCOUNT" >/dev/null
	assert_eq f "$(sql "SELECT paused FROM accounts WHERE email = '$ACCOUNT'")" "resumed"
}

test_followup_plan_is_not_a_requested_delay() {
	followup_analyzer
	followup_parties
	local out
	ctl followup rule set --account "$ACCOUNT" requested_delay --enable >/dev/null
	followup_send_first
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Thanks. We plan to migrate in March, I'll let you know." >/dev/null
	out=$(wait_analysis "$CUSTOMER")
	assert_eq None "$(last_reply "$out" 'r["analysis"]["requested_followup_at"]')" \
		"the customer's plan is not a request"
	assert_eq 0 "$(ctl followups --account "$ACCOUNT" --json |
		json 'len([f for f in j if f["scenario"] == "requested_delay"])')" \
		"no follow-up scheduled for March"
}

test_followup_unavailable_and_requested_delay_are_scheduled() {
	followup_analyzer
	followup_parties
	local out
	ctl followup rule set --account "$ACCOUNT" unavailable --enable --steps 2s >/dev/null
	ctl followup rule set --account "$ACCOUNT" requested_delay --enable >/dev/null
	followup_send_first
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Please contact me next week." >/dev/null
	for i in $(seq 50); do
		out=$(ctl followups --account "$ACCOUNT" --json)
		[ "$(echo "$out" | json 'len(j)')" = 1 ] && break
		sleep 0.1
	done
	assert_eq "requested_delay|$CUSTOMER" "$(echo "$out" | json 'j[0]["scenario"] + "|" + j[0]["customer"]')" \
		"requested delay scheduled"
	assert_contains "$(echo "$out" | json 'j[0]["reason"]')" "customer asked for" "why"
	assert_contains "$(ctl followups --account "$ACCOUNT")" "requested_delay" "text listing"
	# Busy now: followed up after the first step, in the same thread.
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "I am in a meeting right now, can we talk later?" >/dev/null
	wait_mail "$CUSTOMER" 15 "Subject: Re: Our offer" >/dev/null
	assert_contains "$(sql "SELECT string_agg(scenario || ':' || state, ',' ORDER BY f.id)
		FROM followups f JOIN customers c ON c.id = f.customer_id
		WHERE c.email = '$CUSTOMER'")" "requested_delay:cancelled,unavailable:sent" \
		"the new reply replaced the plan"
}


# --message custom is refused without its text (given now or kept from
# before), and the rule is left as it was.
test_followup_custom_message_needs_its_text() {
	followup_parties
	local r
	r=$(run_status ctl followup rule set --account "$ACCOUNT" no_reply --enable \
		--message custom)
	assert_eq 64 "${r%%|*}" "custom without text: EX_USAGE"
	assert_contains "$r" "--message custom needs the message: give --text T or --text-file F" "why"
	assert_eq "False|ai" "$(ctl followup rule list --account "$ACCOUNT" --json |
		json '"%s|%s" % (j[0]["enabled"], j[0]["message"])')" "the rule is unchanged"
	ctl followup rule set --account "$ACCOUNT" no_reply --text "Hello {customer_name}" >/dev/null
	ctl followup rule set --account "$ACCOUNT" no_reply --message ai >/dev/null
	ctl followup rule set --account "$ACCOUNT" no_reply --message custom >/dev/null ||
		fail "custom with the text kept from before was refused"
}

# The WHY column (and the timeline) names the email a no_reply step
# follows by its subject and date, never by an internal id.
test_followup_why_speaks_in_subjects_and_dates() {
	followup_analyzer
	followup_parties
	local out today first_customer
	today=$(date -u +%Y-%m-%d)
	ctl followup rule set --account "$ACCOUNT" no_reply --enable --steps 1h >/dev/null
	followup_send_first
	wait_planned
	out=$(ctl followups --account "$ACCOUNT")
	assert_contains "$out" "no reply to \"Our offer\" (sent $today " "the first email"
	first_customer=$CUSTOMER
	# A second customer, whose first follow-up goes out at once.
	CUSTOMER=$(uniq fc)@example.net
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" --name "Dana" >/dev/null
	ctl followup rule set --account "$ACCOUNT" no_reply --steps 2s,1h --max 2 >/dev/null
	followup_send_first
	wait_mail "$CUSTOMER" 15 "Subject: Re: Our offer" >/dev/null
	for _ in $(seq 50); do
		out=$(ctl followups --account "$ACCOUNT")
		[ "$(echo "$out" | grep -c "no reply to")" = 2 ] && break
		sleep 0.1
	done
	assert_contains "$out" "no reply to \"Re: Our offer\" (follow-up sent $today " \
		"the follow-up a step follows"
	assert_not_contains "$out" "no reply to email" "no email id"
	assert_not_contains "$out" "no reply to follow-up" "no follow-up id"
	assert_contains "$(ctl followups --account "$ACCOUNT" --json |
		json '" / ".join(f["why"] for f in j)')" "no reply to \"Our offer\" (sent $today" \
		"the same in JSON"
	assert_contains "$out" "$first_customer" "both are listed"
	out=$(ctl timeline "$first_customer")
	assert_contains "$out" "no reply to \"Our offer\" (sent $today " \
		"the timeline's followup_scheduled"
	assert_not_contains "$out" "no reply to email" "no email id on the timeline"
}

# The language of a reply is stored when the analyzer reads it, and the
# follow-up written after it is in that language: a reply in French gets
# "fr" and a French follow-up. The stored language is what counts, not a
# guess made again: changed by hand before the step is due, the
# follow-up follows it.
test_followup_written_in_the_stored_language_of_the_reply() {
	local f id i
	followup_analyzer
	followup_parties
	ctl followup rule set --account "$ACCOUNT" unavailable --enable --steps 3s >/dev/null
	followup_send_first
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Bonjour, je suis en réunion toute la journée, pouvons-nous en reparler plus tard ? Merci." >/dev/null
	f=$(wait_mail "$CUSTOMER" 20 "Subject: Re: Our offer")
	[ -n "$f" ] || fail "no follow-up after the reply"
	assert_eq fr "$(sql "SELECT r.language FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" "the language stored"
	assert_contains "$(message_of "$f")" "Bonjour Carl," "the follow-up is in French"

	# A step an hour away, made due at once after its reply's language
	# was changed to German.
	followup_parties
	ctl followup rule set --account "$ACCOUNT" unavailable --enable --steps 1h >/dev/null
	followup_send_first
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "Bonjour, je suis en réunion toute la journée, pouvons-nous en reparler plus tard ? Merci." >/dev/null
	for i in $(seq 150); do
		id=$(sql "SELECT f.id FROM followups f JOIN customers c ON c.id = f.customer_id
			WHERE c.email = '$CUSTOMER' AND f.state = 'scheduled'
			AND f.scenario = 'unavailable'")
		[ -n "$id" ] && break
		sleep 0.1
	done
	[ -n "$id" ] || fail "no follow-up scheduled after the reply"
	assert_eq fr "$(sql "SELECT r.language FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" "the language stored"
	sql "UPDATE replies r SET language = 'de' FROM customers c
		WHERE c.id = r.customer_id AND c.email = '$CUSTOMER'" >/dev/null
	sql "UPDATE followups SET due_at = now() WHERE id = $id" >/dev/null
	sql "UPDATE jobs SET run_at = now() WHERE kind = 'followup_due'
		AND state = 'queued' AND payload->>'followup_id' = '$id'" >/dev/null
	sql "SELECT pg_notify('postreply_jobs', 'followup_due')" >/dev/null
	f=$(wait_mail "$CUSTOMER" 20 "Subject: Re: Our offer")
	[ -n "$f" ] || fail "no follow-up once due"
	assert_contains "$(message_of "$f")" "Hallo Carl," "written in the stored language"
}
