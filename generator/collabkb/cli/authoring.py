"""``collabkb new``, ``collabkb init`` and ``collabkb export``: writing files for people.

``new`` and ``init`` never overwrite anything: an existing folder or file is
named and the command exits 1 before writing. ``export -o FILE`` writes exactly
the file it is given (replacing it, as ``curl -o`` or ``sort -o`` would): naming
the file is the request; the write is atomic, so a reader never sees half a file.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import NoReturn

import click

from .. import pipeline, scaffold
from ..calendar import BadDate, resolve_today
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from ..layout import SLUG_PATTERN
from . import main
from .common import EXIT_FINDINGS, EXIT_OK, config_at, fail, root_argument, selected_projects, today_for

DEFAULT_TIMEZONE = "Asia/Shanghai"  # SPEC §4: the default before any mkdocs.yml exists (init)

_today_option = click.option("--today", help="The date to plan from (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
_lang_option = click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the templates' comments and placeholders.")


def _exists(msg: Messages, error: scaffold.AlreadyExists, root: Path) -> NoReturn:
    names = ", ".join(_shown(path, root) for path in error.paths)
    click.echo(f"collabkb: {msg('new.exists', paths=names)}", err=True)
    sys.exit(EXIT_FINDINGS)


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@main.command()
@click.argument("slug")
@click.option("--name", help="The project's name (default: the slug).")
@_lang_option
@root_argument
@click.option("--retro", is_flag=True, help="Add retro.yaml (the retrospective) to an existing project instead.")
@_today_option
def new(slug: str, name: str | None, lang: str | None, root: Path, retro: bool, today: str | None) -> None:
    """Scaffold projects/SLUG/ from the seed forms (never overwrites)."""
    config = config_at(root)
    language = lang or config.language
    msg = Messages(language)
    if not SLUG_PATTERN.match(slug):
        fail(msg("new.bad_slug", slug=slug, pattern=SLUG_PATTERN.pattern))
    day = today_for(today, config)
    folder = config.projects_path / slug
    department = scaffold.first_department(root, config.projects_dir)
    values = scaffold.default_values(msg, name or slug, day, department, sample=False)
    try:
        if retro:
            written = [_write_retro(folder, root, language, values, msg)]
        else:
            written = scaffold.write_project_folder(folder, root, language, values)
    except scaffold.AlreadyExists as error:
        _exists(msg, error, root)
    except OSError as error:
        fail(msg("new.cannot_write", path=_shown(folder, root), reason=error.strerror or error))
    for path in written:
        click.echo(msg("new.wrote", path=_shown(path, root)))
    if not (root / scaffold.SCHEMAS_DIR).is_dir():
        click.echo(msg("new.no_schemas", dir=scaffold.SCHEMAS_DIR), err=True)
    click.echo(msg("new.next_retro" if retro else "new.next", dir=_shown(folder, root)))


def _write_retro(folder: Path, root: Path, language: str, values: scaffold.ProjectValues, msg: Messages) -> Path:
    if not (folder / "project.yaml").is_file():
        fail(msg("new.no_project", dir=_shown(folder, root)))
    coordinator = scaffold.coordinator_of(folder / "project.yaml")
    if coordinator:
        values = scaffold.ProjectValues(values.name, values.department, coordinator, coordinator, values.today)
    path = folder / scaffold.RETRO_FILE
    scaffold.write_new_file(path, scaffold.render_project_file(scaffold.RETRO_FILE, language, values, path, root))
    return path


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
@_lang_option
@_today_option
def init(directory: Path, lang: str | None, today: str | None) -> None:
    """Start a new knowledge-base repository in DIRECTORY (never overwrites)."""
    language = lang or DEFAULT_LANGUAGE
    msg = Messages(language)
    try:
        day = resolve_today(today, DEFAULT_TIMEZONE)
    except BadDate as error:
        fail(f"--today: {error}" if today else str(error))
    files = scaffold.repository_files(directory, language, msg, day, metadata.version("collabkb"))
    try:
        scaffold.write_repository(files)
    except scaffold.AlreadyExists as error:
        _exists(msg, error, directory)
    except OSError as error:
        fail(msg("init.cannot_write", dir=str(directory), reason=error.strerror or error))
    click.echo(msg("init.wrote", count=len(files), dir=str(directory)))
    click.echo(msg("init.next", dir=str(directory)))
