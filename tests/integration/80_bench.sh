# SPDX-License-Identifier: BSD-2-Clause
# The bench's reference programs (tests/bench/null_milter.c and
# null_policy.c) stand for "a milter that only rewrites replies": the
# reply path's figures mean something only if they change a reply as
# postreply-milter does, and let other mail through untouched.

# bench_reference_wired: start both references on sockets of their own
# and wire them into Postfix instead of postreply; restored on exit.
bench_reference_wired() {
	local tb=$TESTS_DIR/../scripts/testbed bench=$BINDIR/../bench
	local sock=$STACK_DIR/run milters policy
	milters=$(postconf -c "$POSTFIX_CONF" -h smtpd_milters)
	policy=$(postconf -c "$POSTFIX_CONF" -h smtpd_recipient_restrictions)

	"$bench/null_milter" "unix:$sock/null-milter.sock" reply.example.com \
		"$ACCOUNT" >>"$STACK_DIR/null-milter.log" 2>&1 &
	NULL_MILTER=$!
	"$bench/null_policy" "unix:$sock/null-policy.sock" \
		>>"$STACK_DIR/null-policy.log" 2>&1 &
	NULL_POLICY=$!
	# Postfix first: a reference that died must not keep it miswired.
	# shellcheck disable=SC2064
	trap "'$tb' postconf '$STACK_DIR' 'smtpd_milters = $milters' \
			'smtpd_recipient_restrictions = $policy' >/dev/null || true
		kill $NULL_MILTER $NULL_POLICY 2>/dev/null || true" EXIT
	for _ in $(seq 100); do
		[ -S "$sock/null-milter.sock" ] && [ -S "$sock/null-policy.sock" ] &&
			break
		sleep 0.05
	done
	kill -0 "$NULL_MILTER" "$NULL_POLICY" || fail "the references did not start"
	"$tb" postconf "$STACK_DIR" "smtpd_milters = unix:$sock/null-milter.sock" \
		"smtpd_recipient_restrictions = check_policy_service { unix:$sock/null-policy.sock, default_action=DEFER }" \
		>/dev/null
	sleep 1
}

test_bench_reference_rewrites_a_reply_as_the_milter_does() {
	new_conversation
	local out f other
	bench_reference_wired
	out=$(smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: ref" \
		--body "reference reply")
	assert_contains "$out" "250 2.0.0 Ok: queued" "the reply is accepted"
	f=$(wait_mail "$ACCOUNT" 20 "reference reply")
	assert_eq "$(echo "$ACCOUNT" | tr A-Z a-z)" "$(rcpts_of "$f")" \
		"the reply address is swapped for the forward address"
	assert_eq "2" "$(grep -c -E '^X-PostReply-(Customer|Conversation): ' "$f")" \
		"the two headers postreply-milter adds"
	assert_eq "0" "$(sql "SELECT count(*) FROM replies r JOIN customers c
		ON c.id = r.customer_id WHERE c.email = '$CUSTOMER'")" \
		"nothing is stored"
	other=$(uniq plain)@example.org
	out=$(smtp --from "$CUSTOMER" --to "$other" --body "ordinary mail")
	assert_contains "$out" "250 2.0.0 Ok: queued" "ordinary mail is accepted"
	f=$(wait_mail "$other" 20 "ordinary mail")
	assert_eq "0" "$(grep -c '^X-PostReply-' "$f")" "ordinary mail is untouched"
}
