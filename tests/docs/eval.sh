#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# eval.sh: postreply-analyzer --eval, and the development sets against the
# figures of the README's table ("How well it reads and understands"),
# the one place they are written.
#   tests/docs/eval.sh BUILD   prints "ok - ..." and "not ok - ..." lines,
#                              with what is wrong indented below a "not ok"
# - each set of tests/devset (sales and its two hold-outs, trim, bounce)
#   scores at least the README's figures for it with the built-in
#   analyzer, and every field a set labels has its figures in the table;
# - --eval says which file and key of a bad labels.json is wrong, scores a
#   signal fired on the wrong day as a false positive and a miss, reports
#   an unreadable .eml and carries on, and --min exits 1 naming the fields
#   below their figure.
# Exit status 1 if anything failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: tests/docs/eval.sh BUILD}" && pwd)
bin=$build/bin/postreply-analyzer
heading="How well it reads and understands"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# report NAME PROBLEMS: "ok" when PROBLEMS is empty.
report() {
	if [ -z "$2" ]; then
		echo "ok - $1"
	else
		failed=1
		echo "not ok - $1"
		printf '%s\n' "$2" | sed 's/^/    /'
	fi
}

# evalrun ARGS...: --eval with the defaults (the built-in analyzer, no
# configuration file); standard output in $tmp/out, errors in $tmp/err.
evalrun() {
	"$bin" -c /dev/null --backend builtin "$@" >"$tmp/out" 2>"$tmp/err"
}

# The README's guard figures for SET, as --min lines.
figures() {
	"$top/tests/readme_block.py" --table "$top/README.md" "$heading" |
		awk -F'\t' -v set="$1" '$1 == set { sub(/ *%$/, "", $4);
			print $2, $3, $4 }'
}

# A development set against its figures (none yet: it must only run).
check_set() {
	local set=$1 dir=$top/tests/devset/$1 why="" rc
	figures "$set" >"$tmp/$set.min"
	if [ -s "$tmp/$set.min" ]; then
		evalrun --eval "$dir" --min "$tmp/$set.min"
	else
		evalrun --eval "$dir"
	fi
	rc=$?
	[ $rc -eq 0 ] || why=$(sed -n '/^below the guard/,$p' "$tmp/out"; head -5 "$tmp/err")
	report "tests/devset/$set scores the README's figures or better" "$why"
}

# Every field a set labels has its figures in the table.
check_table() {
	local set=$1 missing
	evalrun --eval "$top/tests/devset/$set" --json
	missing=$(python3 -c '
import json, sys
fields = json.load(open(sys.argv[1]))["fields"]
rows = {tuple(l.split()[:2]) for l in open(sys.argv[2])}
sig = ("unavailable", "not_interested", "do_not_contact", "meeting_booked",
       "requested_followup")
for f in fields:
    want = [(f, "precision"), (f, "recall")] if f in sig else \
        [(f, "exact" if f == "reply" else "accuracy")]
    for w in want:
        if w not in rows:
            print("no row for %s %s" % w)
' "$tmp/out" "$tmp/$set.min" 2>&1)
	report "the README's table has every field of tests/devset/$set" \
		"$missing"
}

# A labelled directory of two replies: one of the sales set with a date
# the analyzer reads for sure, labelled with the wrong day and a text
# that differs from the third line on (its first lines differ only in
# white space), and one that is not a file that can be read.
fixture() {
	mkdir -p "$tmp/fx"
	cp "$top/tests/devset/sales/en-034.eml" "$tmp/fx/a.eml"
	mkfifo "$tmp/fx/b.eml"
	cat >"$tmp/fx/labels.json" <<-'EOF'
	{"received_at": "2026-12-02T15:16:00Z", "tz": "Europe/Paris",
	 "replies": {
	  "a.eml": {"requested_followup_date": "2027-01-15",
	            "reply": "\r\nHi Hannah,  \r\n\r\nPlease get back to me on 15 January.\n\n",
	            "do_not_contact": false, "sentiment": "negative"},
	  "b.eml": {"meeting_booked": true}
	 }}
	EOF
}

check_dates() {
	local why=""
	evalrun --eval "$tmp/fx" --json ||
		why="exit status $? ($(head -3 "$tmp/err"))"
	why+=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
f = d["fields"]["requested_followup"]
if (f["tp"], f["fp"], f["fn"]) != (0, 1, 1):
    print("requested_followup on the wrong day: TP/FP/FN %d/%d/%d, "
          "not 0/1/1" % (f["tp"], f["fp"], f["fn"]))
if d["not_read"] != 1 or d["fields"]["meeting_booked"]["fn"] != 1:
    print("the unreadable b.eml is not a miss")
if not any(m["file"] == "b.eml" and "not a regular file" in m["got"]
           for m in d["misses"]):
    print("no miss says why b.eml was not read")
want = "line 3: expected \"Please get back to me on 15 January.\", got \"Please"
if not any(m["field"] == "reply" and m.get("excerpt", "").startswith(want)
           for m in d["misses"]):
    print("the reply miss does not say where the texts part: %s" %
          [m for m in d["misses"] if m["field"] == "reply"])
' "$tmp/out" 2>&1)
	report "--eval: a signal on the wrong day is a false positive and a miss; an unreadable .eml is a miss; a text miss says where" "$why"
}

check_min() {
	local why="" rc
	add() { why+="${why:+$'\n'}$1"; }
	printf '%s\n' "# a comment" "do_not_contact precision 100" \
		"sentiment accuracy 100 %" >"$tmp/min"
	evalrun --eval "$tmp/fx" --min "$tmp/min"
	rc=$?
	[ $rc -eq 1 ] || why="exit status $rc, not 1"
	sed -n '/^below the guard/,$p' "$tmp/out" >"$tmp/below"
	grep -q "^  sentiment accuracy: 0.0 % < 100.0 %" "$tmp/below" ||
		add "the field below its figure is not listed"
	! grep -q "do_not_contact" "$tmp/below" ||
		add "a field at its figure is listed"
	echo "sentiment accurcy 50" >"$tmp/min"
	evalrun --eval "$tmp/fx" --min "$tmp/min"
	rc=$?
	if [ $rc -ne 65 ] || ! grep -q "line 1: sentiment has no measure accurcy" \
		"$tmp/err"; then
		add "a bad --min line: $rc $(cat "$tmp/err")"
	fi
	report "--min exits 1 listing the fields below their figure" "$why"
}

# bad_labels JSON EXPECTED: --eval refuses it, saying EXPECTED.
bad_labels() {
	mkdir -p "$tmp/bad"
	printf '%s\n' "$1" >"$tmp/bad/labels.json"
	evalrun --eval "$tmp/bad"
	local rc=$?
	if [ $rc -ne 65 ] || ! grep -qF "$2" "$tmp/err"; then
		echo "$1: exit status $rc, $(cat "$tmp/err") (expected \"$2\")"
	fi
}

check_bad() {
	local why
	why=$(
		bad_labels '{"replies": {"a.eml": {"sentiment": 3}}}' \
			'labels.json: replies."a.eml".sentiment: expected a string'
		bad_labels '{"replies": {"a.eml": {"sentiment": "glad"}}}' \
			'sentiment: expected one of positive, neutral, negative'
		bad_labels '{"replies": {"a.eml": {"meeting_booked": "yes"}}}' \
			'replies."a.eml".meeting_booked: expected true or false'
		bad_labels '{"replies": {"a.eml": {"sentimnet": "negative"}}}' \
			'replies."a.eml".sentimnet: unknown key'
		bad_labels '{"replies": {"../a.eml": {}}}' \
			'replies."../a.eml": not a file name in the directory'
		bad_labels '{"replies": {"a.eml": {"unavailable_until": "2026-02-30"}}}' \
			'unavailable_until: expected a day as YYYY-MM-DD'
		bad_labels '{"replies": {"a.eml": {}}}' 'no received_at'
		bad_labels '{"tz": "Mars/Olympus", "replies": {}}' \
			'tz: not a time zone'
		bad_labels '{"replies": [[[[[[[[[[[[]]]]]]]]]]]]}' 'labels.json: '
		bad_labels '{"replies": {' 'labels.json: '
		"$bin" -c /dev/null --eval "$tmp/nowhere" >/dev/null 2>"$tmp/err"
		grep -q "nowhere: No such file or directory" "$tmp/err" ||
			echo "a missing directory: $(cat "$tmp/err")"
	)
	report "--eval names the file and key of a bad labels.json" "$why"
}

for dir in "$top"/tests/devset/*/; do
	[ -f "$dir/labels.json" ] || continue
	check_set "$(basename "$dir")"
	check_table "$(basename "$dir")"
done
fixture
check_dates
check_min
check_bad
exit $failed
