"""collabkb.forge.gitlab_note against a fake GitLab notes API on 127.0.0.1: pages, system notes, limits, errors."""

from __future__ import annotations

import pytest

from collabkb.forge import gitlab_note
from fake_gitlab import serve

MARKER = "<!-- collabkb-diff -->"


def target(api: str, token: str) -> gitlab_note.Target:
    return gitlab_note.Target(api, "group/kb", "5", token)


def test_our_note_is_found_on_a_later_page_and_edited() -> None:
    others = [{"id": n, "body": f"comment {n}", "system": False} for n in range(1, 151)]
    with serve(notes=[*others, {"id": 200, "body": MARKER + "\nold", "system": False}]) as gitlab:
        done = gitlab_note.post(target(gitlab.api, gitlab.token), MARKER + "\nnew", MARKER)
        assert done == "plan diff note 200 updated"
        pages = [path for method, path, _ in gitlab.requests if method == "GET"]
        assert len(pages) == 2  # 100 notes a page: ours is on the second
        assert gitlab.requests[-1] == ("PUT", "/api/v4/projects/group%2Fkb/merge_requests/5/notes/200",
                                       {"body": MARKER + "\nnew"})
        assert gitlab.notes[-1]["body"] == MARKER + "\nnew"


def test_a_system_note_quoting_the_marker_is_not_ours() -> None:
    with serve(notes=[{"id": 3, "body": MARKER + " changed the description", "system": True}]) as gitlab:
        assert gitlab_note.post(target(gitlab.api, gitlab.token), MARKER + "\nbody", MARKER) == "plan diff posted as note 1001"
        assert gitlab.notes[0]["body"].endswith("changed the description")


def test_an_over_long_diff_is_cut_to_what_a_note_holds() -> None:
    body = MARKER + "x" * (gitlab_note.NOTE_LIMIT + 10)
    cut = gitlab_note.fit(body)
    assert len(cut) == gitlab_note.NOTE_LIMIT and cut.startswith(MARKER) and cut.endswith("…\n")
    assert gitlab_note.fit("short") == "short"


@pytest.mark.parametrize("environ, reason", [
    ({}, "COLLABKB_GITLAB_TOKEN is not set"),
    ({"COLLABKB_GITLAB_TOKEN": "t", "CI_API_V4_URL": "http://127.0.0.1:9/api/v4"}, "CI_PROJECT_ID, CI_MERGE_REQUEST_IID not set"),
])
def test_what_is_missing_is_said(environ: dict[str, str], reason: str) -> None:
    said = gitlab_note.target_from(environ)
    assert isinstance(said, str) and said.startswith(reason)


def test_an_unreachable_gitlab_is_a_clear_error() -> None:
    with serve() as gitlab:
        api = gitlab.api
    with pytest.raises(gitlab_note.NoteError, match=r"cannot reach GitLab for GET http://127\.0\.0\.1:\d+/api/v4/projects/"):
        gitlab_note.post(target(api, "t"), MARKER, MARKER)
