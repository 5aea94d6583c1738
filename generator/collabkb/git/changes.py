"""Changed files: what a pull request touched, so ``check --changed-since REF`` shows its own problems.

"Changed since REF" means every file that differs between the merge base of REF and
``HEAD`` and the working tree, plus untracked files (not ignored ones):

* committed on this branch since it left REF — measured from the merge base, as a
  pull request's diff is, so commits that landed on REF meanwhile are not counted;
* staged or unstaged edits, and new files not yet added, so the command gives the
  same answer before and after ``git commit``.

Renames count as the new path. Paths are relative to the knowledge-base root
(which may sit below the top of the repository); files outside it are ignored.

A finding is kept when its file changed, when it sits on a folder holding a changed
file (e.g. "folder without project.yaml"), or when it is a knowledge-base-wide
``resource-conflict`` whose counterpart request lives in a changed file.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterable

from ..check.findings import Finding
from ..check.tree import shown_name
from ..rules import resource_conflict


class ChangesError(Exception):
    """Git is missing, ROOT is not in a repository, or REF names no commit; ``message_key`` says which."""

    def __init__(self, message_key: str, **values: str) -> None:
        super().__init__(message_key)
        self.message_key = message_key
        self.values = values


def _git(root: Path, *args: str) -> bytes:
    # A fixed locale and no prompts: the output is parsed, and CI has no terminal.
    env = {**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True, env=env, check=False)
    except FileNotFoundError:
        raise ChangesError("changes.no_git") from None
    except (NotADirectoryError, PermissionError) as error:
        raise ChangesError("changes.not_repo", root=str(root), detail=str(error)) from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", "replace").strip()
        # One line for the user: git's last line says what went wrong.
        raise ChangesError("changes.git_failed", detail=stderr.splitlines()[-1] if stderr else f"git {args[0]}: exit {done.returncode}")
    return done.stdout


def _paths(output: bytes) -> set[str]:
    """Paths as findings name them: a name that is not UTF-8 with its bytes shown as ``\\xNN``."""
    return {shown_name(p.decode("utf-8", "surrogateescape"))[0] for p in output.split(b"\0") if p}


def changed_files(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` (POSIX, relative to it) changed since ``ref``; see the module docstring."""
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except ChangesError as error:
        if error.message_key == "changes.git_failed":
            raise ChangesError("changes.not_repo", root=str(root), detail=error.values["detail"]) from None
        raise
    try:
        commit = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except ChangesError:
        raise ChangesError("changes.bad_ref", ref=ref) from None
    try:
        base = _git(root, "merge-base", commit, "HEAD").decode().strip()
    except ChangesError:
        raise ChangesError("changes.no_merge_base", ref=ref) from None
    # --relative: only paths under root, written relative to it (root may be a subfolder).
    diffed = _git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", base, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".")
    return frozenset(_paths(diffed) | _paths(untracked))


def select(findings: Iterable[Finding], changed: frozenset[str]) -> list[Finding]:
    """The findings a change owns: in a changed file, on a folder holding one, or a conflict it takes part in."""
    folders = {path.rsplit("/", i)[0] for path in changed for i in range(1, path.count("/") + 1)}
    return [f for f in findings if f.file in changed or f.file in folders  # in the input's order
            # a conflict with a changed request: the rule names the other requests' files
            or (f.rule == resource_conflict.ID and any(other in changed for other in f.facts.get("with_files", ())))]
