"""``collabkb new``, ``collabkb init`` and ``collabkb export`` (json, ics, xlsx): writing files for people.

``new`` and ``init`` never overwrite anything: an existing folder or file is
named and the command exits 1 before writing. ``export -o FILE`` writes the file
it is given through ``output.write_output``: a FIFO or device is written as a
stream, a file of the knowledge base is refused unless ``--force``, any other
file is replaced atomically (as ``curl -o`` or ``sort -o`` would replace it).
``export`` exits 1 only when files could not be read (the export is incomplete),
not for late or ownerless work, which is what the export is about.
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path
from typing import NoReturn

import click

from ..check import pipeline, publication
from .. import scaffold
from ..check.calendar import DEFAULT_TIMEZONE, BadDate, resolve_today
from ..check.findings import Severity
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES, Messages
from ..check.tree import outside_root
from ..output import OutputError, knowledge_base_paths, write_output
from ..portfolio.view import Portfolio
from ..rules import VALIDATION_RULES
from . import main
from .common import EXIT_FINDINGS, EXIT_OK, config_at, config_file_option, fail, require_slug, root_argument, selected_projects, today_for


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
@config_file_option
@click.option("--retro", is_flag=True, help="Add retro.yaml (the retrospective) to an existing project instead.")
@_today_option
def new(slug: str, name: str | None, lang: str | None, root: Path, config_file: Path | None, retro: bool, today: str | None) -> None:
    """Scaffold projects/SLUG/ from the seed forms (never overwrites)."""
    config = config_at(root, config_file)
    root = config.root
    language = lang or config.language
    msg = Messages(language)
    require_slug(slug, msg)
    day = today_for(today, config)
    folder = config.projects_path / slug
    if outside_root(folder, root):  # as check refuses it: never read or write through such a link
        fail(msg("new.outside", dir=_shown(folder, root)))
    department = scaffold.first_department(root, config.projects_dir)
    values = scaffold.default_values(msg, name or slug, day, department, sample=False)
    try:
        if retro:
            written = [_write_retro(folder, root, language, values, msg)]
        else:
            written = scaffold.write_project_folder(folder, root, language, values, config.documents_dir)
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
    coordinator = scaffold.coordinator_of(root, _shown(folder / "project.yaml", root))
    if coordinator:
        values = scaffold.ProjectValues(values.name, values.department, coordinator, coordinator, values.today)
    path = folder / scaffold.RETRO_FILE
    scaffold.write_new_file(path, scaffold.render_project_file(scaffold.RETRO_FILE, language, values, path, root))
    return path


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".", required=False)
@_lang_option
@_today_option
@click.option("--ci", type=click.Choice(sorted(scaffold.CI_FILES)), default=scaffold.DEFAULT_CI, show_default=True,
              help="The forge whose CI configuration to write: GitHub Actions, GitLab CI or Gitea/Forgejo Actions.")
def init(directory: Path, lang: str | None, today: str | None, ci: str) -> None:
    """Start a new knowledge-base repository in DIRECTORY (never overwrites)."""
    language = lang or DEFAULT_LANGUAGE
    msg = Messages(language)
    try:
        day = resolve_today(today, DEFAULT_TIMEZONE)
    except BadDate as error:
        fail(f"--today: {error}" if today else str(error))
    files = scaffold.repository_files(directory, language, msg, day, metadata.version("collabkb"), ci)
    try:
        scaffold.write_repository(directory, files)
    except scaffold.AlreadyExists as error:
        _exists(msg, error, directory)
    except scaffold.LeavesDirectory as error:
        fail(msg("init.outside", paths=", ".join(_shown(path, directory) for path in error.paths)))
    except OSError as error:
        fail(msg("init.cannot_write", dir=str(directory), reason=error.strerror or error))
    click.echo(msg("init.wrote", count=len(files), dir=str(directory)))
    here = directory.resolve() == Path.cwd().resolve()
    publish = msg(f"init.publish.{ci}")
    click.echo(msg("init.next_here", publish=publish) if here else msg("init.next", dir=str(directory), publish=publish))


@main.command()
@root_argument
@config_file_option
@click.option("--format", "fmt", type=click.Choice(["json", "ics", "xlsx"]), required=True,
              help="json: the site's /api/projects.json; ics: the site's /calendar.ics; xlsx: a workbook (needs -o).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Write to this file (replaced if it exists; a FIFO or device is written to) instead of standard output.")
@click.option("--force", is_flag=True, help="Allow -o to replace a file of the knowledge base (mkdocs.yml, projects/, schemas/, docs/).")
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--project", "projects", multiple=True, metavar="SLUG", help="Export only this project (repeatable).")
def export(root: Path, config_file: Path | None, fmt: str, output: Path | None, force: bool, today: str | None, projects: tuple[str, ...]) -> None:
    """The same data as the site's /api/projects.json or /calendar.ics, from the same code."""
    from ..report import export as exporter  # the site's exporter: one implementation for both

    config = config_at(root, config_file)
    msg = config.messages
    if fmt == "xlsx" and output is None:
        fail(msg("xlsx.needs_output"))
    day = today_for(today, config)
    result = pipeline.check(config, day, selected_projects(config, projects))
    shown = publication.for_site(result, config.site)  # what the site publishes, no more (docs/security.md)
    if fmt == "json":
        data = exporter.projects_json(Portfolio.build(shown, msg, config)).encode("utf-8")
    elif fmt == "xlsx":
        from ..excel.export import workbook_bytes  # openpyxl is loaded only for this format

        data = workbook_bytes(Portfolio.build(shown, msg, config), msg)
    else:
        data = exporter.calendar_ics(exporter.events_for(shown.kb, msg), msg("site.ics.name"), shown.today)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            write_output(output, data, protected=knowledge_base_paths(config.root, config.projects_dir), force=force)
        except OutputError as error:
            fail(error.text(msg))
    # Like the site: late or ownerless work is content; only data that could not be read
    # (yaml, schema, reference errors) makes the export incomplete, and so exit 1.
    unreadable = sum(f.severity is Severity.ERROR and f.rule in VALIDATION_RULES for f in result.findings)
    if unreadable:
        click.echo(msg("export.errors", count=unreadable), err=True)
    sys.exit(EXIT_FINDINGS if unreadable else EXIT_OK)
