"""The wiki as its readers see it: Debian's chromium at 390×844 (a phone) and 1440×900 (a desktop) on the
example built for 2026-11-18. No page scrolls sideways as a whole; an overdue task's due date and owner are
on screen on a phone; generated pages get at least 1,000 px on a desktop; the Gantt opens at today on a
phone with its labels fixed, works without JavaScript, and its bars open the task they stand for.
Screenshots of the tasks page (with the Gantt) and of a person page at both sizes go to ``test-artifacts/``."""

from __future__ import annotations

import pytest

from test_site_browser import ARTIFACTS, Watched, browser, example_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
TASKS = "projects/q4-smartwatch-launch/tasks/"
PERSON = "people/ma-chao/"
PAGES = (TASKS, "projects/q4-smartwatch-launch/", "projects/q4-smartwatch-launch/risks/", "projects/okr-2026-h2/tasks/",
         "views/overdue/", "views/upcoming/", "views/departments/市场部/", PERSON, "people/")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_no_page_scrolls_sideways_as_a_whole(browser, example_url: str, viewport: dict) -> None:
    view = Watched(browser, viewport=viewport)
    for path in PAGES:
        view.open(example_url + path)
        assert view.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], path
    view.assert_clean()


def test_generated_pages_are_at_least_1000_px_wide_on_a_desktop(browser, example_url: str) -> None:
    view = Watched(browser, viewport=DESKTOP)
    for path in PAGES:
        view.open(example_url + path)
        width = view.page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
        assert width >= 1000, (path, width)
    view.assert_clean()


def test_an_overdue_tasks_due_date_and_owner_are_on_a_phone_screen(browser, example_url: str) -> None:
    view = Watched(browser, viewport=PHONE)
    view.open(example_url + "views/overdue/")
    card = view.page.locator("table.ckb-cards tr.ckb-row--overdue").first
    card.scroll_into_view_if_needed()
    for cell in (card.locator("td.ckb-card__due"), card.locator("td.ckb-card__title"), card.locator("a.ckb-person")):
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert card.locator("td.ckb-card__due").inner_text().strip().endswith("2026-11-13")
    view.assert_clean()


def test_an_owner_name_opens_the_persons_page(browser, example_url: str) -> None:
    view = Watched(browser, viewport=DESKTOP)
    view.open(example_url + TASKS)
    owner = view.page.locator("table.ckb-cards a.ckb-person").first
    name = owner.inner_text().strip()
    owner.click()
    view.page.wait_for_load_state("networkidle")
    assert "/people/" in view.page.url and view.page.title().startswith(name + " - ")
    assert view.page.locator("h1").first.inner_text().strip() == name
    view.assert_clean()


def test_the_gantt_opens_at_today_on_a_phone_with_its_labels_fixed(browser, example_url: str) -> None:
    view = Watched(browser, viewport=PHONE)
    view.open(example_url + TASKS)
    box = view.page.locator(".ckb-gantt-wrap")
    box.scroll_into_view_if_needed()
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the chart is wider than a phone"
    assert box.evaluate("b => b.scrollLeft") > 0
    frame, labels = box.bounding_box(), view.page.locator(".ckb-gantt__labels").bounding_box()
    today = view.page.locator("line.ckb-gantt__today").bounding_box()
    assert frame and labels and today
    assert labels["x"] == pytest.approx(frame["x"], abs=2), "the label column stays at the left edge"
    assert labels["x"] + labels["width"] < today["x"] < frame["x"] + frame["width"], "today is in view"
    assert labels["width"] < 0.42 * PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    view.page.screenshot(path=str(ARTIFACTS / "tasks-gantt-phone.png"), full_page=True)
    view.assert_clean()


def test_the_gantt_works_without_javascript(browser, example_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(example_url + TASKS, wait_until="networkidle")
    labels = page.locator(".ckb-gantt__label")
    assert labels.count() == page.locator("rect.ckb-gantt__bar").count() > 0
    assert labels.first.is_visible() and "T1" in labels.first.inner_text()
    assert page.locator(".ckb-gantt-wrap").evaluate("b => b.scrollLeft") == 0  # at the start: still readable
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_a_gantt_bar_opens_its_task(browser, example_url: str) -> None:
    view = Watched(browser, viewport=DESKTOP)
    view.open(example_url + TASKS)
    view.page.locator('svg.ckb-gantt g[data-task="T10"] rect.ckb-gantt__bar').click()
    assert view.page.url.endswith("#task-T10")
    details = view.page.locator("details#task-T10")
    assert details.evaluate("d => d.open") and details.is_visible()
    view.assert_clean()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshots_of_the_tasks_page_and_a_person_page(browser, example_url: str, viewport: dict) -> None:
    view = Watched(browser, viewport=viewport)
    size = f"{viewport['width']}x{viewport['height']}"
    ARTIFACTS.mkdir(exist_ok=True)
    for path, name in ((TASKS, "tasks"), (PERSON, "person")):
        view.open(example_url + path)
        view.page.screenshot(path=str(ARTIFACTS / f"readers-{name}-{size}.png"), full_page=True)
        assert (ARTIFACTS / f"readers-{name}-{size}.png").stat().st_size > 10_000
    view.page.set_viewport_size(viewport)
    view.open(example_url + TASKS)
    view.page.locator(".ckb-gantt-wrap").screenshot(path=str(ARTIFACTS / f"readers-gantt-{size}.png"))
    view.assert_clean()


def test_a_long_gantt_prints_whole_across_an_a4_page(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
    view.open(example_url + "projects/okr-2026-h2/tasks/")
    view.page.emulate_media(media="print")
    grid = view.page.locator(".ckb-gantt-grid")
    assert grid.evaluate("g => g.scrollWidth") > 794, "on screen the six-month chart is wider than the page"
    assert grid.bounding_box()["width"] <= 620  # scaled to the page's printable width (160 mm)
    assert view.page.evaluate("document.documentElement.scrollWidth") <= 794
    view.assert_clean()
