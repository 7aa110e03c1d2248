# SPDX-License-Identifier: BSD-2-Clause
# postreply-web in a real browser (headless chromium): a salesperson sets
# the reply-to address of an account and a follow-up rule on the
# settings page; the database and postreplyctl have them.

# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"

test_browser_salesperson_edits_the_settings() {
	new_conversation
	local u
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	browser_py "
from selenium.webdriver.support.ui import Select
d = browser()
try:
    signin(d, '$u', 'correct horse battery')
    wait(d, EC.element_to_be_clickable((By.LINK_TEXT, 'Settings')), 'the settings link').click()
    reply_to = wait(d, EC.presence_of_element_located((By.ID, 'reply-to')), 'the settings form')
    check(d.find_element(By.XPATH, \"//label[@for='reply-to']\").text.startswith('Reply-to address'), 'labelled')
    reply_to.clear()
    reply_to.send_keys('sales-team@example.com')
    d.find_element(By.XPATH, \"//button[text()='Save settings']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//p[@id='saved' and text()='Settings saved.']\")), 'saved')
    check(d.find_element(By.ID, 'reply-to').get_attribute('value') == 'sales-team@example.com', 'shown as stored')
    d.find_element(By.ID, 'rule-no_reply-enabled').click()
    steps = d.find_element(By.ID, 'rule-no_reply-steps')
    steps.clear()
    steps.send_keys('2d,4d')
    Select(d.find_element(By.ID, 'rule-no_reply-message')).select_by_value('custom')
    d.find_element(By.ID, 'rule-no_reply-text').send_keys('Hello {customer_name}, any news?')
    d.find_element(By.XPATH, \"//fieldset[legend[text()='No reply']]//button[text()='Save rule']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//p[@id='saved' and text()='Rule saved.']\")), 'the rule saved')
    check(d.find_element(By.ID, 'rule-no_reply-enabled').is_selected(), 'enabled as stored')
    shot(d, 'settings')
    # A refusal is shown, and nothing changes.
    steps = d.find_element(By.ID, 'rule-no_reply-steps')
    steps.clear()
    steps.send_keys('soon')
    d.find_element(By.XPATH, \"//fieldset[legend[text()='No reply']]//button[text()='Save rule']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//fieldset[legend[text()='No reply']]//p[contains(., 'Steps must be durations')]\")), 'the refusal')
finally:
    d.quit()
"
	assert_eq "sales-team@example.com" "$(sql "SELECT reply_to FROM accounts WHERE email = '$ACCOUNT'")" \
		"the reply-to is stored"
	assert_contains "$(ctl followup rule list --account "$ACCOUNT")" "no_reply         enabled   2d,4d" \
		"postreplyctl reads the rule"
	assert_eq "custom|Hello {customer_name}, any news?" \
		"$(sql "SELECT r.message || '|' || r.custom_text FROM followup_rules r JOIN accounts a ON a.id = r.account_id
			WHERE a.email = '$ACCOUNT' AND r.scenario = 'no_reply'")" "its message"
}
