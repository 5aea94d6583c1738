"""Material's search box on the example wiki, with the generated pages' entries made from the model.

The first result for a task word names its project and task ("Q4 智能手表 W3 新品上市 · T5 …"),
not a tab ("任务与进度"); a person's name finds the person's page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config
from site_build import ROOT, TODAY
from test_site_browser import CHROMIUM, Watched, browser  # noqa: F401  (``browser`` is a fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def search_url(example_site: Path, serve) -> str:
    return serve(example_site)


def search(browser, url: str, query: str) -> Watched:  # noqa: F811
    view = Watched(browser, viewport={"width": 1280, "height": 900})
    view.open(url)
    box = view.page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # a key event: Material reads the query on keyup, and CJK input sends none
    view.page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    return view


def test_a_task_word_finds_the_task_named_with_its_project(browser, search_url: str) -> None:  # noqa: F811
    checked = pipeline.check(load_config(ROOT), dt.date.fromisoformat(TODAY))
    names = [p.name for p in checked.kb.projects]
    view = search(browser, search_url, "培训")
    first = view.page.locator(".md-search-result__item").first  # one page, its matching items below it
    page = first.locator("h1").first.inner_text().replace("\u200b", "")
    assert any(page.startswith(f"{name} · ") for name in names), f"the page names its project: {page}"
    item = first.locator("h2").first.inner_text().replace("\u200b", "")
    assert any(item.startswith(f"{name} · ") for name in names) and "培训" in item, item
    href = first.locator("a", has=view.page.locator("h2")).first.get_attribute("href") or ""
    assert "#task-" in href or "#risk-" in href or "#issue-" in href or "#deliverable-" in href, href
    view.assert_clean()


def test_a_persons_name_finds_their_page(browser, search_url: str) -> None:  # noqa: F811
    view = search(browser, search_url, "陈静")
    links = [view.page.locator(".md-search-result__item a").nth(i).get_attribute("href") or ""
             for i in range(view.page.locator(".md-search-result__item a").count())]
    assert any("people/" in href for href in links), links
    view.assert_clean()
