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
	web_user "$u" "correct horse battery"
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
		head -c 1000000 /dev/zero | tr '\0' 'A'
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
    check(width <= 1200, 'a 1 MB line does not widen the page: %s' % width)
    check('more characters are not shown' in d.find_element(By.TAG_NAME, 'main').text, 'the rest of the line is said, not shown')
finally:
    d.quit()
"
}

# A salesperson's day in the page: a reply arrives, they open it (read),
# log a phone call, add a note and set the status, without a shell.
test_browser_salesperson_works_a_conversation() {
	new_conversation
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested, can you call me?" >/dev/null
	wait_mail "$ACCOUNT" 20 "can you call me" >/dev/null
	browser_py "
from selenium.webdriver.support.ui import Select
d = browser()
try:
    signin(d, '$u', 'correct horse battery')
    wait(d, EC.element_to_be_clickable((By.PARTIAL_LINK_TEXT, '$CUSTOMER')), 'the reply in the inbox').click()
    wait(d, EC.presence_of_element_located((By.ID, 'note')), 'the actions')
    d.find_element(By.ID, 'logged').send_keys('Called back: wants a quote for 40 seats')
    Select(d.find_element(By.ID, 'channel')).select_by_value('phone')
    d.find_element(By.XPATH, \"//button[text()='Log reply']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//h3[contains(., 'Logged reply (phone)')]\")), 'the logged call on the timeline')
    wait(d, EC.presence_of_element_located((By.ID, 'note')), 'the actions again').send_keys('Send the quote Monday')
    d.find_element(By.XPATH, \"//button[text()='Add note']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//article[contains(@class, 'note')]//div[text()='Send the quote Monday']\")), 'the note')
    Select(wait(d, EC.presence_of_element_located((By.ID, 'status')), 'status')).select_by_value('meeting_booked')
    d.find_element(By.XPATH, \"//button[text()='Set status']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//p[contains(., 'status meeting booked')]\")), 'the new status')
    shot(d, 'conversation-acted')
    d.get(URL + '/#/inbox')
    wait(d, EC.presence_of_element_located((By.XPATH, \"//main/h1[text()='Inbox']\")), 'the inbox')
    check(not d.title.startswith('('), 'read: no unread count left in the title: ' + d.title)
finally:
    d.quit()
"
	assert_eq meeting_booked "$(sql "SELECT status FROM customers WHERE email = '$CUSTOMER'")" \
		"the status is stored"
}

# Live: the inbox is open when a reply comes through Postfix; its row
# appears, with the unread count in the title, without a reload.
test_browser_a_reply_appears_without_reload() {
	new_conversation
	local u ready=$STACK_DIR/live.ready pid
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	rm -f "$ready"
	browser_py "
d = browser()
try:
    signin(d, '$u', 'correct horse battery')
    wait(d, lambda d: d.find_element(By.TAG_NAME, 'body').get_attribute('data-live') == 'open', 'the live stream open')
    d.execute_script('window.__loaded = 1')
    check('Live from Postfix' not in d.find_element(By.TAG_NAME, 'main').text, 'no reply yet')
    check(not d.title.startswith('('), 'nothing unread yet: ' + d.title)
    open('$ready', 'w').close()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//ul[@class='inbox']//span[@class='preview'][contains(., 'Live from Postfix')]\")), 'the new reply in the inbox', 60)
    check(d.execute_script('return window.__loaded') == 1, 'the page was not reloaded')
    wait(d, lambda d: d.title.startswith('(1) '), 'the unread count in the title')
    shot(d, 'inbox-live')
finally:
    d.quit()
" &
	pid=$!
	for _ in $(seq 300); do
		[[ -e $ready ]] && break
		sleep 0.1
	done
	[[ -e $ready ]] || { wait "$pid"; fail "the browser never got the inbox open"; }
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Live from Postfix" >/dev/null
	wait "$pid" || fail "the reply did not appear live"
}
