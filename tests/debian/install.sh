#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# install.sh: postreply installed on this machine's own Debian packages as
# an administrator following README would, and driven over real SMTP.
#   tests/debian/install.sh WORKDIR [BASEPORT]
# - builds the .deb (scripts/deb) and installs it with apt;
# - apt's Postfix with Debian's stock master.cf (chrooted smtpd), its
#   smtpd moved to 127.0.0.1:BASEPORT+70, everything it delivers going to
#   an smtp-sink on BASEPORT+71, never out;
# - a PostgreSQL cluster made with pg_createcluster (peer authentication)
#   on BASEPORT+72, given to libpq as PGPORT so that README's commands
#   and the sample's "database" line work as written;
# - the database recipe, main.cf's lines and the policy wiring taken from
#   README's own code blocks;
# - the daemons started as their units start them (user, groups, umask,
#   ExecStart), since a container has no systemd to do it; the units are
#   checked with systemd-analyze verify.
# Prints "ok - ..." and "not ok - ..." lines; puts the machine's Postfix,
# PostgreSQL and users back as it found them, whatever happens.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:?usage: tests/debian/install.sh WORKDIR [BASEPORT]}
base=${2:-25400}
smtp_port=$((base + 70))
sink_port=$((base + 71))
pg_port=$((base + 72))
cluster=postreplytest
readme=$top/README.md
failed=0
ACCOUNT=alice@example.com
CUSTOMER=carl@customer.example.net

ok() { echo "ok - debian: $1"; }
not_ok() {
	failed=1
	echo "not ok - debian: $1"
	[ $# -gt 1 ] && printf '%s\n' "$2" | head -n 25 | sed 's/^/    /'
	return 0
}
# check WHAT COMMAND...: ok when the command succeeds, else its output.
check() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then ok "$what"; else not_ok "$what" "$out"; fi
}
# A step the rest depends on: stop here (cleaning up) when it fails.
need() {
	local what=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$what"
	else
		not_ok "$what" "$out"
		exit 1
	fi
}
contains() { grep -q -F -- "$2" <<<"$1"; }
readme_settings() { "$top/tests/readme_block.py" --settings "$readme" "$@"; }

# ------------------------------------------------- the machine, put back

# What is ours to remove at the end is what was not there before.
mkdir -p "$work"
work=$(cd "$work" && pwd)
rm -rf "${work:?}"/*
state=$work/state
mkdir -p "$state"
postfix status >/dev/null 2>&1 && touch "$state/postfix-was-running"
tar -C /etc -cf "$state/etc-postfix.tar" postfix
[ -e /var/spool/postfix/postreply ] && touch "$state/had-socket-dir"
getent passwd postreply >/dev/null && touch "$state/had-user"
getent group postreply >/dev/null && touch "$state/had-group"
find /var/spool/postfix/{maildrop,incoming,active,deferred,hold} -type f \
	-printf '%f\n' 2>/dev/null | sort >"$state/queue-before"
# Debian's start script copies files into the chroot (etc, lib, ...).
ls -A /var/spool/postfix | sort >"$state/spool-before"
[ -e /dev/log ] && touch "$state/had-dev-log"
[ -f /etc/default/postsrsd ] && cp /etc/default/postsrsd "$state/default-postsrsd"

daemon_stop() { # name
	local pid
	pid=$(cat "$work/$1.pid" 2>/dev/null) || return 0
	kill "$pid" 2>/dev/null
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$work/$1.pid"
}

restore() {
	local d
	for d in milter policyd analyzer; do daemon_stop "$d"; done
	[ -f "$work/sink.pid" ] && kill "$(cat "$work/sink.pid")" 2>/dev/null
	[ -f "$work/syslog.pid" ] && kill "$(cat "$work/syslog.pid")" 2>/dev/null
	[ -f "$state/had-dev-log" ] || rm -f /dev/log
	postfix stop >/dev/null 2>&1
	[ -f "$state/default-postsrsd" ] &&
		cp "$state/default-postsrsd" /etc/default/postsrsd
	# postsrsd as it was: stopped, or running with its own settings.
	if [ -f "$state/started-postsrsd" ]; then
		/etc/init.d/postsrsd stop >/dev/null 2>&1
	elif [ -f "$state/restarted-postsrsd" ]; then
		/etc/init.d/postsrsd restart >/dev/null 2>&1
	fi
	# Only the messages this test queued.
	find /var/spool/postfix/{maildrop,incoming,active,deferred,hold} \
		-type f -printf '%f\n' 2>/dev/null | sort |
		comm -13 "$state/queue-before" - | postsuper -d - >/dev/null 2>&1
	ls -A /var/spool/postfix | sort | comm -13 "$state/spool-before" - |
		while read -r d; do rm -rf "/var/spool/postfix/${d:?}"; done
	mv /var/log/postreply-debian-test.log "$work/maillog" 2>/dev/null
	rm -rf /etc/postfix
	tar -C /etc -xf "$state/etc-postfix.tar"
	[ -f "$state/postfix-was-running" ] && postfix start >/dev/null 2>&1
	pg_dropcluster --stop 15 "$cluster" >/dev/null 2>&1
	if [ -f "$state/installed-by-us" ]; then
		DEBIAN_FRONTEND=noninteractive apt-get purge -y -q postreply \
			>/dev/null 2>&1
		rm -rf /etc/postreply
	fi
	[ -f "$state/had-socket-dir" ] || rm -rf /var/spool/postfix/postreply
	[ -f "$state/had-user" ] || userdel postreply >/dev/null 2>&1
	[ -f "$state/had-group" ] || groupdel postreply >/dev/null 2>&1
	if postfix status >/dev/null 2>&1 && [ ! -f "$state/postfix-was-running" ]; then
		echo "not ok - debian: the machine's Postfix is stopped again"
	fi
}
trap restore EXIT

if dpkg -s postreply >/dev/null 2>&1; then
	not_ok "no postreply package installed before the test" \
		"this test installs and purges one; remove it first (apt purge postreply)"
	exit 1
fi
if pg_lsclusters -h 2>/dev/null | awk '{print $2}' | grep -qx "$cluster"; then
	pg_dropcluster --stop 15 "$cluster" >/dev/null 2>&1
fi

# Daemons log to syslog (-s); a container may have none: keep their lines.
if [ ! -e /dev/log ]; then
	setsid /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
out = open(sys.argv[1], "ab", buffering=0)
while True:
    out.write(s.recv(65536) + b"\n")
' "$work/syslog" </dev/null >/dev/null 2>&1 &
	echo $! >"$work/syslog.pid"
	for _ in $(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
	chmod 666 /dev/log
fi

# ------------------------------------------------------------ the package

need "make deb builds the package" "$top/scripts/deb"
deb=$(ls "$top"/build/deb/postreply_*.deb)

# make install, with the package's PREFIX, installs the same files (the
# package only adds its documentation and compresses the man pages).
same_files() {
	local dest=$work/destdir
	make -s -C "$top" B="$top/build/debsrc/postreply/build/deb" install \
		DESTDIR="$dest" PREFIX=/usr SYSTEMDDIR=/lib/systemd >/dev/null || return 1
	diff <(cd "$dest" && find . ! -type d | sort) \
		<(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' |
			grep -v '^\./usr/share/doc/' | sed 's/\.gz$//' | sort)
}
check "make install DESTDIR=... PREFIX=/usr installs what the package does" same_files
touch "$state/installed-by-us"
need "apt installs the package and what it depends on" \
	env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb"

installed() {
	local f problems=
	for f in /usr/sbin/postreply-milter /usr/sbin/postreply-policyd \
		/usr/sbin/postreply-analyzer /usr/sbin/postreply-web \
		/usr/sbin/postreplyctl; do
		[ -x "$f" ] || problems+="$f missing"$'\n'
	done
	for f in postreply-milter.8 postreply-policyd.8 postreply-analyzer.8 \
		postreply-web.8 postreplyctl.8 postreply.conf.5; do
		man -w "${f%.*}" >/dev/null 2>&1 || problems+="man ${f%.*} missing"$'\n'
	done
	[ "$(stat -c '%U:%G %a' /etc/postreply/postreply.conf)" = "root:postreply 640" ] ||
		problems+="postreply.conf is $(stat -c '%U:%G %a' /etc/postreply/postreply.conf)"$'\n'
	[ "$(stat -c '%U:%G %a' /var/spool/postfix/postreply)" = "postreply:postfix 750" ] ||
		problems+="socket directory: $(stat -c '%U:%G %a' /var/spool/postfix/postreply 2>&1)"$'\n'
	[ "$(getent passwd postreply | cut -d: -f7)" = /usr/sbin/nologin ] ||
		problems+="user postreply: $(getent passwd postreply)"$'\n'
	printf '%s' "$problems"
	[ -z "$problems" ]
}
check "the programs, man pages, configuration, user and socket directory are installed" installed
check "the units pass systemd-analyze verify" \
	systemd-analyze verify /lib/systemd/system/postreply-milter.service \
	/lib/systemd/system/postreply-policyd.service \
	/lib/systemd/system/postreply-analyzer.service \
	/lib/systemd/system/postreply-web.service

# -------------------------------------------------------------- database

need "pg_createcluster makes a cluster with peer authentication" \
	pg_createcluster 15 "$cluster" -p "$pg_port" --start -- --no-sync
export PGPORT=$pg_port
grep -q "^local *all *all *peer" "/etc/postgresql/15/$cluster/pg_hba.conf" ||
	not_ok "the cluster uses peer authentication for local connections"

out=$(postreplyctl db init 2>&1)
rc=$?
# The role does not exist yet: a configuration error either way.
if [ $rc -eq 78 ]; then ok "postreplyctl db init before the role exists: 78"; else
	not_ok "postreplyctl db init before the role exists: 78" "status $rc: $out"; fi

recipe=$("$top/tests/readme_block.py" "$readme" "Setting up" 1)
need "README's database recipe runs as written" bash -ec "$recipe"

out=$(postreplyctl db init 2>&1)
rc=$?
if [ $rc -eq 78 ] && contains "$out" "runuser -u postreply"; then
	ok "postreplyctl as root on peer authentication: 78, and says to use runuser"
else
	not_ok "postreplyctl as root on peer authentication: 78, and says to use runuser" \
		"status $rc: $out"
fi

ctl() { runuser -u postreply -- postreplyctl "$@"; }

# ----------------------------------------------------- postreply.conf

sed -i "s|^#submit_url = .*|submit_url = smtp://127.0.0.1:$smtp_port|" \
	/etc/postreply/postreply.conf
check "postreply.conf names the test's Postfix as submit_url" \
	grep -q "^submit_url = smtp://127.0.0.1:$smtp_port" /etc/postreply/postreply.conf

# ----------------------------------------------------------------- Postfix

sink() {
	mkdir -p "$work/sink"
	chown postfix: "$work/sink"
	setsid /usr/sbin/smtp-sink -u postfix -4 -h sink.invalid \
		-d "$work/sink/%Y%m%d%H%M%S." "127.0.0.1:$sink_port" 16 \
		</dev/null >"$work/sink.log" 2>&1 &
	echo $! >"$work/sink.pid"
}
sink

# Keep it on loopback and its mail here; what README says comes after.
[ -f /etc/postfix/main.cf ] || : >/etc/postfix/main.cf
postconf -e 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' \
	'myhostname = mx.example.com' 'mydestination =' \
	'local_transport = error:local delivery disabled' \
	"relayhost = [127.0.0.1]:$sink_port" \
	"default_transport = smtp:[127.0.0.1]:$sink_port" \
	"relay_transport = smtp:[127.0.0.1]:$sink_port" \
	'smtp_dns_support_level = disabled' 'smtp_tls_security_level = none' \
	'smtpd_tls_security_level = none' 'biff = no' \
	'maillog_file = /var/log/postreply-debian-test.log' \
	'queue_run_delay = 1s' 'minimal_backoff_time = 1s' \
	'maximal_backoff_time = 5s' 'smtpd_error_sleep_time = 0s'
: >/var/log/postreply-debian-test.log

# Debian's stock smtpd line, chroot column included, on the test's port.
stock=$(postconf -M smtp/inet)
case "$stock" in
"smtp "*inet*" n "*" y "*smtpd*) ok "Debian's stock master.cf chroots smtpd" ;;
*) not_ok "Debian's stock master.cf chroots smtpd" "$stock" ;;
esac
postconf -Me "127.0.0.1:$smtp_port/inet = 127.0.0.1:$smtp_port${stock#smtp}"
postconf -MX smtp/inet

mapfile -t milter_lines < <(readme_settings "Wiring postreply-milter into Postfix")
mapfile -t policy_lines < <(readme_settings "Wiring postreply-policyd into Postfix")
need "README's main.cf lines apply" postconf -e "${milter_lines[@]}" "${policy_lines[@]}"
need "postfix check" postfix check
need "Postfix starts as Debian starts it" /etc/init.d/postfix start

# ----------------------------------------------------------------- daemons

# Start a daemon as its unit does: User=, Group=, SupplementaryGroups=,
# UMask=, NoNewPrivileges=, no capabilities, ExecStart= as written.
unit_start() { # name
	local unit=/lib/systemd/system/postreply-$1.service user group groups umask exec
	user=$(sed -n 's/^User=//p' "$unit")
	group=$(sed -n 's/^Group=//p' "$unit")
	groups=$(sed -n 's/^SupplementaryGroups=//p' "$unit" | tr ' ' ,)
	umask=$(sed -n 's/^UMask=//p' "$unit")
	exec=$(sed -n 's/^ExecStart=//p' "$unit")
	if [ -n "$groups" ]; then groups=--groups=$groups; else groups=--init-groups; fi
	# shellcheck disable=SC2086 # ExecStart is words
	(umask "$umask" && exec setsid setpriv --reuid="$user" --regid="$group" \
		"$groups" --no-new-privs --inh-caps=-all --bounding-set=-all -- $exec \
		</dev/null >>"$work/$1.out" 2>&1) &
	echo $! >"$work/$1.pid"
}

running() { # name
	local pid
	pid=$(cat "$work/$1.pid" 2>/dev/null) && kill -0 "$pid" 2>/dev/null
}

wait_socket() { # path
	for _ in $(seq 100); do
		[ -S "$1" ] && return 0
		sleep 0.1
	done
	echo "no socket $1 within 10 s"
	cat "$work"/*.out "$work/syslog" 2>/dev/null | tail -n 20
	return 1
}

for d in milter policyd analyzer; do unit_start "$d"; done
need "postreply-milter runs as its unit runs it, with its socket in the queue directory" \
	wait_socket /var/spool/postfix/postreply/milter.sock
need "postreply-policyd runs as its unit runs it" \
	wait_socket /var/spool/postfix/postreply/policyd.sock
sleep 1
check "postreply-analyzer runs as its unit runs it" running analyzer
check "the daemons run as user postreply" bash -c \
	"[ \"\$(ps -o user= -p \$(cat $work/milter.pid) \$(cat $work/analyzer.pid) | sort -u)\" = postreply ]"
check "the milter's socket belongs to group postfix, mode 0660" bash -c \
	"[ \"\$(stat -c '%G %a' /var/spool/postfix/postreply/milter.sock)\" = 'postfix 660' ]"

# --------------------------------------------------------------- replies

ctl account add "$ACCOUNT" --name "Alice Martin" >/dev/null
ctl customer add --account "$ACCOUNT" "$CUSTOMER" --name Carl >/dev/null
reply=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER" --subject "Our offer")
case "$reply" in
reply+*@reply.example.com) ok "postreplyctl as user postreply issues a reply address" ;;
*) not_ok "postreplyctl as user postreply issues a reply address" "$reply" ;;
esac

smtp() {
	swaks --server "127.0.0.1:$smtp_port" --timeout 30 \
		--helo client.example.net "$@" 2>&1
}

# The sink's file for a recipient whose content has marker.
delivered() { # rcpt marker [seconds]
	local f
	for _ in $(seq $((${3:-20} * 10))); do
		for f in $(grep -l -i -F "X-Rcpt-Args: <$1>" "$work"/sink/* 2>/dev/null); do
			grep -q -F -- "$2" "$f" && { echo "$f"; return 0; }
		done
		sleep 0.1
	done
	return 1
}

out=$(smtp --from "$CUSTOMER" --to "$reply" --body "Sounds good, call me on Monday")
if contains "$out" "250 2.0.0 Ok: queued" &&
	f=$(delivered "$ACCOUNT" "call me on Monday") &&
	grep -q "^X-PostReply-Customer: " "$f"; then
	ok "a valid reply is accepted and reaches the account's mailbox"
else
	not_ok "a valid reply is accepted and reaches the account's mailbox" \
		"$out$(tail -n 5 /var/log/postreply-debian-test.log)"
fi
# On the timeline, with its text once the analyzer has read it.
for _ in $(seq 100); do
	text=$(ctl timeline "$CUSTOMER" --json | /usr/bin/python3 -c '
import json, sys
print([e["text"] for e in json.load(sys.stdin) if e["kind"] == "reply"][0])' 2>&1)
	[ "$text" = "Sounds good, call me on Monday" ] && break
	sleep 0.2
done
if [ "$text" = "Sounds good, call me on Monday" ]; then
	ok "the reply is on the customer's timeline, read by the analyzer"
else
	not_ok "the reply is on the customer's timeline, read by the analyzer" "$text"
fi

out=$(smtp --from "$CUSTOMER" --to reply+aaaaaaaaaaaaaaaa@reply.example.com --body x)
if contains "$out" "550 5.1.1 " && contains "$out" "This reply address is unknown"; then
	ok "an unknown reply address is refused with 550 5.1.1"
else
	not_ok "an unknown reply address is refused with 550 5.1.1" "$out"
fi

expired=$(ctl token issue --account "$ACCOUNT" --customer "$CUSTOMER" --subject "Old")
token=${expired%@*}
runuser -u postgres -- psql -q -d postreply -c \
	"UPDATE reply_tokens SET expires_at = now() - interval '1 day' WHERE token = '${token#reply+}'"
out=$(smtp --from "$CUSTOMER" --to "$expired" --body x)
if contains "$out" "550 5.1.1 " &&
	contains "$out" "This reply address has expired. Please reply to the most recent email"; then
	ok "an expired reply address is refused with 550 5.1.1"
else
	not_ok "an expired reply address is refused with 550 5.1.1" "$out"
fi

out=$(smtp --from someone@example.net --to bob@example.org --body "plain mail")
if contains "$out" "250 2.0.0 Ok: queued" && f=$(delivered bob@example.org "plain mail") &&
	! grep -q -i "^X-PostReply-" "$f"; then
	ok "ordinary mail passes untouched"
else
	not_ok "ordinary mail passes untouched" "$out"
fi

daemon_stop milter
out=$(smtp --from "$CUSTOMER" --to "$reply" --body "while the milter is stopped")
if contains "$out" "451 4.7.1" && ! delivered "$ACCOUNT" "while the milter is stopped" 3 >/dev/null &&
	! delivered "$reply" "while the milter is stopped" 0 >/dev/null; then
	ok "with the milter stopped a reply is tempfailed (451 4.7.1) and nothing relayed"
else
	not_ok "with the milter stopped a reply is tempfailed (451 4.7.1) and nothing relayed" "$out"
fi
unit_start milter
wait_socket /var/spool/postfix/postreply/milter.sock >/dev/null

# ------------------------------------------------------- postreplyctl check

# check_error WHAT POSTCONF-SETTINGS... -- EXPECTED: with the settings
# applied, check exits 78 with an error line containing EXPECTED; main.cf
# is put back afterwards.
check_finds() { # what expected setting...
	local what=$1 expected=$2 out rc
	shift 2
	cp /etc/postfix/main.cf "$work/main.cf.keep"
	postconf -e "$@"
	out=$(ctl check 2>&1)
	rc=$?
	cp "$work/main.cf.keep" /etc/postfix/main.cf
	if [ $rc -eq 78 ] && grep "^error: " <<<"$out" | grep -q -F -- "$expected"; then
		ok "postreplyctl check finds $what"
	else
		not_ok "postreplyctl check finds $what" "status $rc: $out"
	fi
}

# The analyzer's first heartbeat is written as it starts.
for _ in $(seq 50); do
	runuser -u postgres -- psql -qAt -d postreply \
		-c "SELECT 1 FROM daemon_heartbeats" 2>/dev/null | grep -q 1 && break
	sleep 0.2
done
out=$(ctl check 2>&1)
rc=$?
if [ $rc -eq 0 ] && ! contains "$out" "error:" &&
	contains "$out" "chrooted" && contains "$out" "unix:postreply/milter.sock"; then
	ok "postreplyctl check passes on the finished set-up"
else
	not_ok "postreplyctl check passes on the finished set-up" "status $rc: $out"
fi

check_finds "the milter missing from smtpd_milters" \
	"smtpd_milters" 'smtpd_milters ='
check_finds "a milter socket the chrooted smtpd cannot reach" \
	"chrooted" 'smtpd_milters = unix:/var/spool/postfix/postreply/milter.sock'
check_finds "milter_default_action not tempfail" \
	'milter_default_action is "accept"' 'milter_default_action = accept'

# The same mistake, as Postfix meets it: every message is refused.
cp /etc/postfix/main.cf "$work/main.cf.keep"
postconf -e 'smtpd_milters = unix:/var/spool/postfix/postreply/milter.sock'
postfix reload >/dev/null 2>&1
sleep 1
out=$(smtp --from someone@example.net --to bob@example.org --body "chroot")
cp "$work/main.cf.keep" /etc/postfix/main.cf
postfix reload >/dev/null 2>&1
if contains "$out" "451 4.7.1"; then
	ok "an absolute socket path is not reached from the chroot (451 4.7.1), as README says"
else
	not_ok "an absolute socket path is not reached from the chroot (451 4.7.1), as README says" "$out"
fi

runuser -u postgres -- createdb -O postreply postreply_empty
sed 's/dbname=postreply /dbname=postreply_empty /' /etc/postreply/postreply.conf \
	>"$work/empty.conf"
chgrp postreply "$work/empty.conf"
chmod 640 "$work/empty.conf"
chmod 755 "$work"
out=$(ctl -c "$work/empty.conf" check 2>&1)
rc=$?
if [ $rc -eq 78 ] && grep "^error: " <<<"$out" | grep -q "schema"; then
	ok "postreplyctl check finds the schema missing"
else
	not_ok "postreplyctl check finds the schema missing" "status $rc: $out"
fi

# ------------------------------------------ forwarding to another server

# Here Postfix delivers no domain itself (mydestination is empty, all
# goes to the sink): the account's mailbox is on another server.
warning="warning: replies to $ACCOUNT forwarded to another server: SPF will fail there; see README, Forwarding to another mail server"
out=$(ctl check 2>&1)
if [ $? -eq 0 ] && contains "$out" "$warning"; then
	ok "postreplyctl check warns that SPF will fail for replies forwarded without SRS"
else
	not_ok "postreplyctl check warns that SPF will fail for replies forwarded without SRS" "$out"
fi

# postsrsd as README sets it up: its defaults, then main.cf's lines.
srs_wiring() {
	"$top/tests/readme_block.py" "$readme" "Forwarding to another mail server" 1 \
		>>/etc/default/postsrsd || return 1
	mapfile -t srs_lines < <(readme_settings "Forwarding to another mail server" 2)
	[ ${#srs_lines[@]} -eq 4 ] || { echo "main.cf lines: ${srs_lines[*]}"; return 1; }
	if /etc/init.d/postsrsd status >/dev/null 2>&1; then
		touch "$state/restarted-postsrsd"
	else
		touch "$state/started-postsrsd"
	fi
	/etc/init.d/postsrsd restart || return 1
	for _ in $(seq 50); do
		postmap -q x@customer.example.net tcp:127.0.0.1:10001 >/dev/null && break
		sleep 0.1
	done
	postconf -e "${srs_lines[@]}" && postfix reload
}
need "postsrsd runs with README's settings and main.cf has README's lines" srs_wiring
sleep 1

# The envelope sender the sink was given for a message (MAIL FROM).
mail_from() { sed -n 's/^X-Mail-Args: <\([^>]*\)>.*/\1/p' "$1"; }

out=$(smtp --from "$CUSTOMER" --to "$reply" --header "From: Carl <$CUSTOMER>" \
	--body "Forwarded through SRS")
if f=$(delivered "$ACCOUNT" "Forwarded through SRS") &&
	[[ $(mail_from "$f") == SRS0=*=customer.example.net=carl@reply.example.com ]] &&
	grep -q -x "From: Carl <$CUSTOMER>" "$f"; then
	ok "a forwarded reply leaves with its envelope sender rewritten (SRS), its From: as sent"
	srs=$(mail_from "$f")
else
	not_ok "a forwarded reply leaves with its envelope sender rewritten (SRS), its From: as sent" \
		"$out$(cat "${f:-/dev/null}" 2>/dev/null | head -n 12)"
	srs=
fi

out=$(smtp --from bob@example.com --to dan@example.org --body "From our own domain")
if f=$(delivered dan@example.org "From our own domain") &&
	[ "$(mail_from "$f")" = bob@example.com ]; then
	ok "mail from the company's own domain keeps its envelope sender"
else
	not_ok "mail from the company's own domain keeps its envelope sender" \
		"$out$(head -n 5 "${f:-/dev/null}" 2>/dev/null)"
fi

# A bounce to the SRS address goes back to the customer.
out=$(smtp --from "<>" --to "${srs:-SRS0=missing@reply.example.com}" --body "Bounce of the SRS reply")
if [ -n "$srs" ] && delivered "$CUSTOMER" "Bounce of the SRS reply" >/dev/null; then
	ok "a bounce to the SRS address reaches the customer"
else
	not_ok "a bounce to the SRS address reaches the customer" "$out"
fi

out=$(ctl check 2>&1)
if [ $? -eq 0 ] && ! contains "$out" "warning:" &&
	contains "$out" "ok: replies to $ACCOUNT are forwarded to another server with the envelope sender rewritten (tcp:127.0.0.1:10001 rewrites"; then
	ok "postreplyctl check sees the sender rewritten and warns no more"
else
	not_ok "postreplyctl check sees the sender rewritten and warns no more" "$out"
fi

[ $failed -eq 0 ]
