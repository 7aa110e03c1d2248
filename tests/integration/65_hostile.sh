# SPDX-License-Identifier: BSD-2-Clause
# Hostile mail: no message a stranger can send stops or stalls the
# analyzer. Each message goes through the stack's real Postfix and milter
# to a running analyzer, which reads it in a reading process of its own.

# hostile_eml KIND FROM FILE: a message built to hurt a MIME parser.
#   groups   a To: of 45,000 nested groups (94 KB, folded)
#   parts    6 MB of empty MIME parts (1.5 GB to GMime)
#   nested   40 multiparts, each inside the one before
#   rfc822   40 attached messages, each inside the one before
#   headers  6,000 header fields
# Each carries the line "words of the customer" where a reader finds it.
hostile_eml() {
	/usr/bin/python3 - "$@" <<'EOF'
import sys
kind, sender, path = sys.argv[1:4]
words = "words of the customer\n"
head = "From: <%s>\nSubject: hostile %s\nMessage-ID: <%s.%s@example.net>\n" % (
    sender, kind, kind, sender.replace("@", "."))
if kind == "groups":
    v = "g:" * 45000
    to = "To: " + "\n ".join(v[i:i + 70] for i in range(0, len(v), 70))
    msg = head + to + "\n\n" + words
elif kind == "parts":
    msg = (head + "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n"
           + words + "--b\n\n" * 1250000)
elif kind == "nested":
    msg = head + "MIME-Version: 1.0\n" + "".join(
        'Content-Type: multipart/mixed; boundary="b%d"\n\n%s--b%d\n' % (i, words if i == 0 else "", i)
        for i in range(40)) + "Content-Type: text/plain\n\ndeep\n"
elif kind == "rfc822":
    msg = (head + "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n"
           + "From: b@example.com\nMIME-Version: 1.0\nContent-Type: message/rfc822\n\n" * 39
           + "From: c@example.com\n\ninner\n")
elif kind == "headers":
    msg = head + "X-A: b\n" * 6000 + "\n" + words
open(path, "w").write(msg)
EOF
}

# Let Postfix pass address headers of any length (a stock Postfix cuts
# them at header_address_token_limit): the analyzer must not count on it.
hostile_postfix() {
	"$TESTS_DIR/../scripts/testbed" postconf "$STACK_DIR" \
		'header_address_token_limit = 1000000' >/dev/null
}

hostile_postfix_restore() {
	"$TESTS_DIR/../scripts/testbed" postconf "$STACK_DIR" \
		'header_address_token_limit = 10240' >/dev/null
}

# The analyze_reply job of the customer's last reply: "state|last_error".
hostile_job() { # customer
	sql "SELECT j.state || '|' || coalesce(j.last_error, '') FROM jobs j
		JOIN replies r ON r.id = (j.payload->>'reply_id')::bigint
		JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$1' AND j.kind = 'analyze_reply'
		ORDER BY j.id DESC LIMIT 1"
}

# Wait (up to $2 s) until that job is parked as failed; prints its error.
hostile_wait_parked() { # customer seconds
	local out
	for _ in $(seq $(($2 * 10))); do
		out=$(hostile_job "$1")
		case "$out" in failed\|*)
			echo "${out#failed|}"
			return 0
			;;
		esac
		sleep 0.1
	done
	fail "the job of $1 was not parked within $2 s (now: $out)"
}

# Why the customer's last reply was read as text, from its analysis.
hostile_read_as_text() { # customer
	sql "SELECT an.raw->>'read_as_text' FROM analyses an
		JOIN replies r ON r.id = an.reply_id
		JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$1' ORDER BY r.id DESC LIMIT 1"
}

# With the default bounds, every family of hostile message is read as
# plain text, never handed to GMime, and analysed within seconds.
test_hostile_mail_is_read_as_text_within_bounds() {
	local kind eml out why
	hostile_postfix
	trap hostile_postfix_restore EXIT
	for kind in groups parts nested rfc822 headers; do
		new_conversation
		eml=$STACK_DIR/hostile-$kind.eml
		hostile_eml "$kind" "$CUSTOMER" "$eml"
		assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml")" \
			"250 2.0.0 Ok: queued" "$kind: accepted"
		out=$(wait_analysis "$CUSTOMER" "the $kind message")
		why=$(hostile_read_as_text "$CUSTOMER")
		case $kind in
		groups) assert_eq "an address header longer than 16384 bytes" "$why" "$kind" ;;
		parts) assert_eq "more than 1000 MIME parts" "$why" "$kind" ;;
		nested | rfc822) assert_eq "parts nested deeper than 32" "$why" "$kind" ;;
		headers) assert_eq "more than 5000 header fields" "$why" "$kind" ;;
		esac
		case $kind in
		rfc822) ;;
		*) assert_contains "$(last_reply "$out" 'r["text"]')" \
			"words of the customer" "$kind: the customer's words are read" ;;
		esac
		rm -f "$eml"
	done
}

# A message that crashes the parser (bounds lifted, as an administrator
# might): its job is parked with the reason after its attempts, the reply
# stays on the timeline with its raw message, and other replies go on.
# Through this Postfix and milter the To: of 45,000 nested groups arrives
# cut to 29,000 (which GMime survives), so the reply goes through Postfix
# and its stored copy is then made whole, as an MTA that does not cut
# headers would have passed it.
test_hostile_crash_is_parked_and_others_go_on() {
	local eml bomb why out
	new_conversation
	bomb=$CUSTOMER
	eml=$STACK_DIR/hostile-crash.eml
	hostile_eml groups "$bomb" "$eml"
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" analyzer
	trap '"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
	assert_contains "$(smtp --from "$bomb" --to "$REPLY" --body "soon a bomb")" \
		"250 2.0.0 Ok: queued" "the reply is accepted"
	/usr/bin/python3 -c 'import sys; print("UPDATE replies r SET raw = decode(%r, %r) FROM customers c WHERE c.id = r.customer_id AND c.email = %r;" % (open(sys.argv[1], "rb").read().hex(), "hex", sys.argv[2]))' \
		"$eml" "$bomb" >"$eml.sql"
	psql -h 127.0.0.1 -p "$PGPORT" -U postreply -d postreply -AtXq \
		-v ON_ERROR_STOP=1 -f "$eml.sql" >/dev/null
	analyzer_private hostile 'reader_max_address_header = 1M' \
		'job_max_attempts = 2'
	new_conversation
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, send the price." >/dev/null
	wait_analysis "$CUSTOMER" "a reply sent after the bomb" >/dev/null
	why=$(hostile_wait_parked "$bomb" 40)
	assert_contains "$why" "the reading process was killed by signal 11" "the reason"
	alive "$PRIVATE_PID" || fail "the analyzer died"
	assert_contains "$(ctl jobs --failed)" "killed by signal 11" "postreplyctl jobs --failed"
	out=$(ctl timeline "$bomb")
	assert_contains "$out" "[could not be read: the reading process was killed" \
		"the timeline says it"
	[ "$(sql "SELECT octet_length(r.raw) > 90000 FROM replies r
		JOIN customers c ON c.id = r.customer_id WHERE c.email = '$bomb'")" = t ] ||
		fail "the raw message is not kept"
	[ "$(grep -c "killed by signal 11" "$STACK_DIR/hostile.log")" -eq 2 ] ||
		fail "not two attempts"

	# Read again within the default bounds (as text), the reply has an
	# analysis: the old failure no longer speaks for it.
	kill -TERM "$PRIVATE_PID"
	wait "$PRIVATE_PID"
	analyzer_private hostile-again
	sql "INSERT INTO jobs (kind, payload) SELECT 'analyze_reply',
		jsonb_build_object('reply_id', r.id) FROM replies r
		JOIN customers c ON c.id = r.customer_id WHERE c.email = '$bomb';
		SELECT pg_notify('postreply_jobs', 'analyze_reply')" >/dev/null
	out=$(wait_analysis "$bomb" "the bomb, read as text")
	assert_eq "None" "$(last_reply "$out" 'r.get("unreadable")')" \
		"no longer said to be unreadable"
	assert_contains "$(ctl jobs --failed)" "killed by signal 11" \
		"the parked job stays for the operator"
	rm -f "$eml" "$eml.sql"
}

# 6 MB of empty parts, bounds lifted: the reading process is stopped at
# reader_memory_limit; the analyzer itself never holds the parsed message.
test_hostile_memory_bomb_is_stopped_at_the_limit() {
	local eml why hwm
	new_conversation
	eml=$STACK_DIR/hostile-memory.eml
	hostile_eml parts "$CUSTOMER" "$eml"
	# AddressSanitizer keeps freed memory aside (256 MB by default) to
	# catch its use: little here, so that what is measured is what is held.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16" \
		analyzer_private memory 'reader_max_parts = 100000000' \
		'reader_memory_limit = 200M' 'job_max_attempts = 1'
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml")" \
		"250 2.0.0 Ok: queued" "the bomb is accepted"
	why=$(hostile_wait_parked "$CUSTOMER" 60)
	assert_contains "$why" "200 MB" "stopped at its memory limit"
	alive "$PRIVATE_PID" || fail "the analyzer died"
	hwm=$(awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$PRIVATE_PID/status")
	[ "$hwm" -lt 200 ] || fail "the analyzer itself reached $hwm MB"
	rm -f "$eml"
}

# A job whose worker died with it in hand (a crash, the OOM killer)
# counted that attempt: past job_max_attempts it is parked with why,
# instead of killing the next worker too. One with attempts left runs.
test_hostile_job_of_a_dead_worker_is_parked() {
	local id rid dead live
	new_conversation
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Yes." >/dev/null
	wait_analysis "$CUSTOMER" >/dev/null
	rid=$(sql "SELECT r.id FROM replies r JOIN customers c ON c.id = r.customer_id
		WHERE c.email = '$CUSTOMER'")
	dead=$(sql "INSERT INTO jobs (kind, payload, attempts, locked_by, locked_until)
		VALUES ('analyze_reply', '{\"reply_id\": $rid}', 5,
		'postreply-analyzer@elsewhere[1]/0', now() - interval '1 second')
		RETURNING id")
	live=$(sql "INSERT INTO jobs (kind, payload, attempts, locked_by, locked_until)
		VALUES ('analyze_reply', '{\"reply_id\": $rid}', 1,
		'postreply-analyzer@elsewhere[1]/1', now() - interval '1 second')
		RETURNING id")
	sql "SELECT pg_notify('postreply_jobs', 'x')" >/dev/null
	for _ in $(seq 100); do
		[ "$(sql "SELECT count(*) FROM jobs WHERE id IN ($dead, $live)
			AND state <> 'queued'")" = 2 ] && break
		sleep 0.1
	done
	assert_eq "failed|5|its worker postreply-analyzer@elsewhere[1]/0 stopped without finishing it (attempt 5 of 5); given up" \
		"$(sql "SELECT state || '|' || attempts || '|' || last_error FROM jobs WHERE id = $dead")" \
		"the dead worker's last attempt is parked"
	assert_eq "done|2" "$(sql "SELECT state || '|' || attempts FROM jobs WHERE id = $live")" \
		"a job with attempts left runs"
	assert_contains "$(cat "$STACK_DIR/analyzer.log")" \
		"job $dead (analyze_reply) parked: its worker" "the log says it"
	sql "DELETE FROM jobs WHERE id IN ($dead, $live)" >/dev/null
}
