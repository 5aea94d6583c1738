"""History: how the plan moved, read from git in a few calls and cached by commit id.

One ``git log --raw`` over the projects folder lists every first-parent commit that
touched a plan file with the blob id of each version; one ``git cat-file --batch``
then reads all those versions at once. Parsed blobs are cached by blob id (content
addressed, so valid forever) and a whole history by its HEAD commit id, so
``mkdocs serve`` rebuilds pay nothing for history until a new commit lands.

First-parent history counts a merged pull request as one change, which is what
"moved in N separate commits" should mean for reviewed plans. Dates are committer
dates (when a change landed) in the configured time zone.

No repository, no git, a shallow clone or no commit touching the projects: a
``History`` with ``notice`` set and nothing in it, never an exception.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping
from zoneinfo import ZoneInfo

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..check.layout import SLUG_PATTERN
from ..check.load import DEFAULT_MAX_FILE_SIZE
from ..check.model import mean_progress
from ..check.validate import DATE_YEARS
from ..check.calendar import DEFAULT_TIMEZONE

_ZERO = "0" * 40
_PLAN_FILES = ("project.yaml", "tasks.yaml")  # the files whose versions history reads


class GitError(Exception):
    """A git command failed or git is missing; callers turn it into a notice."""


class Repo:
    """The git repository holding a knowledge base, addressed from the KB root."""

    def __init__(self, root: Path) -> None:
        out = _run(root, "rev-parse", "--show-toplevel", "--show-prefix", "--is-shallow-repository")
        top, prefix, shallow = (out.decode("utf-8", "surrogateescape").split("\n") + ["", "", ""])[:3]
        self.top = Path(top)
        self.prefix = prefix  # the KB root inside the repository, "" or ending in "/"
        self.shallow = shallow == "true"

    def git(self, *args: str, stdin: bytes | None = None) -> bytes:
        return _run(self.top, *args, stdin=stdin)

    def resolve(self, rev: str) -> str | None:
        """The commit id ``rev`` names, or ``None`` when it names none."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip() or None
        except GitError:
            return None

    def tree(self, commit: str, folder: str) -> dict[str, tuple[str, str]]:
        """``{path relative to the KB root: (mode, blob id)}`` of every file under ``folder`` at ``commit``."""
        out = self.git("ls-tree", "-r", "-z", "--full-tree", commit, "--", self.prefix + folder)
        files = {}
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, path = entry.split(b"\t", 1)
            mode, kind, sha = meta.decode().split(" ")
            if kind == "blob":
                files[path.decode("utf-8", "surrogateescape")[len(self.prefix):]] = (mode, sha)
        return files

    def blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs in one ``git cat-file --batch`` call."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", stdin="".join(f"{s}\n" for s in wanted).encode())
        result, pos = {}, 0
        for sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode().split(" ")
            pos = end + 1
            if len(header) < 3 or header[1] == "missing":
                continue
            size = int(header[2])
            result[sha] = out[pos:pos + size]
            pos += size + 1  # the content is followed by a newline
        return result


def _run(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    # A fixed locale and no pager or prompts: the output is parsed, and CI has no terminal.
    env = {**os.environ, "LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=stdin,
                              capture_output=True, env=env, check=False)
    except (FileNotFoundError, NotADirectoryError, PermissionError) as error:
        raise GitError(str(error)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def open_repo(root: Path) -> Repo | None:
    """The repository around ``root``, or ``None`` when there is none (or no git)."""
    try:
        return Repo(root)
    except GitError:
        return None


# ---- what one version of a plan file says --------------------------------------------

@dataclass(frozen=True, slots=True)
class TaskState:
    """The fields of one task that history tracks, as one version of tasks.yaml wrote them."""

    due: dt.date | None
    start: dt.date | None
    progress: int | None
    status: str | None
    title: str | None = None
    department: str | None = None
    previous_id: str | None = None  # the id this task had before it was renumbered

    @property
    def identity(self) -> tuple[str, str] | None:
        """What names the task when its id changes: title and department (``None`` without a title)."""
        return (self.title, self.department or "") if self.title else None


@dataclass(frozen=True, slots=True)
class ProjectState:
    due: dt.date | None
    status: str | None


def _scalars(node: Node | None) -> dict[str, str]:
    """The plain scalar values of a mapping node, by key (nested values are not needed)."""
    if not isinstance(node, MappingNode):
        return {}
    return {k.value: v.value for k, v in node.value if isinstance(k, ScalarNode) and isinstance(v, ScalarNode)}


def _date(text: str | None) -> dt.date | None:
    """A date an old version wrote, if the schemas would accept it (years ``DATE_YEARS``): history
    is not validated, and a ``9999-12-31`` from the past must not reach a page or a calendar."""
    try:
        day = dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is not None and DATE_YEARS[0] <= day.year <= DATE_YEARS[1] else None


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


# Blob id → parsed states (a blob id names its content forever). Holds the blobs of the
# newest history read and nothing older (``_read`` prunes it), so a long ``mkdocs serve``
# re-parses only what a commit changed without keeping every version it ever saw.
_PARSED: dict[str, Any] = {}


def _states(sha: str, name: str, content: bytes) -> Any:
    """What a version of ``name`` says. Old versions may be invalid: whatever cannot be read
    is skipped, since history is a view of the past, not a check of it. Only the node graph
    is composed, with the base loader (every scalar stays text, no implicit typing): a
    fraction of the cost of a full load, which matters when a build reads every version of
    every plan file."""
    if sha in _PARSED:
        return _PARSED[sha]
    try:
        root = yaml.compose(content, Loader=yaml.CBaseLoader) if len(content) <= DEFAULT_MAX_FILE_SIZE else None
    except (yaml.YAMLError, RecursionError):
        root = None
    result: Any
    if name == "tasks.yaml":
        result = {}
        items = next((v for k, v in root.value if k.value == "tasks"), None) if isinstance(root, MappingNode) else None
        for item in items.value if isinstance(items, SequenceNode) else ():
            fields = _scalars(item)
            if fields.get("id"):
                result[fields["id"]] = TaskState(_date(fields.get("due")), _date(fields.get("start")),
                                                 _int(fields.get("progress")), fields.get("status"),
                                                 fields.get("title"), fields.get("department"), fields.get("previous_id"))
    else:
        top = _scalars(root)
        result = ProjectState(_date(top.get("due")), top.get("status")) if top else None
    _PARSED[sha] = result
    return result


def same_tasks(before: Mapping[str, TaskState], after: Mapping[str, TaskState]) -> dict[str, str]:
    """Which task of ``before`` each task of ``after`` is (new id → old id), so that a task
    renumbered in a commit keeps its history. First match wins: an explicit ``previous_id``;
    the same id with the same title and department; another old id whose title and department
    are this task's and no other task's; the same id (a task whose title was edited). A task
    with no match is new."""
    keyed: dict[tuple[str, str], list[str]] = {}
    for task_id, task in before.items():
        if task.identity is not None:
            keyed.setdefault(task.identity, []).append(task_id)
    matched: dict[str, str] = {}
    for task_id, task in after.items():  # explicit and unchanged first, so a guess never takes their old id
        old = before.get(task_id)
        if task.previous_id is not None and task.previous_id in before:
            matched[task_id] = task.previous_id
        elif old is not None and old.identity == task.identity:
            matched[task_id] = task_id
    taken = set(matched.values())
    for task_id, task in after.items():  # then moved ids, by title and department
        candidates = [i for i in keyed.get(task.identity, []) if i not in taken] if task.identity else []
        if task_id not in matched and len(candidates) == 1:
            matched[task_id] = candidates[0]
            taken.add(candidates[0])
    for task_id in after:  # last, an id kept with an edited title
        if task_id not in matched and task_id in before and task_id not in taken:
            matched[task_id] = task_id
            taken.add(task_id)
    return matched


# ---- the history -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: dt.date  # committer date in the configured time zone
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:8]


@dataclass(frozen=True, slots=True)
class DueChange:
    """One commit that set a task's due date: ``old`` is ``None`` when it created the task."""

    commit: Commit
    old: dt.date | None
    new: dt.date | None

    @property
    def days(self) -> int:
        """Calendar days moved: positive later, negative earlier, 0 on creation."""
        return (self.new - self.old).days if self.old and self.new else 0


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    commit: Commit
    progress: int


@dataclass(frozen=True)
class History:
    """Every first-parent commit that changed a plan, and what each changed.

    ``notice`` names why there is no history (a ``drift.notice.*`` message key)."""

    commits: tuple[Commit, ...] = ()
    due_changes: Mapping[tuple[str, str], tuple[DueChange, ...]] = field(default_factory=dict)
    progress: Mapping[str, tuple[ProgressPoint, ...]] = field(default_factory=dict)
    project_dues: Mapping[str, tuple[DueChange, ...]] = field(default_factory=dict)
    touched: Mapping[str, tuple[Commit, ...]] = field(default_factory=dict)  # slug → the commits that changed its plan files
    # slug → for each commit that renumbered or created tasks: (commit, {id: the id it had before, None when created})
    lineage: Mapping[str, tuple[tuple[Commit, Mapping[str, str | None]], ...]] = field(default_factory=dict)
    # slug → at each version of tasks.yaml: the due dates of the tasks then open (not done or cancelled)
    open_dues: Mapping[str, tuple[tuple[Commit, tuple[dt.date, ...]], ...]] = field(default_factory=dict)
    notice: str | None = None
    repo: Repo | None = field(default=None, repr=False, compare=False)
    projects_dir: str = "projects"
    # (sha, commit) → whether sha is commit or an ancestor, as git answered (asked once per pair)
    _ancestry: dict[tuple[str, str], bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def _position(self) -> Mapping[str, int]:
        """Each commit's place in ``commits`` (oldest first)."""
        return {c.sha: i for i, c in enumerate(self.commits)}

    @property
    def available(self) -> bool:
        return self.notice is None

    def slips(self, slug: str, task_id: str) -> tuple[DueChange, ...]:
        """The commits that moved this task's due date later."""
        return tuple(c for c in self.due_changes.get((slug, task_id), ()) if c.days > 0)

    def id_at(self, slug: str, task_id: str, commit: str) -> str | None:
        """The id the task now called ``task_id`` had at ``commit`` (the renumberings after it
        undone, newest first), or ``None`` when the task was created after it."""
        current: str | None = task_id
        for changed, before in reversed(self.lineage.get(slug, ())):
            if current is None or self._not_after(changed.sha, commit):
                break
            current = before.get(current, current)
        return current

    def _not_after(self, sha: str, commit: str) -> bool:
        """Whether ``sha`` is ``commit`` or one of its ancestors (a baseline tag may sit on a
        commit that changed no plan file, so git answers when the plan history cannot)."""
        position = self._position
        if commit in position and sha in position:
            return position[sha] <= position[commit]
        if self.repo is None:
            return False
        if (sha, commit) not in self._ancestry:
            try:
                self.repo.git("merge-base", "--is-ancestor", sha, commit)
                self._ancestry[(sha, commit)] = True
            except GitError:  # exit status 1: not an ancestor
                self._ancestry[(sha, commit)] = False
        return self._ancestry[(sha, commit)]

    def commit_on(self, day: dt.date) -> Commit | None:
        """The last commit landed on or before ``day``: the plan as it stood that day."""
        before = [c for c in self.commits if c.date <= day]
        return before[-1] if before else None


def _parse_log(out: bytes, zone: ZoneInfo) -> list[tuple[Commit, list[tuple[str, str, str]]]]:
    """``git log --raw -z`` records → [(commit, [(status, path, new blob id)])], oldest first."""
    records = []
    for record in out.split(b"\x1e"):
        if not record.strip():
            continue
        header, _, rest = record.partition(b"\0")
        sha, stamp, subject = header.decode("utf-8", "replace").split("\x1f", 2)
        moment = dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc).astimezone(zone)
        tokens = rest.split(b"\0")
        changes = []
        for meta, path in zip(tokens[0::2], tokens[1::2]):
            fields = meta.decode().strip().lstrip(":").split(" ")
            if len(fields) >= 5:
                changes.append((fields[4][:1], path.decode("utf-8", "surrogateescape"), fields[3]))
        records.append((Commit(sha, moment.date(), subject), changes))
    records.reverse()
    return records


_LAST: list[tuple[tuple[str, str, str, str], History]] = []  # the newest history read, for a rebuild at the same commit


def read_history(root: Path, projects_dir: str = "projects", timezone: str = DEFAULT_TIMEZONE,
                 rev: str = "HEAD") -> History:
    """The plan history of the knowledge base at ``root`` up to ``rev``; the newest one read is
    kept, so reading it again at the same commit costs two git calls."""
    repo = open_repo(root)
    if repo is None:
        return History(notice="drift.notice.no_repo", projects_dir=projects_dir)
    if repo.shallow:
        return History(notice="drift.notice.shallow", repo=repo, projects_dir=projects_dir)
    head = repo.resolve(rev)
    if head is None:
        return History(notice="drift.notice.no_commits", repo=repo, projects_dir=projects_dir)
    key = (str(repo.top), repo.prefix + projects_dir, head, timezone)
    if not _LAST or _LAST[0][0] != key:
        _LAST[:] = [(key, _read(repo, head, projects_dir, ZoneInfo(timezone)))]
    return _LAST[0][1]


def _read(repo: Repo, head: str, projects_dir: str, zone: ZoneInfo) -> History:
    try:
        out = repo.git("log", "--first-parent", "--raw", "--no-abbrev", "--no-renames", "-z",
                       "--format=%x1e%H%x1f%ct%x1f%s", head, "--", repo.prefix + projects_dir)
    except GitError:
        return History(notice="drift.notice.no_commits", repo=repo, projects_dir=projects_dir)
    records = _parse_log(out, zone)
    base = f"{projects_dir}/"
    # (commit, slug, file name, blob id or None when deleted) for every plan-file version
    versions: list[tuple[Commit, str, str, str | None]] = []
    for commit, changes in records:
        for status, path, new_blob in changes:
            rel = path[len(repo.prefix):]
            parts = rel[len(base):].split("/") if rel.startswith(base) else []
            if len(parts) == 2 and parts[1] in _PLAN_FILES and SLUG_PATTERN.match(parts[0]):
                versions.append((commit, parts[0], parts[1], None if status == "D" or new_blob == _ZERO else new_blob))
    if not records:
        return History(notice="drift.notice.no_commits", repo=repo, projects_dir=projects_dir)
    current = {blob for *_, blob in versions if blob}
    for stale in [known for known in _PARSED if known not in current]:  # versions no longer in this history
        del _PARSED[stale]
    contents = repo.blobs(blob for *_, blob in versions if blob and blob not in _PARSED)

    tasks_now: dict[str, dict[str, TaskState]] = {}
    project_now: dict[str, ProjectState | None] = {}
    due_changes: dict[tuple[str, str], list[DueChange]] = {}
    project_dues: dict[str, list[DueChange]] = {}
    progress: dict[str, list[ProgressPoint]] = {}
    touched: dict[str, list[Commit]] = {}
    lineage: dict[str, list[tuple[Commit, Mapping[str, str | None]]]] = {}
    open_dues: dict[str, list[tuple[Commit, tuple[dt.date, ...]]]] = {}
    for commit, slug, name, blob in versions:
        commits = touched.setdefault(slug, [])
        if not commits or commits[-1] is not commit:
            commits.append(commit)
        state = _states(blob, name, contents.get(blob, b"")) if blob else None
        if name == "tasks.yaml":
            before, after = tasks_now.get(slug, {}), state or {}
            matched = same_tasks(before, after)
            # A renumbered task takes its history along (read before any entry is rewritten: ids may swap).
            carried = {task_id: due_changes.pop((slug, old_id), []) for task_id, old_id in matched.items()
                       if old_id != task_id}
            due_changes.update(((slug, task_id), changes) for task_id, changes in carried.items())
            origins: dict[str, str | None] = {task_id: matched.get(task_id) for task_id in after
                                               if matched.get(task_id) != task_id}
            if origins and before:  # after an unreadable version every task looks new: ids are all we know then
                lineage.setdefault(slug, []).append((commit, origins))
            for task_id, task in after.items():
                old = before.get(matched[task_id]) if task_id in matched else None
                if old is None or old.due != task.due:
                    due_changes.setdefault((slug, task_id), []).append(DueChange(commit, old.due if old else None, task.due))
            tasks_now[slug] = after
            open_dues.setdefault(slug, []).append((commit, tuple(sorted(
                t.due for t in after.values() if t.due and t.status not in ("done", "cancelled")))))
            value = mean_progress((t.status, t.progress) for t in after.values())
            points = progress.setdefault(slug, [])
            if value is not None and (not points or points[-1].progress != value):
                points.append(ProgressPoint(commit, value))
        else:
            old_project = project_now.get(slug)
            if state is not None and (old_project is None or old_project.due != state.due):
                project_dues.setdefault(slug, []).append(DueChange(commit, old_project.due if old_project else None, state.due))
            project_now[slug] = state
    return History(
        commits=tuple(c for c, _ in records),
        due_changes={k: tuple(v) for k, v in due_changes.items()},
        progress={k: tuple(v) for k, v in progress.items()},
        project_dues={k: tuple(v) for k, v in project_dues.items()},
        touched={k: tuple(v) for k, v in touched.items()}, lineage={k: tuple(v) for k, v in lineage.items()},
        open_dues={k: tuple(v) for k, v in open_dues.items()}, repo=repo, projects_dir=projects_dir,
    )


def plan_at(history: History, commit: str) -> tuple[dict[str, dict[str, TaskState]], dict[str, ProjectState]]:
    """Every project's tasks and charter dates at ``commit`` (two git calls, blobs cached)."""
    repo = history.repo
    if repo is None:
        return {}, {}
    files = {path: sha for path, (_, sha) in repo.tree(commit, history.projects_dir).items()
             if path.count("/") == history.projects_dir.count("/") + 2 and path.rsplit("/", 1)[1] in _PLAN_FILES
             and SLUG_PATTERN.match(path.split("/")[-2])}
    contents = repo.blobs(sha for sha in files.values() if sha not in _PARSED)
    tasks: dict[str, dict[str, TaskState]] = {}
    projects: dict[str, ProjectState] = {}
    for path, sha in files.items():
        slug, name = path.split("/")[-2:]
        state = _states(sha, name, contents.get(sha, b""))
        if name == "tasks.yaml":
            tasks[slug] = state
        elif state is not None:
            projects[slug] = state
    return tasks, projects
