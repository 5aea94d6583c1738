"""Each platform's payload against the fake robot: shape, signature, retries, errors, limits."""

from __future__ import annotations

import socket

import pytest

from collabkb.i18n import Messages
from collabkb.notify import PLATFORMS, Channel, compose
from collabkb.notify.message import Message, chat_markdown, json_bytes
from collabkb.notify.sender import SendError, post

DIGEST = """\
## 进度风险预警清单（2026-11-18 周三）

逾期 **1** 项 · 滞后 **1** 项

### 🔴 Q4 智能手表 W3 新品上市

**销售部**

- **逾期 5 天**：T8 渠道资源清单与铺货计划 · 责任人 刘凯 · 截止 2026-11-13
"""
SITE = "https://wiki.example.com/kb/"
NOW = 1_763_450_000.0  # a fixed clock: signatures are checked against the timestamp sent


def _send(robot, platform: str, text: str = DIGEST, secret: str | None = None, **options):
    module = PLATFORMS[platform]
    message, omitted = compose(Channel("g", module, "W", None), text, Messages("zh"), "2026-11-18", SITE)
    secret = robot.secrets.get(platform) if secret is None else secret
    sleeps: list[float] = []
    delivery = post(module.url(robot.webhook(platform), secret, NOW), json_bytes(module.body(message, secret, NOW)),
                    module.error, sleep=sleeps.append, **{"retries": 3, "backoff": 0.5, **options})
    return delivery, message, omitted, sleeps


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_each_platform_is_accepted_with_its_shape_and_content_type(robot, platform: str) -> None:
    delivery, message, omitted, _ = _send(robot, platform)
    assert delivery.attempts == 1 and omitted == 0
    (request,) = robot.received
    assert request.content_type == "application/json; charset=utf-8"
    body = request.body
    link = SITE + "views/risks/"
    if platform == "dingtalk":
        assert body["msgtype"] == "markdown" and body["markdown"]["title"] == "CollabKB 协作周报 · 2026-11-18"
        assert "T8 渠道资源清单" in body["markdown"]["text"] and f"]({link})" in body["markdown"]["text"]
        assert request.query["timestamp"] == str(int(NOW * 1000)) and request.query["sign"]
    elif platform == "wecom":
        assert body["msgtype"] == "markdown" and link in body["markdown"]["content"]
    else:
        assert body["msg_type"] == "interactive" and body["timestamp"] == str(int(NOW))
        markdown, action = body["card"]["elements"]
        assert "**进度风险预警清单（2026-11-18 周三）**" in markdown["content"]  # no headings in card markdown
        assert action["actions"][0]["url"] == link


@pytest.mark.parametrize("platform, error", [("dingtalk", "310000"), ("feishu", "19021")])
def test_a_wrong_signing_secret_is_refused_by_the_platform(robot, platform: str, error: str) -> None:
    with pytest.raises(SendError, match=error):
        _send(robot, platform, secret="not-the-secret")
    assert len(robot.received) == 1  # a platform error is not retried


def test_5xx_and_429_are_retried_with_exponential_backoff(robot) -> None:
    robot.script[:] = [(503, {"errmsg": "busy"}), (429, {"errmsg": "slow down"}), (502, b"")]
    delivery, *_, sleeps = _send(robot, "wecom")
    assert delivery.attempts == 4 and len(robot.received) == 4
    assert sleeps == [0.5, 1.0, 2.0]


def test_persistent_503_gives_up_after_the_retries(robot) -> None:
    robot.script[:] = [(503, {"errmsg": "down"})] * 5
    with pytest.raises(SendError, match=r"gave up after 3 attempts: HTTP 503") as failed:
        _send(robot, "dingtalk", retries=2)
    assert len(robot.received) == 3 and not failed.value.uncertain


@pytest.mark.parametrize("status", [500, 504])
def test_500_and_504_may_have_posted_so_they_are_not_retried(robot, status: int) -> None:
    robot.script[:] = [(status, {"errmsg": "internal"})] * 3
    with pytest.raises(SendError, match=f"HTTP {status}.*may have been delivered") as failed:
        _send(robot, "dingtalk", retries=2)
    assert len(robot.received) == 1 and failed.value.uncertain


def test_4xx_fails_at_once_with_the_platform_message(robot) -> None:
    robot.script[:] = [(400, {"errcode": 300001, "errmsg": "token is not exist"})]
    with pytest.raises(SendError) as failed:
        _send(robot, "dingtalk")
    assert "HTTP 400" in str(failed.value) and "token is not exist" in str(failed.value)
    assert "access_token" not in str(failed.value)  # the webhook URL is a secret
    assert len(robot.received) == 1


def test_network_errors_are_retried_then_reported() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    with pytest.raises(SendError, match="gave up after 3 attempts"):
        post(f"http://127.0.0.1:{port}/robot/send", b"{}", PLATFORMS["dingtalk"].error,
             retries=2, backoff=1.5, sleep=sleeps.append, deadline=2)
    assert sleeps == [1.5, 3.0]


def _long_digest(lines: int) -> str:
    return "## 进度风险预警清单\n\n" + "".join(
        f"- **逾期 {i} 天**：T{i} 渠道资源清单与铺货计划（华东区第 {i} 批） · 责任人 刘凯 · 截止 2026-11-13\n"
        for i in range(lines))


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_a_long_digest_is_cut_to_the_platform_limit_and_accepted(robot, platform: str) -> None:
    module = PLATFORMS[platform]
    text = _long_digest(400)  # about 40 KB
    full = Message("t", chat_markdown(text), SITE + "views/risks/", "风险")
    assert module.size(full) > module.LIMIT_BYTES
    delivery, message, omitted, _ = _send(robot, platform, text)
    assert delivery.attempts == 1 and omitted > 0
    assert module.size(message) <= module.LIMIT_BYTES
    assert module.size(message) > module.LIMIT_BYTES - 400  # cut by lines: little room wasted
    assert f"还有 {omitted} 行" in message.text and message.link == SITE + "views/risks/"
    if module.LIMIT_OF == "body":
        assert len(robot.received[0].raw) <= module.LIMIT_BYTES


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_the_fake_robot_refuses_an_uncut_message(robot, platform: str) -> None:
    module = PLATFORMS[platform]
    message = Message("t", chat_markdown(_long_digest(400)), None, "")
    secret = robot.secrets.get(platform)
    with pytest.raises(SendError, match="460101|40058|9499"):
        post(module.url(robot.webhook(platform), secret, NOW), json_bytes(module.body(message, secret, NOW)),
             module.error, sleep=lambda _: None)


def test_one_huge_line_is_cut_by_characters() -> None:
    module = PLATFORMS["wecom"]
    message, omitted = compose(Channel("g", module, "W", None), "字" * 5000, Messages("en"), "2026-11-18", None)
    assert module.size(message) <= module.LIMIT_BYTES and message.text.startswith("字" * 1000)
    assert omitted == 1


def test_tables_become_list_lines_for_chat_clients() -> None:
    text = "| 任务 | 责任人 |\n|---|:---:|\n| T1 | 张伟 |\n\n正文 | 不是表格\n"
    assert chat_markdown(text) == "- 任务 · 责任人\n- T1 · 张伟\n\n正文 | 不是表格\n"
