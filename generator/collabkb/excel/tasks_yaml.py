"""The imported tasks as ``tasks.yaml`` text, the findings that file would have, and writing it.

``preview`` runs the same pipeline as ``collabkb check`` on a copy of the project with the new
``tasks.yaml`` in a temporary folder (removed at once), so the findings are exactly those
``collabkb validate`` / ``check`` would report after the import. ``write_new`` never replaces a
file: the text goes to a temporary file beside the target, which is then hard-linked into place
(``link`` fails if the target exists, so two imports cannot both win) and removed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..check import pipeline
from ..check.config import Config
from ..check.findings import Finding
from ..git.history import History
from ..output import staged
from ..scaffold import AlreadyExists, schema_comment

TASKS_FILE = "tasks.yaml"


class _Dumper(yaml.SafeDumper):
    """Never an anchor or alias (the ``yaml`` rule refuses them), even for a value two tasks share."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(tasks: Iterable[dict[str, Any]], target: Path, root: Path, source: str) -> str:
    """``tasks.yaml`` text: the editor-support line, where it came from, then the tasks."""
    body = yaml.dump({"tasks": list(tasks)}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120,
                     default_flow_style=False)
    comment = " ".join(source.split())  # one line whatever the file name holds (a newline would end the comment)
    return f"{schema_comment(target, root, 'tasks')}# {comment}\n{body}"


def preview(config: Config, slug: str, text: str, today: dt.date) -> list[Finding]:
    """Every finding of project ``slug`` with ``text`` as its ``tasks.yaml`` (paths as in the
    knowledge base: ``projects/<slug>/tasks.yaml``)."""
    folder = config.projects_path / slug
    with tempfile.TemporaryDirectory(prefix="collabkb-import-") as scratch:
        root = Path(scratch)
        copy = root / config.projects_dir / slug
        copy.mkdir(parents=True)
        for file in folder.iterdir():
            if file.name != TASKS_FILE and file.suffix == ".yaml" and file.is_file() and not file.is_symlink():
                shutil.copyfile(file, copy / file.name)
        departments = config.projects_path / "_departments.yaml"
        if departments.is_file() and not departments.is_symlink():
            shutil.copyfile(departments, root / config.projects_dir / departments.name)
        (copy / TASKS_FILE).write_text(text, "utf-8")
        checked = pipeline.check(replace(config, root=root), today, [slug],
                                 history=History(notice="drift.notice.no_repo", projects_dir=config.projects_dir))
    return list(checked.findings)


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, which must not exist, atomically (all of it or nothing)."""
    if path.exists() or path.is_symlink():
        raise AlreadyExists([path])
    with staged(path, text.encode("utf-8")) as temporary:
        try:
            os.link(temporary, path)  # fails, rather than replaces, when the file appeared meanwhile
        except FileExistsError:
            raise AlreadyExists([path]) from None

