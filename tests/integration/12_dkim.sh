# SPDX-License-Identifier: BSD-2-Clause
# Forwarded replies keep the customer's DKIM signature: postreply adds its
# own headers and changes nothing the signature covers. Signed with a key
# the test makes; the verifier gets the public key instead of DNS.

dkim_check() {
	/usr/bin/python3 "$TESTS_DIR/integration/dkim_check.py" "$@"
}

# dkim_reply VARIANT: a fresh conversation, a reply signed by the
# customer's domain sent to its reply address; sets SENT and GOT (the
# copy delivered to the account).
dkim_reply() {
	local mid
	new_conversation
	[ -f "$STACK_DIR/dkim.key" ] || dkim_check keygen "$STACK_DIR"
	mid=$(uniq dkim)@example.net
	SENT=$STACK_DIR/dkim-$1.eml
	dkim_check sign "$STACK_DIR" "$1" "$CUSTOMER" "$REPLY" "$mid" "$SENT"
	assert_eq pass "$(dkim_check verify "$STACK_DIR" "$SENT")" \
		"$1: the reply as sent verifies"
	assert_contains "$(smtp --from "$CUSTOMER" --to "$REPLY" --data "$SENT")" \
		"250 2.0.0 Ok: queued" "$1: reply accepted"
	GOT=$(wait_mail "$ACCOUNT")
}

# Every variant verifies on the copy delivered to the account. What the
# milter may touch: it adds its two headers after the others, and Postfix
# its Received: on top (the sink adds one more); every header sent is
# there, byte for byte (folding included), in its place, and the body is
# untouched.
test_dkim_forwarded_replies_verify_and_keep_every_sent_header() {
	local v
	for v in relaxed simple length oversigned 8bit qp multipart; do
		dkim_reply "$v"
		assert_eq pass "$(dkim_check verify "$STACK_DIR" "$GOT")" \
			"$v: the forwarded reply verifies"
		assert_eq "Received Received X-PostReply-Customer X-PostReply-Conversation" \
			"$(dkim_check added "$SENT" "$GOT")" "$v: headers added"
	done
}

# The checks themselves catch a change: a Subject edited on the way.
test_dkim_check_sees_a_changed_header() {
	dkim_reply relaxed
	sed 's/^Subject: Re: Our offer/Subject: [EXT] Re: Our offer/' "$GOT" \
		>"$STACK_DIR/dkim-tampered.eml"
	assert_contains "$(dkim_check verify "$STACK_DIR" "$STACK_DIR/dkim-tampered.eml")" \
		"fail" "a tampered copy"
	if dkim_check added "$SENT" "$STACK_DIR/dkim-tampered.eml" 2>/dev/null; then
		fail "the header comparison missed the changed Subject"
	fi
}
