# SPDX-License-Identifier: BSD-2-Clause
"""A real browser for the web tests: Debian's headless chromium driven by
chromedriver through python3-selenium."""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

URL = os.environ["WEB_URL"]
SHOTS = os.environ.get("WEB_SHOTS", ".")


def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
              "--disable-gpu", "--window-size=1200,900", "--lang=en-US"):
        opts.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
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


def signin(d, email, password):
    d.get(URL + "/")
    wait(d, EC.presence_of_element_located((By.ID, "email")), "the sign-in form")
    d.find_element(By.ID, "email").send_keys(email)
    d.find_element(By.ID, "password").send_keys(password)
    d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(d, EC.presence_of_element_located((By.XPATH, "//main/h1[text()='Inbox']")),
         "the inbox after sign-in")


def fail(what):
    print("FAIL: " + what)
    sys.exit(1)


def check(cond, what):
    if not cond:
        fail(what)


__all__ = ["browser", "wait", "shot", "signin", "fail", "check", "By", "EC",
           "URL"]
