"""The plan diff as ONE GitLab merge-request note, edited in place on every pipeline.

Talks to GitLab's REST API (v4) with the standard library only:

- ``GET  {api}/projects/{id}/merge_requests/{iid}/notes?per_page=100&page=N`` — pages
  followed through the ``X-Next-Page`` header, until a note (not a system note)
  whose body starts with the marker is found;
- ``PUT  …/notes/{note_id}`` with the new body when it was found, else
- ``POST …/notes`` to create it.

Everything comes from GitLab's predefined CI variables (``CI_API_V4_URL``,
``CI_PROJECT_ID``, ``CI_MERGE_REQUEST_IID``) and the project access token from the
CI/CD variable ``COLLABKB_GITLAB_TOKEN`` (scope ``api``, role Reporter or higher),
sent as ``PRIVATE-TOKEN``. Without the token or outside a merge-request pipeline the
note is skipped with a line saying why; GitLab answering with an error is a
``NoteError`` that names the request (never the token).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Mapping

TOKEN_VARIABLE = "COLLABKB_GITLAB_TOKEN"
TIMEOUT_SECONDS = 20
NOTE_LIMIT = 1_000_000  # characters GitLab accepts in one note
_TRUNCATED = "\n\n…\n"


class NoteError(Exception):
    """GitLab could not be reached or refused the request; ``str()`` says which and why."""


@dataclass(frozen=True, slots=True)
class Target:
    """The merge request the note belongs to, and how to reach GitLab."""

    api: str  # CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4
    project: str  # CI_PROJECT_ID (numeric) or the URL-encoded path
    merge_request: str  # CI_MERGE_REQUEST_IID
    token: str

    @property
    def notes_url(self) -> str:
        project = urllib.parse.quote(self.project, safe="")
        return f"{self.api.rstrip('/')}/projects/{project}/merge_requests/{self.merge_request}/notes"


def target_from(environ: Mapping[str, str]) -> Target | str:
    """The merge request to post to, or the reason (one line) why nothing is posted."""
    token = environ.get(TOKEN_VARIABLE, "")
    if not token:
        return (f"{TOKEN_VARIABLE} is not set: the plan diff is not posted to the merge request "
                "(add a project access token with the api scope as a masked CI/CD variable)")
    missing = [name for name in ("CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID") if not environ.get(name)]
    if missing:
        return f"{', '.join(missing)} not set: not a GitLab merge-request pipeline, the plan diff is not posted"
    return Target(environ["CI_API_V4_URL"], environ["CI_PROJECT_ID"], environ["CI_MERGE_REQUEST_IID"], token)


def _request(target: Target, method: str, url: str, body: str | None = None) -> tuple[Any, Mapping[str, str]]:
    data = json.dumps({"body": body}).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"PRIVATE-TOKEN": target.token, "Content-Type": "application/json",
                                              "Accept": "application/json"})
    where = f"{method} {url.split('?', 1)[0]}"
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"null"), response.headers
    except urllib.error.HTTPError as error:
        hint = " (the token needs the api scope and at least the Reporter role)" if error.code in (401, 403) else ""
        raise NoteError(f"GitLab answered {error.code} {error.reason} to {where}{hint}") from None
    except (urllib.error.URLError, OSError) as error:
        raise NoteError(f"cannot reach GitLab for {where}: {getattr(error, 'reason', error)}") from None
    except ValueError:
        raise NoteError(f"GitLab's answer to {where} is not JSON") from None


def find_note(target: Target, marker: str) -> int | None:
    """The id of the note whose body starts with ``marker``, if there is one."""
    page: str | None = "1"
    while page:
        notes, headers = _request(target, "GET", f"{target.notes_url}?per_page=100&page={page}")
        for note in notes if isinstance(notes, list) else ():
            if isinstance(note, dict) and not note.get("system") and str(note.get("body", "")).startswith(marker):
                return int(note["id"])
        page = headers.get("X-Next-Page") or None
    return None


def fit(body: str) -> str:
    """The body cut to what one note holds."""
    if len(body) <= NOTE_LIMIT:
        return body
    return body[: NOTE_LIMIT - len(_TRUNCATED)] + _TRUNCATED


def post(target: Target, body: str, marker: str) -> str:
    """Edit our note, or create it; returns what was done, for the job log."""
    body = fit(body)
    note = find_note(target, marker)
    if note is None:
        created, _ = _request(target, "POST", target.notes_url, body)
        return f"plan diff posted as note {created.get('id') if isinstance(created, dict) else '?'}"
    _request(target, "PUT", f"{target.notes_url}/{note}", body)
    return f"plan diff note {note} updated"
