"""Scaffolding for ``collabkb new`` and ``collabkb init``: templates filled in, written without overwriting.

Templates live next to this module as package data: ``project/<lang>/*.yaml``
(one per seed form, every field present with a comment saying what goes
there) and ``repo/`` (what ``collabkb init`` adds around them). Placeholders are
``string.Template`` fields (``${due}``); every value substituted into YAML is
dumped as a YAML scalar, so a name such as ``Q3: launch #2`` stays one string.

Every scaffolded YAML file starts with a ``# yaml-language-server: $schema=…``
line whose path is relative to the file itself, so an editor with the YAML
language server completes keys and shows the bilingual field descriptions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

import yaml

from ..i18n import Messages
from ..check.load import DEFAULT_MAX_FILE_SIZE
from ..check.tree import DiskTree, outside_root
from ..check.validate import FILE_KINDS, SCHEMA_KINDS

SCHEMAS_DIR = "schemas"
# What ``collabkb new`` writes; retro.yaml only at the end of a project (``--retro``),
# since a placeholder retro would hide the ``retro-missing`` warning.
NEW_PROJECT_FILES = ("project.yaml", "tasks.yaml", "risks.yaml", "coordination.yaml", "acceptance.yaml")
RETRO_FILE = "retro.yaml"
# Default plan of a new project: two tasks, the second a milestone after the first.
_FIRST_TASK_DAYS, _SECOND_TASK_DAYS, _PROJECT_DAYS, _ACTION_DAYS = 14, 28, 56, 30


class AlreadyExists(Exception):
    """A path the scaffold would write is already there (never overwritten)."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def _templates() -> Traversable:
    return resources.files(__name__)


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar on one line: plain when safe, quoted otherwise."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000)
    dumped = dumped.removesuffix("\n...\n").removesuffix("\n")
    if value.isprintable() and "\n" not in dumped:
        return dumped
    # Line breaks (\n, NEL, U+2028…) and control characters would fold or break the line:
    # a double-quoted scalar with escapes keeps any text on one line.
    return '"' + "".join(_escape(ch) for ch in value) + '"'


def _escape(ch: str) -> str:
    if ch in '"\\':
        return "\\" + ch
    if ch.isprintable():
        return ch
    return f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"


def schema_comment(file: Path, root: Path, kind: str) -> str:
    """The editor-support line for ``file``: the schema path relative to the file's folder."""
    schema = root / SCHEMAS_DIR / f"{kind}.schema.json"
    relative = Path(os.path.relpath(schema, file.parent)).as_posix()
    return f"# yaml-language-server: $schema={relative}\n"


@dataclass(frozen=True)
class ProjectValues:
    """What fills a project's templates."""

    name: str
    department: str
    person: str
    owner: str  # a placeholder for `new` (the ownerless rule asks for a real one), a person for samples
    today: dt.date

    def mapping(self) -> dict[str, str]:
        day = self.today

        def later(days: int) -> str:
            return (day + dt.timedelta(days=days)).isoformat()

        return {
            "name": yaml_scalar(self.name),
            "department": yaml_scalar(self.department),
            "person": yaml_scalar(self.person),
            "owner": yaml_scalar(self.owner),
            "today": day.isoformat(),
            "start": day.isoformat(),
            "t1_due": later(_FIRST_TASK_DAYS),
            "t2_start": later(_FIRST_TASK_DAYS + 1),
            "t2_due": later(_SECOND_TASK_DAYS),
            "due": later(_PROJECT_DAYS),
            "action_due": later(_ACTION_DAYS),
        }


_TRAILING_COMMENT = re.compile(r"^(?P<code>\s*(?:#\s+)?[^#\s].*?)\s{2,}(?P<comment># .*\n?)$", re.DOTALL)
_COMMENT_COLUMN = 31  # where trailing comments start, in screen columns


def _width(text: str) -> int:
    """Columns on screen: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _render_line(line: str, mapping: dict[str, str]) -> str:
    """One template line filled in, its trailing comment lined up with the others."""
    filled = Template(line).substitute(mapping)
    match = _TRAILING_COMMENT.match(filled)
    if match is None:
        return filled
    code = match["code"]
    return code + " " * max(3, _COMMENT_COLUMN - _width(code)) + match["comment"]


def render_project_file(file_name: str, language: str, values: ProjectValues, target: Path, root: Path) -> str:
    """One filled-in template, starting with its schema line for ``target`` (the file's final path)."""
    text = _templates().joinpath("project", language, file_name).read_text("utf-8")
    mapping = values.mapping()
    body = "".join(_render_line(line, mapping) for line in text.splitlines(keepends=True))
    return schema_comment(target, root, FILE_KINDS[file_name]) + body


def first_department(root: Path, projects_dir: str) -> str | None:
    """The first name in ``_departments.yaml``, so a new project's placeholder department is a known one."""
    data = _read_yaml(root, f"{projects_dir}/_departments.yaml")
    entries = data.get("departments") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and isinstance(entry.get("name"), str) and entry["name"].strip():
            return entry["name"]
    return None


def coordinator_of(root: Path, project_file: str) -> str | None:
    """The project's coordinator, who usually runs the retrospective; ``None`` when unreadable."""
    data = _read_yaml(root, project_file)
    coordinator = data.get("coordinator") if isinstance(data, dict) else None
    return coordinator if isinstance(coordinator, str) and coordinator.strip() else None


def _read_yaml(root: Path, rel: str) -> object:
    """A file's data, or ``None`` when missing, broken or not readable as ``check`` would read it (a
    link leaving the knowledge base, a FIFO): `collabkb validate` reports a broken file, not the scaffold."""
    try:
        return yaml.safe_load(DiskTree(root).read(rel, DEFAULT_MAX_FILE_SIZE).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


def default_values(msg: Messages, name: str, today: dt.date, department: str | None, *, sample: bool) -> ProjectValues:
    person = msg("new.placeholder.person")
    return ProjectValues(
        name=name,
        department=department or msg("new.placeholder.department"),
        person=person,
        owner=person if sample else msg("new.placeholder.owner"),
        today=today,
    )


def write_project_folder(folder: Path, root: Path, language: str, values: ProjectValues) -> list[Path]:
    """Create ``folder`` with the new-project files, all or nothing.

    The files are written into a hidden temporary folder beside it (the layout
    scan skips dot-folders) and moved into place with one rename, so a failure
    half-way leaves nothing behind.
    """
    if folder.exists() or folder.is_symlink():
        raise AlreadyExists([folder])
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for file_name in NEW_PROJECT_FILES:
            text = render_project_file(file_name, language, values, folder / file_name, root)
            (staging / file_name).write_text(text, "utf-8")
        staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the project folder is not
        if folder.exists():  # appeared while we wrote: still never overwrite
            raise AlreadyExists([folder])
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / name for name in NEW_PROJECT_FILES]


def write_new_file(path: Path, text: str) -> None:
    """Write a file that must not exist yet (exclusive create: never overwrites)."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise AlreadyExists([path]) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ---- collabkb init ----------------------------------------------------------------------

SAMPLE_SLUG = "sample-project"
# Template under repo/ → path in the new repository (dot-files are stored without the dot:
# package-data globs skip hidden files).
REPO_FILES: dict[str, str] = {
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "workflows/check.yml": ".github/workflows/check.yml",
    "workflows/publish.yml": ".github/workflows/publish.yml",
    "workflows/digest.yml": ".github/workflows/digest.yml",
}
_TEMPLATED = frozenset({"requirements.txt"})
# digest.yml's issue title prefix, in the new repository's language.
_DIGEST_TITLE = re.compile(r"^(  DIGEST_TITLE: ).*?(?=  #)", re.MULTILINE)
LANGUAGE_FILES: dict[str, str] = {"mkdocs.yml": "mkdocs.yml", "README.md": "README.md", "guide.md": "docs/guide.md"}


def repository_files(directory: Path, language: str, msg: Messages, today: dt.date, version: str) -> dict[Path, str]:
    """Every file ``collabkb init`` writes, path → text (nothing written yet)."""
    repo = _templates().joinpath("repo")
    files: dict[Path, str] = {}
    for source, target in REPO_FILES.items():
        text = repo.joinpath(source).read_text("utf-8")
        if source in _TEMPLATED:  # only requirements.txt: workflows are full of GitHub's own ${{ … }}
            text = Template(text).substitute(version=version)
        files[directory / target] = _DIGEST_TITLE.sub(lambda m: m[1] + msg("init.digest_title"), text)
    for source, target in LANGUAGE_FILES.items():
        files[directory / target] = repo.joinpath(language, source).read_text("utf-8")
    schemas = resources.files("collabkb").joinpath(SCHEMAS_DIR)
    for kind in SCHEMA_KINDS:
        name = f"{kind}.schema.json"
        files[directory / SCHEMAS_DIR / name] = schemas.joinpath(name).read_text("utf-8")
    values = default_values(msg, msg("init.sample_name"), today, None, sample=True)
    folder = directory / "projects" / SAMPLE_SLUG
    for file_name in NEW_PROJECT_FILES:
        files[folder / file_name] = render_project_file(file_name, language, values, folder / file_name, directory)
    return files


class LeavesDirectory(Exception):
    """A folder on the way to a file is a symbolic link leading out of the new repository."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def write_repository(directory: Path, files: dict[Path, str]) -> None:
    """Write every file (all inside ``directory``), or none: any existing path, or a folder that
    leads outside ``directory`` through a symbolic link, stops it before anything is written;
    a failure half-way removes what this call created."""
    existing = sorted(path for path in files if path.exists() or path.is_symlink())
    if existing:
        raise AlreadyExists(existing)
    leaving = sorted({path.parent for path in files if outside_root(path.parent, directory)})
    if leaving:
        raise LeavesDirectory(leaving)
    created_dirs: list[Path] = []
    written: list[Path] = []
    try:
        for path, text in files.items():
            missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
            for parent in reversed(missing):
                parent.mkdir()
                created_dirs.append(parent)
            write_new_file(path, text)
            written.append(path)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for parent in reversed(created_dirs):
            shutil.rmtree(parent, ignore_errors=True)
        raise
