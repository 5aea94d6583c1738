"""The ``collabkb`` command: parse options, call the core, pick a reporter, exit.

Exit codes (SPEC §5): 0 no error-level finding; 1 error-level findings (or any
finding with ``--strict``); 2 a usage or configuration problem, one line on stderr.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import sys
from pathlib import Path
from typing import Callable, Iterable, NoReturn

import click

from . import pipeline
from .calendar import BadDate, resolve_today
from .config import Config, ConfigError, load_config
from .layout import SLUG_PATTERN
from .report import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _fail(message: str) -> NoReturn:
    click.echo(f"collabkb: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _config(root: Path) -> Config:
    try:
        return load_config(root)
    except ConfigError as error:
        _fail(str(error))


def _today(option: str | None, config: Config) -> dt.date:
    try:
        return resolve_today(option, config.timezone)
    except BadDate as error:
        _fail(f"--today: {error}" if option else str(error))


def _projects(config: Config, slugs: Iterable[str]) -> frozenset[str] | None:
    selected = frozenset(slugs)
    if not selected:
        return None
    existing = sorted(p.name for p in config.projects_path.iterdir() if p.is_dir()) if config.projects_path.is_dir() else []
    for slug in sorted(selected):
        if slug not in existing:
            close = difflib.get_close_matches(slug, existing, n=1)
            _fail(f"--project {slug}: no such project in {config.projects_dir}/" + (f"; did you mean '{close[0]}'?" if close else ""))
    return selected


def _use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _emit(result: pipeline.Checked, config: Config, fmt: str, strict: bool) -> NoReturn:
    REPORTERS[fmt](result, config.messages, sys.stdout, color=_use_color())
    failed = result.errors > 0 or (strict and bool(result.findings))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


_root_argument = click.argument("root", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)


def _format_option(choices: Iterable[str]) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default="text", show_default=True,
                        help="Output format.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="collabkb")
def main() -> None:
    """CollabKB: cross-department collaboration projects as YAML in git."""


@main.command()
@_root_argument
@_format_option(["text", "json"])
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
def validate(root: Path, fmt: str, today: str | None) -> None:
    """Run the yaml, schema and reference checks only."""
    config = _config(root)
    day = _today(today, config)
    kb, findings = pipeline.validate(config)
    _emit(pipeline.Checked(kb, tuple(findings), day), config, fmt, strict=False)


@main.command()
@_root_argument
@_format_option(REPORTERS)
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--strict", is_flag=True, help="Exit 1 on any finding, warnings included.")
@click.option("--project", "projects", multiple=True, metavar="SLUG", help="Check only this project (repeatable).")
def check(root: Path, fmt: str, today: str | None, strict: bool, projects: tuple[str, ...]) -> None:
    """Validate and run every rule: overdue, ownerless, lagging, …"""
    config = _config(root)
    day = _today(today, config)
    result = pipeline.check(config, day, _projects(config, projects))
    _emit(result, config, fmt, strict)


if __name__ == "__main__":  # pragma: no cover
    main()
