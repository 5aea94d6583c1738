"""English plurals in the message catalogue: ``{n:plural:day|days}``, never "day(s)" on the site."""

from __future__ import annotations

from importlib import resources

import yaml

from collabkb.i18n import Messages


def test_one_is_singular_every_other_number_plural() -> None:
    msg = Messages("en")
    assert msg("health.overdue", count=1) == "1 overdue task"
    assert msg("health.overdue", count=0) == "0 overdue tasks"
    assert msg("health.overdue", count=3) == "3 overdue tasks"
    assert msg("drift.days", days=-1, working=-1) == "-1 day (-1 working)"
    assert msg("drift.days", days=12, working=8) == "+12 days (+8 working)"
    assert msg("site.views.overdue_intro", today="2026-11-18", count=1) == "As of 2026-11-18, 1 task is overdue (by due date)."


def test_chinese_needs_no_plural_and_formats_as_before() -> None:
    assert Messages("zh")("health.overdue", count=2) == "2 个任务逾期"


def test_no_message_the_site_shows_says_s_in_brackets() -> None:
    entries = yaml.safe_load(resources.files("collabkb").joinpath("messages", "en.yaml").read_text("utf-8"))
    shown = ("rule.", "health.", "site.", "people.workload_line", "cpm.slack", "drift.days")
    assert [key for key, text in entries.items() if key.startswith(shown) and "(s)" in text] == []
