# SPDX-License-Identifier: BSD-2-Clause
# make demo, as a person runs it into a file or a pipe: it works end to
# end, and its output has no terminal escape codes there. It runs on
# ports of its own (DEMO_BASEPORT) beside the test stack, in a directory
# of its own, so that a demo already running in this tree is left alone.

test_demo_runs_and_prints_no_escape_codes_into_a_file() {
	local out=$STACK_DIR/demo.out
	export DEMO_DIR=$STACK_DIR/demo DEMO_BINDIR=$BINDIR
	export DEMO_BASEPORT=$((PGPORT + 40))
	trap '"$TESTS_DIR/../scripts/demo" stop >/dev/null 2>&1 || true' EXIT
	"$TESTS_DIR/../scripts/demo" >"$out" 2>&1 ||
		fail "the demo failed: $(tail -n 5 "$out")"
	if grep -q $'\033' "$out"; then
		fail "escape codes in the demo's output: $(grep -m 1 $'\033' "$out" | cat -v)"
	fi
	assert_contains "$(cat "$out")" "== Carl answers: his reply goes into Postfix over SMTP" \
		"headings as plain text"
	assert_contains "$(cat "$out")" "127.0.0.1:$((DEMO_BASEPORT + 1))" \
		"Postfix on DEMO_BASEPORT + 1"
	assert_contains "$(cat "$out")" "the follow-up, threaded to the first email" \
		"it went to the end"
	assert_contains "$(cat "$out")" "The web interface: http://127.0.0.1:$((DEMO_BASEPORT + 8))" \
		"the web's address"
	WEB_URL=http://127.0.0.1:$((DEMO_BASEPORT + 8)) PYTHONPATH=$TESTS_DIR/integration \
		/usr/bin/python3 -c "from webtest import *
cookie, csrf = signin('alice@example.com', 'postreply-demo')
st, h, j = request('GET', '/api/inbox', cookie=cookie)
check(st == 200 and 'carl@customer.example.net' in [r['customer'] for r in j['rows']], 'the demo inbox: %s' % j)
" || fail "the demo's sign-in does not work"
}
