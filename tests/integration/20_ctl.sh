# SPDX-License-Identifier: BSD-2-Clause
# postreplyctl and configuration handling, as an operator meets them.

test_db_init_is_idempotent() {
	assert_eq "schema is up to date" "$(ctl db init)" "second db init"
	assert_eq "001_initial" "$(sql "SELECT string_agg(name, ',' ORDER BY name)
		FROM schema_migrations WHERE name = '001_initial'")" "recorded"
}

test_unknown_account_is_one_line_and_nouser() {
	local r
	r=$(run_status ctl token issue --account nobody@example.com \
		--customer c@example.net)
	assert_eq "67|1" "$(echo "$r" | cut -d'|' -f1-2)" "status and one line"
	assert_contains "$r" "no account nobody@example.com" "message"
	r=$(run_status ctl customer add --account nobody@example.com c@example.net)
	assert_eq "67|1" "$(echo "$r" | cut -d'|' -f1-2)" "customer add"
}

test_bad_address_is_dataerr() {
	local r
	r=$(run_status ctl account add "not an address")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "account add"
	assert_contains "$r" 'bad account address "not an address"' "message"
	new_conversation
	r=$(run_status ctl token issue --account "$ACCOUNT" --customer "x@")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "token issue"
	r=$(run_status ctl account set "$ACCOUNT" --reply-to "a@b@c")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "reply-to"
}

test_duplicate_account_is_refused() {
	local a r
	a=$(uniq dupacct)@example.com
	ctl account add "$a" >/dev/null
	r=$(run_status ctl account add "$(echo "$a" | tr a-z A-Z)")
	assert_eq "65|1" "$(echo "$r" | cut -d'|' -f1-2)" "same address, any case"
	assert_contains "$r" "already exists" "message"
}

test_usage_errors_are_ex_usage() {
	local r
	r=$(run_status ctl token issue --account a@b.c)
	assert_eq 64 "${r%%|*}" "missing --customer"
	r=$(run_status ctl frobnicate)
	assert_eq 64 "${r%%|*}" "unknown command"
	assert_contains "$r" 'unknown command "frobnicate"' "names the command"
	r=$(run_status ctl timeline)
	assert_eq 64 "${r%%|*}" "no customer"
}

# --help and help COMMAND print usage on standard output and exit 0,
# with or without a configuration file; every command takes --help.
test_help_prints_usage() {
	local out cmd words r
	out=$(ctl --help)
	assert_contains "$out" "usage: postreplyctl [-n] [-c config_file] command" "--help"
	assert_contains "$out" "postreplyctl followup rule set --account EMAIL" "lists commands"
	assert_eq "$out" "$(ctl help)" "help"
	assert_eq "$out" "$("$BINDIR/postreplyctl" -c "$STACK_DIR/missing.conf" --help)" \
		"--help without a configuration"
	assert_contains "$(ctl help send)" "usage: postreplyctl send --account EMAIL" "help send"
	assert_contains "$(ctl help account)" "usage: postreplyctl account pause EMAIL" \
		"help on a group of commands"
	# Every command in the table, with --help among its options.
	while read -r cmd; do
		read -ra words <<<"$cmd"
		out=$(ctl "${words[@]}" --help) || fail "$cmd --help: status $?"
		assert_contains "$out" "usage: postreplyctl $cmd" "$cmd --help"
		out=$("$BINDIR/postreplyctl" -c "$STACK_DIR/missing.conf" "${words[@]}" --help) ||
			fail "$cmd --help without a configuration: status $?"
	done < <(ctl --help | awk '$1 == "postreplyctl" && $2 !~ /^-/ {
		w = $2; for (i = 3; i <= NF && $i ~ /^[a-z][a-z-]*$/; i++) w = w " " $i
		print w }')
	# --help as the value of an option is that value, not a request.
	new_conversation
	ctl note add --account "$ACCOUNT" "$CUSTOMER" --text --help >/dev/null
	assert_eq "--help" "$(ctl timeline "$CUSTOMER" --json |
		json '[e["text"] for e in j if e["kind"] == "note"][-1]')" "note text"
	r=$(run_status ctl help frobnicate)
	assert_eq 64 "${r%%|*}" "help on an unknown command"
}

# A usage error names what is wrong, in the command's name.
test_usage_errors_say_what_is_missing() {
	local r
	r=$(run_status ctl account add)
	assert_eq 64 "${r%%|*}" "account add"
	assert_contains "$r" "postreplyctl: account add: missing EMAIL" "account add"
	assert_contains "$r" "usage: postreplyctl account add EMAIL" "and its usage"
	r=$(run_status ctl token issue --account a@example.com)
	assert_contains "$r" "token issue: missing --customer EMAIL" "token issue"
	r=$(run_status ctl status set --account a@example.com c@example.net)
	assert_contains "$r" "status set: missing STATUS" "status set"
	r=$(run_status ctl send --account a@example.com --to c@example.net --subject s)
	assert_contains "$r" "send: missing --body TEXT or --body-file FILE" "send"
	r=$(run_status ctl send --account a@example.com --to)
	assert_contains "$r" "send: --to needs a value" "an option without its value"
	r=$(run_status ctl account pause)
	assert_contains "$r" "account pause: missing EMAIL" "account pause"
	r=$(run_status ctl account list extra)
	assert_eq 64 "${r%%|*}" "an argument too many"
	assert_contains "$r" 'account list: unexpected argument "extra"' "names it"
	r=$(run_status ctl inbox --colour)
	assert_contains "$r" "inbox: unknown option --colour" "an unknown option"
	r=$(run_status ctl jobs retry x1)
	assert_contains "$r" 'jobs retry: bad ID "x1"' "a bad job number"
	r=$(run_status ctl log-reply --account a@example.com --customer c@example.net)
	assert_contains "$r" "log-reply: missing --text T or --text-file F" "log-reply"
}

test_database_down_is_tempfail() {
	local conf r
	conf=$STACK_DIR/down.conf
	sed "s/^database = .*/database = host=127.0.0.1 port=1 dbname=x connect_timeout=2/" \
		"$POSTREPLY_CONF" >"$conf"
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" account add x@example.com)
	assert_eq "75|1" "$(echo "$r" | cut -d'|' -f1-2)" "status and one line"
	assert_contains "$r" "cannot connect to the database" "message"
}

test_token_issue_records_email_sent() {
	new_conversation
	local out
	[[ $REPLY =~ ^reply\+[a-z2-7]{16}@reply\.example\.com$ ]] ||
		fail "reply address has the wrong shape: $REPLY"
	out=$(ctl timeline "$CUSTOMER" --account "$ACCOUNT" --json)
	assert_eq "email_sent|Our offer|$REPLY" \
		"$(echo "$out" | json '"|".join([j[0]["kind"], j[0]["subject"], j[0]["reply_address"]])')" \
		"email_sent event"
	echo "$out" | json 'j[0]["at"]' | grep -E -q '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+[+-][0-9]{2}:[0-9]{2}$' ||
		fail "at is not ISO 8601 with a zone: $(echo "$out" | json 'j[0]["at"]')"
	assert_eq "t" "$(sql "SELECT expires_at BETWEEN now() + interval '89 days'
		AND now() + interval '91 days' FROM reply_tokens
		WHERE token = '$(echo "${REPLY%@*}" | cut -d+ -f2)'")" "valid 90 days"
	assert_eq contacted "$(sql "SELECT status FROM customers WHERE email = '$CUSTOMER'")" \
		"status after the first email"
}

test_timeline_human_form() {
	new_conversation
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "hello" >/dev/null
	wait_mail "$ACCOUNT" >/dev/null
	local out
	out=$(ctl timeline "$CUSTOMER")
	assert_contains "$out" "email_sent" "sent line"
	assert_contains "$out" "\"Our offer\" reply to $REPLY" "sent summary"
	assert_contains "$out" "reply" "reply line"
	assert_contains "$out" "new -> contacted" "status line"
	assert_not_contains "$out" $'\033[' "no colour when not on a terminal"
	assert_eq 67 "$(run_status ctl timeline nobody@example.net | cut -d'|' -f1)" \
		"unknown customer"
}

test_print_config_with_n() {
	local out
	out=$("$BINDIR/postreply-milter" -n -c "$POSTREPLY_CONF")
	assert_contains "$out" "reply_domain = reply.example.com" "reply_domain"
	assert_contains "$out" "token_lifetime = 90d" "default shown"
	assert_contains "$out" "milter_socket = unix:$STACK_DIR/run/milter.sock" "socket"
	assert_eq "$out" "$(ctl -n)" "postreplyctl -n prints the same"
}

test_bad_config_names_file_line_and_key() {
	local conf r prog
	conf=$STACK_DIR/bad.conf
	for prog in postreply-milter postreplyctl; do
		printf 'reply_domain = r.example.com\n# comment\nbogus_key = 1\n' >"$conf"
		r=$(run_status "$BINDIR/$prog" -n -c "$conf")
		assert_eq 78 "$(echo "$r" | cut -d'|' -f1)" "$prog: EX_CONFIG"
		assert_contains "$r" "$conf, line 3: unknown parameter \"bogus_key\"" "$prog"
		printf 'token_lifetime =\n  ninety days\n' >"$conf"
		r=$(run_status "$BINDIR/$prog" -n -c "$conf")
		assert_eq 78 "$(echo "$r" | cut -d'|' -f1)" "$prog: bad duration"
		assert_contains "$r" "$conf, line 1: bad value for token_lifetime" "$prog"
		r=$(run_status "$BINDIR/$prog" -n -c "$STACK_DIR/missing.conf")
		assert_eq 78 "$(echo "$r" | cut -d'|' -f1)" "$prog: missing file"
	done
}

# The daemons' unix sockets are for Postfix only: a local user outside
# socket_group (default postfix) cannot talk to the milter (and so store
# replies of their own making) or to policyd.
test_sockets_are_for_postfix_only() {
	local s out
	for s in milter policyd; do
		assert_eq "660 postfix" \
			"$(stat -c '%a %G' "$STACK_DIR/run/$s.sock")" "$s socket"
		out=$(for u in postfix nobody; do
			runuser -u "$u" -- /usr/bin/python3 - "$STACK_DIR/run/$s.sock" <<'PY'
import os, socket, sys
os.stat(sys.argv[1])  # the path is reachable: a refusal is the socket's
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    s.connect(sys.argv[1])
    print("connected")
except PermissionError:
    print("refused")
PY
		done | tr '\n' ' ')
		assert_eq "connected refused " "$out" "$s: postfix, then nobody"
	done
}

test_socket_group_that_does_not_exist() {
	local conf r
	conf=$STACK_DIR/nogroup.conf
	sed -e "s|^milter_socket = .*|milter_socket = unix:$STACK_DIR/run/nogroup.sock|" \
		"$POSTREPLY_CONF" >"$conf"
	echo "socket_group = no-such-group" >>"$conf"
	# timeout: a milter that starts anyway must fail the test, not hang it.
	r=$(run_status timeout 10 "$BINDIR/postreply-milter" -f -c "$conf")
	assert_eq 78 "$(echo "$r" | cut -d'|' -f1)" "EX_CONFIG"
	assert_contains "$r" 'socket_group "no-such-group" does not exist' "why"
	[ -e "$STACK_DIR/run/nogroup.sock" ] && fail "a socket was left behind"
	# Empty: any local user may connect, as before.
	sed -i 's/^socket_group = .*/socket_group =/' "$conf"
	"$BINDIR/postreply-milter" -f -c "$conf" >"$STACK_DIR/logs/nogroup.log" 2>&1 &
	r=$!
	# Once it says so, it handles SIGTERM (it binds before that).
	for _ in $(seq 50); do
		grep -q "starting: listening" "$STACK_DIR/logs/nogroup.log" && break
		sleep 0.1
	done
	if [ "$(stat -c %a "$STACK_DIR/run/nogroup.sock" 2>&1)" != 666 ]; then
		kill -KILL $r
		fail "empty socket_group: the socket is not mode 666"
	fi
	kill -TERM $r
	wait $r || fail "the milter did not exit cleanly on SIGTERM"
}

# Not started as root: the daemon's own user must be in socket_group,
# or it stops at start-up saying so; no socket is left behind.
test_socket_group_without_root() {
	local run=$STACK_DIR/nonroot conf r
	install -d -o nobody -m 755 "$run"
	conf=$STACK_DIR/nonroot.conf
	sed "s|^milter_socket = .*|milter_socket = unix:$run/m.sock|" \
		"$POSTREPLY_CONF" >"$conf"
	chmod 644 "$conf"
	r=$(run_status timeout 10 runuser -u nobody -- \
		"$BINDIR/postreply-milter" -f -c "$conf")
	assert_eq 69 "$(echo "$r" | cut -d'|' -f1)" "EX_UNAVAILABLE"
	assert_contains "$r" 'may give it to socket_group "postfix"' "why"
	[ -e "$run/m.sock" ] && fail "a socket was left behind"
	# A user in the group (postfix itself) gets its socket. setpriv execs
	# the milter, so that SIGTERM reaches it (runuser would take it).
	chown postfix "$run"
	setpriv --reuid=postfix --regid=postfix --init-groups \
		"$BINDIR/postreply-milter" -f -c "$conf" \
		>"$STACK_DIR/logs/nonroot.log" 2>&1 &
	r=$!
	for _ in $(seq 50); do
		grep -q "starting: listening" "$STACK_DIR/logs/nonroot.log" && break
		sleep 0.1
	done
	if [ "$(stat -c '%a %G' "$run/m.sock" 2>&1)" != "660 postfix" ]; then
		kill -KILL $r
		fail "as user postfix: the socket is not mode 660, group postfix"
	fi
	kill -TERM $r
	wait $r || fail "the milter did not exit cleanly on SIGTERM"
}

test_milter_inet_socket_translation() {
	local conf pid
	conf=$STACK_DIR/inet.conf
	sed "s|^milter_socket = .*|milter_socket = inet:127.0.0.1:$((SMTP_PORT + 10))|" \
		"$POSTREPLY_CONF" >"$conf"
	"$BINDIR/postreply-milter" -f -c "$conf" >"$STACK_DIR/logs/inet-milter.log" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		ss -ltn | grep -q "127.0.0.1:$((SMTP_PORT + 10)) " && break
		sleep 0.1
	done
	ss -ltn | grep -q "127.0.0.1:$((SMTP_PORT + 10)) " ||
		{ kill $pid; fail "the milter does not listen on inet:127.0.0.1:$((SMTP_PORT + 10))"; }
	kill -TERM $pid
	wait $pid || fail "the milter did not exit cleanly on SIGTERM"
}

# start_daemon NAME CONF SOCK LOG: postreply-NAME in the foreground,
# returning once it said it listens on SOCK; sets DAEMON_PID.
start_daemon() { # name conf sock log
	local n
	touch "$4"
	n=$(grep -c "starting: listening" "$4" || true)
	"$BINDIR/postreply-$1" -f -c "$2" >>"$4" 2>&1 &
	DAEMON_PID=$!
	for _ in $(seq 100); do
		[ -S "$3" ] && [ "$(grep -c "starting: listening" "$4")" -gt "$n" ] &&
			return 0
		sleep 0.05
	done
	fail "postreply-$1 did not start; see $4"
}

# A daemon that stops removes its socket, so that Postfix finds no
# socket without a daemon behind it ("Connection refused"); one killed
# leaves it, and the next start replaces it.
test_daemons_remove_their_sockets_on_exit() {
	local conf d sock log
	conf=$STACK_DIR/bye.conf
	sed -e "s|^milter_socket = .*|milter_socket = unix:$STACK_DIR/run/bye-milter.sock|" \
		-e "s|^policyd_socket = .*|policyd_socket = unix:$STACK_DIR/run/bye-policyd.sock|" \
		"$POSTREPLY_CONF" >"$conf"
	for d in milter policyd; do
		sock=$STACK_DIR/run/bye-$d.sock
		log=$STACK_DIR/logs/bye-$d.log
		start_daemon "$d" "$conf" "$sock" "$log"
		kill -TERM $DAEMON_PID
		wait $DAEMON_PID || fail "$d did not exit cleanly"
		[ -e "$sock" ] && fail "$d left its socket behind on SIGTERM"
		start_daemon "$d" "$conf" "$sock" "$log"
		kill -KILL $DAEMON_PID
		wait $DAEMON_PID 2>/dev/null || true
		[ -S "$sock" ] || fail "$d: no stale socket after kill -9"
		start_daemon "$d" "$conf" "$sock" "$log"
		kill -TERM $DAEMON_PID
		wait $DAEMON_PID || fail "$d did not start over a stale socket"
		[ -e "$sock" ] && fail "$d left its socket behind the second time"
	done
	return 0
}

# A daemon started on the same path takes it over; the first one, when
# it stops, leaves the new one's socket alone.
test_daemon_leaves_a_later_daemons_socket() {
	local conf sock log first
	conf=$STACK_DIR/twice.conf
	sock=$STACK_DIR/run/twice.sock
	log=$STACK_DIR/logs/twice.log
	sed "s|^milter_socket = .*|milter_socket = unix:$sock|" \
		"$POSTREPLY_CONF" >"$conf"
	start_daemon milter "$conf" "$sock" "$log"
	first=$DAEMON_PID
	start_daemon milter "$conf" "$sock" "$log"
	kill -TERM $first
	wait $first || fail "the first milter did not exit cleanly"
	[ -S "$sock" ] || fail "the first milter removed the second one's socket"
	kill -TERM $DAEMON_PID
	wait $DAEMON_PID || fail "the second milter did not exit cleanly"
	[ -e "$sock" ] && fail "the second milter left its socket behind"
	return 0
}
