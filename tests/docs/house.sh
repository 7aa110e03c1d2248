#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# house.sh: the rules of the tree's layout that a reviewer would otherwise
# have to remember, checked so that they hold after every change.
#   tests/docs/house.sh BUILD   prints "ok - ..." and "not ok - ..." lines,
#                               with what is wrong indented below
# - the milter and policyd link only libpq among the big libraries (they
#   read mail headers and the configuration, never MIME, HTTP or JSON);
# - configuration is read through struct conf (conf_cur()->name), never
#   by a name in a string;
# - the SQL that writes replies, customers' statuses and jobs lives in
#   core/ only;
# - no two functions of the programs and libraries share a name;
# - every source file carries the licence's SPDX line;
# - every refusal's code (web/errcode.c) still finds its refusal: the
#   code goes by the refusal's first words, so rewording one would
#   otherwise drop its code silently, and the pages would show it in
#   English.
# Exit status 1 if anything failed.
set -u
export LC_ALL=C
top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: tests/docs/house.sh BUILD}" && pwd)
cd "$top" || exit 1
failed=0
src_dirs="util reading core milter policyd analyzer ctl"

# report NAME PROBLEMS: "ok" when PROBLEMS is empty.
house_report() {
	if [ -z "$2" ]; then
		echo "ok - $1"
	else
		failed=1
		echo "not ok - $1"
		printf '%s\n' "$2" | sed 's/^/    /'
	fi
}

house_links() {
	local p bad=""
	for p in postreply-milter postreply-policyd; do
		bad+=$(ldd "$build/bin/$p" |
			grep -oE 'lib(curl|gmime-3\.0|glib-2\.0|json-c)\.so' |
			sed "s|^|$p links |")
	done
	house_report "the milter and policyd link neither libcurl, GMime, GLib nor json-c" "$bad"
}

house_conf() {
	house_report "configuration is read through struct conf, never by a name in a string" \
		"$(grep -rnE 'conf_(str|int|bool|duration|size)\("' $src_dirs)"
}

# Statements that write the facts core/ owns, outside core/.
house_sql() {
	house_report "only core/ writes replies, customers' status and jobs" \
		"$(grep -rnE "(INSERT INTO|UPDATE|DELETE FROM) (replies|customers|jobs)\b" \
			--include='*.c' $src_dirs | grep -v '^core/')"
}

# Every external function and every static defined in our objects.
house_names() {
	local dups
	dups=$(for f in $(git ls-files $src_dirs | grep '\.c$' | sort -u); do
		nm --defined-only "$build/obj/${f%.c}.o" |
			awk -v f="$f" '$2 ~ /^[Tt]$/ && $3 !~ /^_|\./ && $3 != "main" {print $3, f}'
	done | sort | awk '{n[$1]++; w[$1] = w[$1] " " $2}
		END {for (f in n) if (n[f] > 1) print f ":" w[f]}' | sort)
	house_report "no two functions share a name" "$dups"
}

house_spdx() {
	local f bad=""
	for f in $(git ls-files '*.c' '*.h' '*.sh' '*.py' '*.sql' '*.js' '*.css' Makefile 'scripts/*'); do
		head -3 "$f" | grep -q 'SPDX-License-Identifier: BSD-2-Clause' ||
			bad+="$f"$'\n'
	done
	house_report "every source file says its licence (SPDX line, BSD-2-Clause)" "${bad%$'\n'}"
}

house_errcodes() {
	local code start bad="" text
	# The C sources of web/ and core/, their split string literals joined.
	local f files=()
	for f in web/*.c core/*.c; do
		[ "$f" = web/errcode.c ] || files+=("$f")
	done
	text=$(perl -0pe 's/"\s*\n\s*"//g' "${files[@]}")
	while IFS=$'\t' read -r code start; do
		grep -q -F -- "\"$start" <<<"$text" ||
			bad+="$code: no refusal starts with \"$start\""$'\n'
	done < <(sed -n 's/^ *{"\([a-z0-9_]*\)", "\(.*\)"},$/\1\t\2/p' web/errcode.c)
	house_report "every refusal's code in web/errcode.c starts a refusal of web/ or core/" "${bad%$'\n'}"
}

house_links
house_conf
house_sql
house_names
house_spdx
house_errcodes
exit $failed
