"""What every ``collabkb`` command shares: config, today, exit codes, output options.

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

from ..check import pipeline
from ..check.layout import SLUG_PATTERN
from ..check.calendar import BadDate, resolve_today
from ..check.config import Config, ConfigError, load_config
from ..i18n import Messages
from ..output import OutputError, append_output
from . import LANGUAGE_KEY
from ..report import REPORTERS, github
from ..report.text import printable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def fail(message: str) -> NoReturn:
    click.echo(f"collabkb: {printable(message)}", err=True)
    sys.exit(EXIT_USAGE)


def config_at(root: Path, config_file: Path | None = None) -> Config:
    """The knowledge base at ``root``, configured by ``config_file`` (``-f``; default ``ROOT/mkdocs.yml``).
    With ``-f`` and no ROOT, the knowledge base is the folder of that file, as in ``mkdocs build -f``."""
    context = click.get_current_context(silent=True)
    if config_file is not None and context is not None and \
            context.get_parameter_source("root") is click.core.ParameterSource.DEFAULT:
        root = config_file.parent
    try:
        config = load_config(root, config_file)
    except ConfigError as error:
        fail(str(error))
    if context is not None:  # so a failing standard output is reported in the configured language
        context.find_root().meta[LANGUAGE_KEY] = config.language
    return config


def require_slug(slug: str, msg: Messages) -> None:
    """A project folder name the commands that write into one accept (``layout.SLUG_PATTERN``), else exit 2."""
    if not SLUG_PATTERN.match(slug):
        fail(msg("new.bad_slug", slug=slug, pattern=SLUG_PATTERN.pattern))


def today_for(option: str | None, config: Config) -> dt.date:
    try:
        return resolve_today(option, config.timezone)
    except BadDate as error:
        fail(f"--today: {error}" if option else str(error))


def selected_projects(config: Config, slugs: Iterable[str]) -> frozenset[str] | None:
    selected = frozenset(slugs)
    if not selected:
        return None
    existing = sorted(p.name for p in config.projects_path.iterdir() if p.is_dir()) if config.projects_path.is_dir() else []
    for slug in sorted(selected):
        if slug not in existing:
            close = difflib.get_close_matches(slug, existing, n=1)
            fail(f"--project {slug}: no such project in {config.projects_dir}/" + (f"; did you mean '{close[0]}'?" if close else ""))
    return selected


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def append_step_summary(result: pipeline.Checked, msg: Messages) -> None:
    """``--format github`` in a workflow: the Markdown summary appended to ``$GITHUB_STEP_SUMMARY``
    (the reporter only formats; writing files is the shell's job)."""
    target = os.environ.get(github.SUMMARY_ENV)
    if target:
        path = Path(target)
        used = path.stat().st_size if path.is_file() else 0  # earlier steps' text counts too
        append_output(path, github.summary(result, msg, max(github.SUMMARY_LIMIT - used, 0)))


def emit(result: pipeline.Checked, config: Config, fmt: str, strict: bool) -> NoReturn:
    shown = pipeline.capped(result, config)
    REPORTERS[fmt](shown, config.messages, sys.stdout, color=use_color())
    if fmt == "github":
        try:
            append_step_summary(shown, config.messages)
        except OutputError as error:  # only the job summary: the findings themselves are out
            click.echo(f"collabkb: {config.messages('output.summary', problem=error.text(config.messages))}", err=True)
    failed = result.errors > 0 or (strict and bool(result.findings))
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


root_argument = click.argument("root", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
config_file_option = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
    help="The MkDocs configuration with the collabkb block (default: ROOT/mkdocs.yml), as in mkdocs build -f; "
         "without ROOT, the knowledge base is the folder of this file.")


def format_option(choices: Iterable[str]) -> Callable:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default="text", show_default=True,
                        help="Output format.")


