"""``collabkb notify`` end to end against the fake robot: config, secrets, dry run, once a day."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from collabkb.cli import main

MKDOCS = """\
site_name: test
site_url: https://wiki.example.com/
plugins:
  - collabkb:
      language: {language}
      notify:
        backoff: 0
        channels:
          market-group:
            platform: dingtalk
            webhook_env: TEST_DINGTALK_WEBHOOK
            secret_env: TEST_DINGTALK_SECRET
          rd-group:
            platform: wecom
            webhook_env: TEST_WECOM_WEBHOOK
          sales-group:
            platform: feishu
            webhook_env: TEST_FEISHU_WEBHOOK
            secret_env: TEST_FEISHU_SECRET
"""


@pytest.fixture
def kb(make_kb):
    def make(language: str = "zh", mkdocs: str = MKDOCS):
        return make_kb({"mkdocs.yml": mkdocs.format(language=language)}, language=language)
    return make


def _env(robot) -> dict[str, str]:
    return {"TEST_DINGTALK_WEBHOOK": robot.webhook("dingtalk"), "TEST_DINGTALK_SECRET": robot.secrets["dingtalk"],
            "TEST_WECOM_WEBHOOK": robot.webhook("wecom"),
            "TEST_FEISHU_WEBHOOK": robot.webhook("feishu"), "TEST_FEISHU_SECRET": robot.secrets["feishu"],
            "COLLABKB_NOTIFY_STATE": ""}


def _run(root, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["notify", str(root), "--today", "2026-11-18", *args], env=env or {})


@pytest.mark.parametrize("channel, platform", [("market-group", "dingtalk"), ("rd-group", "wecom"),
                                               ("sales-group", "feishu")])
def test_sends_once_per_day_and_channel_and_prints_what_it_sent(robot, kb, channel: str, platform: str) -> None:
    root = kb()
    first = _run(root, "--channel", channel, env=_env(robot))
    assert first.exit_code == 0, first.output + first.stderr
    assert f"已发送到频道 {channel}（{platform}）" in first.stdout
    assert "CollabKB 协作周报 · 2026-11-18" in first.stdout and "https://wiki.example.com/views/risks/" in first.stdout
    state = json.loads((root / ".collabkb/notify-state.json").read_text("utf-8"))
    assert state["channels"][channel]["date"] == "2026-11-18"
    again = _run(root, "--channel", channel, env=_env(robot))
    assert again.exit_code == 0 and "不再发送" in again.stdout
    assert len(robot.received) == 1  # idempotent: the second run posted nothing
    next_day = CliRunner().invoke(main, ["notify", str(root), "--today", "2026-11-19", "--channel", channel],
                                  env=_env(robot))
    assert next_day.exit_code == 0 and len(robot.received) == 2


def test_state_file_path_from_the_environment(robot, kb, tmp_path) -> None:
    root = kb()
    env = {**_env(robot), "COLLABKB_NOTIFY_STATE": str(tmp_path / "cache" / "state.json")}
    assert _run(root, "--channel", "rd-group", env=env).exit_code == 0
    assert (tmp_path / "cache" / "state.json").is_file() and not (root / ".collabkb").exists()


def test_dry_run_prints_the_payload_needs_no_secrets_and_sends_nothing(robot, kb) -> None:
    root = kb()
    run = _run(root, "--channel", "market-group", "--dry-run")
    assert run.exit_code == 0, run.stderr
    payload = json.loads(run.stdout)
    assert payload["msgtype"] == "markdown" and "进度风险预警清单" in payload["markdown"]["text"]
    assert "TEST_DINGTALK_WEBHOOK" in run.stderr and "试运行" in run.stderr
    assert robot.received == [] and not (root / ".collabkb").exists()


def test_dry_run_with_secrets_shows_the_signed_feishu_body(robot, kb) -> None:
    run = _run(kb(), "--channel", "sales-group", "--dry-run", env=_env(robot))
    payload = json.loads(run.stdout)
    assert run.exit_code == 0 and payload["msg_type"] == "interactive" and payload["sign"] and payload["timestamp"]
    assert robot.received == []


def test_a_missing_variable_is_exit_2_naming_it(robot, kb) -> None:
    env = {**_env(robot), "TEST_DINGTALK_SECRET": ""}
    run = _run(kb("en"), "--channel", "market-group", env=env)
    assert run.exit_code == 2 and "TEST_DINGTALK_SECRET" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and robot.received == []


def test_an_unknown_channel_is_exit_2_with_did_you_mean(kb) -> None:
    run = _run(kb("en"), "--channel", "market-grup")
    assert run.exit_code == 2 and "did you mean 'market-group'?" in run.stderr
    assert run.stderr.startswith("collabkb: mkdocs.yml:8:9: ")  # at `channels:`


def test_a_bad_platform_is_exit_2(kb) -> None:
    mkdocs = MKDOCS.replace("platform: wecom", "platform: wechat")
    run = _run(kb("en", mkdocs), "--channel", "rd-group")
    assert run.exit_code == 2 and "'wechat'" in run.stderr and "did you mean 'wecom'?" in run.stderr
    assert run.stderr.startswith("collabkb: mkdocs.yml:14:13: ")  # at rd-group's `platform:`


def test_an_unknown_channel_key_is_located(kb) -> None:
    mkdocs = MKDOCS.replace("webhook_env: TEST_WECOM_WEBHOOK", "webhook: TEST_WECOM_WEBHOOK")
    run = _run(kb("en", mkdocs), "--channel", "rd-group")
    assert run.exit_code == 2 and "mkdocs.yml:15:13: " in run.stderr and "did you mean 'webhook_env'?" in run.stderr


def test_no_channels_configured_is_exit_2(make_kb) -> None:
    run = _run(make_kb(), "--channel", "any")
    assert run.exit_code == 2 and "docs/notify.md" in run.stderr


def test_a_refused_message_is_exit_1_with_a_clear_message_and_the_next_run_tries_again(robot, kb) -> None:
    root = kb("en")
    robot.script[:] = [(403, {"errcode": 93000, "errmsg": "invalid webhook url"})]
    run = _run(root, "--channel", "rd-group", env=_env(robot))
    assert run.exit_code == 1
    assert "sending to channel rd-group (wecom) failed: HTTP 403" in run.stderr and "invalid webhook url" in run.stderr
    state = json.loads((root / ".collabkb/notify-state.json").read_text("utf-8"))
    assert state["channels"]["rd-group"]["status"] == "failed"  # certainly not delivered
    again = _run(root, "--channel", "rd-group", env=_env(robot))
    assert again.exit_code == 0 and len(robot.received) == 2
