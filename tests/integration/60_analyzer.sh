# SPDX-License-Identifier: BSD-2-Clause
# postreply-analyzer: every reply read, analysed and acted on, through the
# stack's real Postfix and database.

test_analyzer_reads_and_analyses_a_reply_within_seconds() {
	new_conversation
	local out t0
	t0=$(date +%s)
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body $'This looks great, we are very interested! We send about 50,000 emails a month. Can you send me the pricing?\n\nBest,\nCarl\n\nOn Mon, Nov 16, 2026 at 9:00 AM Alice <alice@example.com> wrote:\n> Our offer' >/dev/null
	out=$(wait_analysis "$CUSTOMER")
	[ $(($(date +%s) - t0)) -le 5 ] || fail "analysis took more than 5 s"
	assert_contains "$(last_reply "$out" 'r["text"]')" "very interested" "reply text"
	assert_not_contains "$(last_reply "$out" 'r["text"]')" "Our offer" "quote trimmed"
	assert_eq "builtin" "$(last_reply "$out" 'r["analysis"]["backend"]')" "backend"
	assert_eq "positive" "$(last_reply "$out" 'r["analysis"]["sentiment"]')" "sentiment"
	assert_contains "$(last_reply "$out" 'r["analysis"]["monthly_volume"]')" "50,000" "volume"
	assert_eq interested "$(sql "SELECT status FROM customers WHERE email = '$CUSTOMER'")" \
		"the status follows the interest"
	assert_eq done "$(sql "SELECT string_agg(DISTINCT state, ',') FROM jobs
		WHERE kind = 'analyze_reply' AND (payload->>'reply_id')::bigint IN
		(SELECT r.id FROM replies r JOIN customers c ON c.id = r.customer_id
		 WHERE c.email = '$CUSTOMER')")" "the job is done"
}

test_analyzer_high_value_reply_alerts_the_account() {
	new_conversation
	local f
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "We are very interested and want to buy licences for 200 people this month. Please send a quote today." >/dev/null
	wait_analysis "$CUSTOMER" >/dev/null
	f=$(wait_mail "$ACCOUNT" 20 "[postreply]")
	assert_contains "$(cat "$f")" "From: postreply <postreply@reply.example.com>" "alert sender"
	assert_contains "$(cat "$f")" "Auto-Submitted: auto-generated" "marked automatic"
	grep -q "^Subject: \[postreply\] High-value reply from $CUSTOMER" "$f" ||
		fail "alert subject: $(grep '^Subject:' "$f")"
}

test_analyzer_stop_request_sets_do_not_contact() {
	new_conversation
	local out
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Please stop emailing me. Remove me from your list." >/dev/null
	out=$(wait_analysis "$CUSTOMER")
	assert_eq True "$(last_reply "$out" 'r["analysis"]["do_not_contact"]')" "signal"
	assert_eq "do_not_contact|t" "$(sql "SELECT status, do_not_contact FROM customers
		WHERE email = '$CUSTOMER'")" "customer flagged"
	assert_contains "$(echo "$out" | json '[e["by"] for e in j if e["kind"] == "status_change"][-1]')" \
		"postreply-analyzer" "status change by the analyzer"
}

test_analyzer_manual_reply_is_analysed() {
	new_conversation
	local out
	ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" --channel phone \
		--text "Not interested, we already have a provider." >/dev/null
	out=$(wait_analysis "$CUSTOMER" "the logged call")
	assert_eq True "$(last_reply "$out" 'r["analysis"]["not_interested"]')" "not interested"
	assert_eq "Not interested, we already have a provider." \
		"$(last_reply "$out" 'r["text"]')" "the operator's text is kept"
	assert_eq not_interested "$(sql "SELECT status FROM customers WHERE email = '$CUSTOMER'")" \
		"status"
}

test_analyzer_bounce_marks_the_address() {
	new_conversation
	printf 'From: Mail Delivery System <MAILER-DAEMON@example.net>\r\nSubject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nI could not deliver your message.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; %s\r\nAction: failed\r\nStatus: 5.1.1\r\n--b1--\r\n' \
		"$CUSTOMER" >"$STACK_DIR/dsn.eml"
	smtp --from "<>" --to "$REPLY" --data "$STACK_DIR/dsn.eml" >/dev/null
	wait_analysis "$CUSTOMER" "the bounce" >/dev/null
	assert_eq t "$(sql "SELECT bouncing FROM customers WHERE email = '$CUSTOMER'")" \
		"the address is marked bouncing"
	assert_eq "$CUSTOMER|5.1.1|True" "$(ctl timeline "$CUSTOMER" --json |
		json '"|".join(str(e[k]) for e in j if e["kind"] == "bounce" for k in ("recipient", "status", "permanent"))')" \
		"the bounce is on the timeline"
}

test_analyzer_t_prints_what_it_makes_of_a_message() {
	local out
	out=$("$BINDIR/postreply-analyzer" -c "$POSTREPLY_CONF" \
		-t "$CORPUS/talon/standard_replies/gmail.eml")
	assert_eq Hello "$(echo "$out" | json 'j["reply_text"].strip()')" "reply text"
	for k in signature quoted_text auto_reply bounce language analysis; do
		echo "$out" | json "j['$k']" >/dev/null || fail "no $k"
	done
	assert_eq builtin "$(echo "$out" | json 'j["analysis"]["backend"]')" "backend"
}

# --eval --backend llm: the configured model is scored, each reply sent
# once; a reply the model fails is scored with the built-in analysis and
# counted as such.
test_analyzer_eval_scores_the_configured_llm() {
	local port=$((SMTP_PORT + 27)) dir=$STACK_DIR/evalset out
	/usr/bin/python3 "$TESTS_DIR/llm/fake_llm.py" "$port" \
		"$STACK_DIR/eval-llm.log" >/dev/null 2>&1 &
	FAKE_LLM=$!
	trap 'kill ${FAKE_LLM:-} 2>/dev/null || true' EXIT
	mkdir -p "$dir"
	printf '%s\n' "From: a@customer.example" "Subject: Re: offer" "" \
		"Sounds great, send me the pricing." >"$dir/good.eml"
	printf '%s\n' "From: b@customer.example" "Subject: Re: offer" "" \
		"Not now. [fake:500]" >"$dir/broken.eml"
	cat >"$dir/labels.json" <<-'EOF'
	{"received_at": "2026-12-04T10:00:00Z",
	 "replies": {"good.eml": {"sentiment": "positive"},
	             "broken.eml": {"sentiment": "neutral"}}}
	EOF
	{ cat "$POSTREPLY_CONF"; printf '%s\n' 'llm_max_attempts = 1' \
		"llm_url = http://127.0.0.1:$port/v1/chat/completions"; } \
		>"$STACK_DIR/eval.conf"
	out=$("$BINDIR/postreply-analyzer" -c "$STACK_DIR/eval.conf" \
		--eval "$dir" --backend llm --json 2>"$STACK_DIR/eval.err") ||
		fail "--eval failed: $(cat "$STACK_DIR/eval.err")"
	assert_eq "llm|2|1" "$(echo "$out" |
		json '"%s|%d|%d" % (j["backend"], j["replies"], j["fell_back"])')" \
		"both replies scored, one with the builtin analysis"
	assert_eq 2 "$(grep -c . "$STACK_DIR/eval-llm.log")" \
		"each reply went to the model once"
	assert_contains "$(cat "$STACK_DIR/eval.err")" \
		"broken.eml: the LLM failed" "the fallback is said"
}

test_analyzer_dead_llm_falls_back_to_builtin() {
	new_conversation
	local out
	analyzer_private deadllm 'analyzer_backend = llm' \
		'llm_url = http://127.0.0.1:1/v1/chat/completions' \
		'llm_timeout = 2s' 'llm_max_attempts = 1'
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Sounds good, call me next week." >/dev/null
	out=$(wait_analysis "$CUSTOMER")
	assert_eq builtin "$(last_reply "$out" 'r["analysis"]["backend"]')" "fell back"
	[ -n "$(sql "SELECT an.raw->>'llm_fallback' FROM analyses an JOIN replies r
		ON r.id = an.reply_id JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")" ] || fail "the fallback is not recorded"
}

test_analyzer_webhook_is_signed_and_retried() {
	new_conversation
	local port=$((SMTP_PORT + 20)) dir=$STACK_DIR/webhook body
	webhook_sink "$port" "$dir" sekrit
	analyzer_private hooks "webhook_url = http://127.0.0.1:$port/hook" \
		"webhook_secret_file = $dir.secret"
	trap 'kill ${WEBHOOK_SINK:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interesting, tell me more." >/dev/null
	# The first POST gets 503; the job queue retries it (after 10 s).
	body=$(wait_webhook "$dir" "\"$CUSTOMER\"" "no webhook delivered after a retry")
	assert_webhook_signed "$body" sekrit
	assert_eq "$CUSTOMER" "$(json 'j["customer"]["email"]' <"$body")" "payload customer"
	json 'j["analysis"]["response_type"]' <"$body" >/dev/null || fail "no analysis in payload"
}

test_analyzer_survives_a_dead_database() {
	new_conversation
	"$TESTS_DIR/../scripts/testbed" pg-stop "$STACK_DIR" >/dev/null
	sleep 3
	"$TESTS_DIR/../scripts/testbed" pg-start "$STACK_DIR" >/dev/null
	alive "$(cat "$STACK_DIR/analyzer.pid")" || fail "the analyzer died"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Back again, interested." >/dev/null
	wait_analysis "$CUSTOMER" "a reply after the outage" >/dev/null
}

test_analyzer_two_analyzers_never_do_a_job_twice() {
	local i a c n w
	a=$(uniq twice)@example.com
	ctl account add "$a" >/dev/null
	{ cat "$POSTREPLY_CONF"; } >"$STACK_DIR/second.conf"
	"$BINDIR/postreply-analyzer" -f -v -c "$STACK_DIR/second.conf" \
		>"$STACK_DIR/second.log" 2>&1 &
	SECOND=$!
	trap 'kill -TERM ${SECOND:-} 2>/dev/null || true' EXIT
	# Both must be waiting for jobs before they come: a second analyzer
	# still starting (slow under the sanitizers) would find none left.
	for _ in $(seq 100); do
		n=$(sed -n 's/.*starting: \([0-9]*\) workers.*/\1/p' \
			"$STACK_DIR/second.log")
		[ -n "$n" ] && [ "$(sql "SELECT count(*) FROM pg_stat_activity
			WHERE application_name LIKE 'postreply-analyzer@%[$SECOND]/%'")" \
			= "$n" ] && [ "$(sql "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = 'postreply-analyzer'")" -ge 2 ] &&
			break
		sleep 0.1
	done
	# In waves of ten: each wave wakes the workers of both together, and
	# the first analyzer's workers, whose batches have grown to 16 jobs,
	# cannot take a whole burst before the second's wake.
	for w in 0 10 20 30 40 50; do
		for i in $(seq $((w + 1)) $((w + 10))); do
			ctl log-reply --account "$a" --customer "c$i.$a" \
				--text "reply $i" >/dev/null &
		done
		wait $(jobs -p | grep -v "^$SECOND$") 2>/dev/null || true
	done
	for _ in $(seq 100); do
		n=$(sql "SELECT count(*) FROM jobs j JOIN replies r
			ON r.id = (j.payload->>'reply_id')::bigint
			JOIN accounts ac ON ac.id = r.account_id
			WHERE ac.email = '$a' AND j.state = 'done'
			AND j.kind = 'analyze_reply'")
		[ "$n" = 60 ] && break
		sleep 0.1
	done
	assert_eq 60 "$n" "all jobs done"
	# Each reply was analysed by exactly one of the two.
	for id in $(sql "SELECT r.id FROM replies r JOIN accounts ac
		ON ac.id = r.account_id WHERE ac.email = '$a'"); do
		c=$(cat "$STACK_DIR/analyzer.log" "$STACK_DIR/second.log" |
			grep -c "^postreply/analyzer: reply $id: [a-z_]*, score" || true)
		[ "$c" = 1 ] || fail "reply $id was analysed $c times"
	done
	grep -q "reply [0-9]*: [a-z_]*, score" "$STACK_DIR/second.log" ||
		fail "the second analyzer did no work (the test proves nothing)"
}

test_analyzer_failed_jobs_are_parked_and_retried() {
	local id out
	id=$(sql "INSERT INTO jobs (kind, payload) VALUES ('analyze_reply',
		'{\"reply_id\": \"not a number\"}') RETURNING id")
	sql "SELECT pg_notify('postreply_jobs', 'x')" >/dev/null
	for _ in $(seq 100); do
		[ "$(sql "SELECT attempts FROM jobs WHERE id = $id")" -ge 1 ] && break
		sleep 0.1
	done
	# Park it at once rather than wait out the backoff.
	sql "UPDATE jobs SET state = 'failed' WHERE id = $id" >/dev/null
	out=$(ctl jobs --failed)
	assert_contains "$out" "bad payload" "the last error is shown"
	assert_contains "$(ctl jobs retry "$id")" "queued again" "retry"
	# An analyzer may take it again at once: attempts start from zero.
	assert_eq "queued|t" "$(sql "SELECT state, attempts <= 1 FROM jobs WHERE id = $id")" \
		"back in the queue"
	sql "DELETE FROM jobs WHERE id = $id" >/dev/null
}

# An analyzer killed with a job in hand (kill -9, a crash): the next one
# started on this host runs the job at once, not when the lease (5
# minutes) runs out.
test_analyzer_jobs_of_a_killed_analyzer_run_at_restart() {
	new_conversation
	local port=$((SMTP_PORT + 21)) holder out
	/usr/bin/python3 "$TESTS_DIR/llm/fake_llm.py" "$port" \
		"$STACK_DIR/killed-llm.log" >/dev/null 2>&1 &
	FAKE_LLM=$!
	analyzer_private killed 'analyzer_backend = llm' 'analyzer_workers = 1' \
		"llm_url = http://127.0.0.1:$port/v1/chat/completions" \
		'llm_timeout = 120s' 'llm_max_attempts = 1'
	trap 'kill ${FAKE_LLM:-} 2>/dev/null || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	smtp --from "$CUSTOMER" --to "$REPLY" \
		--body "Interested, call me. [fake:delay-60000]" >/dev/null
	for _ in $(seq 100); do
		holder=$(sql "SELECT j.locked_by FROM jobs j JOIN replies r
			ON r.id = (j.payload->>'reply_id')::bigint
			JOIN customers c ON c.id = r.customer_id
			WHERE c.email = '$CUSTOMER' AND j.kind = 'analyze_reply'")
		[ -n "$holder" ] && break
		sleep 0.1
	done
	assert_contains "$holder" "postreply-analyzer@$(uname -n)[$PRIVATE_PID]/" \
		"the job is held by the analyzer about to be killed"
	kill -KILL "$PRIVATE_PID"
	wait "$PRIVATE_PID" 2>/dev/null || true
	"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer
	# The stack's analyzer is back: the trap must not start another.
	trap 'kill ${FAKE_LLM:-} 2>/dev/null || true' EXIT
	out=$(wait_analysis "$CUSTOMER" "the reply the killed analyzer held")
	assert_eq builtin "$(last_reply "$out" 'r["analysis"]["backend"]')" \
		"analysed by the analyzer started after"
	grep -q -F "$holder is gone: its 1 unfinished job queued again" \
		"$STACK_DIR/analyzer.log" || fail "the take-back is not logged"
}

# PostgreSQL restarted while a worker has a job in hand: once connected
# again the worker gives the job back and it runs at once, not when its
# lease (5 minutes) runs out.
test_analyzer_jobs_in_hand_at_a_database_restart_run_at_once() {
	new_conversation
	local port=$((SMTP_PORT + 22)) tb=$TESTS_DIR/../scripts/testbed held out i
	/usr/bin/python3 "$TESTS_DIR/llm/fake_llm.py" "$port" \
		"$STACK_DIR/restart-llm.log" >/dev/null 2>&1 &
	FAKE_LLM=$!
	analyzer_private restart 'analyzer_backend = llm' 'analyzer_workers = 1' \
		"llm_url = http://127.0.0.1:$port/v1/chat/completions" \
		'llm_timeout = 30s' 'llm_max_attempts = 1'
	trap 'kill ${FAKE_LLM:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/testbed" pg-start "$STACK_DIR" >/dev/null 2>&1 || true
		kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	smtp --from "$CUSTOMER" --to "$REPLY" \
		--body "Interested, call me. [fake:delay-3000]" >/dev/null
	for _ in $(seq 100); do
		held=$(sql "SELECT j.locked_by FROM jobs j JOIN replies r
			ON r.id = (j.payload->>'reply_id')::bigint
			JOIN customers c ON c.id = r.customer_id
			WHERE c.email = '$CUSTOMER' AND j.kind = 'analyze_reply'")
		[ -n "$held" ] && break
		sleep 0.1
	done
	assert_contains "$held" "[$PRIVATE_PID]/" "the job is in the worker's hands"
	"$tb" pg-stop "$STACK_DIR" >/dev/null
	sleep 1
	"$tb" pg-start "$STACK_DIR" >/dev/null
	# The LLM answers 3 s after each request; the lease would be 300 s.
	for i in $(seq 200); do
		out=$(ctl timeline "$CUSTOMER" --json 2>/dev/null) &&
			[ "$(echo "$out" | json '[e for e in j if e["kind"] == "reply"][-1].get("analysis") is not None')" = True ] &&
			break
		sleep 0.1
	done
	[ "$i" -lt 200 ] || fail "no analysis within 20 s of the database's return"
	grep -q -F "1 job in hand when the connection broke queued again" \
		"$STACK_DIR/restart.log" || fail "the give-back is not logged"
	assert_eq 2 "$(sql "SELECT j.attempts FROM jobs j JOIN replies r
		ON r.id = (j.payload->>'reply_id')::bigint JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'
		AND j.kind = 'analyze_reply' AND j.state = 'done'")" \
		"done at its second attempt"
}

# Only the jobs of a worker that is surely gone are given back at start:
# its pid is free on this host and no database session has its name (a
# machine with the same host name, a new process with the same pid).
test_analyzer_gives_back_only_the_jobs_of_gone_workers() {
	local host ids out
	host=$(uname -n)
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" analyzer
	trap '"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	# pid 2^31-1 is above any pid_max, pid 1 is always there.
	name() { echo "postreply-analyzer@$host[$1]/0"; }
	PGAPPNAME=$(name 2147483646) psql -h 127.0.0.1 -p "$PGPORT" -U postreply \
		-d postreply -AtXq -c "SELECT pg_sleep(30)" >/dev/null 2>&1 &
	SESSION=$!
	trap 'kill ${SESSION:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	for _ in $(seq 50); do
		[ "$(sql "SELECT count(*) FROM pg_stat_activity
			WHERE application_name = '$(name 2147483646)'")" = 1 ] && break
		sleep 0.1
	done
	# Due in an hour: a job given back is not taken again in the test.
	ids=$(sql "INSERT INTO jobs (kind, payload, attempts, locked_by,
		locked_until, run_at) SELECT 'webhook', '{}', 1, n,
		now() + interval '5 minutes', now() + interval '1 hour' FROM unnest(ARRAY['$(name 2147483647)',
		'$(name 1)', '$(name 2147483646)']) WITH ORDINALITY AS t(n, o)
		ORDER BY o RETURNING id" | paste -sd,)
	"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer
	trap 'kill ${SESSION:-} 2>/dev/null || true' EXIT
	out=$(sql "SELECT string_agg(coalesce(locked_by, 'free'), ' ' ORDER BY id)
		FROM jobs WHERE id IN ($ids)")
	sql "DELETE FROM jobs WHERE id IN ($ids)" >/dev/null
	assert_eq "free $(name 1) $(name 2147483646)" "$out" \
		"only the gone worker's job is given back"
	grep -q -F "$(name 2147483647) is gone: its 1 unfinished job queued again" \
		"$STACK_DIR/analyzer.log" || fail "the give-back is not logged"
}

# SIGHUP reads the configuration again; the analyzer goes on working.
test_analyzer_sighup_reads_the_configuration_again() {
	new_conversation
	local log=$STACK_DIR/analyzer.log pid n
	pid=$(cat "$STACK_DIR/analyzer.pid")
	n=$(grep -c "SIGHUP: configuration read again" "$log" || true)
	kill -HUP "$pid"
	for _ in $(seq 60); do
		[ "$(grep -c "SIGHUP: configuration read again, 0 settings" "$log")" -gt "$n" ] &&
			break
		sleep 0.05
	done
	[ "$(grep -c "SIGHUP: configuration read again, 0 settings" "$log")" -gt "$n" ] ||
		fail "no reload logged within 3 s"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, send details." >/dev/null
	wait_analysis "$CUSTOMER" >/dev/null
	alive "$pid" || fail "the analyzer died"
}

# Started while the database is down: no jobs can be given back, but the
# analyzer starts, waits, reads its configuration again on SIGHUP while it
# waits, and works once the database is back.
test_analyzer_starts_while_the_database_is_down() {
	new_conversation
	local tb=$TESTS_DIR/../scripts/testbed log=$STACK_DIR/analyzer.log n
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" analyzer
	"$tb" pg-stop "$STACK_DIR" >/dev/null
	trap '"$tb" pg-start "$STACK_DIR" >/dev/null || true' EXIT
	n=$(grep -c "waiting for the database" "$log" || true)
	"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer
	for _ in $(seq 100); do
		[ "$(grep -c "waiting for the database" "$log")" -gt "$n" ] && break
		sleep 0.1
	done
	n=$(grep -c "SIGHUP: configuration read again" "$log" || true)
	kill -HUP "$(cat "$STACK_DIR/analyzer.pid")"
	for _ in $(seq 50); do
		[ "$(grep -c "SIGHUP: configuration read again" "$log")" -gt "$n" ] && break
		sleep 0.1
	done
	[ "$(grep -c "SIGHUP: configuration read again" "$log")" -gt "$n" ] ||
		fail "no reload within 5 s while the database is down"
	"$tb" pg-start "$STACK_DIR" >/dev/null
	trap - EXIT
	alive "$(cat "$STACK_DIR/analyzer.pid")" || fail "the analyzer died"
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, call me." >/dev/null
	wait_analysis "$CUSTOMER" "a reply once the database is back" >/dev/null
}

# A reply logged by hand is analysed, but alerts nobody: the alert would
# go to the person who just typed it in.
test_analyzer_manual_reply_alerts_nobody() {
	new_conversation
	local out
	ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" --channel phone \
		--text "We are very interested and want to buy licences for 200 people this month. Please send a quote today." >/dev/null
	out=$(wait_analysis "$CUSTOMER" "the logged call")
	assert_eq high_value "$(last_reply "$out" 'r["analysis"]["response_type"]')" \
		"a reply that would alert"
	assert_eq 0 "$(sql "SELECT count(*) FROM jobs WHERE kind = 'alert'
		AND (payload->>'reply_id')::bigint IN (SELECT r.id FROM replies r
		JOIN customers c ON c.id = r.customer_id WHERE c.email = '$CUSTOMER')")" \
		"no alert queued"
	no_mail "$ACCOUNT" 2
}

# A reply without a subject: the alert says so rather than leave a blank.
test_analyzer_alert_without_a_subject() {
	new_conversation
	local eml=$STACK_DIR/nosubject.eml f
	printf '%s\r\n' "From: Carl <$CUSTOMER>" "To: $REPLY" "Message-ID: <$(uniq ns)@example.net>" \
		"" "We are very interested and want to buy licences for 200 people this month. Please send a quote today." \
		>"$eml"
	smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml" >/dev/null
	f=$(wait_mail "$ACCOUNT" 20 "[postreply]")
	assert_eq "[postreply] High-value reply from $CUSTOMER: (no subject)" \
		"$(message_of "$f" | /usr/bin/python3 -c 'import email, email.policy, sys
print(email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)["Subject"])')" \
		"the alert's subject"
	assert_contains "$(message_of "$f")" "Subject: (no subject)" "in the text too"
}
