# SPDX-License-Identifier: BSD-2-Clause
# Database access as an administrator gets it wrong: a role or database
# that does not exist, peer authentication refusing root, a role without
# rights. postreplyctl and the daemons at start-up say so as configuration
# errors (78) with what to do; a server that cannot be reached stays a
# temporary failure (75), and a daemon already running keeps going.

# As PostgreSQL's superuser, for roles and pg_hba.conf.
sql_admin() {
	psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postreply -AtXq \
		-v ON_ERROR_STOP=1 -c "$1"
}

# db_conf NAME CONNINFO: the stack's configuration with another database
# and sockets of its own, in $STACK_DIR/NAME.conf; prints its path.
db_conf() {
	local conf=$STACK_DIR/$1.conf
	sed -e "s|^database = .*|database = $2|" \
		-e "s|^milter_socket = .*|milter_socket = unix:$STACK_DIR/run/$1-m.sock|" \
		-e "s|^policyd_socket = .*|policyd_socket = unix:$STACK_DIR/run/$1-p.sock|" \
		"$POSTREPLY_CONF" >"$conf"
	echo "$conf"
}

# Each daemon started with conf exits 78 at start-up saying why, and
# leaves no socket behind for Postfix to find.
assert_daemons_refuse() { # conf name words
	local d r
	for d in milter policyd analyzer; do
		# timeout: a daemon that starts anyway fails the test, not hangs it.
		r=$(run_status timeout 20 "$BINDIR/postreply-$d" -f -c "$1")
		assert_eq 78 "${r%%|*}" "postreply-$d: EX_CONFIG"
		assert_contains "$r" "$3" "postreply-$d says why"
		assert_not_contains "$r" "warning:" "postreply-$d: not a warning"
	done
	[ -e "$STACK_DIR/run/$2-m.sock" ] && fail "the milter left its socket"
	[ -e "$STACK_DIR/run/$2-p.sock" ] && fail "policyd left its socket"
	return 0
}

test_role_that_does_not_exist_is_a_config_error() {
	local conf r
	conf=$(db_conf norole "host=$PGHOST port=$PGPORT dbname=postreply user=nosuchrole")
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" account list)
	assert_eq 78 "${r%%|*}" "postreplyctl: EX_CONFIG"
	assert_contains "$r" "postreplyctl: fatal: PostgreSQL has no role nosuchrole" "what"
	assert_contains "$r" "createuser nosuchrole" "what to do"
	assert_eq 1 "$(echo "$r" | cut -d'|' -f2)" "one line"
	assert_daemons_refuse "$conf" norole "PostgreSQL has no role nosuchrole"
}

test_database_that_does_not_exist_is_a_config_error() {
	local conf r
	conf=$(db_conf nodb "host=$PGHOST port=$PGPORT dbname=nosuchdb user=postreply")
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" db init)
	assert_eq 78 "${r%%|*}" "db init: EX_CONFIG"
	assert_contains "$r" "PostgreSQL has no database nosuchdb" "what"
	assert_contains "$r" "createdb -O postreply nosuchdb" "what to do"
	assert_daemons_refuse "$conf" nodb "PostgreSQL has no database nosuchdb"
}

# Debian's cluster: peer authentication admits a system user only as the
# role of the same name, so root running postreplyctl is refused.
test_peer_authentication_refusing_root() {
	local role conf hba r
	role=$(uniq peer)
	sql_admin "CREATE ROLE $role LOGIN IN ROLE postreply"
	hba=$(sql_admin "SHOW hba_file")
	sed -i "1i local all $role peer" "$hba"
	trap 'sed -i "/^local all '"$role"' peer$/d" "'"$hba"'"
		sql_admin "SELECT pg_reload_conf()" >/dev/null' EXIT
	sql_admin "SELECT pg_reload_conf()" >/dev/null
	conf=$(db_conf peer "host=$TESTBED_DIR/pg/sock port=$PGPORT dbname=postreply user=$role")
	for _ in $(seq 50); do
		r=$(run_status "$BINDIR/postreplyctl" -c "$conf" account list)
		[ "${r%%|*}" != 0 ] && break
		sleep 0.1 # until the server has read pg_hba.conf again
	done
	assert_eq 78 "${r%%|*}" "postreplyctl as root: EX_CONFIG, not 75"
	assert_contains "$r" "PostgreSQL refused user $role (Peer authentication failed" "what"
	assert_contains "$r" "run postreplyctl as user $role (runuser -u $role -- postreplyctl ...)" \
		"what to do"
	assert_not_contains "$r" "warning:" "not a warning"
	# The daemons run as user postreply, not as the role: the same.
	assert_daemons_refuse "$conf" peer "peer authentication admits a system user only as the role of the same name: set \"user\" to $role"
}

# A role that may log in but has no rights on postreply's tables.
test_role_without_rights_is_a_config_error() {
	local role conf r
	role=$(uniq norights)
	sql_admin "CREATE ROLE $role LOGIN"
	conf=$(db_conf norights "host=$PGHOST port=$PGPORT dbname=postreply user=$role")
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" account list)
	assert_eq 78 "${r%%|*}" "account list: EX_CONFIG"
	assert_contains "$r" "PostgreSQL refused role $role (permission denied for table accounts)" "what"
	assert_contains "$r" "grant $role the rights it lacks" "what to do"
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" token issue \
		--account a@example.com --customer c@example.net)
	assert_eq 78 "${r%%|*}" "token issue: EX_CONFIG"
	r=$(run_status "$BINDIR/postreplyctl" -c "$conf" db init)
	assert_eq 78 "${r%%|*}" "db init: EX_CONFIG"
	assert_contains "$r" "permission denied" "db init says why"
}

test_server_down_stays_temporary_for_daemons() {
	local conf pid
	conf=$(db_conf down "host=127.0.0.1 port=1 dbname=x connect_timeout=2")
	"$BINDIR/postreply-policyd" -f -c "$conf" >"$STACK_DIR/logs/down-policyd.log" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		[ -S "$STACK_DIR/run/down-p.sock" ] && break
		sleep 0.05
	done
	alive $pid || fail "policyd did not start with the database down"
	kill -TERM $pid
	wait $pid || fail "policyd did not stop cleanly"
	grep -q "warning: cannot connect to the database: .*starting all the same" \
		"$STACK_DIR/logs/down-policyd.log" || fail "no warning at start-up"
}

# A role refused after start-up (say, its password changed) is logged by
# a running daemon, which goes on answering and recovers by itself.
test_running_daemon_keeps_going_when_refused() {
	local role conf pid req out
	role=$(uniq late)
	sql_admin "CREATE ROLE $role LOGIN IN ROLE postreply"
	conf=$(db_conf late "host=$PGHOST port=$PGPORT dbname=postreply user=$role")
	"$BINDIR/postreply-policyd" -f -c "$conf" >"$STACK_DIR/logs/late-policyd.log" 2>&1 &
	pid=$!
	trap 'kill -TERM '"$pid"' 2>/dev/null || true' EXIT
	for _ in $(seq 100); do
		[ -S "$STACK_DIR/run/late-p.sock" ] && break
		sleep 0.05
	done
	req=$STACK_DIR/late.in
	printf '%s\n' request=smtpd_access_policy protocol_state=RCPT \
		client_address=198.51.100.77 sender=s@example.net \
		recipient=reply+aaaaaaaaaaaaaaaa@reply.example.com "" >"$req"
	policy() {
		/usr/bin/python3 "$TESTS_DIR/integration/policy_client.py" \
			"$STACK_DIR/run/late-p.sock" "$req"
	}
	assert_contains "$(policy)" "action=REJECT 5.1.1" "before"
	sql_admin "ALTER ROLE $role NOLOGIN"
	sql_admin "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE usename = '$role'" >/dev/null
	for _ in $(seq 100); do
		[ "$(sql_admin "SELECT count(*) FROM pg_stat_activity
			WHERE usename = '$role'")" = 0 ] && break
		sleep 0.05
	done
	out=$(policy)
	assert_contains "$out" "action=DEFER_IF_PERMIT 4.3.0" "while refused"
	alive $pid || fail "policyd stopped"
	grep -q "warning: PostgreSQL refused role $role (role \"$role\" is not permitted to log in)" \
		"$STACK_DIR/logs/late-policyd.log" || fail "the refusal was not logged"
	sql_admin "ALTER ROLE $role LOGIN"
	assert_contains "$(policy)" "action=REJECT 5.1.1" "after"
}
