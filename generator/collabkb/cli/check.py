"""``collabkb validate`` and ``collabkb check``."""

from __future__ import annotations

from pathlib import Path

import click

from .. import pipeline
from ..report import REPORTERS
from . import main
from .common import config_at, emit, format_option, root_argument, selected_projects, today_for


@main.command()
@root_argument
@format_option(["text", "json"])
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
def validate(root: Path, fmt: str, today: str | None) -> None:
    """Run the yaml, schema and reference checks only."""
    config = config_at(root)
    day = today_for(today, config)
    kb, findings = pipeline.validate(config)
    emit(pipeline.Checked(kb, tuple(findings), day), config, fmt, strict=False)


@main.command()
@root_argument
@format_option(REPORTERS)
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, warnings included.")
@click.option("--project", "projects", multiple=True, metavar="SLUG", help="Check only this project (repeatable).")
def check(root: Path, fmt: str, today: str | None, strict: bool, projects: tuple[str, ...]) -> None:
    """Validate and run every rule: overdue, ownerless, lagging, …"""
    config = config_at(root)
    day = today_for(today, config)
    result = pipeline.check(config, day, selected_projects(config, projects))
    emit(result, config, fmt, strict)

