# SPDX-License-Identifier: BSD-2-Clause
# postreply-web in a real browser (headless chromium): a salesperson signs
# in, finds a hostile reply in the inbox, opens its conversation; the
# reply shows as text and none of its scripts runs. Screenshots go to
# build/.../web-shots for a person to look at.

browser_py() {
	WEB_URL=$WEB_URL WEB_SHOTS=$STACK_DIR/../web-shots \
		PYTHONPATH=$TESTS_DIR/integration /usr/bin/python3 -c \
		"from browser import *
$1" || fail "see above"
}

test_browser_hostile_reply_is_shown_as_text() {
	new_conversation
	local u eml=$STACK_DIR/hostile.eml
	u=$(uniq web)@example.com
	ctl user add "$u" >/dev/null
	printf '%s\n' "correct horse battery" | ctl user password "$u" >/dev/null
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	{
		printf '%s\r\n' "From: Mallory <$CUSTOMER>" "To: $REPLY" \
			"Subject: <img src=x onerror=\"window.__pwned='subject'\">" \
			"Message-ID: <$(uniq hostile)@example.net>" \
			"MIME-Version: 1.0" "Content-Type: text/plain; charset=utf-8" ""
		printf '%s\r\n' "<script>window.__pwned='script'</script>" \
			"<img src=x onerror=\"window.__pwned='img'\">" \
			"<a href=\"javascript:window.__pwned='link'\">click</a>" \
			"$(printf '\u202e')txt.exe" \
			"<style>body{display:none}</style>"
		head -c 300000 /dev/zero | tr '\0' 'A'
		printf '\r\n'
	} >"$eml"
	smtp --from "$CUSTOMER" --to "$REPLY" --data "$eml" >/dev/null
	wait_mail "$ACCOUNT" 20 "window.__pwned" >/dev/null
	browser_py "
d = browser()
try:
    signin(d, '$u', 'correct horse battery')
    row = wait(d, EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, '$CUSTOMER')), 'the reply in the inbox')
    shot(d, 'inbox')
    check(d.title.startswith('(1) '), 'the unread count in the title: ' + d.title)
    row.click()
    wait(d, EC.presence_of_element_located((By.CSS_SELECTOR, 'article.event.reply')), 'the timeline')
    shot(d, 'conversation')
    text = d.find_element(By.CSS_SELECTOR, 'article.event.reply .text').text
    check('<script>window.__pwned' in text, 'the script tag shown as text: ' + text[:200])
    check('javascript:' in text, 'the link shown as text')
    check(d.execute_script('return window.__pwned') is None, 'a script ran: %s' % d.execute_script('return window.__pwned'))
    check(d.execute_script('return document.querySelectorAll(\"main script, main img, main a[href^=javascript], main style\").length') == 0, 'customer markup became elements')
    check(d.find_element(By.TAG_NAME, 'body').is_displayed(), 'the layout holds')
    width = d.execute_script('return document.documentElement.scrollWidth')
    check(width <= 1200, 'a 300 KB line does not widen the page: %s' % width)
finally:
    d.quit()
"
}
