"""The dashboard in Debian's chromium: the department filter works with JavaScript (rows of other
departments hidden in place) and without it (the chip opens the department's page); an attention
item's link lands at the item's row; no sideways scroll on a phone. Screenshots of the dashboard at
390×844 and 1440×900 go to ``test-artifacts/``."""

from __future__ import annotations

import datetime as dt
from urllib.parse import unquote

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio
from site_build import ROOT, TODAY
from test_site_browser import ARTIFACTS, Watched, browser, example_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
DEPARTMENT = "技术部"
ATTENTION_ROWS = "table.ckb-attention:not(.ckb-attention--hygiene) tbody tr"


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    config = load_config(ROOT)
    return Portfolio.build(pipeline.check(config, dt.date.fromisoformat(TODAY)), config.messages, config)


def _visible_departments(view: Watched) -> list[str]:
    rows = view.page.locator(ATTENTION_ROWS)
    return [rows.nth(i).get_attribute("data-department") or "" for i in range(rows.count()) if rows.nth(i).is_visible()]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_department_filter_hides_other_departments_in_place(browser, example_url: str, portfolio,
                                                                viewport: dict) -> None:
    view = Watched(browser, viewport=viewport)
    view.open(example_url)
    everyone = _visible_departments(view)
    assert len(everyone) == len(portfolio.pressing)
    view.page.locator(f'.ckb-filter a.ckb-chip[data-department="{DEPARTMENT}"]').click()
    assert view.page.url.rstrip("/") == example_url.rstrip("/"), "the chip filters in place"
    mine = _visible_departments(view)
    assert mine == [DEPARTMENT] * sum(a.department == DEPARTMENT for a in portfolio.pressing) and mine
    assert view.page.locator(f'.ckb-filter a.ckb-chip[data-department="{DEPARTMENT}"]').get_attribute("aria-pressed") == "true"
    view.page.locator(".ckb-filter a.ckb-chip--all").click()
    assert _visible_departments(view) == everyone
    view.assert_clean()


def test_without_javascript_every_row_shows_and_a_chip_opens_the_department(browser, example_url: str, portfolio) -> None:
    view = Watched(browser, viewport=DESKTOP, java_script_enabled=False)
    view.open(example_url)
    assert len(_visible_departments(view)) == len(portfolio.pressing)
    view.page.locator(f'.ckb-filter a.ckb-chip[data-department="{DEPARTMENT}"]').click()
    view.page.wait_for_load_state("networkidle")
    assert unquote(view.page.url).endswith(f"/views/departments/{DEPARTMENT}/")
    assert view.page.locator("h1", has_text=DEPARTMENT).first.is_visible()
    view.assert_clean()


def test_an_attention_item_opens_at_its_row(browser, example_url: str, portfolio) -> None:
    view = Watched(browser, viewport=DESKTOP)
    view.open(example_url)
    first = portfolio.pressing[0]
    assert first.anchor and first.page == "tasks"
    view.page.locator(ATTENTION_ROWS).first.locator("td").nth(3).locator("a").click()
    view.page.wait_for_load_state("networkidle")
    assert view.page.url.endswith(f"/projects/{first.project.slug}/tasks/#{first.anchor}")
    target = view.page.locator(f"#{first.anchor}")
    assert target.evaluate("e => e.open") is True, "the task's details open"
    assert target.is_visible()
    view.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_dashboard_screenshots_without_sideways_scroll(browser, example_url: str, viewport: dict) -> None:
    view = Watched(browser, viewport=viewport)
    view.open(example_url)
    assert view.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert view.page.locator("details.ckb-hygiene").evaluate("e => e.open") is False, "data upkeep starts collapsed"
    ARTIFACTS.mkdir(exist_ok=True)
    name = "phone" if viewport is PHONE else "desktop"
    view.page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)
    view.page.evaluate("document.querySelector('.ckb-filter').scrollIntoView()")
    view.page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}-attention.png"))  # one screen of the list
    view.assert_clean()
