# SPDX-License-Identifier: BSD-2-Clause
# postreply-web in a real browser (headless chromium): a salesperson
# answers a customer from the conversation page; the email reaches the
# sink through Postfix with a fresh reply+ address and shows on the
# timeline; then the customer page sets do-not-contact, and the answer
# form no longer sends.

# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"

test_browser_salesperson_answers_a_customer() {
	new_conversation
	local u f
	u=$(uniq web)@example.com
	web_user "$u" "correct horse battery"
	ctl user grant "$u" --account "$ACCOUNT" >/dev/null
	smtp --from "$CUSTOMER" --to "$REPLY" --header "Subject: Re: Our offer" \
		--body "What would 40 seats cost?" >/dev/null
	wait_mail "$ACCOUNT" 20 "40 seats cost" >/dev/null
	browser_py "
from selenium.webdriver.support.ui import Select
d = browser()
try:
    signin(d, '$u', 'correct horse battery')
    wait(d, EC.element_to_be_clickable((By.PARTIAL_LINK_TEXT, '$CUSTOMER')), 'the reply in the inbox').click()
    subject = wait(d, EC.presence_of_element_located((By.ID, 'answer-subject')), 'the answer form')
    check(subject.get_attribute('value') == 'Re: Our offer', 'the subject is prefilled: %r' % subject.get_attribute('value'))
    d.find_element(By.XPATH, \"//label[@for='answer-text']\")
    d.find_element(By.ID, 'answer-text').send_keys('Hello Carl,\n\n40 seats are 1,600 EUR a month.')
    d.find_element(By.ID, 'answer-send').click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//article[contains(@class, 'email_sent')]//div[text()='Re: Our offer']\")), 'the email on the timeline')
    shot(d, 'conversation-answered')
    # The customer page: details, status, their conversations.
    d.find_element(By.LINK_TEXT, 'Customer page').click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//dd[text()='$CUSTOMER']\")), 'the customer page')
    Select(d.find_element(By.ID, 'customer-status')).select_by_value('do_not_contact')
    d.find_element(By.XPATH, \"//button[text()='Set status']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//dt[text()='Do not contact']/following-sibling::dd[1][starts-with(., 'yes')]\")), 'do-not-contact shown')
    shot(d, 'customer')
    d.find_element(By.XPATH, \"//ul[@aria-label='Conversations with this customer']//a\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//p[contains(., 'asked not to be contacted')]\")), 'the answer form says do-not-contact')
    check(not d.find_element(By.ID, 'answer-send').is_enabled(), 'and cannot send')
finally:
    d.quit()
"
	f=$(wait_mail "$CUSTOMER" 20 "1,600 EUR a month") || fail "the answer did not reach the sink"
	grep -q -E -i '^Reply-To: .*reply\+[a-z2-7]{16}@reply\.example\.com' "$f" ||
		fail "a fresh reply+ address: $(grep -i '^Reply-To:' "$f")"
	assert_contains "$(grep -i '^Subject:' "$f")" "Re: Our offer" "the subject"
}
