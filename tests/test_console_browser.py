"""The console in a real browser (headless Chromium through Selenium): sign in, read each page, follow, filter,
export, sign out. Each page's screenshot is saved (CONSOLE_SCREENSHOTS, else a temporary folder).

Skipped where selenium, chromium or chromedriver is missing (.ci/run installs them from Debian's packages).
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.console.server import ConsoleHTTPServer
from tests.console_helpers import TOKEN, console_for, fill, in_last_days, store_at

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="chromium and chromedriver are not installed")


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    moment = [datetime.now(UTC)]
    store = store_at(tmp_path_factory.mktemp("browser") / "audit.db", moment)
    filled = fill(store, moment)
    server = ConsoleHTTPServer(console_for(store), "127.0.0.1", 0)
    server.start_in_thread()
    try:
        yield f"http://127.0.0.1:{server.port}", filled
    finally:
        server.shutdown()
        server.server_close()
        store.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads)})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()


def _shoot(driver: Any, shots: Path, name: str) -> Path:
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height + 40, 700), 3000))
    path = shots / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1000)
    return path


def _sign_in(driver: Any, base: str) -> None:
    driver.get(base + "/admin/")
    assert "/admin/login" in driver.current_url
    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.CSS_SELECTOR, ".login button[type=submit]").click()
    _wait_for_url(driver, "/admin/", away_from="/admin/login")
    assert driver.current_url == base + "/admin/"


def test_a_policy_owner_reads_every_page(browser: Any, site: tuple[str, Any], shots: Path) -> None:
    base, filled = site
    _sign_in(browser, base)
    main = browser.find_element(By.TAG_NAME, "main")
    rows = in_last_days(filled, 30)
    assert f"{len(rows)}\nanswers" in main.text or f"{len(rows)} answers" in main.text
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    path = _shoot(browser, shots, "overview")
    docs = Path(__file__).resolve().parents[1] / "docs"
    if os.environ.get("CONSOLE_README_SHOT"):
        docs.mkdir(exist_ok=True)
        shutil.copy(path, docs / "console-overview.png")

    browser.set_window_size(390, 844)  # a phone: the cards and the chart fit the width, nothing scrolls sideways
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    browser.save_screenshot(str(shots / "overview-phone.png"))
    browser.set_window_size(1280, 1000)

    browser.find_element(By.LINK_TEXT, "Where the rule book is silent").click()
    topics = browser.find_elements(By.CSS_SELECTOR, "section.topic")
    assert topics and "policybot rules draft" in topics[0].text
    _shoot(browser, shots, "silent")
    topics[0].find_element(By.CSS_SELECTOR, "ul a").click()  # an example question → its answer
    assert "/admin/answers/" in browser.current_url
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Answer ")
    _shoot(browser, shots, "answer")

    browser.find_element(By.LINK_TEXT, "Feedback").click()
    assert "thumbs down" in browser.find_element(By.TAG_NAME, "h1").text
    assert "wrong clause <b>" in browser.find_element(By.TAG_NAME, "table").text  # markup shown as text
    _shoot(browser, shots, "feedback")

    browser.find_element(By.LINK_TEXT, "Overrides").click()
    assert browser.find_elements(By.CSS_SELECTOR, "section.override")
    _shoot(browser, shots, "overrides")

    browser.find_element(By.LINK_TEXT, "Policies").click()
    assert "What changed" in browser.find_element(By.TAG_NAME, "main").text
    _shoot(browser, shots, "policies")
    browser.find_element(By.CSS_SELECTOR, "section.diff")


def test_search_filters_follows_an_answer_and_exports(browser: Any, site: tuple[str, Any], shots: Path) -> None:
    base, filled = site
    browser.get(base + "/admin/search")
    if "/admin/login" in browser.current_url:
        _sign_in(browser, base)
        browser.get(base + "/admin/search")
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.NAME, "verdict")).select_by_value("prohibited")
    browser.find_element(By.NAME, "q").send_keys("Chicago")
    browser.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    _wait_for_url(browser, "q=Chicago")  # the filtered page, not the one the click left
    wanted = [r for r in in_last_days(filled, 30) if r["kind"] == "police"]
    assert browser.find_element(By.ID, "found").text == f"{len(wanted)} answers match."
    verdicts = {e.text for e in browser.find_elements(By.CSS_SELECTOR, "table.results .verdict")}
    assert verdicts == {"prohibited"}
    _shoot(browser, shots, "search")
    browser.find_element(By.ID, "export-all-csv").click()
    exported = _wait_for_file(browser.downloads, "policybot-answers.csv")
    assert len(exported.read_text().splitlines()) == len(wanted) + 1  # the header and each row shown
    browser.find_element(By.CSS_SELECTOR, "table.results td a").click()
    _wait_for_url(browser, "/admin/answers/")
    assert "/admin/answers/" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, "figure.citation a").click()  # the clause cited
    _wait_for_url(browser, "/admin/clauses/")
    assert "/admin/clauses/" in browser.current_url
    _shoot(browser, shots, "clause")


def test_signing_out_ends_the_session(browser: Any, site: tuple[str, Any], shots: Path) -> None:
    base, _ = site
    browser.get(base + "/admin/")
    if "/admin/login" in browser.current_url:
        _sign_in(browser, base)
    browser.find_element(By.CSS_SELECTOR, "form.logout button").click()
    _wait_for_url(browser, "/admin/login")  # the click's navigation completes on the browser's own time
    assert "/admin/login" in browser.current_url and "signed out" in browser.page_source
    _shoot(browser, shots, "login")
    browser.get(base + "/admin/overrides")
    assert "/admin/login" in browser.current_url


def _wait_for_url(browser: Any, part: str, seconds: float = 10, away_from: str | None = None) -> None:
    """Until the page a click leads to has loaded (its URL holds `part`, and not `away_from`), or time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        url = browser.current_url
        if part in url and (away_from is None or away_from not in url):
            return
        time.sleep(0.05)


def _wait_for_file(folder: Path, name: str, seconds: float = 10) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = folder / name
        if path.exists() and path.stat().st_size > 0:
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded")
