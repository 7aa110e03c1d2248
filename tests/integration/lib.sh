# SPDX-License-Identifier: BSD-2-Clause
# lib.sh: helpers for the integration tests, sourced by tests/run with
# STACK_DIR set to a running stack (scripts/stack). Each test is a shell
# function run in its own subshell with "set -eu"; it fails by exiting
# non-zero, with a message from fail().

# shellcheck disable=SC1091
. "$STACK_DIR/env"
TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORPUS=${CORPUS:-$TESTS_DIR/corpus}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

ctl() {
	"$BINDIR/postreplyctl" -c "$POSTREPLY_CONF" "$@"
}

sql() {
	psql -h 127.0.0.1 -p "$PGPORT" -U postreply -d postreply -AtXq \
		-v ON_ERROR_STOP=1 -c "$1"
}

assert_eq() { # expected actual what
	[ "$1" = "$2" ] || fail "$3: expected '$1', got '$2'"
}

assert_contains() { # haystack needle what
	case "$1" in
	*"$2"*) ;;
	*) fail "$3: '$2' not found in: $1" ;;
	esac
}

assert_not_contains() { # haystack needle what
	case "$1" in
	*"$2"*) fail "$3: '$2' unexpectedly found in: $1" ;;
	esac
}

# run_status CMD...: prints "STATUS|LINES|STDERR" for a command.
run_status() {
	local err rc=0
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	echo "$rc|$(printf '%s' "$err" | grep -c .)|$err"
}

# A name no other test uses, for addresses.
uniq() {
	echo "$1$(date +%s%N | tail -c 9)$RANDOM"
}

# new_conversation: an account and a customer with a fresh reply address.
# Sets ACCOUNT, CUSTOMER, REPLY.
new_conversation() {
	ACCOUNT=$(uniq acct)@example.com
	CUSTOMER=$(uniq cust)@example.net
	ctl account add "$ACCOUNT" --name "Alice Sales" >/dev/null
	ctl customer add --account "$ACCOUNT" "$CUSTOMER" --name "Carl" >/dev/null
	REPLY=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER" \
		--subject "Our offer")
}

# smtp ARGS...: one SMTP session with swaks; prints the transcript.
smtp() {
	swaks --server "127.0.0.1:$SMTP_PORT" --timeout 60 \
		--helo client.example.net "$@" 2>&1 || true
}

# The sink file that holds a message for rcpt, waiting up to $2 seconds.
# With $3, only a file whose content contains that marker. smtp-sink
# creates its file at MAIL FROM and fills it at the final dot, so a file
# counts only once Postfix has logged the delivery as sent.
wait_mail() {
	local rcpt=$1 timeout=${2:-20} marker=${3:-} f i
	for i in $(seq $((timeout * 10))); do
		if grep -q -i -F "to=<$rcpt>, relay=" "$MAILLOG" &&
			grep -i -F "to=<$rcpt>, relay=" "$MAILLOG" | grep -q "status=sent"; then
			for f in $(grep -l -i -F "X-Rcpt-Args: <$rcpt>" "$SINK_DIR"/* \
				2>/dev/null); do
				# The analyzer's alerts only when asked for.
				if grep -q "^From: postreply <postreply@" "$f" &&
					[[ $marker != *"[postreply]"* ]]; then
					continue
				fi
				if [ -z "$marker" ] || grep -q -F -- "$marker" "$f"; then
					echo "$f"
					return 0
				fi
			done
		fi
		sleep 0.1
	done
	fail "no mail for $rcpt${marker:+ with $marker} within ${timeout}s"
}

# The main.cf settings of a README code block (HEADING [N]), one per line.
readme_settings() {
	"$TESTS_DIR/readme_block.py" --settings "$TESTS_DIR/../README.md" "$@"
}

# No mail for rcpt arrives within $2 seconds.
no_mail() {
	sleep "${2:-2}"
	if grep -q -i -F "X-Rcpt-Args: <$1>" "$SINK_DIR"/* 2>/dev/null; then
		fail "mail for $1 was delivered"
	fi
	return 0
}

# Envelope recipients of a captured message, one per line, lower case.
rcpts_of() {
	sed -n 's/^X-Rcpt-Args: <\(.*\)>.*/\1/p' "$1" | tr 'A-Z' 'a-z' | sort
}

# The message as Postfix delivered it, without the sink's own lines.
message_of() {
	/usr/bin/python3 "$TESTS_DIR/integration/unwrap.py" "$@"
}

# jq-like checks without jq: evaluate a Python expression over the JSON
# on stdin, bound to "j"; prints the result.
json() {
	/usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}

# The queue id Postfix gave the message with this Message-ID.
queue_id_of() {
	local mid=$1 i q
	for i in $(seq 50); do
		q=$(grep -F "message-id=<$mid>" "$MAILLOG" |
			sed -n 's/.*\]: \([0-9A-F]\{6,\}\): message-id=.*/\1/p' |
			head -1)
		[ -n "$q" ] && { echo "$q"; return 0; }
		sleep 0.1
	done
	fail "no queue id for Message-ID $mid in $MAILLOG"
}

# Fail unless the captured message f is the sent file, byte for byte.
assert_same_message() { # sent_file captured_file what
	cmp <(message_of "$1" --original) <(message_of "$2") >/dev/null ||
		fail "$3: the delivered message differs from the one sent"
}

# A process that runs and is not a zombie (PID 1 here reaps slowly).
alive() {
	local state
	state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

# A refusal at RCPT, from policyd (via Postfix) or from the milter:
# "CODE XCODE [<rcpt>: Recipient address rejected: ]TEXT".
assert_refused() { # transcript code xcode text what
	grep -q -E "^<\*\* +$2 $3 (<[^>]*>: Recipient address rejected: )?$4" <<<"$1" ||
		fail "$5: no '$2 $3 ... $4' in: $1"
}

# milter_reload: SIGHUP to the stack's milter; returns once it has read
# its configuration again.
milter_reload() {
	local log=$STACK_DIR/milter.log n
	n=$(grep -c "SIGHUP: " "$log" || true)
	kill -HUP "$(cat "$STACK_DIR/milter.pid")"
	for _ in $(seq 100); do
		[ "$(grep -c "SIGHUP: " "$log" || true)" -gt "$n" ] && return 0
		sleep 0.05
	done
	fail "the milter did not read its configuration again"
}

# milter_conf NAME [VALUE]: set NAME in the stack's configuration, or
# without VALUE remove it so that its default applies, and have the milter
# read it. When the test ends, the file is put back and read again.
milter_conf() {
	if [ -z "${MILTER_CONF_SAVED:-}" ]; then
		MILTER_CONF_SAVED=$STACK_DIR/postreply.conf.saved
		cp "$POSTREPLY_CONF" "$MILTER_CONF_SAVED"
		trap 'cp "$MILTER_CONF_SAVED" "$POSTREPLY_CONF"; milter_reload' EXIT
	fi
	sed -i "/^$1[ =]/d" "$POSTREPLY_CONF"
	[ $# -lt 2 ] || echo "$1 = $2" >>"$POSTREPLY_CONF"
	milter_reload
}

# webhook_sink PORT DIR SECRET: webhook_sink.py on PORT, keeping what it
# is POSTed in DIR (emptied first), failing the first POST with 503; the
# secret in DIR.secret, mode 0640 root:postreply as README advises, so the
# analyzer (user postreply) reads it and accepts its mode. Sets WEBHOOK_SINK.
webhook_sink() {
	rm -rf "$2"
	mkdir -p "$2"
	printf '%s\n' "$3" >"$2.secret"
	chgrp postreply "$2.secret"
	chmod 640 "$2.secret"
	/usr/bin/python3 "$TESTS_DIR/integration/webhook_sink.py" "$1" "$2" 1 &
	WEBHOOK_SINK=$!
}

# The first POST webhook_sink.py kept in DIR whose body holds TEXT (the
# body's file), within 30 s: long enough for the job queue's retry.
wait_webhook() { # dir text what
	local body
	for _ in $(seq 300); do
		body=$(grep -l -F "$2" "$1"/*.body 2>/dev/null | head -1 || true)
		[ -n "$body" ] && { echo "$body"; return 0; }
		sleep 0.1
	done
	fail "$3"
}

# The webhook's X-PostReply-Signature is the HMAC-SHA256 of
# "<X-PostReply-Timestamp>.<body>", and that timestamp is within the
# five minutes README tells receivers to accept.
assert_webhook_signed() { # body_file secret
	local ts want
	ts=$(cat "${1%.body}.ts")
	[[ $ts =~ ^[0-9]+$ ]] || fail "X-PostReply-Timestamp: '$ts'"
	[ $(($(date +%s) - ts)) -le 300 ] || fail "X-PostReply-Timestamp $ts is stale"
	want=$(/usr/bin/python3 -c 'import hmac,hashlib,sys; print("sha256=" + hmac.new(sys.argv[3].encode(), sys.argv[2].encode() + b"." + open(sys.argv[1],"rb").read(), hashlib.sha256).hexdigest())' "$1" "$ts" "$2")
	assert_eq "$want" "$(cat "${1%.body}.sig")" "X-PostReply-Signature"
}

# The text and analysis of the customer's reply, once there (10 s).
wait_analysis() { # customer [what]
	local i out
	for i in $(seq 100); do
		out=$(ctl timeline "$1" --json)
		if [ "$(echo "$out" | json '[e for e in j if e["kind"] == "reply"][-1].get("analysis") is not None')" = True ]; then
			echo "$out"
			return 0
		fi
		sleep 0.1
	done
	fail "no analysis of ${2:-the reply} within 10 s"
}

# The analysis of the last reply, as one value: last_reply 'expression'
last_reply() { # json expr
	echo "$1" | json "(lambda r: $2)([e for e in j if e['kind'] == 'reply'][-1])"
}

# analyzer_private NAME CONF_LINES...: stop the stack's analyzer and start
# one with extra configuration; the stack's comes back when the test ends.
analyzer_private() {
	local name=$1 conf
	shift
	conf=$STACK_DIR/$name.conf
	{ cat "$POSTREPLY_CONF"; printf '%s\n' "$@"; } >"$conf"
	"$TESTS_DIR/../scripts/stack" daemon-stop "$STACK_DIR" analyzer
	"$BINDIR/postreply-analyzer" -f -v -c "$conf" >>"$STACK_DIR/$name.log" 2>&1 &
	PRIVATE_PID=$!
	trap 'kill -TERM ${PRIVATE_PID:-} 2>/dev/null || true
		wait ${PRIVATE_PID:-} 2>/dev/null || true
		"$TESTS_DIR/../scripts/stack" daemon-start "$STACK_DIR" analyzer' EXIT
}

# web_user EMAIL PASSWORD [ADMIN]: a user who may sign in.
web_user() {
	ctl user add "$1" ${3:+--admin} >/dev/null
	printf '%s\n' "$2" | ctl user password "$1" >/dev/null
}
