"""The web app in a real browser: Debian's Chromium driven by Playwright, checked by axe-core.

One server (uvicorn in a thread, a fresh SQLite file, no rate limit) and one
browser serve the whole module; each test opens its own context (cookies,
viewport, JavaScript on or off). Screenshots go to the folder named by
LEGWEAK_SCREENSHOTS (default build/screenshots), one PNG per page and width.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from legweak.api import create_app
from legweak.config import Settings
from legweak.service import Checker
from tests.api.conftest import sqlite_store
from tests.conftest import missing
from tests.web.conftest import CALM_CHOICES, CONSULTATION_TEXT, EMERGENCY_TEXT, SELF_CARE_TEXT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).parents[2]
SCREENSHOTS = Path(os.environ.get("LEGWEAK_SCREENSHOTS") or ROOT / "build" / "screenshots")
NARROW, WIDE = {"width": 320, "height": 720}, {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def base_url(checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = sqlite_store(tmp_path_factory)
    app = create_app(Checker(checker.kb, Settings(rate_limit=None)), store, prepare=False)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing("Chromium", f"{CHROMIUM} not found; `make test` installs the Debian package `chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def new_page(browser: Any, base_url: str, viewport: dict[str, int], *, javascript: bool = True) -> Any:
    context = browser.new_context(base_url=base_url, viewport=viewport, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    return context.new_page()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def submit(button: Any) -> None:
    """Click a form's button and wait for the page it leads to."""
    with button.page.expect_navigation():
        button.click()


def begin(page: Any, text: str, age: str = "30", sex: str = "Female") -> None:
    page.goto("/")
    page.get_by_label("Age").fill(age)
    page.get_by_label(sex, exact=True).check()
    page.get_by_label("Describe what is happening in your own words").fill(text)
    submit(page.get_by_role("button", name="Start the check"))


def kind(page: Any) -> str:
    if page.locator("input[name^=item-]").count():
        return "group"
    if page.locator("input[name=answer][type=radio]").count():
        return "choice"
    return "yes_no"


def answer_one(page: Any, choices: dict[str, str]) -> None:
    """One screen: groups all "No", choices from `choices` (else "Don't know"), yes/no "No"."""
    assert page.locator("input[name=question_id]").count() == 1, (page.url, page.content()[:3000])
    question = page.locator("input[name=question_id]").get_attribute("value")
    what = kind(page)
    if what == "group":
        for radio in page.locator("input[name^=item-][value=no]").all():
            radio.check()
        submit(page.get_by_role("button", name="Continue"))
    elif what == "choice":
        page.locator(f"input[name=answer][value={choices.get(question, 'dont_know')}]").check()
        submit(page.get_by_role("button", name="Continue"))
    else:
        submit(page.get_by_role("button", name="No", exact=True))


def answer_all(page: Any, choices: dict[str, str]) -> None:
    for _ in range(60):
        if not page.url.endswith("/question"):
            return
        answer_one(page, choices)
    raise AssertionError("the interview did not end")


def no_violations(page: Any, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    shot(page, name)
    assert results.violations_count == 0, f"{name}: {results.generate_report()}"


def test_a_self_care_journey_with_javascript_off_at_320px(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, NARROW, javascript=False)
    begin(page, SELF_CARE_TEXT, age="28")
    assert page.url.endswith("/question")
    answer_all(page, CALM_CHOICES)
    assert page.url.endswith("/result")
    assert page.locator(".triage.level-self_care h1").inner_text() == "You can look after this at home"
    shot(page, "result-self-care-no-javascript")
    page.context.close()


def test_a_consultation_journey_and_the_back_button(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, WIDE)
    begin(page, CONSULTATION_TEXT, age="58", sex="Male")
    first = page.locator("h1").first.inner_text()
    page.locator("input[name=answer][value=weeks]").check()
    submit(page.get_by_role("button", name="Continue"))
    assert page.locator("h1").first.inner_text() != first
    assert "Question 2 of about" in page.content()
    submit(page.get_by_role("button", name="Back"))
    assert page.locator("h1").first.inner_text() == first
    answer_all(page, {"onset": "weeks", "course": "worse"})
    assert page.url.endswith("/result")
    assert page.locator(".triage").get_attribute("class") != "triage level-self_care"
    assert page.get_by_role("heading", name="What might be causing it").is_visible()
    assert page.locator(".bar").count() >= 1
    page.context.close()


def test_an_emergency_text_goes_straight_to_the_emergency_advice(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, NARROW)
    begin(page, EMERGENCY_TEXT, age="70")
    assert page.url.endswith("/emergency")
    assert page.get_by_role("heading", name="Call an ambulance now").is_visible()
    assert "999 in the UK" in page.locator(".number").inner_text()
    # No sideways scrolling at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.context.close()


def test_the_primary_button_is_reached_by_keyboard_with_visible_focus(browser: Any, base_url: str) -> None:
    page = new_page(browser, base_url, WIDE)
    page.goto("/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Start the check":
            break
    else:
        raise AssertionError("Tab never reached the Start button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Shift+Tab")
    page.keyboard.type("x")  # the text box before it takes typing
    assert page.get_by_label("Describe what is happening in your own words").input_value() == "x"
    page.context.close()


@pytest.mark.parametrize("viewport", [NARROW, WIDE], ids=["320px", "1280px"])
def test_every_page_passes_axe(browser: Any, base_url: str, viewport: dict[str, int]) -> None:
    page = new_page(browser, base_url, viewport)
    page.goto("/")
    no_violations(page, "start")
    begin(page, "My legs went weak.", age="45")
    assert kind(page) == "choice"
    no_violations(page, "question-choice")
    page.locator("input[name=answer][value=sudden]").check()
    submit(page.get_by_role("button", name="Continue"))
    assert kind(page) == "yes_no"  # sudden weakness: can they stand?
    no_violations(page, "question-yes-no")
    page.context.clear_cookies()
    begin(page, CONSULTATION_TEXT, age="58")
    for _ in range(5):
        if kind(page) == "group":
            break
        answer_one(page, {"onset": "weeks", "course": "stable"})
    assert kind(page) == "group"
    no_violations(page, "question-group")
    page.context.clear_cookies()
    begin(page, EMERGENCY_TEXT, age="70")
    no_violations(page, "emergency")
    page.goto("/question")
    answer_all(page, {})
    no_violations(page, "result")
    condition = page.locator("h3.name a").first.get_attribute("href")
    assert condition and re.fullmatch(r"/conditions/\w+", condition)
    page.goto(condition)
    no_violations(page, "condition")
    page.goto("/summary")
    no_violations(page, "summary")
    page.emulate_media(media="print")
    shot(page, "summary-print")
    page.emulate_media(media="screen")
    page.goto("/clinician")
    no_violations(page, "clinician")
    page.goto("/no-such-page")
    assert page.get_by_role("heading", name="Page not found").is_visible()
    no_violations(page, "error")
    page.context.close()
