# SPDX-License-Identifier: BSD-2-Clause
# postreply-web's accessibility, in a real browser (headless chromium):
# axe-core (npm, from make deps) runs inside the page on every page a
# person uses (sign-in, inbox, conversation, customer, settings,
# administration) and finds no serious or critical violation; every
# control has a name, and the focus shows where it is as Tab moves it.

# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"

test_browser_a11y_every_page_passes_axe() {
	new_conversation
	local u admin long=$STACK_DIR/long-reply.txt
	u=$(uniq web)@example.com
	admin=$(uniq admin)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	web_user "$admin" "correct horse battery" admin
	smtp --from "$CUSTOMER" --to "$REPLY" --body "Interested: what would 40 seats cost?" >/dev/null
	wait_mail "$ACCOUNT" 20 "40 seats cost" >/dev/null
	wait_analysis "$CUSTOMER" >/dev/null
	# A reply long enough to scroll in its box.
	seq -f "Notes from the call, line %g" 300 >"$long"
	ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" --channel phone \
		--text-file "$long" >/dev/null
	ctl note add --account "$ACCOUNT" "$CUSTOMER" --text "Send the quote Monday" >/dev/null
	browser_py "$(
		cat <<EOF
from selenium.webdriver.common.keys import Keys
d = browser()
def page(name, tabs=10):
    axe(d, name)
    labelled(d, name)
    focus_visible(d, name, tabs)
try:
    d.get(URL + '/')
    wait(d, EC.presence_of_element_located((By.ID, 'email')), 'the sign-in page')
    page('sign-in')
    signin(d, '$u', 'correct horse battery')
    wait(d, EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, '$CUSTOMER')), 'the inbox row')
    page('inbox')
    d.find_element(By.PARTIAL_LINK_TEXT, '$CUSTOMER').click()
    wait(d, EC.presence_of_element_located((By.ID, 'answer-subject')), 'the conversation and its answer form')
    wait(d, EC.presence_of_element_located((By.XPATH, "//article[contains(@class, 'note')]")), 'the note on the timeline')
    check(d.execute_script("return [...document.querySelectorAll('.text')].some((e) => e.tabIndex === 0)"),
          'the long reply scrolls in a box the keyboard can reach')
    page('conversation', 16)
    d.find_element(By.LINK_TEXT, 'Customer page').click()
    wait(d, EC.presence_of_element_located((By.ID, 'customer-status')), 'the customer page')
    page('customer')
    d.find_element(By.LINK_TEXT, 'Settings').click()
    wait(d, EC.presence_of_element_located((By.ID, 'reply-to')), 'the settings page')
    page('settings', 16)
    d.execute_script('document.activeElement.blur()')
    keys(d, '?')
    wait(d, lambda d: d.execute_script("return document.getElementById('keys-help').open"), 'the list of shortcuts')
    page('shortcuts', 3)
    keys(d, Keys.ESCAPE)
    d.find_element(By.ID, 'signout').click()
    wait(d, EC.presence_of_element_located((By.ID, 'email')), 'signed out')
    signin(d, '$admin', 'correct horse battery')
    d.find_element(By.LINK_TEXT, 'Administration').click()
    wait(d, EC.presence_of_element_located((By.ID, 'new-user')), 'the administration page')
    page('administration')
    d.set_window_size(390, 844)
    d.get(URL + '/#/inbox')
    wait(d, EC.presence_of_element_located((By.XPATH, "//main/h1[text()='Inbox']")), 'the inbox at a phone width')
    axe(d, 'inbox at a phone width')
    check(d.execute_script('return document.documentElement.scrollWidth') <= 390, 'nothing wider than a phone')
    shot(d, 'inbox-phone')
finally:
    d.quit()
EOF
	)"
}
