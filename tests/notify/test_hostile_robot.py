"""notify against robots that misbehave: slow, dripping, huge, hanging up; parallel runs; a
state file that cannot be written; secrets in errors; absurd settings.

Every server listens on 127.0.0.1 and every test is bounded in time: the client's
deadline is small, and the servers stop on their own after a few seconds.
"""

from __future__ import annotations

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

import pytest
from click.testing import CliRunner

from collabkb.cli import main
from collabkb.notify import PLATFORMS
from collabkb.notify.secrets import mask
from collabkb.notify.sender import MAX_REPLY_BYTES, SendError, post

TODAY = "2026-11-18"
OK = b'{"errcode": 0, "errmsg": "ok"}'
SERVER_LIFETIME = 8.0  # a misbehaving server gives up by itself after this long


class _Raw(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@pytest.fixture
def raw_robot() -> Iterator[Callable[[Callable[[socket.socket], None]], tuple[str, list[bytes]]]]:
    """``start(behaviour)`` → (webhook URL, requests received): a server that reads one HTTP
    request per connection, then lets ``behaviour(connection)`` answer (or not)."""
    servers: list[_Raw] = []

    def start(behaviour: Callable[[socket.socket], None]) -> tuple[str, list[bytes]]:
        received: list[bytes] = []

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(SERVER_LIFETIME)
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, body = data.partition(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                while len(body) < length:
                    body += self.request.recv(65536)
                received.append(body)
                try:
                    behaviour(self.request)
                except OSError:  # the client hung up: what the tests want
                    pass

        server = _Raw(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=tok-SECRET-123", received

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _answer(connection: socket.socket, body: bytes = OK, status: str = "200 OK") -> None:
    connection.sendall(f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                       "Connection: close\r\n\r\n".encode() + body)


def _post(url: str, **options) -> tuple[object, float, list[float]]:
    sleeps: list[float] = []
    started = time.monotonic()
    try:
        result: object = post(url, b'{"msgtype": "text"}', PLATFORMS["dingtalk"].error, sleep=sleeps.append,
                              **{"retries": 3, "backoff": 0.1, **options})
    except SendError as problem:
        result = problem
    return result, time.monotonic() - started, sleeps


def test_a_slow_success_within_the_deadline_is_one_message(raw_robot) -> None:
    url, received = raw_robot(lambda c: (time.sleep(0.5), _answer(c)))
    delivery, elapsed, _ = _post(url, deadline=3)
    assert not isinstance(delivery, SendError) and delivery.attempts == 1 and len(received) == 1


def test_a_success_slower_than_the_deadline_is_not_retried_into_a_second_message(raw_robot) -> None:
    url, received = raw_robot(lambda c: (time.sleep(6), _answer(c)))
    problem, elapsed, sleeps = _post(url, deadline=0.5)
    assert isinstance(problem, SendError) and problem.uncertain
    assert "may have been delivered" in str(problem) and "0.5 s" in str(problem)
    assert len(received) == 1 and sleeps == [] and elapsed < 5  # gave up at the deadline, not at the answer


def test_a_server_dripping_bytes_cannot_outlast_the_deadline(raw_robot) -> None:
    def drip(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\n")
        stop = time.monotonic() + SERVER_LIFETIME
        while time.monotonic() < stop:  # one header byte every 50 ms: each read succeeds, the whole never ends
            connection.sendall(b"X")
            time.sleep(0.05)

    url, received = raw_robot(drip)
    problem, elapsed, _ = _post(url, deadline=1)
    assert isinstance(problem, SendError) and problem.uncertain and "1 s" in str(problem)
    assert 0.9 < elapsed < 5 and len(received) == 1  # the server would drip for 8 s


def test_a_huge_reply_is_not_read_into_memory(raw_robot) -> None:
    def huge(connection: socket.socket) -> None:
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4294967296\r\n\r\n")
        chunk = b" " * 65536
        stop = time.monotonic() + SERVER_LIFETIME
        while time.monotonic() < stop:
            connection.sendall(chunk)

    url, received = raw_robot(huge)
    problem, elapsed, _ = _post(url, deadline=20)
    assert isinstance(problem, SendError) and f"larger than {MAX_REPLY_BYTES} bytes" in str(problem)
    assert problem.uncertain and elapsed < 8 and len(received) == 1  # read 1 MiB and stopped: not 4 GiB


def test_a_hang_up_after_the_request_is_not_retried(raw_robot) -> None:
    url, received = raw_robot(lambda c: c.close())
    problem, _, sleeps = _post(url, deadline=2)
    assert isinstance(problem, SendError) and problem.uncertain and len(received) == 1 and sleeps == []


def test_refused_then_accepted_is_retried_once_the_robot_is_up() -> None:
    with socket.socket() as probe:  # a port nobody listens on yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    received: list[bytes] = []
    servers: list[_Raw] = []

    class Accepting(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            received.append(b"request")
            _answer(self.request)

    def bring_up(_: float) -> None:  # the pause between attempts starts the robot
        if not servers:
            servers.append(_Raw(("127.0.0.1", port), Accepting))
            threading.Thread(target=servers[0].serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    try:
        delivery = post(f"http://127.0.0.1:{port}/robot/send", b"{}", PLATFORMS["dingtalk"].error, retries=2,
                        backoff=0.1, sleep=bring_up, deadline=2)
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
    assert delivery.attempts == 2 and received == [b"request"]


@pytest.mark.parametrize("url", ["http://127.0.0.1:port/robot/send?access_token=tok-SECRET-123",
                                 "ftp://127.0.0.1/robot/send?access_token=tok-SECRET-123", "http:///no-host"])
def test_a_malformed_webhook_is_a_send_error_that_does_not_show_it(url: str) -> None:
    problem, _, _ = _post(url, deadline=1)
    assert isinstance(problem, SendError) and not problem.uncertain and "tok-SECRET" not in str(problem)


def test_secrets_are_masked_in_errors() -> None:
    text = ("HTTP 400: bad url https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=s%2Fx "
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-99 https://open.feishu.cn/open-apis/bot/v2/hook/h-77 "
            "SECplain")
    masked = mask(text, "SECplain")
    for secret in ("abc123", "s%2Fx", "k-99", "h-77", "SECplain"):
        assert secret not in masked
    assert "access_token=***" in masked and "timestamp=1" in masked


def test_a_reply_echoing_the_url_is_masked(raw_robot) -> None:
    echo = b'{"errcode": 300001, "errmsg": "token tok-SECRET-123 in /robot/send?access_token=tok-SECRET-123 is invalid"}'
    url, _ = raw_robot(lambda c: _answer(c, echo, "400 Bad Request"))
    problem, _, _ = _post(url, deadline=2)
    assert isinstance(problem, SendError) and "access_token=***" in str(problem)


# ---- the command: state, lock, settings ---------------------------------------------------

MKDOCS = """\
site_name: test
plugins:
  - collabkb:
      language: en
      notify:
        backoff: 0
        channels:
          g:
            platform: wecom
            webhook_env: TEST_WEBHOOK
"""


def _run(root: Path, env: dict[str, str], *args: str):
    return CliRunner().invoke(main, ["notify", str(root), "--today", TODAY, "--channel", "g", *args], env=env)


def test_no_post_when_the_record_cannot_be_written(robot, make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS})
    (tmp_path / "a-file").write_text("not a folder")
    env = {"TEST_WEBHOOK": robot.webhook("wecom"), "COLLABKB_NOTIFY_STATE": str(tmp_path / "a-file" / "state.json")}
    for _ in range(2):
        run = _run(root, env)
        assert run.exit_code == 2 and "nothing was sent" in run.stderr
    assert robot.received == []


def test_an_uncertain_post_is_not_repeated_until_forced(raw_robot, make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS})
    url, received = raw_robot(lambda c: c.close())  # takes the request, never answers
    env = {"TEST_WEBHOOK": url, "COLLABKB_NOTIFY_STATE": str(tmp_path / "state.json")}
    first = _run(root, env)
    assert first.exit_code == 1 and "may have been delivered" in first.stderr
    again = _run(root, env)
    assert again.exit_code == 1 and "--force" in again.stderr and len(received) == 1
    forced = _run(root, env, "--force")
    assert forced.exit_code == 1 and len(received) == 2
    for output in (first.stderr, again.stderr, forced.stderr):
        assert "tok-SECRET-123" not in output


def test_two_runs_at_the_same_moment_post_once(robot, make_kb, tmp_path: Path) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS})
    robot.delay = 1.0  # the first run is still waiting for the answer when the second starts
    env = {**os.environ, "TEST_WEBHOOK": robot.webhook("wecom"), "COLLABKB_NOTIFY_STATE": str(tmp_path / "s.json")}
    command = [sys.executable, "-m", "collabkb", "notify", str(root), "--today", TODAY, "--channel", "g"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert len(robot.received) == 1
    assert sum("already received" in out for out, _ in outputs) == 1


def test_a_webhook_with_a_space_is_refused_without_showing_it(robot, make_kb) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS})
    run = _run(root, {"TEST_WEBHOOK": robot.webhook("wecom").replace("?", " ?") + "-SECRET"})
    assert run.exit_code == 2 and "TEST_WEBHOOK" in run.stderr
    assert "SECRET" not in run.stderr and "access_token" not in run.stderr and robot.received == []


@pytest.mark.parametrize("setting", ["retries: 1000000000", "retries: -1", "backoff: 1e308", "backoff: .nan",
                                     "backoff: .inf", "retries: true", "backoff: 61"])
def test_absurd_retry_settings_are_refused_at_their_line(make_kb, setting: str) -> None:
    root = make_kb({"mkdocs.yml": MKDOCS.replace("backoff: 0", setting)})
    run = _run(root, {"TEST_WEBHOOK": "http://127.0.0.1:9/x"})
    assert run.exit_code == 2 and "mkdocs.yml:6:9:" in run.stderr and "from 0 to" in run.stderr


# ---- confidential projects in digests ----------------------------------------------------

def test_only_channels_marked_confidential_ok_hear_about_confidential_projects(make_kb) -> None:
    mkdocs = MKDOCS + "          insiders:\n            platform: wecom\n            webhook_env: TEST_WEBHOOK\n" \
                      "            confidential_ok: true\n"
    root = make_kb({"mkdocs.yml": mkdocs})
    demo, secret = root / "projects" / "demo", root / "projects" / "secret"
    secret.mkdir()
    (secret / "tasks.yaml").write_bytes((demo / "tasks.yaml").read_bytes())
    charter = (demo / "project.yaml").read_text("utf-8").replace("name: 测试项目", "name: SecretDeal 大客户")
    (secret / "project.yaml").write_text(charter + "confidential: true\n", "utf-8")
    digests = {}
    for channel in ("g", "insiders"):
        run = CliRunner().invoke(main, ["notify", str(root), "--today", "2026-12-20", "--channel", channel, "--dry-run"])
        assert run.exit_code == 0, run.stderr
        digests[channel] = run.stdout
    assert "SecretDeal" in digests["insiders"] and "测试项目" in digests["insiders"]
    assert "SecretDeal" not in digests["g"] and "测试项目" in digests["g"]
