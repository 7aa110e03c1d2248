#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# man.sh: the man pages in man/, checked against the tools that render
# them and against the code they describe, so that they cannot drift.
#   tests/docs/man.sh   prints "ok - ..." and "not ok - ..." lines, with
#                       what is wrong indented below a "not ok"
# - each page passes mandoc's lint at warning level, and renders with
#   man -l (and groff -w all, where groff is installed) without a word on
#   standard error;
# - postreply.conf.5 describes exactly the parameters of core/conf_keys.h's
#   table, each with the table's default;
# - postreplyctl.8 has an item for every command of ctl/commands.c's
#   table and describes every --option the table names.
# Exit status 1 if anything failed.
set -u
# The tools' own complaints about an unknown locale must not count.
export LC_ALL=C.UTF-8
top=$(cd "$(dirname "$0")/../.." && pwd)
man=$top/man
pages="postreply-milter.8 postreply-policyd.8 postreply-analyzer.8 postreply-web.8
  postreplyctl.8 postreply.conf.5"
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

page_exists() {
	[ -f "$man/$1" ] || {
		report "man/$1 exists" "no such file"
		return 1
	}
}

lint() {
	local page=$1
	if ! command -v mandoc >/dev/null; then
		report "$page: mandoc -T lint" "mandoc is missing: run 'make deps' as root"
		return
	fi
	report "$page: mandoc -T lint -W warning reports nothing" \
		"$(mandoc -T lint -W warning "$man/$page" 2>&1)"
}

# man -l formats with groff: the page must come out, and nothing may be
# said on standard error.
render() {
	local page=$1 out err
	err=$(mktemp)
	out=$(MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$man/$page" 2>"$err")
	if ! grep -q '^NAME' <<<"$out"; then
		echo "man -l printed no NAME section" >>"$err"
	fi
	report "$page: man -l renders it" "$(cat "$err")"
	rm -f "$err"
	command -v groff >/dev/null || return 0
	report "$page: groff -w all is silent" \
		"$(groff -w all -mdoc -Tutf8 -z "$man/$page" 2>&1)"
}

# The parameter table (core/conf_keys.h) as "name<TAB>default" lines:
# its rows are X(name, TYPE, "default", ...), a row possibly continued
# on the next line (clang-format wraps the long ones).
conf_table() {
	sed -e ':a' -e '/\\$/{N; s/\\\n[[:space:]]*/ /; ba' -e '}' "$top/core/conf_keys.h" |
		grep -oE 'X\([a-z0-9_]+, *[A-Z]+, *"[^"]*"' |
		sed -E 's/^X\(([a-z0-9_]+), *[A-Z]+, *"([^"]*)"/\1\t\2/'
}

# The parameters postreply.conf.5 describes: its ".It Cm NAME No = ..."
# items.
conf_page_names() {
	sed -n 's/^\.It Cm \([a-z0-9_]*\) No = .*/\1/p' "$man/postreply.conf.5"
}

# The text of NAME's item, up to the next item or the end of its list.
conf_page_item() {
	awk -v name="$1" '
		$0 ~ "^\\.It Cm " name " No = " { on = 1; next }
		on && /^\.(It|El)( |$)/ { exit }
		on { print }
	' "$man/postreply.conf.5"
}

check_conf() {
	local table names missing extra wrong name def item
	table=$(conf_table)
	if [ -z "$table" ]; then
		report "postreply.conf.5 matches core/conf_keys.h" \
			"cannot read the table conf_keys in core/conf_keys.h"
		return
	fi
	names=$(conf_page_names | sort)
	missing=$(comm -23 <(cut -f1 <<<"$table" | sort) <(echo "$names"))
	extra=$(comm -13 <(cut -f1 <<<"$table" | sort) <(echo "$names"))
	report "postreply.conf.5 describes every parameter of core/conf_keys.h" \
		"$(sed '/^$/d; s/^/missing: /' <<<"$missing")"
	report "postreply.conf.5 describes no parameter core/conf_keys.h lacks" \
		"$(sed '/^$/d; s|^|not in core/conf_keys.h: |' <<<"$extra")"
	wrong=""
	while IFS=$'\t' read -r name def; do
		# From the sentence that gives the default to the item's end.
		item=$(conf_page_item "$name" | sed -n '/The default/,$p')
		if [ -z "$def" ]; then
			grep -q 'The default is empty' <<<"$item" && continue
		else
			grep -qwF -- "$def" <<<"$item" && continue
		fi
		wrong+="$name: the default \"$def\" is not stated"$'\n'
	done <<<"$table"
	report "postreply.conf.5 states each parameter's default as core/conf_keys.h has it" \
		"${wrong%$'\n'}"
}

check_ctl() {
	local page=$man/postreplyctl.8 words missing="" opt
	while read -r words; do
		[ -n "$words" ] || continue
		# The words, then the arguments' macros or the end of the line:
		# "jobs" must have an item of its own besides "jobs retry".
		grep -qE "^\.It Cm $words( [A-Z][a-z]+( .*)?)?\$" "$page" ||
			missing+="command: $words"$'\n'
	done < <(sed -n 's/^ *{"\([a-z][a-z -]*\)",.*/\1/p' \
		"$top/ctl/commands.c")
	for opt in $(grep -o -- '--[a-z][a-z-]*' "$top/ctl/commands.c" |
		sort -u); do
		grep -qE -- "Fl ${opt#-}( |\$)" "$page" ||
			missing+="option: $opt"$'\n'
	done
	report "postreplyctl.8 describes every command and option of ctl/commands.c" \
		"${missing%$'\n'}"
}

for page in $pages; do
	page_exists "$page" || continue
	lint "$page"
	render "$page"
done
page_exists postreply.conf.5 && check_conf
page_exists postreplyctl.8 && check_ctl
exit $failed
