"""Reference checks across items and files, and how invalid items are set aside without noise."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from collabkb.check import pipeline
from collabkb.check.config import load_config

MakeKb = Callable[..., Path]
TASKS = "projects/demo/tasks.yaml"
RISKS = "projects/demo/risks.yaml"


def task(id: str, *extra: str, due: str = "2026-09-30") -> str:
    lines = [f"  - id: {id}", "    title: 任务", "    start: 2026-09-01", f"    due: {due}", *(f"    {e}" for e in extra)]
    return "\n".join(lines) + "\n"


def tasks(*items: str) -> str:
    return "tasks:\n" + "".join(items)


def loaded(make_kb: MakeKb, files: dict[str, Any], language: str = "en") -> pipeline.Loaded:
    return pipeline.load_knowledge_base(load_config(make_kb(files, language=language)))


def refs(result: pipeline.Loaded) -> list[tuple[str, int, int, str | None, str]]:
    return sorted((f.file, f.line, f.column, f.item, f.message) for f in result.findings if f.rule == "reference")


def test_a_cycle_is_named_once_in_full(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {TASKS: tasks(task("T1", "depends_on: [T3]"), task("T2", "depends_on: [T1]"),
                                           task("T3", "depends_on: [T2]"), task("T4", "depends_on: [T1]"))})
    ((file, line, column, item, message),) = refs(result)
    assert (file, line, column, item) == (TASKS, 6, 5, "T1")
    assert "dependency cycle T1 → T3 → T2 → T1" in message


def test_two_separate_cycles_are_both_reported(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {TASKS: tasks(task("A", "depends_on: [B]"), task("B", "depends_on: [A]"),
                                           task("C", "depends_on: [D]"), task("D", "depends_on: [C]"))})
    messages = [m for *_, m in refs(result)]
    assert len(messages) == 2
    assert any("A → B → A" in m for m in messages) and any("C → D → C" in m for m in messages)


def test_self_dependency_is_its_own_finding_not_a_cycle(make_kb: MakeKb) -> None:
    ((*_, message),) = refs(loaded(make_kb, {TASKS: tasks(task("T1", "depends_on: [T1]"))}))
    assert "task T1 depends on itself" in message


@pytest.mark.parametrize(("language", "kind", "file", "text"), [
    ("en", "duplicate risk id 'R1'", RISKS,
     "risks:\n" + "  - {id: R1, title: a, level: low, status: open, raised: 2026-09-01}\n" * 2),
    ("zh", "风险编号 'R1' 重复", RISKS,
     "risks:\n" + "  - {id: R1, title: a, level: low, status: open, raised: 2026-09-01}\n" * 2),
    ("en", "duplicate issue id 'C1'", "projects/demo/coordination.yaml",
     "issues:\n" + "  - {id: C1, title: a, raised: 2026-09-01, status: open}\n" * 2),
    ("en", "duplicate resource request id 'S1'", "projects/demo/coordination.yaml",
     "resources:\n" + "  - {id: S1, department: 市场部, type: budget, item: 展位, status: requested}\n" * 2),
    ("zh", "资源申请编号 'S1' 重复", "projects/demo/coordination.yaml",
     "resources:\n" + "  - {id: S1, department: 市场部, type: budget, item: 展位, status: requested}\n" * 2),
    ("en", "duplicate deliverable id 'D1'", "projects/demo/acceptance.yaml",
     "deliverables:\n" + "  - {id: D1, name: 方案, result: pending}\n" * 2),
    ("en", "duplicate retro action id 'A1'", "projects/demo/retro.yaml",
     "retro:\n  date: 2026-10-01\n  outcome: achieved\n  actions:\n"
     + "    - {id: A1, action: x, owner: 王芳, due: 2026-10-30, status: open}\n" * 2),
])
def test_duplicate_ids_name_their_kind_in_the_language(make_kb: MakeKb, language: str, kind: str, file: str, text: str) -> None:
    found = refs(loaded(make_kb, {file: text}, language))
    assert [(f, m) for f, _, _, _, m in found if kind in m] and all(f == file for f, *_ in found), found


def test_unknown_tasks_in_risks_and_acceptance(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        RISKS: "risks:\n  - {id: R1, title: a, tasks: [T1, T7], level: low, status: open, raised: 2026-09-01}\n",
        "projects/demo/acceptance.yaml": "deliverables:\n  - {id: D1, task: T8, name: 方案, result: pending}\n",
    })
    messages = [m for *_, m in refs(result)]
    assert len(messages) == 2
    assert any("unknown task 'T7'" in m for m in messages) and any("unknown task 'T8'" in m for m in messages)


def test_a_task_set_aside_is_not_also_unknown(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        TASKS: tasks(task("T1", due="2026-09-31"), task("T2", "depends_on: [T1]")),
        RISKS: "risks:\n  - {id: R1, title: a, tasks: [T1], level: low, status: open, raised: 2026-09-01}\n",
    })
    assert [f.rule for f in result.findings] == ["schema"]
    (project,) = result.kb.projects
    assert [t.id for t in project.tasks] == ["T2"] and project.set_aside_tasks == {"T1"}


def test_an_unusable_tasks_file_leaves_task_references_unchecked(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        TASKS: "tasks: [\n",
        RISKS: "risks:\n  - {id: R1, title: a, tasks: [T1], level: low, status: open, raised: 2026-09-01}\n",
    })
    assert [f.rule for f in result.findings] == ["yaml"]
    (project,) = result.kb.projects
    assert project.unusable_files == {"tasks.yaml"} and [r.id for r in project.risks] == ["R1"]


def test_departments_people_and_reviewers(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        TASKS: tasks(task("T1", "department: 市场部", "owner: 不存在的人", "collaborators: [{department: 财务部}]")),
        RISKS: "risks:\n  - {id: R1, title: a, level: low, status: open, raised: 2026-09-01, owner: 李明}\n",
        "projects/demo/acceptance.yaml": "deliverables:\n  - {id: D1, name: 方案, result: pending, reviewers: [研发部, 王芳, 法务部]}\n",
        "projects/demo/retro.yaml": "retro:\n  date: 2026-10-01\n  outcome: partial\n  actions:\n"
                                    "    - {id: A1, action: x, owner: 研发部, due: 2026-10-30, status: open}\n"
                                    "    - {id: A2, action: y, owner: 赵六, due: 2026-10-30, status: open}\n",
    })
    messages = [m for *_, m in refs(result)]
    assert len(messages) == 4, messages
    assert any("department '财务部' is not in this project's team" in m for m in messages)
    assert any("'李明' is not a person of this project's team" in m for m in messages)
    assert any("reviewer '法务部'" in m for m in messages)
    assert any("'赵六' is not a person" in m for m in messages)  # a department (研发部) may own an action
    assert not any("不存在的人" in m for m in messages)  # task owners belong to the owner rules


def test_organisation_departments_and_aliases(make_kb: MakeKb) -> None:
    departments = "departments:\n  - name: 市场部\n  - name: 研发部\n    aliases: [研发中心]\n"
    clean = loaded(make_kb, {"projects/_departments.yaml": departments})
    assert refs(clean) == []
    assert clean.kb.departments is not None and clean.kb.departments[1].aliases == ("研发中心",)
    assert clean.kb.departments[1].source.at("name") == (3, 5)
    typo = loaded(make_kb, {"projects/_departments.yaml": departments,
                            TASKS: tasks(task("T1", "department: 研发中心"), task("T2", "department: 市埸部"))})
    messages = [m for *_, m in refs(typo)]
    assert len(messages) == 2
    assert any("'研发中心' is not in this project's team" in m for m in messages)  # an alias, but not a team name
    assert any("'市埸部' is not in projects/_departments.yaml; did you mean '市场部'?" in m for m in messages)


def test_an_unusable_departments_file_does_not_make_every_department_unknown(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {"projects/_departments.yaml": "departments:\n  - name: [市场部\n"})
    assert [(f.rule, f.file) for f in result.findings] == [("yaml", "projects/_departments.yaml")]
    assert result.kb.departments is None


def test_an_invalid_charter_key_is_set_aside_not_the_project(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {"projects/demo/project.yaml": lambda base: base + "    phone: 13800138000\n"
                              "communication:\n  channel: 企业微信群\n  daily_update: 17:00\n"})
    assert sorted((f.rule, f.line) for f in result.findings) == [("schema", 19), ("schema", 22)]
    (project,) = result.kb.projects
    assert [t.department for t in project.team] == ["市场部", "研发部"] and project.team[1].phone is None
    assert project.communication is not None and project.communication.channel == "企业微信群"
    assert project.communication.daily_update is None
    assert len(project.tasks) == 2


def test_a_broken_required_charter_key_sets_the_project_aside(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {"projects/demo/project.yaml": lambda base: base.replace("status: active", "status: 进行中")})
    assert [f.rule for f in result.findings] == ["schema"]
    assert result.kb.projects == () and [b.slug for b in result.kb.broken] == ["demo"]


def test_a_name_in_a_list_is_pointed_at_itself(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        TASKS: tasks(task("T1", "depends_on: [T1x]", "collaborators:", "  - department: 研发部", "  - department: 法务部")),
        RISKS: "risks:\n  - id: R1\n    title: a\n    tasks:\n      - T1\n      - T7\n"
               "    level: low\n    status: open\n    raised: 2026-09-01\n",
        "projects/demo/coordination.yaml": "issues:\n  - {id: C1, title: a, raised: 2026-09-01, status: open, departments: [市场部, 财务部]}\n",
    })
    assert [(f, line, col) for f, line, col, _, _ in refs(result)] == [
        ("projects/demo/coordination.yaml", 2, 77),
        (RISKS, 6, 9),
        (TASKS, 6, 18),
        (TASKS, 9, 9),
    ]


def test_a_team_entry_set_aside_does_not_make_its_names_unknown(make_kb: MakeKb) -> None:
    result = loaded(make_kb, {
        "projects/demo/project.yaml": lambda base: base.replace("role: support", "role: 支持"),
        RISKS: "risks:\n  - {id: R1, title: a, level: low, status: open, raised: 2026-09-01, owner: 张伟}\n",
    })
    ((rule, message),) = [(f.rule, f.message) for f in result.findings]
    assert rule == "schema" and "did you mean 'support'?" in message
    (project,) = result.kb.projects
    assert [t.department for t in project.team] == ["市场部"] and project.set_aside_team == {"研发部", "张伟"}
    assert len(project.tasks) == 2  # T2 (研发部, 张伟) is kept: nothing wrong with it
