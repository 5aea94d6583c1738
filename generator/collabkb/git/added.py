"""When each file under the projects folder was first committed: a document without a
``date`` in its front matter is dated by it (check/documents.py asks)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from .history import GitError, open_repo


def head_state(root: Path) -> str | None:
    """The commit ``HEAD`` names for the repository around ``root`` (``None``: no repository or
    no commit). What ``FirstCommitDates`` answers depends on nothing else, so a cache of
    documents' dates (``check/load_cache.py``) is keyed by it."""
    repo = open_repo(root)
    return repo.resolve("HEAD") if repo is not None else None


class FirstCommitDates:
    """When each file under the projects folder was added to git, in the configured time zone.

    One ``git log`` for the whole knowledge base, run on the first question (only a
    document without a ``date`` asks); no repository or no git: every answer is ``None``."""

    def __init__(self, root: Path, projects_dir: str, timezone: str) -> None:
        self.root = root
        self.projects_dir = projects_dir
        self.timezone = timezone
        self._dates: dict[str, dt.date] | None = None

    def __call__(self, rel: str) -> dt.date | None:
        if self._dates is None:
            self._dates = self._read()
        return self._dates.get(rel)

    def _read(self) -> dict[str, dt.date]:
        repo = open_repo(self.root)
        if repo is None:
            return {}
        try:
            out = repo.git("log", "--diff-filter=A", "--no-renames", "--format=\x01%ct", "--name-only",
                           "--", repo.prefix + self.projects_dir).decode("utf-8", "replace")
        except GitError:
            return {}
        zone = ZoneInfo(self.timezone)
        dates: dict[str, dt.date] = {}
        for commit in out.split("\x01")[1:]:
            stamp, _, names = commit.partition("\n")
            day = dt.datetime.fromtimestamp(int(stamp.strip()), zone).date()
            for name in names.split("\n"):  # core.quotepath=off: Chinese names as they are
                if name and name.startswith(repo.prefix):
                    dates.setdefault(name[len(repo.prefix):], day)  # newest first: the current file's addition
        return dates
