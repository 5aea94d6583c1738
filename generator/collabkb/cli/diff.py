"""``collabkb diff [BASE] [HEAD] [ROOT]``: the semantic plan diff between two git revisions.

BASE defaults to the merge base of HEAD with the default branch (``$GITHUB_BASE_REF``
on a pull request, else ``origin/HEAD``, ``origin/main``, ``origin/master``, ``main``,
``master``); HEAD defaults to the working tree (name it explicitly with ``WORKTREE``
to give a ROOT). Always exits 0 unless the revisions or the repository are unusable (2).

``--post-gitlab`` also posts the Markdown diff as one merge-request note, edited in
place (``collabkb.forge.gitlab_note``); GitLab refusing it exits 2.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from ..check.calendar import WorkCalendar
from ..git.history import GitError, Repo, open_repo
from ..git.plandiff import WORKTREE, PlanDiff, check_at, compare
from ..i18n import Messages
from ..forge import gitlab_note
from ..report.diff import MARKER, WRITERS, write_markdown
from . import main
from .common import EXIT_OK, config_at, config_file_option, fail, format_option, root_argument, today_for


def _default_branch(repo: Repo) -> str | None:
    candidates = []
    if os.environ.get("GITHUB_BASE_REF"):
        candidates += [f"origin/{os.environ['GITHUB_BASE_REF']}", os.environ["GITHUB_BASE_REF"]]
    try:
        candidates.append(repo.git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD").decode().strip())
    except GitError:
        pass  # no remote HEAD recorded: try the usual names
    candidates += ["origin/main", "origin/master", "main", "master"]
    return next((rev for rev in candidates if rev and repo.resolve(rev)), None)


def _base(repo: Repo, base: str | None, head_commit: str) -> tuple[str, str]:
    """The name shown for BASE and the commit it resolves to."""
    if base is not None:
        commit = repo.resolve(base)
        if commit is None:
            fail(f"BASE: '{base}' is not a commit in this repository" + (" (shallow clone: fetch with fetch-depth: 0)" if repo.shallow else ""))
        return base, commit
    branch = _default_branch(repo)
    if branch is None:
        fail("no default branch found (main, master, origin/HEAD): name BASE explicitly")
    try:
        return f"merge-base {branch}", repo.git("merge-base", branch, head_commit).decode().strip()
    except GitError:
        fail(f"no merge base of {branch} and HEAD" + (": shallow clone, fetch with fetch-depth: 0" if repo.shallow else ""))


@main.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@root_argument
@config_file_option
@format_option(WRITERS)
@click.option("--today", help="The date the rules run for on both sides (YYYY-MM-DD); default $COLLABKB_TODAY, else today.")
@click.option("--post-gitlab", is_flag=True,
              help=f"Also post the diff as one GitLab merge-request note, edited in place (needs ${gitlab_note.TOKEN_VARIABLE}).")
def diff(base: str | None, head: str | None, root: Path, config_file: Path | None, fmt: str, today: str | None, post_gitlab: bool) -> None:
    """Semantic plan diff: moved dates, owners, progress, risks, decisions, and the findings a change introduces or resolves."""
    config = config_at(root, config_file)
    root = config.root
    day = today_for(today, config)
    repo = open_repo(root)
    if repo is None:
        fail(f"{root} is not in a git repository: collabkb diff compares git revisions")
    head_commit = None
    if head is not None and head != WORKTREE:
        head_commit = repo.resolve(head)
        if head_commit is None:
            fail(f"HEAD: '{head}' is not a commit in this repository")
    base_name, base_commit = _base(repo, base, head_commit or repo.resolve("HEAD") or "HEAD")
    calendar = WorkCalendar(config.holidays, config.workdays)
    old = check_at(config, day, repo, base_commit)
    new = check_at(config, day, repo, head_commit)
    result = compare(old, new, calendar, base=base_name, head=head or WORKTREE,
                     base_commit=base_commit, head_commit=head_commit)
    WRITERS[fmt](result, config.messages, sys.stdout)
    if post_gitlab:
        _post_gitlab(result, config.messages)
    sys.exit(EXIT_OK)


def _post_gitlab(result: PlanDiff, msg: Messages) -> None:
    target = gitlab_note.target_from(os.environ)
    if isinstance(target, str):
        click.echo(f"collabkb: {target}", err=True)
        return
    body = io.StringIO()
    write_markdown(result, msg, body)
    try:
        click.echo(f"collabkb: {gitlab_note.post(target, body.getvalue(), MARKER)}", err=True)
    except gitlab_note.NoteError as error:
        fail(str(error))
