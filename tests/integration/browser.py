# SPDX-License-Identifier: BSD-2-Clause
"""A real browser for the web tests: Debian's headless chromium driven by
chromedriver through python3-selenium; axe-core (npm, installed by make
deps) checks the pages' accessibility inside it."""
import json
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["WEB_URL"]
SHOTS = os.environ.get("WEB_SHOTS", ".")
AXE = os.environ.get("AXE_JS") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "providers", "node_modules", "axe-core", "axe.min.js")


def browser(lang="en-US"):
    """A browser whose user speaks lang (navigator.languages and
    Accept-Language), as a person's chromium set to that language."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--disable-gpu", "--window-size=1200,900", "--lang=" + lang):
        opts.add_argument(a)
    opts.add_experimental_option("prefs", {
        "intl.accept_languages": lang + "," + lang.split("-")[0]})
    # On Linux chromium takes its own language from the environment.
    env = dict(os.environ, LANGUAGE=lang.replace("-", "_"))
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver", env=env),
                            options=opts)


def wait(d, cond, what, timeout=30):
    try:
        return WebDriverWait(d, timeout).until(cond)
    except Exception as e:
        shot(d, "failed")
        fail("%s: %s (page: %r)" % (what, type(e).__name__,
             d.find_element(By.TAG_NAME, "body").text[:300]))


def shot(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    d.save_screenshot(os.path.join(SHOTS, name + ".png"))


def signin(d, email, password, inbox="Inbox"):
    """Sign in by password; inbox is the inbox's heading in the page's
    language."""
    d.get(URL + "/")
    wait(d, EC.presence_of_element_located((By.ID, "email")), "the sign-in form")
    d.find_element(By.ID, "email").send_keys(email)
    d.find_element(By.ID, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(d, EC.presence_of_element_located(
        (By.XPATH, "//main/h1[text()='%s']" % inbox)), "the inbox after sign-in")


def axe(d, page):
    """Run axe-core on the page as it is; fail on any serious or critical
    violation, print the others. Returns the violations."""
    if not os.path.exists(AXE):
        fail("axe-core is not installed (%s): run make deps" % AXE)
    if not d.execute_script("return typeof window.axe === 'object'"):
        with open(AXE) as f:
            d.execute_script(f.read())
    d.set_script_timeout(120)
    found = d.execute_async_script("""
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] }).then((r) => done({
  passes: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })) }))
  .catch((e) => done("axe failed: " + e));
""")
    if isinstance(found, str):
        fail("%s: %s" % (page, found))
    print("axe %s: %d rules pass, %d violated" % (page, found["passes"],
                                                  len(found["violations"])))
    check(found["passes"] > 10, "%s: axe checked next to nothing" % page)
    found = found["violations"]
    bad = [v for v in found if v["impact"] in ("serious", "critical")]
    for v in found:
        print("axe %s: %s %s (%s) %s" % (page, v["impact"], v["id"], v["help"],
                                         json.dumps(v["nodes"])))
    check(not bad, "%s: serious or critical accessibility violations: %s" %
          (page, json.dumps(bad)))
    return found


def labelled(d, page):
    """Every visible control has a name: a label, aria-label(ledby) or
    text."""
    nameless = d.execute_script("""
return [...document.querySelectorAll("input, select, textarea, button, a[href]")]
  .filter((e) => e.offsetParent !== null || e.getClientRects().length)
  .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute("aria-label")
    && !e.getAttribute("aria-labelledby") && !e.textContent.trim())
  .map((e) => e.outerHTML.slice(0, 120));
""")
    check(not nameless, "%s: controls without a name: %s" % (page, nameless))


def focus_visible(d, page, tabs=8):
    """Tab through the first controls of the page: each one focused shows
    an outline."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    d.execute_script("document.activeElement && document.activeElement.blur()")
    for _ in range(tabs):
        ActionChains(d).send_keys(Keys.TAB).perform()
        got = d.execute_script("""
const e = document.activeElement;
if (!e || e === document.body) return null;
const s = getComputedStyle(e);
return [e.outerHTML.slice(0, 100), s.outlineStyle, s.outlineWidth,
  e.matches(":focus-visible")];
""")
        if got is None:
            continue
        check(got[1] != "none" and float(got[2].rstrip("px") or 0) >= 1 and got[3],
              "%s: the focus is not visible on %s (outline %s %s)" %
              (page, got[0], got[1], got[2]))


def keys(d, *what):
    """Type keys to whatever has the focus, as a person would."""
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(d).send_keys(*what).perform()


def english_left(d, lang):
    """The catalogue's English words still on the page (text, labels,
    titles, placeholders) when it should speak lang: the words of
    i18n-en.js that lang's catalogue does not use itself. The text of
    replies and the analyzer's insights are left out: customers and the
    server wrote them."""
    d.set_script_timeout(30)
    return d.execute_async_script(r"""
const [lang, done] = arguments;
Promise.all([import("/i18n-en.js"), import("/i18n-" + lang + ".js")]).then(([en, other]) => {
  // Each language's own name is on the choice of languages, always.
  const flat = (cat) => Object.entries(cat.default).filter(([k]) => k !== "lang.self")
    .flatMap(([k, v]) => typeof v === "object" ? Object.values(v) : [v]);
  const theirs = flat(other).join("\n");
  const words = new Set(flat(en).flatMap((v) => v.split(/\{\w+\}/))
    .map((p) => p.trim()).filter((p) => p.length >= 5 && /[a-z]/i.test(p)
      && !theirs.includes(p)));
  // What customers and the analyzer wrote is theirs, not the page's.
  let seen = document.body.innerText;
  for (const e of document.querySelectorAll(".text, .preview, .insights"))
    seen = seen.replace(e.innerText, "");
  seen += "\n" + document.title;
  for (const e of document.querySelectorAll("[title], [aria-label], [placeholder]"))
    seen += "\n" + [e.title, e.getAttribute("aria-label"), e.placeholder].join("\n");
  // Each word left, with what surrounds it on the page.
  done([...words].filter((w) => seen.includes(w)).map((w) => {
    const i = seen.indexOf(w);
    return w + " in " + JSON.stringify(seen.slice(Math.max(0, i - 40), i + w.length + 40));
  }));
}).catch((e) => done(["import failed: " + e]));
""", lang)


def fail(what):
    print("FAIL: " + what)
    sys.exit(1)


def check(cond, what):
    if not cond:
        fail(what)


__all__ = ["browser", "wait", "shot", "signin", "fail", "check", "By", "EC",
           "URL", "axe", "labelled", "focus_visible", "keys", "english_left"]
