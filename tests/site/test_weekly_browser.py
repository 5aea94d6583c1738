"""The weekly report (本周周报, /views/weekly/) prints on A4 without cut columns: chromium's print
(Playwright ``page.pdf(format="A4")``) to ``test-artifacts/weekly.pdf``, its first page as a PNG when
poppler's ``pdftoppm`` is installed, and every table inside the printable width in print media."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from test_site_browser import ARTIFACTS, Watched, browser, example_url  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

A4_CSS_PX = 794  # 210 mm at 96 px per inch


def test_the_weekly_report_fits_a4_without_cut_columns(browser, example_url: str) -> None:
    view = Watched(browser, viewport={"width": A4_CSS_PX, "height": 1123})
    view.open(example_url + "views/weekly/")
    view.page.emulate_media(media="print")
    assert view.page.locator("h1").first.inner_text().strip() == "本周周报"
    tables = view.page.locator("table.ckb-weekly__projects, table.ckb-weekly__attention")
    assert tables.count() >= 5
    content = view.page.locator(".md-content__inner").bounding_box()
    assert content is not None
    for i in range(tables.count()):
        table = tables.nth(i)
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= content["x"] + content["width"] + 1, i
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1"), i
    assert view.page.evaluate("document.documentElement.scrollWidth") <= A4_CSS_PX
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = ARTIFACTS / "weekly.pdf"
    view.page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "weekly")], check=True)
    view.assert_clean()
