"""The generated site in a real browser: Debian's headless Chromium, driven by selenium through Debian's
chromium-driver, opening the files from disk. Skipped, with the reason shown, where either is missing
(``.ci/run`` installs them)."""

from __future__ import annotations

import shutil

import pytest
from test_site import HOSTILE, build, tracker

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="browser tests need Debian's chromium and chromium-driver "
                                       "(apt-get install -y chromium chromium-driver)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from conftest import Cli

    home = tmp_path_factory.mktemp("browser")
    run = Cli(str(home / "claims.db"))
    tracker(run)
    out = home / "site"
    build(run, out)
    return out


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium (the test extra)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    yield driver
    driver.quit()


def open_page(browser, path):
    browser.get(path.as_uri())
    return browser


def texts(browser, css: str) -> list[str]:
    from selenium.webdriver.common.by import By

    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, css)]


def console_errors(browser) -> list[str]:
    return [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_index_meter_and_overdue(site, browser):
    open_page(browser, site / "index.html")
    assert texts(browser, '.count[data-status="open"] dd') == ["3"]
    assert texts(browser, '.count[data-status="not-fulfilled"] dd') == ["1"]
    assert texts(browser, '.count[data-status="fulfilled"] dd') == ["0"]
    overdue = texts(browser, "#overdue .row-text")
    assert overdue == ["Taxes could fall by 2016-09-30.", HOSTILE]  # oldest due first
    assert console_errors(browser) == []  # no CSP violation: the inline style and script are allowed by hash


def test_filters_apply_in_the_page(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    open_page(browser, site / "index.html")
    assert len(texts(browser, "#claim-list .row")) == 4
    Select(browser.find_element(By.NAME, "status")).select_by_value("not-fulfilled")
    assert texts(browser, "#claim-list .row-meta strong") == ["Joseph F. Dunford"]
    assert texts(browser, "#shown") == ["1 claim"]
    assert browser.current_url.endswith("#all?status=not-fulfilled")
    Select(browser.find_element(By.NAME, "status")).select_by_value("")
    Select(browser.find_element(By.NAME, "speaker")).select_by_visible_text("Ann Smith")
    assert len(texts(browser, "#claim-list .row")) == 2
    browser.find_element(By.NAME, "overdue").click()
    assert texts(browser, "#claim-list .row-text") == ["Taxes could fall by 2016-09-30."]
    # a filtered view is a link: the hash carries the filters
    browser.get((site / "index.html").as_uri() + "#all?tag=infra")
    browser.refresh()
    assert texts(browser, "#claim-list .row-text") == ["We will open the new bridge by the end of 2017."]


def test_claim_timeline_newest_first(site, browser):
    from selenium.webdriver.common.by import By

    page = next((site / "claims").glob("1-*.html"))
    open_page(browser, page)
    assert texts(browser, "#timeline .ev-label") == ["Resolved: not fulfilled", "Logged"]
    first = browser.find_element(By.CSS_SELECTOR, "#timeline .ev")
    assert "2016-07-01" in first.text and "A. Checker" in first.text and "No agreement by July" in first.text
    link = first.find_element(By.CSS_SELECTOR, ".ev-evidence a")
    assert link.get_attribute("href") == "https://example.org/no-agreement-yet"
    assert texts(browser, "mark.m-hedge")[0] == "could"
    assert console_errors(browser) == []


def test_script_in_a_claim_is_text_and_no_dialog_opens(site, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    for path, css in ((next((site / "claims").glob("4-*.html")), "#quote"), (site / "index.html", "#all")):
        open_page(browser, path)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text  # noqa: B018
        assert HOSTILE in browser.find_element(By.CSS_SELECTOR, css).text
        assert browser.find_elements(By.CSS_SELECTOR, f"{css} script, {css} img") == []


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_laptop_and_phone_widths(site, browser, width, tmp_path):
    browser.set_window_size(width, 900)
    for path in (site / "index.html", next((site / "claims").glob("1-*.html"))):
        open_page(browser, path)
        assert browser.execute_script("return document.documentElement.scrollWidth") <= \
            browser.execute_script("return window.innerWidth")  # nothing spills sideways
        shot = tmp_path / f"{path.stem[:20]}-{width}.png"
        browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    browser.set_window_size(1280, 900)
