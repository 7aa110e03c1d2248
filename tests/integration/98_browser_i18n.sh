# SPDX-License-Identifier: BSD-2-Clause
# postreply-web in a real browser (headless chromium), in the user's
# language and from the keyboard: a chromium set to French gets the pages
# in French, with French dates and no English left; German chosen on the
# page stays chosen after a reload; the ? list of shortcuts opens, in the
# page's language, and each shortcut does what it says.

# browser_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/97_browser.sh"
# web_py
# shellcheck disable=SC1091
. "$TESTS_DIR/integration/95_web.sh"

# A user of a new account with a password; sets U.
i18n_user() {
	new_conversation
	U=$(uniq web)@example.com
	web_user "$U" "correct horse battery"
	ctl user grant "$U" --account "$ACCOUNT" >/dev/null
}

test_browser_i18n_french_from_the_browser_german_chosen_and_kept() {
	i18n_user
	smtp --from "$CUSTOMER" --to "$REPLY" \
		--body "Bonjour, pouvez-vous me rappeler jeudi ?" >/dev/null
	wait_mail "$ACCOUNT" 20 "me rappeler jeudi" >/dev/null
	browser_py "$(
		cat <<EOF
import re
from selenium.webdriver.support.ui import Select
from selenium.webdriver.common.keys import Keys
d = browser('fr-FR')
try:
    d.get(URL + '/')
    check(d.execute_script('return navigator.languages[0]').startswith('fr'),
          'chromium speaks French: %s' % d.execute_script('return navigator.languages'))
    wait(d, EC.presence_of_element_located((By.XPATH, "//main//h1[text()='Connexion']")), 'the sign-in page in French')
    check(d.execute_script('return document.documentElement.lang') == 'fr', 'html lang is fr')
    check(d.find_element(By.XPATH, "//label[@for='password']").text == 'Mot de passe', 'the labels in French')
    d.set_script_timeout(30)
    missing = d.execute_async_script("const done = arguments[0]; import('/i18n.js').then((m) => done(m.i18nMissing()))")
    check(missing == [], 'every catalogue has every key, and no other: %s' % missing)
    left = english_left(d, 'fr')
    check(left == [], 'the sign-in page has no English left: %s' % left)
    signin(d, '$U', 'correct horse battery', 'Boîte de réception')
    wait(d, EC.presence_of_element_located((By.PARTIAL_LINK_TEXT, '$CUSTOMER')), 'the reply in the inbox')
    check(d.title.startswith('(1) '), 'the unread count in the title: ' + d.title)
    check('Page 1 sur 1' in d.find_element(By.CSS_SELECTOR, 'nav.pager').text, 'the pager in French')
    left = english_left(d, 'fr')
    check(left == [], 'the inbox has no English left: %s' % left)
    axe(d, 'inbox in French')
    shot(d, 'inbox-fr')
    d.find_element(By.PARTIAL_LINK_TEXT, '$CUSTOMER').click()
    wait(d, EC.presence_of_element_located((By.ID, 'answer-subject')), 'the conversation')
    check(d.find_element(By.XPATH, "//button[@type='submit' and text()='Ajouter la note']"), 'the actions in French')
    times = [e.text for e in d.find_elements(By.TAG_NAME, 'time')]
    months = ('janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.')
    check(times and all(any(m in t for m in months) for t in times), 'the dates in French: %s' % times)
    left = english_left(d, 'fr')
    check(left == [], 'the conversation has no English left: %s' % left)
    shot(d, 'conversation-fr')
    # German, chosen on the page: the page at once, then after a reload.
    Select(d.find_element(By.ID, 'lang')).select_by_value('de')
    wait(d, EC.presence_of_element_located((By.XPATH, "//button[@type='submit' and text()='Notiz hinzufügen']")), 'the conversation in German')
    check(d.execute_script('return document.documentElement.lang') == 'de', 'html lang is de')
    d.refresh()
    wait(d, EC.presence_of_element_located((By.XPATH, "//button[@type='submit' and text()='Notiz hinzufügen']")), 'German after a reload')
    check(d.execute_script('return document.documentElement.lang') == 'de', 'html lang is still de')
    check(Select(d.find_element(By.ID, 'lang')).first_selected_option.get_attribute('value') == 'de', 'the choice shows German')
    times = [e.text for e in d.find_elements(By.TAG_NAME, 'time')]
    check(times and all(re.search(r'\d\d\.\d\d\.\d{4}', t) for t in times), 'the dates in German: %s' % times)
    left = english_left(d, 'de')
    check(left == [], 'the conversation in German has no English left: %s' % left)
    # The shortcuts' list speaks German too.
    d.execute_script('document.activeElement.blur()')
    keys(d, '?')
    wait(d, lambda d: d.execute_script("return document.getElementById('keys-help').open"), 'the list of shortcuts')
    help = d.find_element(By.ID, 'keys-help').text
    check('Tastenkürzel' in help and 'Nächste Unterhaltung' in help, 'the shortcuts in German: ' + help)
    shot(d, 'keys-de')
    keys(d, Keys.ESCAPE)
    wait(d, lambda d: not d.execute_script("return document.getElementById('keys-help').open"), 'Escape closes it')
    for link, what in (('Kundenseite', 'customer-status'), ('Einstellungen', 'reply-to')):
        d.find_element(By.LINK_TEXT, link).click()
        wait(d, EC.presence_of_element_located((By.ID, what)), link)
        left = english_left(d, 'de')
        check(left == [], '%s has no English left: %s' % (link, left))
    shot(d, 'settings-de')
    d.get(URL + '/#/inbox')
    wait(d, EC.presence_of_element_located((By.XPATH, "//main/h1[text()='Posteingang']")), 'the inbox in German')
finally:
    d.quit()
EOF
	)"
}

test_browser_keys_move_open_and_act_as_in_a_mail_client() {
	i18n_user
	local other
	other=$(uniq cust)@example.net
	ctl customer add --account "$ACCOUNT" "$other" --name "Dora" >/dev/null
	ctl token issue --account "$ACCOUNT" --customer "$other" --subject "Our offer" >/dev/null
	ctl log-reply --account "$ACCOUNT" --customer "$CUSTOMER" --channel phone \
		--text "Call me next week" >/dev/null
	ctl log-reply --account "$ACCOUNT" --customer "$other" --channel meeting \
		--text "Send the quote" >/dev/null
	# Analysed, so that the inbox's order holds while the keys move in it.
	wait_analysis "$CUSTOMER" >/dev/null
	wait_analysis "$other" >/dev/null
	browser_py "$(
		cat <<EOF
from selenium.webdriver.common.keys import Keys
d = browser()
ROW = "const e = document.querySelector('main ul.inbox li.current'); return e && [e.dataset.id, e.contains(document.activeElement)]"
ROWS = "return [...document.querySelectorAll('main ul.inbox > li')].map((e) => e.dataset.id)"
FOCUS = "return document.activeElement && document.activeElement.id"
OPEN = "return document.getElementById('keys-help') && document.getElementById('keys-help').open"
def blur():
    d.execute_script('document.activeElement.blur()')
try:
    signin(d, '$U', 'correct horse battery')
    wait(d, lambda d: len(d.execute_script(ROWS)) == 2, 'two conversations in the inbox')
    rows = d.execute_script(ROWS)
    keys(d, 'j')
    check(d.execute_script(ROW) == [rows[0], True], 'j: the first row, focused: %s' % d.execute_script(ROW))
    keys(d, 'j')
    check(d.execute_script(ROW) == [rows[1], True], 'j: the second row')
    keys(d, 'j')
    check(d.execute_script(ROW) == [rows[1], True], 'j stops at the last row')
    keys(d, 'k')
    check(d.execute_script(ROW) == [rows[0], True], 'k: back to the first')
    keys(d, Keys.ARROW_DOWN)
    check(d.execute_script(ROW) == [rows[1], True], 'down arrow: the second')
    keys(d, Keys.ARROW_UP, Keys.ARROW_DOWN)
    shot(d, 'inbox-keys')
    keys(d, 'o')
    wait(d, lambda d: d.current_url.endswith('#/c/' + rows[1]), 'o opens the conversation')
    wait(d, EC.presence_of_element_located((By.ID, 'answer-text')), 'the conversation and its answer form')
    keys(d, 'n')
    check(d.execute_script(FOCUS) == 'note', 'n: the note: %s' % d.execute_script(FOCUS))
    keys(d, 'jku?/')
    check(d.find_element(By.ID, 'note').get_attribute('value') == 'jku?/', 'keys typed in a field are text')
    check(d.current_url.endswith('#/c/' + rows[1]) and not d.execute_script(OPEN), 'and no shortcut acted')
    blur()
    keys(d, 's')
    check(d.execute_script(FOCUS) == 'status', 's: the status: %s' % d.execute_script(FOCUS))
    blur()
    keys(d, 'r')
    check(d.execute_script(FOCUS) == 'answer-text', 'r: the answer: %s' % d.execute_script(FOCUS))
    blur()
    keys(d, '?')
    wait(d, lambda d: d.execute_script(OPEN), '? opens the list of shortcuts')
    help = d.find_element(By.ID, 'keys-help').text
    for words in ('Keyboard shortcuts', 'Next conversation', 'Open the conversation', 'Back to the inbox',
                  'Answer the customer', 'Add a note', 'Change the status', 'Search the inbox'):
        check(words in help, 'the list says %r: %s' % (words, help))
    check(d.execute_script(FOCUS) == 'keys-close', 'the focus is in the list')
    axe(d, 'the list of shortcuts')
    shot(d, 'keys')
    keys(d, 'j')
    check(d.current_url.endswith('#/c/' + rows[1]), 'no shortcut acts behind the list')
    keys(d, Keys.ESCAPE)
    wait(d, lambda d: not d.execute_script(OPEN), 'Escape closes the list')
    blur()
    keys(d, 'u')
    wait(d, EC.presence_of_element_located((By.XPATH, "//main/h1[text()='Inbox']")), 'u: back to the inbox')
    wait(d, lambda d: d.execute_script(ROW) == [rows[1], True], 'on the row of the conversation left')
    keys(d, Keys.ENTER)
    wait(d, lambda d: d.current_url.endswith('#/c/' + rows[1]), 'Enter opens it')
    wait(d, EC.presence_of_element_located((By.ID, 'note')), 'the conversation again')
    blur()
    keys(d, '/')
    wait(d, lambda d: d.execute_script(FOCUS) == 'q', '/: the search, from a conversation')
    keys(d, 'Dora', Keys.ENTER)
    wait(d, lambda d: d.execute_script(ROWS) == [rows[0]] or d.execute_script(ROWS) == [rows[1]], 'the search found Dora only')
    check('Dora' in d.find_element(By.CSS_SELECTOR, 'main ul.inbox').text, 'and it is Dora')
    d.find_element(By.ID, 'keys').click()
    wait(d, lambda d: d.execute_script(OPEN), 'the ? button opens the list too')
    d.find_element(By.ID, 'keys-close').click()
    wait(d, lambda d: not d.execute_script(OPEN), 'Close closes it')
finally:
    d.quit()
EOF
	)"
}

# The server's refusals in the page's language: the API gives a code with
# its English words (web/errcode.c), the page shows the catalogue's words
# for that code. Every code has words in every catalogue, and every
# catalogue's error.* is a code the server gives.
test_browser_i18n_server_refusals_in_french() {
	local code lang codes
	codes=$(sed -n 's/^ *{"\([a-z_0-9]*\)", ".*/\1/p' "$TESTS_DIR/../web/errcode.c")
	[ "$(echo "$codes" | wc -l)" -gt 30 ] || fail "the codes of web/errcode.c: $codes"
	for lang in en fr de; do
		for code in $codes; do
			grep -q "^  \"error\.$code\": " "$TESTS_DIR/../web/assets/i18n-$lang.js" ||
				fail "i18n-$lang.js has no error.$code"
		done
		for code in $(sed -n 's/^  "error\.\([a-z_0-9]*\)".*/\1/p' "$TESTS_DIR/../web/assets/i18n-$lang.js"); do
			echo "$codes" | grep -qx "$code" || fail "i18n-$lang.js: error.$code is no code of web/errcode.c"
		done
	done
	i18n_user
	web_py "
st, h, j = request('POST', '/api/signin', {'email': '$U', 'password': 'wrong'})
check(st == 401 and j == {'error': 'wrong address or password', 'code': 'wrong_password'}, 'the code with the English: %s' % j)
"
	browser_py "
d = browser('fr-FR')
try:
    d.get(URL + '/')
    wait(d, EC.presence_of_element_located((By.ID, 'email')), 'the sign-in form').send_keys('$U')
    d.find_element(By.ID, 'password').send_keys('not the password')
    d.find_element(By.CSS_SELECTOR, 'button[type=submit]').click()
    note = wait(d, EC.presence_of_element_located((By.CSS_SELECTOR, 'form.signin p.error')), 'the refusal')
    wait(d, lambda d: note.text, 'its words')
    check(note.text == 'Adresse ou mot de passe incorrect.', 'the refusal in French: %s' % note.text)
    signin(d, '$U', 'correct horse battery', 'Boîte de réception')
    d.find_element(By.ID, 'q').send_keys('ab')
    d.find_element(By.CSS_SELECTOR, 'form.filters button[type=submit]').click()
    err = wait(d, EC.presence_of_element_located((By.CSS_SELECTOR, 'main p.error')), 'the search refused')
    check(err.text == 'Une recherche demande au moins 3 caractères.', 'a validation refusal in French: %s' % err.text)
    check(d.find_element(By.ID, 'q').get_attribute('value') == 'ab', 'the refused search still in its field, to be mended')
    shot(d, 'refusal-fr')
finally:
    d.quit()
"
}
