"""The widget in a real browser (Debian's chromium driven by Selenium and chromium-driver).

Screenshots go to test-artifacts/. `.ci/run` installs the browser with apt-get; the tests skip,
saying why, only where it is not installed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from scripted import call, say
from sqlalchemy import select
from webchat import case_number, served

from assistant.crm.models import Activity
from bots.web.server import free_port

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)
SSO = "SSO login fails after upgrade"
ANSWER = (
    "Your case **{number}** is open and being worked on. Meanwhile, the sign-in guide covers "
    "E-4012: see [Troubleshooting sign-in problems](/kb/troubleshooting-sign-in-problems)."
)
# Records text snapshots of the newest answer while it streams (runs via WebDriver, not CSP).
OBSERVE = """
window.__snapshots = [];
new MutationObserver(function () {
  var bodies = document.querySelectorAll('#deskhand-widget .dh-bot .dh-body');
  if (bodies.length) window.__snapshots.push(bodies[bodies.length - 1].textContent);
}).observe(document.querySelector('#deskhand-widget .dh-log'),
           {childList: true, subtree: true, characterData: true});
"""

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER),
    reason="Debian's chromium and chromium-driver are not installed "
    "(`apt-get install -y chromium chromium-driver`; .ci/run does it)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = Options()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def wait(driver, condition, timeout: float = 15):
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def widget(driver, css: str):
    return driver.find_elements(By.CSS_SELECTOR, f"#deskhand-widget {css}")


def send(driver, text: str) -> None:
    box = driver.find_element(By.ID, "dh-input")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def test_dana_asks_about_her_case_confirms_a_comment_and_finds_it_after_reload(
    browser, demo, settings
):
    number = case_number(demo, SSO)
    steps = [
        call("find_cases", query="SSO"),
        call("search_knowledge", query="SSO sign-in E-4012"),
        say(ANSWER.format(number=number)),
        call("comment_on_case", case=number, text="We still see E-4012 this morning."),
        say("I prepared the comment below; please confirm it."),
    ]
    with served(demo, settings, *steps) as server:
        browser.get(server.url + "/")
        browser.find_element(By.ID, "sign-in-dana").click()
        wait(browser, lambda d: "Dana Ruiz" in d.find_element(By.ID, "signed-in").text)
        widget(browser, ".dh-launcher")[0].click()
        wait(browser, lambda d: "Signed in as Dana Ruiz" in widget(d, ".dh-who")[0].text)
        browser.execute_script(OBSERVE)
        send(browser, "What's happening with my SSO case?")

        sources = wait(browser, lambda d: widget(d, ".dh-bot .dh-sources a"))
        final = widget(browser, ".dh-bot .dh-body")[-1].text
        assert f"Your case {number} is open" in final
        assert widget(browser, ".dh-bot .dh-body strong")[0].text == number
        partial = [s for s in browser.execute_script("return window.__snapshots") if s]
        assert any(0 < len(s) < len(final) and final.startswith(s) for s in partial), partial
        hrefs = [a.get_attribute("href") for a in sources]
        assert server.url + "/kb/troubleshooting-sign-in-problems" in hrefs
        browser.save_screenshot(str(ARTIFACTS / "web-answer-with-citation.png"))

        send(browser, "Please add that we still see E-4012 this morning.")
        wait(browser, lambda d: widget(d, ".dh-card .dh-confirm"))[0].click()
        result = wait(
            browser,
            lambda d: [r for r in widget(d, ".dh-card-result") if r.text.startswith("Done:")],
        )
        assert f"Added a comment to case {number}" in result[0].text
        browser.save_screenshot(str(ARTIFACTS / "web-comment-confirmed.png"))

        browser.refresh()
        wait(browser, lambda d: len(widget(d, ".dh-user")) == 2)  # the panel reopens
        texts = [m.text for m in widget(browser, ".dh-msg")]
        assert "What's happening with my SSO case?" in texts[0]
        assert any(f"Your case {number} is open" in t for t in texts)
        assert any("Done: Added a comment" in r.text for r in widget(browser, ".dh-card-result"))
        browser.save_screenshot(str(ARTIFACTS / "web-history-after-reload.png"))

        browser.set_window_size(390, 844)  # a phone
        panel = widget(browser, ".dh-panel")[0]
        page_width = browser.execute_script("return document.documentElement.clientWidth")
        assert panel.size["width"] >= page_width
        browser.save_screenshot(str(ARTIFACTS / "web-phone.png"))
        browser.set_window_size(1280, 900)
    with demo.read() as s:
        comments = s.scalars(select(Activity).where(Activity.summary.like("%E-4012 this%"))).all()
    assert len(comments) == 1


def test_answers_render_safely_and_the_widget_works_by_keyboard(browser, demo, settings):
    hostile = (
        'Hi <img src=x onerror="window.pwned=1"> **bold** '
        "[guide](/kb/troubleshooting-sign-in-problems) [run](javascript:window.pwned=2) "
        "[elsewhere](https://evil.example/x) ![tracker](https://evil.example/p.png)"
    )
    with served(demo, settings, say(hostile)) as server:
        browser.delete_all_cookies()
        browser.get(server.url + "/kb")
        browser.execute_script("localStorage.clear(); sessionStorage.clear();")
        browser.get(server.url + "/kb")
        launcher = wait(browser, lambda d: widget(d, ".dh-launcher"))[0]
        launcher.send_keys(Keys.ENTER)
        wait(browser, lambda d: d.switch_to.active_element.get_attribute("id") == "dh-input")
        assert launcher.get_attribute("aria-expanded") == "true"
        assert widget(browser, ".dh-log")[0].get_attribute("role") == "log"
        send(browser, "hello")
        wait(browser, lambda d: widget(d, ".dh-bot .dh-thumbs"))
        body = widget(browser, ".dh-bot .dh-body")[-1]
        assert '<img src=x onerror="window.pwned=1">' in body.text
        assert not widget(browser, ".dh-log img")
        links = [a.get_attribute("href") for a in widget(browser, ".dh-log a")]
        assert links == [server.url + "/kb/troubleshooting-sign-in-problems"]
        assert body.find_element(By.TAG_NAME, "strong").text == "bold"
        assert browser.execute_script("return window.pwned") is None
        widget(browser, ".dh-thumbs button[aria-label='Not helpful']")[0].click()
        wait(browser, lambda d: "Thanks for your feedback" in widget(d, ".dh-notice")[0].text)
        browser.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait(browser, lambda d: launcher.get_attribute("aria-expanded") == "false")
        assert browser.switch_to.active_element == launcher
        browser.save_screenshot(str(ARTIFACTS / "web-safe-markdown.png"))


def test_the_widget_reconnects_and_resumes_after_the_server_comes_back(browser, demo, settings):
    port = free_port()
    with served(demo, settings, say("First answer."), port=port) as server:
        browser.delete_all_cookies()
        browser.get(server.url + "/")
        browser.execute_script("localStorage.clear(); sessionStorage.clear();")
        browser.get(server.url + "/")
        widget(browser, ".dh-launcher")[0].click()
        send(browser, "hello")
        wait(browser, lambda d: widget(d, ".dh-bot .dh-thumbs"))
    wait(browser, lambda d: widget(d, ".dh-status")[0].text == "Reconnecting…")
    with served(demo, settings, say("Second answer."), port=port):
        wait(browser, lambda d: widget(d, ".dh-status")[0].text == "", timeout=20)
        send(browser, "are you back?")
        wait(browser, lambda d: len(widget(d, ".dh-bot .dh-thumbs")) == 2)
    texts = [b.text for b in widget(browser, ".dh-bot .dh-body")]
    assert texts == ["First answer.", "Second answer."]
