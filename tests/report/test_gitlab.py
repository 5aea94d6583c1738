"""--format gitlab: a GitLab Code Quality report whose fingerprints survive unrelated edits and new days."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

from collabkb.check.findings import Finding, Severity
from collabkb.check.model import KnowledgeBase
from collabkb.check.pipeline import Checked
from collabkb.report import REPORTERS, gitlab

MakeKb = Callable[..., Path]


def report(root: Path, today: str) -> tuple[int, list[dict[str, Any]]]:
    run = subprocess.run([sys.executable, "-m", "collabkb", "check", str(root), "--format", "gitlab", "--today", today],
                         capture_output=True, text=True, check=False)
    assert run.returncode in (0, 1), run.stderr
    return run.returncode, json.loads(run.stdout)


def by_rule(entries: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    return [entry for entry in entries if entry["check_name"] == rule]


def test_registered() -> None:
    assert REPORTERS["gitlab"] is gitlab.write


def test_entries_have_gitlabs_fields_and_our_severities(make_kb: MakeKb) -> None:
    root = make_kb({"projects/demo/tasks.yaml": lambda text: text.replace("owner: 张伟", "owner: 待定")})
    code, entries = report(root, "2026-12-20")
    assert code == 1
    (ownerless,) = by_rule(entries, "ownerless")
    assert ownerless["severity"] == "critical" and ownerless["location"]["path"] == "projects/demo/tasks.yaml"
    (overdue,) = by_rule(entries, "overdue")
    assert overdue["severity"] == "minor" and "T2" in overdue["description"]
    lines = (root / "projects/demo/tasks.yaml").read_text("utf-8").splitlines()
    assert lines[overdue["location"]["lines"]["begin"] - 1].lstrip("- ").startswith(("id: T2", "due:"))


def test_fingerprints_survive_a_new_day_and_moved_lines(make_kb: MakeKb) -> None:
    root = make_kb()
    _, monday = report(root, "2026-12-21")
    _, tuesday = report(root, "2026-12-22")
    (late_monday,), (late_tuesday,) = by_rule(monday, "overdue"), by_rule(tuesday, "overdue")
    assert late_monday["description"] != late_tuesday["description"]  # "6 days" became "7 days"
    assert late_monday["fingerprint"] == late_tuesday["fingerprint"]

    tasks = root / "projects/demo/tasks.yaml"
    tasks.write_text("# 每天 17:00 前更新进度\n\n" + tasks.read_text("utf-8"), "utf-8")
    _, moved = report(root, "2026-12-21")
    (late_moved,) = by_rule(moved, "overdue")
    assert late_moved["location"]["lines"]["begin"] == late_monday["location"]["lines"]["begin"] + 2
    assert late_moved["fingerprint"] == late_monday["fingerprint"]


def test_different_findings_never_share_a_fingerprint() -> None:
    same = Finding("projects/a/tasks.yaml", 3, "schema", 5, Severity.ERROR, "a", None, "unknown key 'x'")
    again = Finding("projects/a/tasks.yaml", 9, "schema", 5, Severity.ERROR, "a", None, "unknown key 'x'")
    other_item = Finding("projects/a/tasks.yaml", 3, "overdue", 5, Severity.WARNING, "a", "T2", "T2 is 3 days late")
    other_rule = Finding("projects/a/tasks.yaml", 3, "lagging", 5, Severity.WARNING, "a", "T2", "T2 is 3 days late")
    entries = gitlab.issues(Checked(KnowledgeBase(()), (same, again, other_item, other_rule), dt.date(2026, 11, 18)))
    assert len({entry["fingerprint"] for entry in entries}) == 4
