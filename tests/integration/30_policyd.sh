# SPDX-License-Identifier: BSD-2-Clause
# postreply-policyd: golden request/answer files, bad input, and the
# decisions seen through Postfix.

GOLDEN=$TESTS_DIR/policyd

# golden_fixtures: the account, customers and tokens the golden files use.
golden_fixtures() {
	sql "INSERT INTO accounts (email) VALUES ('golden@example.com')
		ON CONFLICT DO NOTHING" >/dev/null
	[ -n "$(sql "SELECT 1 FROM reply_tokens WHERE token = 'goldenvalidtoken'")" ] &&
		return 0
	local r
	r=$(ctl token issue --account golden@example.com --customer gcust@example.net)
	sql "UPDATE reply_tokens SET token = 'goldenvalidtoken'
		WHERE token = '$(echo "${r%@*}" | cut -d+ -f2)'"
	r=$(ctl token issue --account golden@example.com --customer gcust@example.net)
	sql "UPDATE reply_tokens SET token = 'goldenexpiredtok',
		expires_at = now() - interval '1 second'
		WHERE token = '$(echo "${r%@*}" | cut -d+ -f2)'"
	ctl customer add --account golden@example.com dnc@customer.example.net >/dev/null
	ctl customer add --account golden@example.com ok@customer.example.net >/dev/null
	sql "UPDATE customers SET do_not_contact = true
		WHERE email = 'dnc@customer.example.net'"
}

# private_policyd NAME [CONF LINES...]: a policyd of its own for one test,
# on $STACK_DIR/run/NAME.sock; stopped when the test ends.
private_policyd() {
	local name=$1 conf
	shift
	conf=$STACK_DIR/$name.conf
	{
		grep -v '^policyd_socket' "$POSTREPLY_CONF"
		echo "policyd_socket = unix:$STACK_DIR/run/$name.sock"
		printf '%s\n' "$@"
	} >"$conf"
	rm -f "$STACK_DIR/run/$name.sock"
	"$BINDIR/postreply-policyd" -f -c "$conf" >>"$STACK_DIR/$name.log" 2>&1 &
	PRIVATE_PID=$!
	trap 'kill -TERM $PRIVATE_PID 2>/dev/null' EXIT
	for _ in $(seq 100); do
		[ -S "$STACK_DIR/run/$name.sock" ] && break
		sleep 0.05
	done
	[ -S "$STACK_DIR/run/$name.sock" ] || fail "$name did not start"
	PRIVATE_SOCK=$STACK_DIR/run/$name.sock
}

# Every golden .in must produce its .out exactly.
run_golden() { # dir
	local in n=0
	for in in "$1"/*.in; do
		/usr/bin/python3 "$TESTS_DIR/integration/policy_client.py" \
			"$PRIVATE_SOCK" "$in" >"$STACK_DIR/golden.got"
		diff -u "${in%.in}.out" "$STACK_DIR/golden.got" ||
			fail "$(basename "$in"): answer differs from ${in%.in}.out"
		n=$((n + 1))
	done
	[ "$n" -gt 0 ] || fail "no golden files in $1"
}

test_golden_decisions() {
	golden_fixtures
	private_policyd golden 'policyd_bad_token_limit = 3' \
		'policyd_block_do_not_contact = yes'
	run_golden "$GOLDEN/golden"
}

test_golden_database_down() {
	golden_fixtures
	private_policyd dbdown 'database = host=127.0.0.1 port=1 dbname=x connect_timeout=2' \
		'policyd_block_do_not_contact = yes'
	run_golden "$GOLDEN/dbdown"
}

policy_raw() { # bytes-literal wait
	/usr/bin/python3 "$TESTS_DIR/integration/policy_client.py" \
		"$PRIVATE_SOCK" --raw "$1" "$2"
}

test_bad_input_closes_the_connection_without_an_answer() {
	private_policyd badinput 'policyd_idle_timeout = 2s'
	local case
	for case in "b'hello world\\n'" \
		"b'request=smtpd_access_policy\\nrecipient=\\xff\\xfe@x\\n\\n'" \
		"b'recipient=a\\x00b@x\\n\\n'" \
		"b'=novalue\\n\\n'" \
		"b'a' * 10000 + b'=b\\n\\n'" \
		"b'a' * 10000" \
		"b'x=y\\n' * 100 + b'\\n'" \
		"b'x=' + b'y' * 3000 + b'\\n' + b'z=' + b'y' * 3000 + b'\\n' * 0 + (b'k=' + b'v' * 4000 + b'\\n') * 10"; do
		assert_eq CLOSED "$(policy_raw "$case" 5)" "bad input $case"
	done
	grep -q "bad policy request (not UTF-8 text)" "$STACK_DIR/badinput.log" ||
		fail "no warning about non-UTF-8 input in the log"
	# A request that never ends is cut after policyd_idle_timeout.
	assert_eq CLOSED "$(policy_raw "b'request=smtpd_access_policy\\n'" 6)" \
		"unfinished request closed"
	grep -q "request not finished within 2s" "$STACK_DIR/badinput.log" ||
		fail "no warning about the unfinished request"
	# Still serving, and alive.
	assert_contains "$(policy_raw "b'request=smtpd_access_policy\\nprotocol_state=RCPT\\nrecipient=bob@example.com\\n\\n'" 2)" \
		"action=DUNNO" "still answers after bad input"
	alive "$PRIVATE_PID" || fail "policyd died"
}

test_slow_client_does_not_block_others() {
	private_policyd slow 'policyd_idle_timeout = 30s'
	/usr/bin/python3 "$TESTS_DIR/integration/policy_client.py" "$PRIVATE_SOCK" \
		--raw "b'request=smtpd_access_policy\\nprotocol'" 5 >/dev/null &
	local stalled=$!
	sleep 0.5
	local t0 t1
	t0=$(date +%s%N)
	assert_contains "$(policy_raw "b'request=smtpd_access_policy\\nprotocol_state=RCPT\\nrecipient=bob@example.com\\n\\n'" 2)" \
		"action=DUNNO" "answered while another client stalls"
	t1=$(date +%s%N)
	[ $(((t1 - t0) / 1000000)) -lt 1500 ] || fail "answer took $(((t1 - t0) / 1000000)) ms"
	wait "$stalled"
}

test_guessing_client_is_deferred_through_postfix() {
	new_conversation
	local bad out i guesser
	guesser=192.0.2.$((RANDOM % 200 + 20))
	# Limit in the stack is policyd_bad_token_limit (tests/run sets 20).
	bad=$(for i in $(seq 20); do printf 'reply+%016d@reply.example.com,' 0 | tr 0 a; done)
	bad=$(for i in $(seq 20); do printf 'reply+guess%011d,' "$i"; done |
		tr 0-9 a-j | sed 's/,/@reply.example.com,/g; s/,$//')
	out=$(smtp --xclient-addr "$guesser" --from x@example.net --to "$bad" --body x)
	assert_eq 20 "$(grep -c '550 5.1.1' <<<"$out")" "twenty guesses refused"
	out=$(smtp --xclient-addr "$guesser" --from x@example.net --to "$REPLY" --body "real")
	assert_contains "$out" "450 4.7.1" "the guessing client is deferred, even for a valid address"
	assert_contains "$out" "Too many unknown reply addresses" "with a reason"
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "from elsewhere")
	assert_contains "$out" "250 2.0.0 Ok: queued" "other clients are not affected"
	[ "$(grep -c "client $guesser sent 20 unknown" "$STACK_DIR/policyd.log")" -eq 1 ] ||
		fail "the block was not logged exactly once"
}

test_do_not_contact_guard_through_postfix() {
	golden_fixtures
	private_policyd dncpf 'policyd_block_do_not_contact = yes'
	local tb=$TESTS_DIR/../scripts/testbed old out
	old=$(postconf -c "$POSTFIX_CONF" -h smtpd_recipient_restrictions)
	"$tb" postconf "$STACK_DIR" "smtpd_recipient_restrictions = check_policy_service unix:$PRIVATE_SOCK" >/dev/null
	out=$(smtp --from golden@example.com --to dnc@customer.example.net --body "hello again")
	out2=$(smtp --from golden@example.com --to ok@customer.example.net --body "hello")
	"$tb" postconf "$STACK_DIR" "smtpd_recipient_restrictions = $old" >/dev/null
	assert_refused "$out" 550 5.7.1 "<dnc@customer.example.net> asked not to be contacted" \
		"outreach to a do-not-contact customer"
	assert_contains "$out2" "250 2.0.0 Ok: queued" "other customers are fine"
}

# README's wiring that asks policyd only about reply addresses and about
# mail from the accounts' domain: other mail never waits for policyd.
scoped_wiring() { # policyd-socket
	"$TESTS_DIR/../scripts/testbed" postconf "$STACK_DIR" \
		"smtpd_restriction_classes = postreply_policy" \
		"postreply_policy = check_policy_service unix:$1" \
		"smtpd_recipient_restrictions = check_recipient_access inline:{ { reply.example.com = postreply_policy } }, check_sender_access inline:{ { example.com = postreply_policy } }" \
		>/dev/null
}

test_policyd_scoped_to_reply_addresses_and_account_senders() {
	golden_fixtures
	local tb=$TESTS_DIR/../scripts/testbed old out1 out2 out3 out4 out5
	old=$(postconf -c "$POSTFIX_CONF" -h smtpd_recipient_restrictions)
	# A policyd that is not there: whatever asks it is tempfailed, so
	# what goes through was not asked.
	scoped_wiring "$STACK_DIR/run/nobody-here.sock"
	out1=$(smtp --from a@example.net --to "$(uniq plain)@example.org" --body x)
	out2=$(smtp --from a@example.net --to reply+aaaaaaaaaaaaaaaa@reply.example.com --body x)
	private_policyd scoped 'policyd_block_do_not_contact = yes'
	scoped_wiring "$PRIVATE_SOCK"
	out3=$(smtp --from a@example.net --to reply+aaaaaaaaaaaaaaaa@reply.example.com --body x)
	out4=$(smtp --from golden@example.com --to dnc@customer.example.net --body "again")
	out5=$(smtp --from golden@example.com --to ok@customer.example.net --body "hello")
	"$tb" postconf "$STACK_DIR" "smtpd_recipient_restrictions = $old" \
		"smtpd_restriction_classes =" "postreply_policy =" >/dev/null
	assert_contains "$out1" "250 2.0.0 Ok: queued" "ordinary mail does not ask policyd"
	assert_contains "$out2" "451 4.3.5" "a reply address asks policyd"
	assert_refused "$out3" 550 5.1.1 "This reply address is unknown" \
		"policyd refuses a dead reply address"
	assert_contains "$out3" "Recipient address rejected" "policyd, not the milter"
	# Asked through check_sender_access, Postfix words it "Sender address
	# rejected"; the code and the text are policyd's.
	assert_contains "$out4" "550 5.7.1 <golden@example.com>: Sender address rejected: <dnc@customer.example.net> asked not to be contacted" \
		"the do-not-contact guard, for the accounts' domain"
	assert_contains "$out5" "250 2.0.0 Ok: queued" "other customers are fine"
}

# README's main.cf lines (block N of its policyd section), the socket's
# name turned into socket: the wiring as an administrator copies it. The
# main.cf of before comes back when the test ends.
readme_policy_wiring() { # block socket
	local lines
	mapfile -t lines < <(readme_settings "Wiring postreply-policyd into Postfix" "$1" |
		sed "s|unix:postreply/policyd.sock|unix:$2|")
	[ "${#lines[@]}" -gt 0 ] || fail "no block $1 in README's policyd section"
	cp "$POSTFIX_CONF/main.cf" "$STACK_DIR/main.cf.policy"
	trap 'cp "$STACK_DIR/main.cf.policy" "$POSTFIX_CONF/main.cf"
		"$TESTS_DIR/../scripts/testbed" postfix-reload "$STACK_DIR"' EXIT
	"$TESTS_DIR/../scripts/testbed" postconf "$STACK_DIR" "${lines[@]}" >/dev/null
}

# policyd down under README's wiring, either form: mail flows on
# (default_action=DUNNO), the milter still refuses a dead reply address,
# and Postfix tries policyd once per recipient (try_limit=1) rather than
# twice a second apart.
test_policyd_down_under_the_readme_wiring() {
	new_conversation
	local sock=$STACK_DIR/run/down-policyd.sock log=$STACK_DIR/postfix/maillog
	local block n out1 out2 tries
	for block in 1 3; do
		readme_policy_wiring "$block" "$sock"
		n=$(wc -l <"$log")
		out1=$(smtp --from "$CUSTOMER" --to "$REPLY" --body "policyd is down ($block)")
		out2=$(smtp --from "$CUSTOMER" --to reply+aaaaaaaaaaaaaaaa@reply.example.com --body x)
		assert_contains "$out1" "250 2.0.0 Ok: queued" "a reply flows (block $block)"
		assert_refused "$out2" 550 5.1.1 "This reply address is unknown" \
			"the milter refuses a dead address (block $block)"
		wait_mail "$ACCOUNT" 20 "policyd is down ($block)" >/dev/null
		# Postfix logs each try ("connect to") and, once it gives up
		# on a request, "problem talking to server". The analyzer's
		# mail may add requests: tries are counted per request.
		tries=$(tail -n +"$((n + 1))" "$log" | grep -F "$sock" || true)
		[ "$(echo "$tries" | grep -c "problem talking to server")" -ge 2 ] ||
			fail "not two requests given up (block $block): $tries"
		assert_eq "$(echo "$tries" | grep -c "problem talking to server")" \
			"$(echo "$tries" | grep -c "warning: connect to $sock: ")" \
			"one try for each request (block $block): $tries"
		cp "$STACK_DIR/main.cf.policy" "$POSTFIX_CONF/main.cf"
	done
}

# SIGHUP (systemctl reload): a changed setting applies to the next
# request; one read only at start-up says a restart applies it; a bad file
# is refused with its line, and the settings in use stay.
test_policyd_sighup_reads_the_configuration_again() {
	golden_fixtures
	private_policyd hup 'policyd_block_do_not_contact = no'
	local conf=$STACK_DIR/hup.conf req=$STACK_DIR/hup.in log=$STACK_DIR/hup.log
	sed '/^$/q' "$GOLDEN/golden/13_do_not_contact.in" >"$req"
	ask() { /usr/bin/python3 "$TESTS_DIR/integration/policy_client.py" \
		"$PRIVATE_SOCK" "$req" | head -1; }
	# hup N: send SIGHUP and wait for its Nth outcome in the log.
	hup() {
		kill -HUP "$PRIVATE_PID"
		for _ in $(seq 100); do
			[ "$(grep -c "SIGHUP: " "$log")" -ge "$1" ] && return 0
			sleep 0.05
		done
		fail "no outcome of SIGHUP number $1 in $log"
	}
	: >"$log"
	assert_eq "action=DUNNO" "$(ask)" "before the reload"
	printf '%s\n' 'policyd_block_do_not_contact = yes' \
		'policyd_bad_token_limit = 7' >>"$conf"
	hup 1
	assert_eq "action=REJECT 5.7.1 <dnc@customer.example.net> asked not to be contacted" \
		"$(ask)" "after the reload"
	assert_contains "$(cat "$log")" "policyd_block_do_not_contact changed" "logged"
	assert_contains "$(cat "$log")" \
		"policyd_bad_token_limit changed; it takes a restart to apply" \
		"a start-up setting"
	assert_contains "$(cat "$log")" "configuration read again, 1 setting applied" \
		"the count"
	echo 'policyd_block_do_not_contact = maybe' >>"$conf"
	hup 2
	assert_contains "$(cat "$log")" "line $(wc -l <"$conf"): bad value for policyd_block_do_not_contact" \
		"the bad line"
	assert_contains "$(cat "$log")" "the configuration in use is unchanged" "refused"
	assert_eq "action=REJECT 5.7.1 <dnc@customer.example.net> asked not to be contacted" \
		"$(ask)" "the settings in use stay"
	alive "$PRIVATE_PID" || fail "policyd died"
}
