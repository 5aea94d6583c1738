"""Hostile and invalid knowledge bases: user text is shown, never run; bad data never crashes the build."""

from __future__ import annotations

import re
from pathlib import Path

from site_build import SITE_MKDOCS_YML, mkdocs_build
from site_html import main_content, page, parse, text

EVIL_NAME = '</title><script>alert("name")</script>'
EVIL_TASK = '<script>alert("task")</script>'

HOSTILE_PROJECT = f"""\
name: '{EVIL_NAME}'
status: active
initiator:
  department: 市场部
  person: 王芳
coordinator: 王芳
start: 2026-09-01
due: 2026-12-31
goal:
  statement: "**粗体目标** [点我](javascript:alert('goal')) [官网](https://example.com/) <img src=x onerror=alert('img')>"
team:
  - department: 市场部
    role: lead
    contact: 王芳
    members: [李娜]
  - department: 研发部
    role: support
    contact: 张伟
"""

HOSTILE_TASKS = f"""\
tasks:
  - id: T1
    title: '{EVIL_TASK}'
    department: 市场部
    owner: 李娜
    start: 2026-10-01
    due: 2026-11-10
    status: in_progress
    progress: 30
    updates:
      - date: 2026-11-01
        progress: 30
        note: "[跳转](javascript:alert('note')) <b onmouseover=alert('b')>hover</b>"
"""


def _site_files(make_kb, files: dict) -> Path:
    return make_kb({"mkdocs.yml": SITE_MKDOCS_YML, "docs/index.md": "# 首页\n", **files})


def _scripts(markup: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", markup, re.S | re.I)


def test_script_titles_and_javascript_links_are_shown_as_text(make_kb, tmp_path: Path) -> None:
    root = _site_files(make_kb, {"projects/demo/project.yaml": HOSTILE_PROJECT, "projects/demo/tasks.yaml": HOSTILE_TASKS})
    out = tmp_path / "out"
    run = mkdocs_build(root, out, "--strict")
    assert run.returncode == 0, run.stderr  # valid data: rule findings never fail the build
    for html_file in out.rglob("*.html"):
        markup = html_file.read_text("utf-8")
        for script in _scripts(markup):
            assert "alert(" not in script, f"{html_file}: user text became a script"
        for tag, attrs in parse(markup).elements:
            assert not any(k.startswith("on") for k in attrs), f"{html_file}: <{tag} {attrs}>"
            assert not attrs.get("href", "").lower().startswith("javascript:"), html_file
    overview = page(out, "projects/demo/")
    title = re.search(r"<title>(.*?)</title>", overview, re.S)
    assert title and "<script" not in title.group(1).replace("&lt;", ""), "the page title cannot close <title>"
    content = main_content(overview)
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in content or "&lt;script&gt;alert(&quot;name&quot;)" in content
    assert "<strong>粗体目标</strong>" in content, "Markdown renders"
    assert 'href="https://example.com/"' in content, "http(s) links stay"
    assert "点我" in text(content), "a dropped javascript: link keeps its text"
    assert "&lt;img src=x onerror=alert" in content, "raw HTML shows as text"
    tasks = main_content(page(out, "projects/demo/tasks/"))
    assert "&lt;script&gt;alert(" in tasks and EVIL_TASK in text(tasks)
    dashboard = page(out, "")
    assert EVIL_NAME.replace("</title>", "") in text(main_content(dashboard))


def test_invalid_yaml_builds_with_findings_and_strict_fails(make_kb, tmp_path: Path) -> None:
    root = _site_files(make_kb, {"projects/demo/tasks.yaml": "tasks:\n  - id: T1\n    title: [unclosed\n"})
    out = tmp_path / "out"
    run = mkdocs_build(root, out)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert re.search(r"projects/demo/tasks\.yaml:\d+:\d+: \[yaml\]", run.stderr), run.stderr
    dashboard = main_content(page(out, ""))
    assert "ckb-findings" in dashboard and "projects/demo/tasks.yaml:" in text(dashboard)
    tasks = main_content(page(out, "projects/demo/tasks/"))
    assert "ckb-findings" in tasks and "projects/demo/tasks.yaml:" in text(tasks)
    strict = mkdocs_build(root, tmp_path / "strict", "--strict")
    assert strict.returncode == 1
    assert "projects/demo/tasks.yaml" in strict.stderr and "Traceback" not in strict.stderr


def test_unreadable_charter_gets_a_page_with_its_findings(make_kb, tmp_path: Path) -> None:
    root = _site_files(make_kb, {"projects/demo/project.yaml": "name: 只有名字\nstatus: 进行中\n"})
    out = tmp_path / "out"
    run = mkdocs_build(root, out)
    assert run.returncode == 0, run.stderr
    broken = main_content(page(out, "projects/demo/"))
    assert "projects/demo/project.yaml" in text(broken)
    assert "ckb-row--broken" in page(out, "")


def test_bad_plugin_config_is_one_line_with_position(make_kb, tmp_path: Path) -> None:
    config = SITE_MKDOCS_YML.replace("      language: zh\n", "      language: zh\n      timezon: Asia/Shanghai\n")
    root = _site_files(make_kb, {"mkdocs.yml": config})
    run = mkdocs_build(root, tmp_path / "out")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert re.search(r"mkdocs\.yml:\d+:\d+: .*timezon.*timezone", run.stderr), run.stderr
