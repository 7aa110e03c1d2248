# SPDX-License-Identifier: BSD-2-Clause
# postreply-web in a real browser (headless chromium): an administrator
# adds a user and grants them an account from the administration page.

# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"

test_browser_admin_adds_a_user_and_grants_an_account() {
	new_conversation
	local admin newbie
	admin=$(uniq admin)@example.com
	newbie=$(uniq newbie)@example.com
	web_user "$admin" "correct horse battery" admin
	browser_py "
from selenium.webdriver.support.ui import Select
d = browser()
try:
    signin(d, '$admin', 'correct horse battery')
    wait(d, EC.element_to_be_clickable((By.LINK_TEXT, 'Administration')), 'the administration link').click()
    wait(d, EC.presence_of_element_located((By.ID, 'new-user')), 'the page').send_keys('$newbie')
    d.find_element(By.XPATH, \"//button[text()='Add user']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//table[@id='users']//td[text()='$newbie']\")), 'the user listed')
    Select(d.find_element(By.ID, 'grant-user')).select_by_value('$newbie')
    Select(d.find_element(By.ID, 'grant-account')).select_by_value('$ACCOUNT')
    d.find_element(By.XPATH, \"//button[text()='Grant']\").click()
    wait(d, EC.presence_of_element_located((By.XPATH, \"//table[@id='users']//tr[td[text()='$newbie']]/td[text()='$ACCOUNT']\")), 'the grant listed')
    shot(d, 'admin')
finally:
    d.quit()
"
	assert_contains "$(ctl user list)" "$ACCOUNT" "postreplyctl sees the grant"
}
