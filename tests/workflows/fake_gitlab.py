"""A stand-in for GitLab's merge-request notes API (REST v4) on 127.0.0.1, for the plan-diff note tests.

It serves ``/api/v4/projects/{id}/merge_requests/{iid}/notes`` as GitLab does: ``GET`` lists
notes a page at a time (``per_page``, ``page``; the ``X-Next-Page`` header names the next
page, empty on the last), ``POST`` creates a note, ``PUT …/notes/{note_id}`` edits one; every
request needs the ``PRIVATE-TOKEN`` header to equal ``token`` (401 otherwise). Each request is
recorded as ``(method, path, body)``.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterator

_NOTES = re.compile(r"^/api/v4/projects/(?P<project>[^/]+)/merge_requests/(?P<iid>\d+)/notes(?:/(?P<note>\d+))?$")


@dataclass
class FakeGitLab:
    token: str
    notes: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    url: str = ""

    @property
    def api(self) -> str:
        return f"{self.url}/api/v4"


def _handler(gitlab: FakeGitLab) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep the test output clean
            pass

        def _answer(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(data).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _route(self, method: str) -> None:
            parsed = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            gitlab.requests.append((method, parsed.path, body))
            if self.headers.get("PRIVATE-TOKEN") != gitlab.token:
                return self._answer(401, {"message": "401 Unauthorized"})
            match = _NOTES.match(parsed.path)
            if match is None:
                return self._answer(404, {"message": "404 Not found"})
            if method == "GET" and match["note"] is None:
                query = urllib.parse.parse_qs(parsed.query)
                per_page, page = int(query.get("per_page", ["20"])[0]), int(query.get("page", ["1"])[0])
                chunk = gitlab.notes[(page - 1) * per_page: page * per_page]
                more = page * per_page < len(gitlab.notes)
                return self._answer(200, chunk, {"X-Next-Page": str(page + 1) if more else ""})
            if method == "POST" and match["note"] is None:
                note = {"id": 1000 + len(gitlab.notes), "body": body["body"], "system": False}
                gitlab.notes.append(note)
                return self._answer(201, note)
            if method == "PUT" and match["note"] is not None:
                for note in gitlab.notes:
                    if note["id"] == int(match["note"]):
                        note["body"] = body["body"]
                        return self._answer(200, note)
                return self._answer(404, {"message": "404 Note Not Found"})
            return self._answer(405, {"message": "405 Method Not Allowed"})

        def do_GET(self) -> None:
            self._route("GET")

        def do_POST(self) -> None:
            self._route("POST")

        def do_PUT(self) -> None:
            self._route("PUT")

    return Handler


@contextmanager
def serve(token: str = "glpat-test", notes: list[dict[str, Any]] | None = None) -> Iterator[FakeGitLab]:
    gitlab = FakeGitLab(token, list(notes or []))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gitlab))
    gitlab.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield gitlab
    finally:
        server.shutdown()
        server.server_close()
