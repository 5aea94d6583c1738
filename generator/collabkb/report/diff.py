"""Plan-diff output: text for a terminal, Markdown for one pull-request comment, JSON.

Every word comes from the catalogue (``diff.*`` keys); a change is rendered by
``diff.change.<kind>`` (with ``.later``/``.earlier`` for moved dates), enum values
shown translated. The Markdown starts with a hidden marker so CI can find its own
comment and edit it in place instead of adding one per push.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Callable, TextIO

from ..check.findings import Finding
from ..i18n import Messages
from ..git.plandiff import Change, PlanDiff, ProjectDiff
from .text import finding_line, markdown_text, printable

MARKER = "<!-- collabkb-diff -->"
_MOVES = ("due_moved", "start_moved", "project_due")
_ENUM_VALUES = ("old", "new", "status", "level", "outcome")
_ENUM_KINDS = ("status_changed", "project_status", "risk_added", "risk_relevelled", "risk_closed",
               "risk_reopened", "acceptance_result", "retro_added", "project_added")


def describe(change: Change, msg: Messages, escape: Callable[[str], str] = str) -> str:
    """One change as a sentence in the configured language."""
    values = {k: escape(v) if isinstance(v, str) else v for k, v in change.values.items()}
    if change.kind in _ENUM_KINDS:
        for key in _ENUM_VALUES:
            if isinstance(change.values.get(key), str) and msg.has(f"enum.{change.values[key]}"):
                values[key] = msg(f"enum.{change.values[key]}")
    key = f"diff.change.{change.kind}"
    if change.kind in _MOVES:
        key += ".later" if change.values["days"] > 0 else ".earlier"
        values["days"], values["working"] = abs(change.values["days"]), abs(change.values["working"])
    return msg(key, **values)


def _side(msg: Messages, rev: str, commit: str | None) -> str:
    if commit is None:
        return msg("diff.worktree")
    return rev if commit.startswith(rev) else f"{rev} ({commit[:8]})"


def _summary(diff: PlanDiff, msg: Messages) -> str:
    introduced = len(diff.introduced) + sum(len(p.introduced) for p in diff.projects)
    resolved = len(diff.resolved) + sum(len(p.resolved) for p in diff.projects)
    changes = sum(len(p.changes) for p in diff.projects)
    return msg("diff.summary", projects=len(diff.projects), changes=changes, introduced=introduced, resolved=resolved)


def write_text(diff: PlanDiff, msg: Messages, out: TextIO) -> None:
    out.write(msg("diff.title", base=_side(msg, diff.base, diff.base_commit), head=_side(msg, diff.head, diff.head_commit),
                  today=diff.today) + "\n")
    if diff.empty:
        out.write(msg("diff.no_changes") + "\n")
        return
    for project in diff.projects:
        out.write(f"\n== {printable(project.name)} ({project.slug}) ==\n")
        for change in project.changes:
            out.write(f"  - {describe(change, msg, printable)}\n")
        _text_findings(project.introduced, project.resolved, msg, out)
    _text_findings(diff.introduced, diff.resolved, msg, out)
    out.write("\n" + _summary(diff, msg) + "\n")


def _text_findings(introduced: tuple[Finding, ...], resolved: tuple[Finding, ...], msg: Messages, out: TextIO) -> None:
    for label, findings in (("diff.introduced", introduced), ("diff.resolved", resolved)):
        if findings:
            out.write(f"  {msg(label, count=len(findings))}\n")
            for f in findings:
                out.write(f"    {finding_line(f)}\n")


def write_markdown(diff: PlanDiff, msg: Messages, out: TextIO) -> None:
    out.write(MARKER + "\n")
    out.write("### " + msg("diff.title", base=markdown_text(_side(msg, diff.base, diff.base_commit)),
                           head=markdown_text(_side(msg, diff.head, diff.head_commit)), today=diff.today) + "\n\n")
    if diff.empty:
        out.write(msg("diff.no_changes") + "\n")
        return
    out.write(_summary(diff, msg) + "\n")
    for project in diff.projects:
        out.write(f"\n#### {markdown_text(project.name)} (`{project.slug}`)\n\n")
        for change in project.changes:
            out.write(f"- {describe(change, msg, markdown_text)}\n")
        _md_findings(project.introduced, project.resolved, msg, out)
    if diff.introduced or diff.resolved:
        out.write("\n")
        _md_findings(diff.introduced, diff.resolved, msg, out)


def _md_findings(introduced: tuple[Finding, ...], resolved: tuple[Finding, ...], msg: Messages, out: TextIO) -> None:
    for label, findings, mark in (("diff.introduced", introduced, "⚠️"), ("diff.resolved", resolved, "✅")):
        if findings:
            out.write(f"- {mark} **{msg(label, count=len(findings))}**\n")
            for f in findings:
                out.write(f"  - `{f.file}:{f.line}` [{f.rule}] {markdown_text(f.message)}\n")


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _project_json(project: ProjectDiff, msg: Messages) -> dict[str, Any]:
    return {
        "slug": project.slug, "name": project.name,
        "changes": [{"kind": c.kind, "item": c.item, "values": {k: _plain(v) for k, v in c.values.items()},
                     "message": describe(c, msg)} for c in project.changes],
        "introduced": [f.as_dict() for f in project.introduced],
        "resolved": [f.as_dict() for f in project.resolved],
    }


def write_json(diff: PlanDiff, msg: Messages, out: TextIO) -> None:
    document = {
        "base": {"rev": diff.base, "commit": diff.base_commit},
        "head": {"rev": diff.head, "commit": diff.head_commit},
        "today": diff.today.isoformat(),
        "summary": {"projects": len(diff.projects), "changes": sum(len(p.changes) for p in diff.projects),
                    "introduced": len(diff.introduced) + sum(len(p.introduced) for p in diff.projects),
                    "resolved": len(diff.resolved) + sum(len(p.resolved) for p in diff.projects)},
        "projects": [_project_json(p, msg) for p in diff.projects],
        "introduced": [f.as_dict() for f in diff.introduced],
        "resolved": [f.as_dict() for f in diff.resolved],
    }
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


WRITERS: dict[str, Callable[[PlanDiff, Messages, TextIO], None]] = {
    "text": write_text, "markdown": write_markdown, "json": write_json,
}
