"""Documents and git: a document without a date is dated by its first commit; ``collabkb diff`` reports documents."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from collabkb.check import pipeline
from collabkb.check.config import load_config
from collabkb.cli import main

from gitkit import PlanRepo, task, tasks_yaml

DOCS = "projects/demo/docs"
TASKS = "projects/demo/tasks.yaml"


def test_a_document_without_a_date_is_dated_by_its_first_commit(repo: PlanRepo) -> None:
    repo.commit("plan", "2026-09-01", {TASKS: tasks_yaml(task("T1", "2026-11-20")), f"{DOCS}/周会 1.md": "# 周会\n"})
    repo.commit("edit", "2026-09-08", {f"{DOCS}/周会 1.md": "# 周会\n\n补充\n", f"{DOCS}/dated.md": "---\ndate: 2026-08-30\n---\n# x\n"})
    repo.write(f"{DOCS}/new.md", "# 还没提交\n")
    result = pipeline.load_knowledge_base(load_config(repo.root))
    dates = {d.path: d.date for d in result.kb.projects[0].documents}
    assert dates == {"docs/周会 1.md": dt.date(2026, 9, 1), "docs/dated.md": dt.date(2026, 8, 30), "docs/new.md": None}
    assert [d.path for d in result.kb.projects[0].documents] == ["docs/周会 1.md", "docs/dated.md", "docs/new.md"]


def test_diff_reports_documents_added_removed_and_front_matter_changes(repo: PlanRepo) -> None:
    base = repo.commit("plan", "2026-09-01", {
        TASKS: tasks_yaml(task("T1", "2026-11-20")),
        f"{DOCS}/kickoff.md": "---\ntitle: 启动会\ndate: 2026-09-01\nattendees: [王芳]\n---\n# 启动会\n",
        f"{DOCS}/old.md": "# 旧记录\n",
        f"{DOCS}/text-only.md": "# 只改正文\n"})
    repo.git("rm", "-q", f"{DOCS}/old.md")
    head = repo.commit("minutes", "2026-09-08", {
        f"{DOCS}/kickoff.md": "---\ntitle: 启动会\ndate: 2026-09-02\nattendees: [王芳, 李娜]\ntasks: [T1]\n---\n# 启动会\n",
        f"{DOCS}/text-only.md": "# 只改正文\n\n多了一段。\n",
        f"{DOCS}/review.md": "---\ntitle: 评审会\n---\n正文\n"})
    out = CliRunner().invoke(main, ["diff", base, head, str(repo.root), "--today", "2026-09-10"])
    assert out.exit_code == 0, out.output
    lines = [line.strip() for line in out.output.splitlines() if "document" in line]
    assert lines == ['- document "启动会" (docs/kickoff.md): front matter changed: date, attendees, tasks',
                     '- document added: "评审会" (docs/review.md)',
                     '- document removed: "旧记录" (docs/old.md)']
