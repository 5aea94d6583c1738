"""``collabkb render OUT [ROOT]``: the generated wiki as files, for builders that cannot run the plugin."""

from __future__ import annotations

from pathlib import Path

import click

from ..site.standalone import RenderError, render
from . import main
from .common import config_at, config_file_option, fail, root_argument, today_for


@main.command("render")
@click.argument("out", type=click.Path(path_type=Path))
@root_argument
@config_file_option
@click.option("--today", help="The date to check for (YYYY-MM-DD); default $COLLABKB_TODAY, else today in the configured time zone.")
@click.option("--force", is_flag=True, help="Write into OUT even if it is not empty (files of the same name are replaced).")
def render_command(out: Path, root: Path, config_file: Path | None, today: str | None, force: bool) -> None:
    """Write the generated pages, static files and a mkdocs.yml with the nav into OUT (e.g. for Zensical)."""
    config = config_at(root, config_file)
    msg = config.messages
    day = today_for(today, config)
    try:
        done = render(config, day, out, force)
    except RenderError as error:
        fail(str(error))
    except OSError as error:
        fail(msg("render.cannot_write", out=str(out), reason=error.strerror or error))
    for page in done.shadowed:
        click.echo(msg("render.shadowed", page=page), err=True)
    click.echo(msg("render.wrote", out=str(out), pages=done.pages, static=done.static, handwritten=done.handwritten))
