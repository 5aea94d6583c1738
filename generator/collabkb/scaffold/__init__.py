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
from ..check.documents import DOCUMENTS_DIR, TYPES as DOCUMENT_TYPES
from ..check.load import DEFAULT_MAX_FILE_SIZE
from ..check.tree import DiskTree, outside_root
from ..check.validate import FILE_KINDS, SCHEMA_KINDS
from ..output import umask

SCHEMAS_DIR = "schemas"
# What ``collabkb new`` writes; retro.yaml only at the end of a project (``--retro``),
# since a placeholder retro would hide the ``retro-missing`` warning.
NEW_PROJECT_FILES = ("project.yaml", "tasks.yaml", "risks.yaml", "coordination.yaml", "acceptance.yaml")
RETRO_FILE = "retro.yaml"
_ACTION_ITEM_DAYS = 7  # the example action item of a new document is due a week later
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
    kickoff: str = "Kickoff minutes"  # the title of the minutes template ``new`` puts in docs/

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


def document_file_name(day: dt.date, title: str) -> str:
    """``2026-09-01-渠道协调会.md``: the date, then the title with spaces and characters file systems refuse as hyphens."""
    safe = re.sub(r'[\\/:*?"<>|\s]+', "-", title).strip("-.")
    return f"{day.isoformat()}-{safe}.md" if safe else f"{day.isoformat()}.md"


def render_document(doc_type: str, language: str, title: str, person: str, day: dt.date, target: Path, root: Path) -> str:
    """A new document of ``doc_type``: front matter (with the editor's schema line) and the sections to fill in."""
    text = _templates().joinpath("document", language, f"{doc_type}.md").read_text("utf-8")
    mapping = {"title": yaml_scalar(title), "heading": title, "date": day.isoformat(), "person": yaml_scalar(person),
               "action_due": (day + dt.timedelta(days=_ACTION_ITEM_DAYS)).isoformat()}
    opening, rest = "".join(_render_line(line, mapping) for line in text.splitlines(keepends=True)).split("\n", 1)
    return f"{opening}\n{schema_comment(target, root, 'document')}{rest}"


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
        kickoff=msg("new.kickoff_title"),
    )


def write_project_folder(folder: Path, root: Path, language: str, values: ProjectValues,
                         documents_dir: str = DOCUMENTS_DIR) -> list[Path]:
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
        kickoff = Path(documents_dir) / document_file_name(values.today, values.kickoff)
        (staging / documents_dir).mkdir()
        (staging / kickoff).write_text(render_document("minutes", language, values.kickoff, values.person, values.today,
                                                       folder / kickoff, root), "utf-8")
        staging.chmod(0o777 & ~umask())  # mkdtemp makes it private; the project folder is not
        if folder.exists():  # appeared while we wrote: still never overwrite
            raise AlreadyExists([folder])
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [*(folder / name for name in NEW_PROJECT_FILES), folder / kickoff]


def write_new_file(path: Path, text: str) -> None:
    """Write a file that must not exist yet (exclusive create: never overwrites)."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise AlreadyExists([path]) from None


# ---- collabkb init ----------------------------------------------------------------------

SAMPLE_SLUG = "sample-project"
# Template under repo/ → path in the new repository (dot-files are stored without the dot:
# package-data globs skip hidden files).
REPO_FILES: dict[str, str] = {
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
}
# The CI configuration ``init --ci`` adds, per forge.
CI_FILES: dict[str, dict[str, str]] = {
    "github": {f"workflows/{name}": f".github/workflows/{name}" for name in ("check.yml", "publish.yml", "digest.yml")},
    "gitlab": {"gitlab/gitlab-ci.yml": ".gitlab-ci.yml"},
    "gitea": {f"gitea/{name}": f".gitea/workflows/{name}" for name in ("check.yml", "publish.yml", "digest.yml")},
}
DEFAULT_CI = "github"
_TEMPLATED = frozenset({"requirements.txt"})
# digest.yml's issue title prefix, in the new repository's language.
_DIGEST_TITLE = re.compile(r"^(  DIGEST_TITLE: ).*?(?=  #)", re.MULTILINE)
LANGUAGE_FILES: dict[str, str] = {"mkdocs.yml": "mkdocs.yml", "README.md": "README.md", "guide.md": "docs/guide.md"}


def repository_files(directory: Path, language: str, msg: Messages, today: dt.date, version: str,
                     ci: str = DEFAULT_CI) -> dict[Path, str]:
    """Every file ``collabkb init`` writes, path → text (nothing written yet)."""
    repo = _templates().joinpath("repo")
    files: dict[Path, str] = {}
    for source, target in {**REPO_FILES, **CI_FILES[ci]}.items():
        text = repo.joinpath(source).read_text("utf-8")
        if source in _TEMPLATED:  # only requirements.txt: workflows are full of the forges' own ${{ … }}
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
