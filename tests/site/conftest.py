"""Fixtures for the wiki: real ``mkdocs build`` runs (subprocess, fixed today) and a local server.

The example knowledge base is built once per session; hostile and invalid
knowledge bases are written into ``tmp_path`` by the tests that need them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Iterator

import pytest

from site_build import ROOT, mkdocs_build


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example knowledge base built once; the build must succeed."""
    out = tmp_path_factory.mktemp("example-site")
    run = mkdocs_build(ROOT, out)
    assert run.returncode == 0, run.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator:
    """``serve(folder)`` → the base URL of a local HTTP server on 127.0.0.1 for that folder."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
