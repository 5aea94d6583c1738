"""What a terminal is shown: user text with control characters is escaped, and messages
say what was written (no "remove the tag" where no tag was written)."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from collabkb.check.load import parse
from collabkb.cli import main
from collabkb.i18n import Messages
from collabkb.report.text import printable

MSG = Messages("en")
LATE_TASK = """\
tasks:
  - id: T1
    title: "{title}"
    department: 市场部
    owner: 李娜
    start: 2026-09-01
    due: 2026-09-30
    status: in_progress
    progress: 50
"""


@pytest.mark.parametrize("title, shown", [(r"x\e[2K\rfake ok", r"x\x1b[2K\rfake ok"), (r"a\nb", r"a\nb"),
                                          (r"\u202Eevil", r"\u202eevil")])
def test_control_characters_in_a_title_are_escaped_in_text_but_kept_in_json(make_kb: Any, title: str, shown: str) -> None:
    root = make_kb({"projects/demo/tasks.yaml": LATE_TASK.format(title=title)})
    text = CliRunner().invoke(main, ["check", str(root), "--today", "2026-10-10"]).output
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert f'task T1 "{shown}" was due 2026-09-30' in text
    assert len(text.splitlines()) == 3  # lagging, overdue… one line each, then the summary

    report = json.loads(CliRunner().invoke(main, ["check", str(root), "--today", "2026-10-10", "--format", "json"]).output)
    raw = json.loads(f'"{title}"'.replace(r"\e", r"\u001b"))
    assert any(raw in f["message"] for f in report["findings"])


UNSAFE = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc" or ch in UNSAFE


@given(st.text())
def test_printable_leaves_no_control_character_and_changes_nothing_else(text: str) -> None:
    shown = printable(text)
    assert not any(unsafe(ch) for ch in shown)
    if not any(unsafe(ch) for ch in text):
        assert shown == text


def test_an_explicit_tag_is_named_only_when_it_was_written() -> None:
    (written,) = parse(b"tasks:\n  - progress: !!int fifty\n", "t.yaml", MSG).findings
    assert "remove the !!int tag" in written.message and (written.line, written.column) == (2, 15)
    (plain,) = parse(b"tasks:\n  - progress: " + b"9" * 5000 + b"\n", "t.yaml", MSG).findings
    assert "tag" not in plain.message and "quote it" in plain.message and (plain.line, plain.column) == (2, 15)
