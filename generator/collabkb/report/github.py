"""``--format github``: GitHub Actions workflow commands, plus a job summary.

Each finding becomes ``::error file=…,line=…,col=…,title=RULE::message`` (or
``::warning``), which GitHub turns into an annotation on the pull request's
diff. Values are escaped as GitHub's toolkit does: ``%``, ``\\r`` and ``\\n`` in
the message; additionally ``:`` and ``,`` in the properties.

GitHub shows at most 10 error and 10 warning annotations per step, so ``summary``
gives the whole result as Markdown for ``GITHUB_STEP_SUMMARY`` (the CLI appends it
when that variable is set; this module writes nothing but its output): counts per
rule and per project, then every finding. The summary file
holds at most 1 MiB; a longer list is cut at a line with a note saying how many
findings were left out.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..check.findings import Finding, Severity
from ..i18n import Messages
from ..check.result import Checked
from .text import location

SUMMARY_ENV = "GITHUB_STEP_SUMMARY"
SUMMARY_LIMIT = 1024 * 1024  # bytes GitHub keeps of one step's summary


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    properties = ",".join(f"{name}={escape_property(str(value))}" for name, value in (
        ("file", finding.file), ("line", finding.line), ("col", finding.column), ("title", finding.rule)))
    return f"::{finding.severity.value} {properties}::{escape_data(finding.message)}"


def _cell(text: object) -> str:
    """Table-cell text: one line, pipes escaped, HTML shown as text."""
    return (" ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")
            .replace("<", "&lt;").replace(">", "&gt;"))


def summary(result: Checked, msg: Messages, limit: int = SUMMARY_LIMIT) -> str:
    """The job summary in Markdown, at most ``limit`` bytes of UTF-8."""
    findings = result.findings
    head = [
        f"## {msg('report.github.title', today=result.today)}",
        "",
        msg("report.summary", projects=len(result.kb.projects), tasks=result.kb.task_count,
            errors=result.errors, warnings=result.warnings, today=result.today),
        "",
    ]
    if not findings:
        head.append(msg("report.github.clean"))
        return "\n".join(head) + "\n"
    by_rule = Counter((f.rule, f.severity) for f in findings)
    head += [f"### {msg('report.github.by_rule')}", "",
             f"| {msg('report.github.rule')} | {msg('report.github.severity')} | {msg('report.github.count')} |",
             "|---|---|---:|"]
    head += [f"| `{rule}` | {severity.value} | {n} |" for (rule, severity), n in sorted(by_rule.items())]
    errors = Counter(f.project or "" for f in findings if f.severity is Severity.ERROR)
    warnings = Counter(f.project or "" for f in findings if f.severity is Severity.WARNING)
    head += ["", f"### {msg('report.github.by_project')}", "",
             f"| {msg('report.github.project')} | {msg('report.github.errors')} | {msg('report.github.warnings')} |",
             "|---|---:|---:|"]
    head += [f"| {_cell(p or '—')} | {errors[p]} | {warnings[p]} |" for p in sorted({*errors, *warnings})]
    head += ["", f"### {msg('report.github.all')}", "",
             f"| {msg('report.github.location')} | {msg('report.github.severity')} | {msg('report.github.rule')} | "
             f"{msg('report.github.message')} |",
             "|---|---|---|---|"]
    text = "\n".join(head) + "\n"
    size = len(text.encode("utf-8"))
    if size > limit:  # earlier steps used up the summary: say so in as few bytes as fit
        note = msg("report.github.truncated", shown=0, total=len(findings), left=len(findings)) + "\n"
        return note if len(note.encode("utf-8")) <= limit else ""
    for shown, f in enumerate(findings):
        row = f"| `{_cell(location(f))}` | {f.severity.value} | `{f.rule}` | {_cell(f.message)} |\n"
        note = "\n" + msg("report.github.truncated", shown=shown, total=len(findings), left=len(findings) - shown) + "\n"
        row_size = len(row.encode("utf-8"))
        # Keep room for the note in case a later row does not fit.
        if size + row_size + len(note.encode("utf-8")) > limit:
            return text + note
        text += row
        size += row_size
    return text


def write(result: Checked, msg: Messages, out: TextIO, *, color: bool = False) -> None:
    for finding in result.findings:
        out.write(command(finding) + "\n")
    out.write(msg("report.summary", projects=len(result.kb.projects), tasks=result.kb.task_count,
                  errors=result.errors, warnings=result.warnings, today=result.today) + "\n")
