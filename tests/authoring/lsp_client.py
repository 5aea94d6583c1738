"""A small Language Server Protocol client over stdio, enough to ask yaml-language-server what an editor would show.

Messages are JSON-RPC with ``Content-Length`` headers. A reader thread queues what
the server sends; requests wait for their answer (with a timeout), answer the
server's own requests (``workspace/configuration``: the YAML settings below, with
the SchemaStore catalogue off so nothing is fetched from the network) and keep
the diagnostics it publishes.
"""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

SETTINGS = {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}


class LanguageServer:
    def __init__(self, command: list[str], root: Path, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.ids = itertools.count(1)
        threading.Thread(target=self._read, daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "textDocument": {"completion": {"completionItem": {"snippetSupport": False}},
                             "hover": {"contentFormat": ["markdown", "plaintext"]},
                             "publishDiagnostics": {}},
            "workspace": {"configuration": True}}})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                byte = stream.read(1)
                if not byte:
                    return
                header += byte
            length = next(int(line.split(b":")[1]) for line in header.split(b"\r\n") if line.lower().startswith(b"content-length"))
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        self.process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        number = next(self.ids)
        self._send({"id": number, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == number and "method" not in message:
                return message.get("result")

    def _next(self) -> dict[str, Any]:
        message = self.inbox.get(timeout=self.timeout)
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif method is not None and "id" in message:  # the server asks something: settings, or nothing to say
            items = message.get("params", {}).get("items", [])
            answer = [SETTINGS if item.get("section") == "yaml" else None for item in items] if method == "workspace/configuration" else None
            self._send({"id": message["id"], "result": answer})
        return message

    def wait_for_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for ``uri`` (the server validates after each open or change)."""
        self.diagnostics.pop(uri, None)
        deadline = time.monotonic() + self.timeout
        while uri not in self.diagnostics:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no diagnostics for {uri}")
            try:
                self._next()
            except queue.Empty:
                continue
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=5)
        except (queue.Empty, subprocess.TimeoutExpired, BrokenPipeError):
            self.process.kill()
