"""``collabkb import FILE.xlsx --project SLUG``: a task sheet → ``projects/SLUG/tasks.yaml``.

The project must exist (its ``project.yaml`` holds the team the tasks' departments and owners
are checked against; ``collabkb new`` makes one) and have no ``tasks.yaml`` yet: nothing is
ever overwritten. Exit codes: 0 written (or, with ``--dry-run``, it would be); 1 not written:
a cell could not be used, the result would break ``collabkb validate``, or ``tasks.yaml``
exists; 2 the workbook or the command line cannot be used at all.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..check.findings import Finding, Severity
from ..check.tree import outside_root
from ..excel import tasks_yaml
from ..excel.task_sheet import TaskSheet, read_task_sheet
from ..excel.workbook import WorkbookError, open_sheet
from ..i18n import Messages
from ..report.text import finding_line
from ..rules import VALIDATION_RULES
from ..scaffold import AlreadyExists
from . import main
from .common import EXIT_FINDINGS, EXIT_OK, config_at, config_file_option, fail, require_slug, root_argument, today_for


def _blocking(findings: list[Finding], tasks_file: str) -> list[Finding]:
    """What stops the write: error-level yaml/schema/reference findings in the new file."""
    return [f for f in findings if f.file == tasks_file and f.severity is Severity.ERROR and f.rule in VALIDATION_RULES]


def _report(sheet: TaskSheet, findings: list[Finding], file: str, msg: Messages) -> None:
    click.echo(msg("import.read", sheet=sheet.sheet, row=sheet.header_row, tasks=len(sheet.tasks),
                   columns=", ".join(f"{letter}={name}" for name, letter in sheet.columns.items())), err=True)
    if sheet.ignored:
        click.echo(msg("import.ignored", headers="、".join(sheet.ignored)), err=True)
    for problem in sheet.problems:
        click.echo(f"{problem.where(file)}: error [import] {problem.message}", err=True)
    for f in findings:
        click.echo(finding_line(f), err=True)


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--project", "slug", required=True, metavar="SLUG", help="The project (projects/SLUG/) the tasks belong to.")
@click.option("--sheet", help="The worksheet to read (default: the first).")
@click.option("--dry-run", is_flag=True, help="Print the YAML and its findings; write nothing.")
@root_argument
@config_file_option
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
def import_(file: Path, slug: str, sheet: str | None, dry_run: bool, root: Path, config_file: Path | None, today: str | None) -> None:
    """Read a task sheet (任务分配与进度表) into projects/SLUG/tasks.yaml (never overwrites)."""
    config = config_at(root, config_file)
    root = config.root
    msg = config.messages
    require_slug(slug, msg)
    folder = config.projects_path / slug
    rel_folder = f"{config.projects_dir}/{slug}"
    if not (folder / "project.yaml").is_file():
        fail(msg("import.no_project", dir=rel_folder, slug=slug))
    if outside_root(folder, root):  # a symlink out of the knowledge base: never written through (as check, new)
        fail(msg("import.outside", dir=rel_folder))
    target = folder / tasks_yaml.TASKS_FILE
    rel_target = f"{rel_folder}/{tasks_yaml.TASKS_FILE}"
    exists = target.exists() or target.is_symlink()
    if exists and not dry_run:
        click.echo(f"collabkb: {msg('import.exists', path=rel_target)}", err=True)
        sys.exit(EXIT_FINDINGS)
    day = today_for(today, config)
    try:
        read = read_task_sheet(open_sheet(file, sheet, msg), str(file), msg)
    except WorkbookError as error:
        fail(str(error))
    source = msg("import.source", file=file.name, sheet=read.sheet)
    text = tasks_yaml.render(read.tasks, target, root, source)
    try:
        findings = tasks_yaml.preview(config, slug, text, day)
    except OSError as error:  # the system temporary folder (TMPDIR) is not writable
        fail(msg("import.no_preview", reason=error.strerror or error))
    _report(read, findings, str(file), msg)
    blocked = exists or bool(read.problems) or bool(_blocking(findings, rel_target))
    if dry_run:
        sys.stdout.write(text)
        if exists:
            click.echo(msg("import.exists", path=rel_target), err=True)
        click.echo(msg("import.dry_run_blocked" if blocked else "import.dry_run", path=rel_target), err=True)
        sys.exit(EXIT_FINDINGS if blocked else EXIT_OK)
    if blocked:
        click.echo(msg("import.not_written", path=rel_target), err=True)
        sys.exit(EXIT_FINDINGS)
    try:
        tasks_yaml.write_new(target, text)
    except AlreadyExists:
        click.echo(f"collabkb: {msg('import.exists', path=rel_target)}", err=True)
        sys.exit(EXIT_FINDINGS)
    except OSError as error:
        fail(msg("new.cannot_write", path=rel_target, reason=error.strerror or error))
    click.echo(msg("import.wrote", path=rel_target, tasks=len(read.tasks)))
    sys.exit(EXIT_OK)
