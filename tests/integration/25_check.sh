# SPDX-License-Identifier: BSD-2-Clause
# postreplyctl check: passes on the stack's finished set-up, and names
# each thing an administrator can get wrong, with its fix. Postfix is not
# reloaded: check reads the configuration files, and each test puts them
# back as they were when it ends.

# check [ARGS]: postreplyctl check of the stack's private Postfix; sets
# OUT (standard output) and RC (exit status).
check() {
	RC=0
	OUT=$(ctl check --postfix-config "$POSTFIX_CONF" "$@") || RC=$?
}

# Keep main.cf and master.cf, and put them back when the test ends.
keep_postfix_conf() {
	cp "$POSTFIX_CONF/main.cf" "$STACK_DIR/main.cf.check"
	cp "$POSTFIX_CONF/master.cf" "$STACK_DIR/master.cf.check"
	trap 'cp "$STACK_DIR/main.cf.check" "$POSTFIX_CONF/main.cf"
		cp "$STACK_DIR/master.cf.check" "$POSTFIX_CONF/master.cf"' EXIT
}

postconf_set() {
	postconf -c "$POSTFIX_CONF" -e "$@"
}

# The check fails (EX_CONFIG) with this error line, and only this check.
assert_check_error() { # text what
	assert_eq 78 "$RC" "$2: exit status"
	assert_contains "$OUT" "error: $1" "$2"
}

test_check_passes_on_the_stack() {
	check
	assert_eq 0 "$RC" "exit status; output: $OUT"
	assert_not_contains "$OUT" "error:" "no error"
	assert_contains "$OUT" "ok: smtpd_milters names postreply-milter" "milter"
	assert_contains "$OUT" "reaches postreply-milter at unix:$STACK_DIR/run/milter.sock" "milter socket"
	assert_contains "$OUT" "ok: milter_default_action = tempfail" "default action"
	assert_contains "$OUT" "ok: Postfix accepts mail for reply.example.com (relay_domains)" "domain"
	assert_contains "$OUT" "ok: reply.example.com is not relayed to another host" "route"
	assert_contains "$OUT" "comes after reject_unauth_destination" "policy"
	assert_contains "$OUT" "reaches postreply-policyd at unix:$STACK_DIR/run/policyd.sock" "policy socket"
	assert_contains "$OUT" "ok: header_checks drops X-PostReply-* headers" "headers"
	assert_contains "$OUT" "ok: the schema is at the latest migration, 024_reply_announce" "schema"
	assert_contains "$OUT" "ok: postreply-analyzer" "analyzer"
	assert_contains "$OUT" "pid $(cat "$STACK_DIR/analyzer.pid")" "the running analyzer's heartbeat"
	assert_contains "$OUT" "ok: submit_url smtp://127.0.0.1:$SMTP_PORT answers SMTP: 220 " "submit_url"
}

test_check_json() {
	check --json
	assert_eq 0 "$RC" "exit status"
	assert_eq True "$(echo "$OUT" | json 'all(f["ok"] == (f["level"] == "ok") and (f["fix"] is None) == f["ok"] and f["level"] != "error" for f in j) and len(j) >= 12')" "all ok (or warnings, with their fix)"
	assert_eq True "$(echo "$OUT" | json '"analyzer" in [f["check"] for f in j]')" "check names"
	keep_postfix_conf
	postconf_set 'milter_default_action = accept'
	check --json
	assert_eq 78 "$RC" "exit status"
	assert_eq "[['milter_default_action', False]]" "$(echo "$OUT" | json '[[f["check"], f["ok"]] for f in j if f["level"] == "error"]')" "the one failure"
	assert_contains "$(echo "$OUT" | json '[f["fix"] for f in j if f["level"] == "error"][0]')" \
		"postconf -c '$POSTFIX_CONF' -e 'milter_default_action = tempfail'" "fix"
}

test_check_milter_not_in_smtpd_milters() {
	keep_postfix_conf
	postconf_set 'smtpd_milters = inet:127.0.0.1:1'
	check
	assert_check_error "smtpd_milters does not name postreply-milter" "milter missing"
	assert_contains "$OUT" "fix: postconf -c '$POSTFIX_CONF' -e 'smtpd_milters = inet:127.0.0.1:1, unix:$STACK_DIR/run/milter.sock' && postfix -c '$POSTFIX_CONF' reload" "fix"
}

test_check_milter_socket_outside_the_chroot() {
	keep_postfix_conf
	postconf -c "$POSTFIX_CONF" -e -F "127.0.0.1:$SMTP_PORT/inet/chroot = y"
	check
	assert_check_error "smtpd (127.0.0.1:$SMTP_PORT/inet) is chrooted to $STACK_DIR/postfix/queue, so unix:$STACK_DIR/run/milter.sock in smtpd_milters is $STACK_DIR/postfix/queue$STACK_DIR/run/milter.sock to it" "chroot"
	assert_contains "$OUT" "smtpd cannot reach postreply-milter; fix: move the socket into the queue directory: set milter_socket = unix:$STACK_DIR/postfix/queue/postreply/milter.sock" "fix"
	assert_contains "$OUT" "smtpd cannot reach postreply-policyd" "policyd too"
}

test_check_milter_socket_not_writable_for_postfix() {
	local sock=$STACK_DIR/run/milter.sock mode
	mode=$(stat -c %a "$sock")
	# shellcheck disable=SC2064 # the values now: the locals are gone then
	trap "chmod '$mode' '$sock'" EXIT
	chmod 600 "$sock"
	check
	assert_check_error "postfix (user postfix) may not write to $sock (mode 0600" "socket mode"
}

test_check_milter_default_action() {
	keep_postfix_conf
	postconf_set 'milter_default_action = accept'
	check
	assert_check_error 'milter_default_action is "accept", not tempfail' "default action"
}

test_check_reply_domain_not_accepted() {
	keep_postfix_conf
	postconf_set 'relay_domains = example.net'
	check
	assert_check_error "Postfix does not accept mail for the reply domain reply.example.com" "domain"
	assert_contains "$OUT" "-e 'relay_domains = example.net, reply.example.com'" "fix"
	# Postfix's parent_domain_matches_subdomains: example.com covers it.
	postconf_set 'relay_domains = example.com'
	check
	assert_eq 0 "$RC" "parent domain; output: $OUT"
}

test_check_reply_domain_relayed_or_refused() {
	keep_postfix_conf
	postconf_set 'transport_maps = inline:{ { reply.example.com = smtp:[192.0.2.1]:25 } }'
	check
	assert_check_error "mail for reply.example.com would be relayed to [192.0.2.1]:25" "relayed"
	postconf_set 'transport_maps = inline:{ { reply.example.com = retry:4.3.0 no } }'
	check
	assert_check_error 'reply.example.com is routed to "retry:4.3.0 no"' "retry"
	assert_contains "$OUT" "smtpd refuses every reply at RCPT" "why"
	# README's safety net is a route that holds, and right.
	mapfile -t net < <(readme_settings "Wiring postreply-milter into Postfix" |
		grep -E '^(transport_maps|defer_transports) ')
	postconf_set "${net[@]}"
	check
	assert_eq 0 "$RC" "the safety net; output: $OUT"
	assert_contains "$OUT" 'ok: reply.example.com is routed to "postreply-hold:"' "held"
}

test_check_policy_service() {
	local lines
	keep_postfix_conf
	postconf_set 'smtpd_recipient_restrictions = permit'
	check
	assert_check_error "no check_policy_service names postreply-policyd" "policy missing"
	postconf_set "smtpd_relay_restrictions = check_policy_service unix:$STACK_DIR/run/policyd.sock, permit_mynetworks, reject_unauth_destination"
	check
	assert_check_error "check_policy_service for postreply-policyd (in smtpd_relay_restrictions) comes before reject_unauth_destination" "policy first"
	# README's wiring that asks policyd only about reply addresses.
	postconf_set 'smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination'
	mapfile -t lines < <(readme_settings "Wiring postreply-policyd into Postfix" 3 |
		sed "s|unix:postreply/policyd.sock|unix:$STACK_DIR/run/policyd.sock|")
	postconf_set "${lines[@]}"
	check
	assert_eq 0 "$RC" "restriction class; output: $OUT"
	assert_contains "$OUT" "(in postreply_policy) comes after reject_unauth_destination" "class"
}

# policyd wired but not answering: stopped (it still accepts
# connections), then gone.
test_check_policyd_not_answering() {
	local pid
	pid=$(cat "$STACK_DIR/policyd.pid")
	kill -STOP "$pid"
	trap 'kill -CONT '"$pid"' 2>/dev/null || true' EXIT
	check
	kill -CONT "$pid"
	assert_check_error "postreply-policyd at $STACK_DIR/run/policyd.sock accepts connections but does not answer a request (no answer within 5 s)" "stopped"
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" policyd
	trap '"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" policyd' EXIT
	check
	assert_check_error "$STACK_DIR/run/policyd.sock does not exist: postreply-policyd is not running" "gone"
	"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" policyd
	trap - EXIT
	check
	assert_eq 0 "$RC" "back: exit status; output: $OUT"
}

test_check_header_checks() {
	keep_postfix_conf
	postconf_set 'header_checks ='
	check
	assert_check_error "header_checks lets X-PostReply-* headers through" "no rule"
	assert_contains "$OUT" "-e 'header_checks = regexp:{ { /^X-PostReply-/ IGNORE } }'" "fix"
	printf '/^Subject: spam/ DISCARD\n/^x-postreply-/ IGNORE\n' \
		>"$STACK_DIR/header_checks.regexp"
	postconf_set "header_checks = regexp:$STACK_DIR/header_checks.regexp"
	check
	assert_eq 0 "$RC" "a file of rules; output: $OUT"
	postconf_set "header_checks = regexp:{ { /^X-PostReply-/ WARN } }"
	check
	assert_check_error "header_checks answers X-PostReply-* headers with something other than IGNORE" "not IGNORE"
}

test_check_schema_missing() {
	local conf=$STACK_DIR/check-empty.conf
	psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qX \
		-c "DROP DATABASE IF EXISTS check_empty" \
		-c "CREATE DATABASE check_empty OWNER postreply" >/dev/null
	trap 'psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qX \
		-c "DROP DATABASE IF EXISTS check_empty" >/dev/null' EXIT
	sed 's/dbname=postreply/dbname=check_empty/' "$POSTREPLY_CONF" >"$conf"
	RC=0
	OUT=$("$BINDIR/postreplyctl" -c "$conf" check --postfix-config "$POSTFIX_CONF") || RC=$?
	assert_check_error "schema missing: the database has no postreply schema" "schema"
	assert_contains "$OUT" "fix: postreplyctl -c '$conf' db init" "fix"
}

test_check_no_analyzer_heartbeat() {
	local stack=$TESTS_DIR/../scripts/stack
	"$stack" daemon-stop "$STACK_DIR" analyzer
	trap '"$stack" daemon-start "$STACK_DIR" analyzer' EXIT
	sql "UPDATE daemon_heartbeats SET seen_at = now() - interval '10 minutes'
		WHERE name = 'postreply-analyzer'"
	check
	assert_check_error "no analyzer seen since " "stale"
	assert_contains "$OUT" "fix: start postreply-analyzer" "fix"
	sql "DELETE FROM daemon_heartbeats"
	check
	assert_check_error "no analyzer seen: none has ever run" "none"
	# A new analyzer says it is alive as it starts.
	"$stack" daemon-start "$STACK_DIR" analyzer
	trap - EXIT
	for _ in $(seq 50); do
		check
		[ "$RC" -eq 0 ] && break
		sleep 0.1
	done
	assert_contains "$OUT" "pid $(cat "$STACK_DIR/analyzer.pid")" "heartbeat at start"
}

test_check_submit_url_not_answering() {
	local conf=$STACK_DIR/check-submit.conf
	sed '/^submit_url/d' "$POSTREPLY_CONF" >"$conf"
	echo "submit_url = smtp://127.0.0.1:$PGPORT" >>"$conf"
	RC=0
	OUT=$("$BINDIR/postreplyctl" -c "$conf" check --postfix-config "$POSTFIX_CONF") || RC=$?
	assert_check_error "submit_url smtp://127.0.0.1:$PGPORT does not greet as an SMTP server should" "not SMTP"
}

# Debian's layout: a chrooted smtpd, the socket inside the queue
# directory, and Postfix's string relative to it.
test_check_chrooted_smtpd_reaches_socket_in_queue_dir() {
	local queue conf=$STACK_DIR/check-queue.conf pid
	queue=$(postconf -c "$POSTFIX_CONF" -h queue_directory)
	install -d -o postreply -g postfix -m 750 "$queue/postreply"
	sed '/^milter_socket/d' "$POSTREPLY_CONF" >"$conf"
	echo "milter_socket = unix:$queue/postreply/milter.sock" >>"$conf"
	keep_postfix_conf
	"$BINDIR/postreply-milter" -f -c "$conf" >>"$STACK_DIR/check-milter.log" 2>&1 &
	pid=$!
	# shellcheck disable=SC2064 # the values now: the locals are gone then
	trap "kill -TERM $pid; wait $pid || true
		cp '$STACK_DIR/main.cf.check' '$POSTFIX_CONF/main.cf'
		cp '$STACK_DIR/master.cf.check' '$POSTFIX_CONF/master.cf'
		rm -rf '$queue/postreply'" EXIT
	for _ in $(seq 100); do
		[ -S "$queue/postreply/milter.sock" ] && break
		sleep 0.05
	done
	postconf -c "$POSTFIX_CONF" -e -F "127.0.0.1:$SMTP_PORT/inet/chroot = y"
	postconf_set 'smtpd_milters = unix:postreply/milter.sock'
	RC=0
	OUT=$("$BINDIR/postreplyctl" -c "$conf" check --postfix-config "$POSTFIX_CONF") || RC=$?
	assert_contains "$OUT" "ok: smtpd (127.0.0.1:$SMTP_PORT/inet, chrooted) reaches postreply-milter at unix:postreply/milter.sock ($queue/postreply/milter.sock), and postfix may write to it" "chrooted"
	# The directory must let Postfix in.
	chmod 700 "$queue/postreply"
	OUT=$("$BINDIR/postreplyctl" -c "$conf" check --postfix-config "$POSTFIX_CONF") || RC=$?
	assert_contains "$OUT" "error: postfix (user postfix) cannot enter $queue/postreply (mode 0700" "directory mode"
}

# Forwarded replies: a forward address this Postfix does not deliver
# itself gets a warning (SPF will fail there) unless the envelope sender
# is rewritten. The stack delivers no domain itself (mydestination is
# empty): every mailbox is on "another server".

# An account whose replies go to a mailbox on a domain of its own; sets
# FWD_DOMAIN and FWD_ADDR.
forward_account() {
	FWD_DOMAIN=$(uniq fwd).example
	FWD_ADDR=sales@$FWD_DOMAIN
	local acct
	acct=$(uniq fwdacct)@example.com
	ctl account add "$acct" --name Fwd >/dev/null
	ctl account set "$acct" --reply-to "$FWD_ADDR" >/dev/null
}

test_check_forward_warns_without_sender_rewriting() {
	forward_account
	check
	assert_eq 0 "$RC" "a warning does not fail the check; output: $OUT"
	assert_contains "$OUT" "warning: replies to $FWD_ADDR forwarded to another server: SPF will fail there; see README, Forwarding to another mail server (sender_canonical_maps is empty); fix: have Postfix rewrite the envelope sender with postsrsd" "the warning"
	check --json
	assert_eq "[[False, 'warning']]" "$(echo "$OUT" | json '[[f["ok"], f["level"]] for f in j if "'"$FWD_ADDR"'" in f["message"]]')" "as JSON"
	keep_postfix_conf
	# Configured but not working (postsrsd down), or not for the envelope.
	postconf_set 'sender_canonical_maps = tcp:127.0.0.1:1'
	check
	assert_contains "$OUT" "warning: replies to $FWD_ADDR forwarded to another server: SPF will fail there; see README, Forwarding to another mail server (tcp:127.0.0.1:1 does not rewrite postreplyctl-check@srs-check.invalid)" "postsrsd down"
	postconf_set 'sender_canonical_maps = regexp:{ {/^(.*)@(.*)$$/ SRS0=x=y=$${2}=$${1}@reply.example.com} }' \
		'sender_canonical_classes = header_sender'
	check
	assert_contains "$OUT" "warning: replies to $FWD_ADDR forwarded to another server: SPF will fail there; see README, Forwarding to another mail server (sender_canonical_classes leaves out envelope_sender)" "header_sender only"
}

test_check_forward_quiet_with_sender_rewriting() {
	forward_account
	keep_postfix_conf
	# A stand-in for postsrsd's table, which the Debian test runs for real.
	postconf_set 'sender_canonical_maps = regexp:{ {/^(.*)@(.*)$$/ SRS0=x=y=$${2}=$${1}@reply.example.com} }' \
		'sender_canonical_classes = envelope_sender'
	check
	assert_eq 0 "$RC" "exit status; output: $OUT"
	assert_not_contains "$OUT" "warning:" "no warning"
	assert_contains "$OUT" "ok: replies to $FWD_ADDR are forwarded to another server with the envelope sender rewritten (regexp:{ {/^(.*)@(.*)\$/ SRS0=x=y=\${2}=\${1}@reply.example.com} } rewrites postreplyctl-check@srs-check.invalid to SRS0=x=y=srs-check.invalid=postreplyctl-check@reply.example.com)" "the ok line"
	postconf_set 'sender_canonical_maps =' \
		'smtpd_milters = unix:postreply/milter.sock, inet:127.0.0.1:10003' \
		'non_smtpd_milters = unix:/run/postsrsd/milter'
	check
	assert_not_contains "$OUT" "warning: replies to $FWD_ADDR" "an SRS milter"
	assert_contains "$OUT" "(milter unix:/run/postsrsd/milter rewrites it)" "the milter named"
}

test_check_forward_quiet_for_mailboxes_delivered_here() {
	forward_account
	keep_postfix_conf
	postconf_set "virtual_mailbox_domains = $FWD_DOMAIN"
	check
	assert_not_contains "$OUT" "warning: replies to $FWD_ADDR" "a virtual mailbox domain"
	assert_contains "$OUT" "ok: replies to $FWD_ADDR are delivered by this Postfix" "the ok line"
	postconf_set 'virtual_mailbox_domains =' "mydestination = $FWD_DOMAIN"
	check
	assert_contains "$OUT" "ok: replies to $FWD_ADDR are delivered by this Postfix" "a local domain"
	# Aliased to a mailbox elsewhere: forwarded again, the warning back.
	postconf_set "virtual_alias_maps = inline:{ { $FWD_ADDR = someone@elsewhere.example } }"
	check
	assert_contains "$OUT" "warning: replies to $FWD_ADDR forwarded to another server" "aliased away"
	# A relay domain is another server's, whatever routes it there.
	postconf_set 'mydestination =' 'virtual_alias_maps =' "relay_domains = \$mydestination, reply.example.com, $FWD_DOMAIN"
	check
	assert_contains "$OUT" "warning: replies to $FWD_ADDR forwarded to another server" "a relay domain"
}
