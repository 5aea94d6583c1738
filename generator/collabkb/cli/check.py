"""``collabkb validate`` and ``collabkb check``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from ..git import changes
from ..check import pipeline
from ..report import REPORTERS
from . import main
from .common import config_at, config_file_option, emit, fail, format_option, root_argument, selected_projects, today_for


@main.command()
@root_argument
@config_file_option
@format_option(["text", "json"])
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
def validate(root: Path, config_file: Path | None, fmt: str, today: str | None) -> None:
    """Run the yaml, schema and reference checks only."""
    config = config_at(root, config_file)
    day = today_for(today, config)
    kb, findings = pipeline.validate(config)
    emit(pipeline.Checked(kb, tuple(findings), day), config, fmt, strict=False)


@main.command()
@root_argument
@config_file_option
@format_option(REPORTERS)
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, warnings included.")
@click.option("--project", "projects", multiple=True, metavar="SLUG", help="Check only this project (repeatable).")
@click.option("--changed-since", "changed_since", metavar="REF",
              help="Only findings in files changed since the git revision REF (from its merge base with HEAD, "
                   "working-tree edits and untracked files included), plus resource conflicts involving them.")
def check(root: Path, config_file: Path | None, fmt: str, today: str | None, strict: bool, projects: tuple[str, ...], changed_since: str | None) -> None:
    """Validate and run every rule: overdue, ownerless, lagging, …"""
    config = config_at(root, config_file)
    day = today_for(today, config)
    changed = None
    if changed_since is not None:  # asked before the (long) check, so a bad REF fails fast
        try:
            changed = changes.changed_files(config.root, changed_since)
        except changes.ChangesError as error:
            fail(config.messages(error.message_key, **error.values))
    result = pipeline.check(config, day, selected_projects(config, projects))
    if changed is not None:
        result = replace(result, findings=tuple(changes.select(result.findings, changed)))
    emit(result, config, fmt, strict)

