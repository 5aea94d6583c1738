"""@-mentions in the digest, received by the fake robot on 127.0.0.1.

The knowledge base: 研发部's contact 张伟 (phone +86 138-1234-5678) owns two overdue tasks,
市场部's contact 王芳 (phone 139 8765 4321) owns a high risk nobody answered, and the member
李娜 (no phone of her own) owns an overdue task.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner, Result
from fake_robot import Robot

from collabkb.cli import main
from collabkb.notify import dingtalk
from collabkb.notify.mentions import Mention
from collabkb.notify.message import Message, fit

TODAY = "2026-12-20"
MKDOCS = """\
site_name: test
plugins:
  - collabkb:
      language: zh
      notify:
        backoff: 0
        channels:
          ding:
            platform: dingtalk
            webhook_env: TEST_DINGTALK_WEBHOOK
            secret_env: TEST_DINGTALK_SECRET
            mention_owners: {mention}
          wecom:
            platform: wecom
            webhook_env: TEST_WECOM_WEBHOOK
            mention_owners: {mention}
          lark:
            platform: feishu
            webhook_env: TEST_FEISHU_WEBHOOK
            secret_env: TEST_FEISHU_SECRET
            mention_owners: {mention}
{people}"""
FEISHU_PEOPLE = """\
      people:
        feishu:
          张伟: ou_zhangwei
          王芳: ou_wangfang
"""
MORE_TASKS = """\
  - id: T3
    title: 接口联调
    department: 研发部
    owner: 张伟
    start: 2026-10-01
    due: 2026-12-01
    status: in_progress
    progress: 30
  - id: T4
    title: 宣传物料
    department: 市场部
    owner: 李娜
    start: 2026-10-01
    due: 2026-12-10
    status: in_progress
    progress: 50
"""
RISKS = """\
risks:
  - id: R1
    title: 供应商延期
    level: high
    raised: 2026-12-01
    owner: 王芳
    status: open
"""
PHONE = "13812345678"
MakeKb = Callable[..., Path]


@pytest.fixture
def kb(make_kb: MakeKb) -> Callable[..., Path]:
    def make(mention: str = "true", people: str = FEISHU_PEOPLE) -> Path:
        return make_kb({
            "mkdocs.yml": MKDOCS.format(mention=mention, people=people),
            "projects/demo/project.yaml": lambda base: base.replace(
                "    contact: 王芳\n", "    contact: 王芳\n    phone: '139 8765 4321'\n").replace(
                "    contact: 张伟\n", "    contact: 张伟\n    phone: '+86 138-1234-5678'\n"),
            "projects/demo/tasks.yaml": lambda base: base + MORE_TASKS,
            "projects/demo/risks.yaml": RISKS,
        }, language="zh")
    return make


def env(robot: Robot) -> dict[str, str]:
    return {"TEST_DINGTALK_WEBHOOK": robot.webhook("dingtalk"), "TEST_DINGTALK_SECRET": robot.secrets["dingtalk"],
            "TEST_WECOM_WEBHOOK": robot.webhook("wecom"),
            "TEST_FEISHU_WEBHOOK": robot.webhook("feishu"), "TEST_FEISHU_SECRET": robot.secrets["feishu"],
            "COLLABKB_NOTIFY_STATE": ""}


def notify(root: Path, channel: str, *args: str, environment: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["notify", str(root), "--today", TODAY, "--channel", channel, *args],
                              env=environment or {})


def test_dingtalk_mentions_each_owner_once_by_mobile_number(robot: Robot, kb: Callable[..., Path]) -> None:
    run = notify(kb(), "ding", environment=env(robot))
    assert run.exit_code == 0, run.output
    (request,) = robot.received
    body = request.body
    assert body["at"] == {"atMobiles": [PHONE, "13987654321"], "isAtAll": False}  # 张伟 owns two late tasks: once
    text = body["markdown"]["text"]
    assert text.count(f"@{PHONE}") == 1 and text.count("@13987654321") == 1
    assert text.rstrip().endswith(f"@{PHONE} @13987654321") and "请以下责任人跟进" in text
    assert "李娜" in run.stdout and "无法 @" in run.stdout  # a member without a phone is named, not mentioned


def test_wecom_sends_the_mentions_as_a_text_message_after_the_digest(robot: Robot, kb: Callable[..., Path]) -> None:
    run = notify(kb(), "wecom", environment=env(robot))
    assert run.exit_code == 0, run.output
    digest, followup = (r.body for r in robot.received)
    assert digest["msgtype"] == "markdown" and "<@" not in digest["markdown"]["content"]
    assert followup["msgtype"] == "text"
    assert followup["text"]["mentioned_mobile_list"] == [PHONE, "13987654321"]
    assert followup["text"]["content"].endswith("张伟、王芳")


def test_feishu_mentions_by_the_configured_ids(robot: Robot, kb: Callable[..., Path]) -> None:
    run = notify(kb(), "lark", environment=env(robot))
    assert run.exit_code == 0, run.output
    (request,) = robot.received
    content = request.body["card"]["elements"][0]["content"]
    assert re.findall(r"<at id=([^>]+)></at>", content) == ["ou_zhangwei", "ou_wangfang"]
    assert PHONE not in request.raw.decode("utf-8")


def test_the_dry_run_shows_who_would_be_mentioned_with_numbers_masked(robot: Robot, kb: Callable[..., Path]) -> None:
    run = notify(kb(), "ding", "--dry-run", environment=env(robot))
    assert run.exit_code == 0, run.output
    assert robot.received == []
    assert "138****5678" in run.stdout and PHONE not in run.stdout + run.stderr
    assert "张伟 (138****5678)、王芳 (139****4321)" in run.stderr and "李娜" in run.stderr
    wecom = notify(kb(), "wecom", "--dry-run", environment=env(robot))
    assert wecom.stdout.count('"msgtype"') == 2 and "mentioned_mobile_list" in wecom.stdout


def test_nobody_is_mentioned_unless_the_channel_asks(robot: Robot, kb: Callable[..., Path]) -> None:
    root = kb(mention="false", people="")
    for channel in ("ding", "wecom", "lark"):
        assert notify(root, channel, environment=env(robot)).exit_code == 0
    assert len(robot.received) == 3  # no WeCom follow-up
    raw = "".join(r.raw.decode("utf-8") for r in robot.received)
    assert "atMobiles" not in raw and "<at " not in raw and PHONE not in raw


def test_a_mention_flag_that_is_not_a_boolean_is_located(kb: Callable[..., Path]) -> None:
    run = notify(kb(mention="maybe"), "ding")
    assert run.exit_code == 2
    assert run.stderr.startswith("collabkb: mkdocs.yml:12:13: ") and "true 或 false" in run.stderr


def test_feishu_ids_that_are_not_a_mapping_are_a_usage_error(kb: Callable[..., Path]) -> None:
    run = notify(kb(people="      people:\n        feishu: [ou_zhangwei]\n"), "lark", "--dry-run")
    assert run.exit_code == 2 and "people.feishu" in run.stderr
    assert "mkdocs.yml:23:9:" in run.stderr  # checked when the config is read, at the key's position


def test_shortening_an_over_long_digest_keeps_every_mention() -> None:
    mentions = (Mention("张伟", PHONE), Mention("王芳", "13987654321"))
    long = "\n".join(f"- 任务 T{n} 已逾期 {n} 天" for n in range(3000))
    message, omitted = fit(dingtalk, Message("周报", long, None, "", mentions, "请跟进："), lambda n: f"（省略 {n} 行）")
    assert omitted > 0
    body = dingtalk.body(message, None, 0.0)
    assert body["at"]["atMobiles"] == [PHONE, "13987654321"]
    assert body["markdown"]["text"].endswith(f"请跟进：@{PHONE} @13987654321")
    assert dingtalk.size(message) <= dingtalk.LIMIT_BYTES


def test_owners_are_the_people_the_model_read_from_the_owner(make_kb: MakeKb) -> None:
    """``张伟、王芳`` names two people (both mentioned); a placeholder names nobody."""
    import datetime as dt

    from collabkb.check import pipeline
    from collabkb.check.config import load_config
    from collabkb.notify.mentions import owners

    tasks = MORE_TASKS.replace("    owner: 李娜\n", "    owner: 张伟、王芳\n").replace(
        "  - id: T3\n    title: 接口联调\n    department: 研发部\n    owner: 张伟\n",
        "  - id: T3\n    title: 接口联调\n    department: 研发部\n    owner: 待定\n")
    root = make_kb({"projects/demo/tasks.yaml": lambda base: base + tasks}, language="zh")
    checked = pipeline.check(load_config(root), dt.date.fromisoformat(TODAY))
    assert {f.item for f in checked.findings if f.rule == "overdue"} >= {"T3", "T4"}
    assert owners(checked.kb, checked.findings) == ["张伟", "王芳"]
