"""``collabkb new-doc SLUG --type minutes``: a dated document from a template (never overwrites)."""

from __future__ import annotations

from pathlib import Path

import click

from .. import scaffold
from ..check.tree import outside_root
from ..i18n import LANGUAGES, Messages
from . import main
from .authoring import _exists, _shown
from .common import config_at, config_file_option, fail, require_slug, root_argument, today_for


@main.command("new-doc")
@click.argument("slug")
@click.option("--type", "doc_type", type=click.Choice(scaffold.DOCUMENT_TYPES), default="minutes", show_default=True,
              help="minutes, review (review minutes), report (summary report), decision or note.")
@click.option("--title", help="The document's title (default: the type's name); also its file name after the date.")
@click.option("--lang", type=click.Choice(LANGUAGES), help="Language of the template.")
@root_argument
@config_file_option
@click.option("--today", help="The document's date (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
def new_doc(slug: str, doc_type: str, title: str | None, lang: str | None, root: Path, config_file: Path | None, today: str | None) -> None:
    """Add projects/SLUG/docs/DATE-TITLE.md: minutes, a review, a report… with front matter to fill in."""
    config = config_at(root, config_file)
    root = config.root
    language = lang or config.language
    msg = Messages(language)
    require_slug(slug, msg)
    folder = config.projects_path / slug
    if not (folder / "project.yaml").is_file():
        fail(msg("new.no_project", dir=_shown(folder, root)))
    documents = folder / config.documents_dir
    if outside_root(documents, root):  # as check refuses it: never read or write through such a link
        fail(msg("new.outside", dir=_shown(documents, root)))
    day = today_for(today, config)
    title = title or msg(f"enum.{doc_type}")
    coordinator = scaffold.coordinator_of(root, _shown(folder / "project.yaml", root)) or msg("new.placeholder.person")
    path = documents / scaffold.document_file_name(day, title)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scaffold.write_new_file(path, scaffold.render_document(doc_type, language, title, coordinator, day, path, root))
    except scaffold.AlreadyExists as error:
        _exists(msg, error, root)
    except OSError as error:
        fail(msg("new.cannot_write", path=_shown(path, root), reason=error.strerror or error))
    click.echo(msg("new.wrote", path=_shown(path, root)))
    click.echo(msg("newdoc.next", path=_shown(path, root)))
