"""--format github: workflow-command escaping and the step summary (1 MiB cap)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collabkb.check.findings import Finding, Severity
from collabkb.i18n import Messages
from collabkb.check.model import KnowledgeBase
from collabkb.check.result import Checked
from collabkb.cli.common import append_step_summary
from collabkb.report import REPORTERS, github

TODAY = dt.date(2026, 11, 18)


def finding(message: str = "late", file: str = "projects/a/tasks.yaml", line: int = 3, rule: str = "overdue",
            severity: Severity = Severity.WARNING, project: str | None = "a") -> Finding:
    return Finding(file, line, rule, 5, severity, project, "T1", message)


def checked(*findings: Finding) -> Checked:
    return Checked(KnowledgeBase(()), tuple(findings), TODAY)


def test_registered() -> None:
    assert REPORTERS["github"] is github.write


def test_command_shape() -> None:
    assert github.command(finding()) == "::warning file=projects/a/tasks.yaml,line=3,col=5,title=overdue::late"
    assert github.command(finding(severity=Severity.ERROR)).startswith("::error file=")


def test_escaping_follows_the_actions_toolkit() -> None:
    command = github.command(finding("50% done\r\nnext: a,b", file="projects/a:b,c%/tasks.yaml"))
    assert command == ("::warning file=projects/a%3Ab%2Cc%25/tasks.yaml,line=3,col=5,title=overdue"
                       "::50%25 done%0D%0Anext: a,b")


def test_write_prints_commands_and_the_summary_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    out = tmp_path / "out.txt"
    with out.open("w", encoding="utf-8") as handle:
        github.write(checked(finding()), Messages("en"), handle)
    lines = out.read_text("utf-8").splitlines()
    assert lines[0].startswith("::warning ")
    assert lines[1] == "0 projects, 0 tasks: 0 errors, 1 warning (today 2026-11-18)"
    assert not list(tmp_path.glob("summary*"))


def test_summary_counts_per_rule_and_project() -> None:
    text = github.summary(checked(finding(), finding(line=9), finding(rule="ownerless", severity=Severity.ERROR, project="b"),
                                  finding("a | b <script>", project=None)), Messages("en"))
    assert "| `overdue` | warning | 3 |" in text and "| `ownerless` | error | 1 |" in text
    assert "| a | 0 | 2 |" in text and "| b | 1 | 0 |" in text and "| — | 0 | 1 |" in text
    assert "a \\| b &lt;script&gt;" in text  # a pipe cannot break the table, HTML is shown as text


def test_clean_summary() -> None:
    assert "No findings." in github.summary(checked(), Messages("en"))


def test_summary_is_cut_at_the_limit_with_a_note() -> None:
    many = [finding("x" * 200, line=i) for i in range(1, 501)]
    limit = 20_000
    text = github.summary(checked(*many), Messages("en"), limit=limit)
    assert len(text.encode("utf-8")) <= limit
    shown = text.count("| warning | `overdue` |")
    assert 0 < shown < 500
    assert f"… {500 - shown} more findings left out" in text and f"({shown} of 500 shown)" in text


def test_summary_appends_within_what_is_left(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("x" * (github.SUMMARY_LIMIT - 3000), encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    many = [finding("y" * 100, line=i) for i in range(1, 200)]
    with (tmp_path / "out.txt").open("w", encoding="utf-8") as handle:
        github.write(checked(*many), Messages("en"), handle)
    assert target.stat().st_size == github.SUMMARY_LIMIT - 3000  # the reporter has no side effects
    append_step_summary(checked(*many), Messages("en"))  # the CLI's shell appends it
    assert target.stat().st_size <= github.SUMMARY_LIMIT
    assert "more findings left out" in target.read_text("utf-8")


def test_no_room_left_writes_at_most_the_note() -> None:
    many = [finding(line=i) for i in range(1, 50)]
    assert github.summary(checked(*many), Messages("en"), limit=300).startswith("… 49 more findings left out")
    assert github.summary(checked(*many), Messages("en"), limit=10) == ""
