"""A fake chat robot on 127.0.0.1: checks what each platform checks, answers like it.

It validates the request the way the real services do (content type, JSON
shape, signature, size limit) and answers with their error formats, so the
tests exercise the real HTTP client against a real socket. ``script`` forces
the next answers (e.g. a 503, then normal handling) to test retries and 4xx.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    path: str
    query: dict[str, str]
    content_type: str
    raw: bytes

    @property
    def body(self) -> Any:
        return json.loads(self.raw.decode("utf-8"))


@dataclass
class Robot:
    secrets: dict[str, str] = field(default_factory=dict)  # platform → signing secret
    script: list[tuple[int, Any]] = field(default_factory=list)  # forced answers, consumed first
    received: list[Received] = field(default_factory=list)
    url: str = ""
    delay: float = 0.0  # seconds between reading a request and answering it (a slow robot)

    def webhook(self, platform: str) -> str:
        return {"dingtalk": f"{self.url}/robot/send?access_token=tok",
                "wecom": f"{self.url}/cgi-bin/webhook/send?key=k",
                "feishu": f"{self.url}/open-apis/bot/v2/hook/h"}[platform]

    def answer(self, request: Received) -> tuple[int, Any]:
        if self.script:
            return self.script.pop(0)
        if not request.content_type.startswith("application/json"):
            return 400, {"errcode": 40035, "errmsg": f"bad content type {request.content_type}"}
        if request.path == "/robot/send":
            return self._dingtalk(request)
        if request.path == "/cgi-bin/webhook/send":
            return self._wecom(request)
        if request.path == "/open-apis/bot/v2/hook/h":
            return self._feishu(request)
        return 404, {"errcode": 404, "errmsg": "no such robot"}

    def _dingtalk(self, request: Received) -> tuple[int, Any]:
        if len(request.raw) > 20_000:
            return 200, {"errcode": 460101, "errmsg": "body 大小不合法;请保持大小在 20000bytes 以内"}
        body = request.body
        if body.get("msgtype") != "markdown" or not {"title", "text"} <= set(body.get("markdown", {})):
            return 200, {"errcode": 40035, "errmsg": "缺少参数 markdown"}
        at = body.get("at", {"atMobiles": []})
        if not _strings(at.get("atMobiles", [])) or not isinstance(at.get("isAtAll", False), bool):
            return 200, {"errcode": 40035, "errmsg": "缺少参数 at"}
        secret = self.secrets.get("dingtalk")
        if secret:
            timestamp = request.query.get("timestamp", "")
            expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(),
                                                 hashlib.sha256).digest()).decode()
            if request.query.get("sign") != expected:
                return 200, {"errcode": 310000, "errmsg": "sign not match"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _wecom(self, request: Received) -> tuple[int, Any]:
        body = request.body
        if body.get("msgtype") == "text":  # the mentions follow-up: content ≤ 2048 bytes, mobile numbers
            text = body.get("text", {})
            if not isinstance(text.get("content"), str) or not _strings(text.get("mentioned_mobile_list", [])):
                return 200, {"errcode": 40008, "errmsg": "invalid message type"}
            if len(text["content"].encode("utf-8")) > 2048:
                return 200, {"errcode": 40058, "errmsg": "content exceed max length 2048"}
            return 200, {"errcode": 0, "errmsg": "ok"}
        content = body.get("markdown", {}).get("content")
        if body.get("msgtype") != "markdown" or not isinstance(content, str):
            return 200, {"errcode": 40008, "errmsg": "invalid message type"}
        if len(content.encode("utf-8")) > 4096:
            return 200, {"errcode": 40058, "errmsg": "markdown.content exceed max length 4096"}
        return 200, {"errcode": 0, "errmsg": "ok"}

    def _feishu(self, request: Received) -> tuple[int, Any]:
        if len(request.raw) > 20_000:
            return 400, {"code": 9499, "msg": "Bad Request", "data": {}}
        body = request.body
        card = body.get("card", {})
        if body.get("msg_type") != "interactive" or not card.get("elements"):
            return 400, {"code": 9499, "msg": "Bad Request", "data": {}}
        secret = self.secrets.get("feishu")
        if secret:
            key = f"{body.get('timestamp')}\n{secret}".encode()
            expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
            if body.get("sign") != expected:
                return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour", "data": {}}
        return 200, {"code": 0, "msg": "success", "data": {}}


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def serve(robot: Robot) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            split = urllib.parse.urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            request = Received(split.path, dict(urllib.parse.parse_qsl(split.query)),
                               self.headers.get("Content-Type", ""), raw)
            robot.received.append(request)
            time.sleep(robot.delay)
            status, reply = robot.answer(request)
            data = json.dumps(reply, ensure_ascii=False).encode() if not isinstance(reply, bytes) else reply
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:  # keep pytest output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    robot.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
