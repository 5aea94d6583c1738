"""--format markdown: the weekly digest, grouped by project and department."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.portfolio.view import Portfolio
from collabkb.report import REPORTERS, markdown

PROJECT = """\
name: 新品 *发布*
status: active
initiator: {department: 市场部, person: 王芳}
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal: {statement: 上市}
team:
  - {department: 市场部, role: lead, contact: 王芳, members: [李娜]}
  - {department: 研发部, role: support, contact: 张伟}
"""
UPDATED = "updates: [{date: 2026-11-17}]"
TASKS = f"""\
tasks:
  - {{id: T1, title: 海报, department: 市场部, owner: 李娜, start: 2026-11-01, due: 2026-11-16, status: in_progress, progress: 50, {UPDATED}}}
  - {{id: T2, title: 固件, department: 研发部, owner: 张伟, start: 2026-11-01, due: 2026-11-21, status: in_progress, progress: 10, {UPDATED}}}
  - {{id: T3, title: 邀约, department: 市场部, owner: 待定, start: 2026-11-01, due: 2026-11-30}}
  - {{id: T4, title: 渠道, department: 市场部, owner: 王芳, start: 2026-11-01, due: 2026-11-10, status: blocked}}
  - {{id: T5, title: 测试, department: 研发部, owner: 张伟, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 90, {UPDATED}}}
"""
RISKS = """\
risks:
  - {id: R1, title: 芯片缺货, tasks: [T2], level: high, status: open, raised: 2026-11-17, owner: 张伟}
  - {id: R2, title: 档期冲突, level: high, status: mitigating, raised: 2026-11-10, owner: 李娜,
     response: {created: 2026-11-11, measures: [换场地], owner: 王芳, due: 2026-11-25}}
  - {id: R3, title: 小风险, level: low, status: open, raised: 2026-11-10}
"""


def kb(tmp_path: Path, language: str = "en", rules: str = "", files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "projects" / "launch"
    folder.mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nplugins:\n  - collabkb:\n      language: {language}\n{rules}", "utf-8")
    for name, text in {"project.yaml": PROJECT, "tasks.yaml": TASKS, "risks.yaml": RISKS, **(files or {})}.items():
        (folder / name).write_text(text, "utf-8")
    return tmp_path


def digest(root: Path) -> str:
    config = load_config(root)
    return markdown.digest(Portfolio.build(pipeline.check(config, dt.date(2026, 11, 18)), config.messages))


def test_registered() -> None:
    assert REPORTERS["markdown"] is markdown.write


def test_items_grouped_by_project_then_department(tmp_path: Path) -> None:
    text = digest(kb(tmp_path))
    assert text.startswith("## Progress risk warning list, Wednesday 2026-11-18\n")
    assert "**2** overdue · **1** lagging · **1** without owner · **2** open high risks" in text
    assert "- 🔴 **新品 \\*发布\\***: red (2 overdue tasks, 2 open high risks," in text  # name escaped
    section = text.split("### 🔴 新品 \\*发布\\*\n", 1)[1]
    assert section.index("**市场部**") < section.index("**研发部**")
    market, rnd = section.split("**研发部**")
    assert market.splitlines()[5:9] == [
        "- **Overdue 8 days**: T4 渠道 · owner 王芳 · due 2026-11-10",  # most days late first
        "- **Overdue 2 days**: T1 海报 · owner 李娜 · due 2026-11-16",
        "- **No owner**: T3 邀约 (owner: 待定) · due 2026-11-30",
        "- **High risk**: R2 档期冲突 · owner 李娜 · raised 2026-11-10 · mitigating · response owner 王芳, due 2026-11-25",
    ]
    assert rnd.splitlines()[2:4] == [
        "- **Lagging (high)**: T2 固件 · owner 张伟 · 10% done, 85% expected (75 points behind) · due 2026-11-21",
        "- **High risk**: R1 芯片缺货 · owner 张伟 · raised 2026-11-17 · open · no response plan yet",
    ]
    assert "T5" not in text and "R3" not in text


def test_the_digest_follows_the_rule_configuration(tmp_path: Path) -> None:
    text = digest(kb(tmp_path, rules="      rules:\n        overdue: 'off'\n        lagging: {threshold: 80}\n"))
    assert "**0** overdue · **0** lagging" in text
    assert "Overdue" not in text and "Lagging" not in text


def test_quiet_week(tmp_path: Path) -> None:
    calm = "tasks:\n  - {id: T1, title: 海报, owner: 李娜, start: 2026-11-01, due: 2026-11-30, status: in_progress, progress: 60}\n"
    text = digest(kb(tmp_path, files={"tasks.yaml": calm, "risks.yaml": "risks: []\n"}))
    assert "Nothing overdue, lagging, without owner or at high risk this week." in text


def test_chinese(tmp_path: Path) -> None:
    text = digest(kb(tmp_path, language="zh"))
    assert text.startswith("## 进度风险预警清单（2026-11-18 周三）\n")
    assert "- **逾期 8 天**：T4 渠道 · 责任人 王芳 · 截止 2026-11-10" in text
    assert "- **滞后（高）**：T2 固件 · 责任人 张伟 · 进度 10%，应达 85%（落后 75 个百分点）· 截止 2026-11-21" in text


def test_user_text_cannot_drive_a_terminal_or_reverse_a_line() -> None:
    """An ESC sequence or a right-to-left override in a title reaches neither the terminal
    (``collabkb check --format markdown``) nor a chat message: it is shown as text."""
    from collabkb.report.text import markdown_text

    shown = markdown_text("海报\x1b[2J\x1b[1A\u202e设计")
    assert "\x1b" not in shown and "\u202e" not in shown
    assert shown == "海报\\\\x1b\\[2J\\\\x1b\\[1A\\\\u202e设计"
