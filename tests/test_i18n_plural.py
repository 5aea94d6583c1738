"""English plurals in the message catalogue: ``{n:plural:day|days}``, never "day(s)" anywhere."""

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


def test_no_message_says_s_in_brackets() -> None:
    """Not on the site, in the CLI, the diff, the digest or a chat message ("http(s)" is a scheme, not a plural)."""
    entries = yaml.safe_load(resources.files("collabkb").joinpath("messages", "en.yaml").read_text("utf-8"))
    assert [key for key, text in entries.items() if "(s)" in text.replace("http(s)", "")] == []


def test_cli_summary_and_diff_counts_read_as_english() -> None:
    msg = Messages("en")
    assert msg("report.summary", projects=1, tasks=0, errors=2, warnings=1, today="2026-11-18") == \
        "1 project, 0 tasks: 2 errors, 1 warning (today 2026-11-18)"
    assert msg("diff.introduced", count=1) == "introduced 1 finding:"
