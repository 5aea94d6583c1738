"""Generate a synthetic but realistic knowledge base for the benchmark.

Seeded and deterministic: the same ``--seed``, ``--projects`` and ``--tasks`` give
byte-identical files. Each project has a charter, a task breakdown with
dependencies and daily updates, a risk register, coordination issues and
resource requests, acceptance records and (for finished projects) a retro, all
in Chinese like the example knowledge base. Most items are healthy; a fixed
share is late, lagging, stale, ownerless, multiply owned, owned by a stranger,
unanswered or conflicting, so every rule has work to do. The files pass
``collabkb validate`` (yaml, schema, reference) without a finding.

``--heavy`` makes the findings-heavy variant: every project is unhealthy and half
of its tasks (``HEAVY_SHARE``) are given a deliberate rule finding; with the findings
that follow from them (stale updates, schedule clashes) about 0.9 findings per task,
≈ 45,000 at 1,000 × 50: the worst case for building findings and writing reports.

Usage::

    python benchmarks/generate.py OUT [--projects 1000] [--tasks 50] [--seed 7] [--heavy]

The reference day is 2026-11-18 (check with ``--today 2026-11-18``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

TODAY = dt.date(2026, 11, 18)

DEPARTMENTS = ["研发部", "市场部", "销售部", "售后服务部", "行政部", "IT部", "品牌宣传部", "后勤保障部",
               "产品部", "技术部", "交付部", "战略部", "人力资源部", "财务部"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "晨", "宁", "浩", "婷", "雪", "鹏", "青", "凯", "琳", "朗", "洁", "峰", "慧", "远"]
THEMES = ["新品上市", "渠道拓展", "大客户定制", "年度大会", "客户投诉处理", "OKR 落地", "门店升级", "会员体系改版",
          "供应链优化", "数字化转型", "海外市场试点", "品牌焕新", "售后网点建设", "培训体系搭建", "系统迁移"]
REGIONS = ["华东", "华南", "华北", "西南", "华中", "西北", "东北", "全国"]
PHASES = ["策划", "筹备", "执行", "验收", "收尾"]
VERBS = ["输出", "完成", "确认", "评审", "组织", "搭建", "对接", "制定", "上线", "采购", "联调", "培训"]
OBJECTS = ["活动方案", "预算表", "需求规格书", "宣传物料", "场地合同", "接口文档", "测试报告", "培训课件", "铺货计划",
           "客户名单", "供应商比选", "应急预案", "验收报告", "数据看板", "上线公告", "代理商政策", "备件清单"]
NOTES = ["按计划推进，无阻塞。", "已与协作部门确认口径，等待审批。", "初稿完成，正在内部评审。",
         "供应商反馈延迟一天，已协调加急。", "完成联调，待验收。", "**关键节点**已达成，下一步进入执行。",
         "资源到位，进度正常。", "需求有小幅变更，已同步协调人。"]
RISK_TITLES = ["供应商交付延期", "预算审批流转过长", "关键人员请假", "需求频繁变更", "外部合作方响应慢",
               "技术方案不确定", "场地档期冲突", "物料质量不达标"]
CAUSES = ["resources", "requirements_change", "external_dependency", "technical", "other"]
SHARED_ITEMS = ["大会议室 A301", "直播设备一套", "外包设计团队", "测试实验室", "展厅"]  # contested across projects
HEAVY_SHARE = 0.5  # --heavy: the share of each project's tasks given a deliberate finding
BREAKS = ["overdue", "lagging", "stale", "ownerless", "multiple", "unknown"]


class _Dumper(yaml.CSafeDumper):
    """Block style, Chinese as written, keys in the order the templates use."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a date object used twice must be written twice: collabkb refuses anchors


def _dump(data: dict[str, Any], title: str) -> str:
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return f"# {title}\n{body}"


class _Project:
    """One synthetic project: its people, dates and the rule findings it is meant to trigger."""

    def __init__(self, rng: random.Random, index: int, n_tasks: int, heavy: bool = False) -> None:
        self.rng = rng
        self.index = index
        self.n_tasks = n_tasks
        self.heavy = heavy
        theme = rng.choice(THEMES)
        region = rng.choice(REGIONS)
        self.slug = f"p{index:04d}-{rng.choice(['launch', 'channel', 'account', 'event', 'okr', 'service', 'ops'])}"
        self.name = f"{region}{theme} #{index}"
        self.departments = rng.sample(DEPARTMENTS, rng.randint(3, 6))
        used: set[str] = set()
        self.team: list[tuple[str, str, list[str]]] = []
        for department in self.departments:
            people = []
            for _ in range(rng.randint(2, 4)):
                while True:
                    person = rng.choice(SURNAMES) + rng.choice(GIVEN)
                    if person not in used:
                        used.add(person)
                        people.append(person)
                        break
            self.team.append((department, people[0], people[1:]))
        self.people = [p for _, contact, members in self.team for p in (contact, *members)]
        # Status mix: most active; some finished (with or without retro), a few on hold.
        roll = rng.random()
        self.status = "active" if roll < 0.75 else "done" if roll < 0.9 else "on_hold" if roll < 0.95 else "proposed"
        length = rng.randint(60, 180)
        if self.status == "done":
            self.due = TODAY - dt.timedelta(days=rng.randint(10, 90))
        else:
            self.due = TODAY + dt.timedelta(days=rng.randint(-5, 120))
        self.start = self.due - dt.timedelta(days=length)
        self.completed = self.due + dt.timedelta(days=rng.randint(0, 5)) if self.status == "done" else None
        if self.completed and self.completed > TODAY:
            self.completed = TODAY
        self.has_retro = self.status == "done" and rng.random() < 0.7
        self.healthy = rng.random() < 0.6 and not heavy  # the rest carry deliberate rule findings

    def person(self, department: str | None = None) -> str:
        for dept, contact, members in self.team:
            if dept == department:
                return self.rng.choice([contact, *members])
        return self.rng.choice(self.people)

    def charter(self) -> dict[str, Any]:
        rng = self.rng
        lead, lead_contact, _ = self.team[0]
        data: dict[str, Any] = {
            "name": self.name,
            "summary": f"{lead}牵头，{'、'.join(self.departments[1:])}协作，推进{self.name}。",
            "status": self.status,
            "initiator": {"department": lead, "person": lead_contact},
            "coordinator": self.team[0][2][0] if self.team[0][2] else lead_contact,
            "start": self.start,
            "due": self.due,
        }
        if self.completed:
            data["completed"] = self.completed
        data["background"] = ("公司年度规划要求在本季度完成该项目。\n\n"
                              f"- 上一轮试点覆盖率不足 {rng.randint(10, 40)}%；\n- 跨部门协作缺少统一进度表。\n")
        data["goal"] = {
            "statement": f"在 {self.due.isoformat()} 前完成{self.name}，关键指标全部达成。",
            "key_results": [{"metric": f"{rng.choice(OBJECTS)}完成率", "target": 100, "actual": rng.randint(40, 100), "unit": "%"},
                            {"metric": "覆盖门店数", "target": rng.randint(20, 80), "unit": "家"}],
        }
        data["scope"] = {"in": [f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}" for _ in range(3)], "out": ["海外市场（另行立项）"]}
        data["deliverables"] = [rng.choice(OBJECTS) for _ in range(3)]
        data["review"] = {"date": self.start + dt.timedelta(days=5), "attendees": self.people[:4],
                          "conclusions": ["一个任务只设一个主责人。", "5 万元以上费用须经财务部审批。"]}
        data["communication"] = {"channel": f"企业微信群「{self.name}」", "daily_update": "17:00",
                                 "weekly_meeting": "每周三 10:00 风险预警会", "escalation": "24 小时内未决升级至牵头部门负责人。"}
        data["team"] = [
            {"department": dept, "role": "lead" if i == 0 else "supervise" if dept == "财务部" else "support",
             "contact": contact, **({"members": members} if members else {}),
             "phone": f"138{rng.randint(10_000_000, 99_999_999)}", "email": f"user{self.index}x{i}@example.com",
             "im": f"企业微信 {contact}", "responsibilities": f"负责{rng.choice(OBJECTS)}与{rng.choice(OBJECTS)}。"}
            for i, (dept, contact, members) in enumerate(self.team)
        ]
        data["tags"] = rng.sample(["渠道", "新品", "培训", "资源审批", "风险预警", "大客户", "年会"], 2)
        return data

    def tasks(self) -> dict[str, Any]:
        rng = self.rng
        span = (self.due - self.start).days
        tasks = []
        for i in range(1, self.n_tasks + 1):
            department = rng.choice(self.departments)
            start = self.start + dt.timedelta(days=int(span * (i - 1) / self.n_tasks * 0.8))
            due = start + dt.timedelta(days=rng.randint(5, 20))
            if due > self.due:
                due = self.due
            task: dict[str, Any] = {
                "id": f"T{i}", "title": f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}（{department}）",
                "phase": PHASES[min(len(PHASES) - 1, (i - 1) * len(PHASES) // self.n_tasks)],
                "department": department, "owner": self.person(department),
                "deliverable": f"《{rng.choice(OBJECTS)}》", "acceptance": "内容完整，经协调人与主责部门负责人确认。",
            }
            others = [d for d in self.departments if d != department]
            if rng.random() < 0.4:
                task["collaborators"] = [{"department": rng.choice(others), "support": "提供数据与审批支持"}]
            # Depend only on recent tasks already due when this one starts (a sound plan).
            ready = [t["id"] for t in tasks[-8:] if t["due"] <= start]
            if ready and rng.random() < 0.6:
                task["depends_on"] = sorted(set(rng.sample(ready, min(len(ready), rng.randint(1, 2)))), key=lambda t: int(t[1:]))
            task["start"] = start
            task["due"] = due
            if rng.random() < 0.1:
                task["milestone"] = True
            self._progress(task, start, due)
            tasks.append(task)
        if not self.healthy:
            self._break(tasks)
        return {"tasks": tasks}

    def _progress(self, task: dict[str, Any], start: dt.date, due: dt.date) -> None:
        rng = self.rng
        if self.status == "done" or due < TODAY - dt.timedelta(days=3):
            task["status"], task["progress"] = "done", 100
            task["completed"] = min(due + dt.timedelta(days=rng.randint(-2, 1)), TODAY)
            if task["completed"] < start:
                task["completed"] = start
        elif start > TODAY:
            task["status"], task["progress"] = "not_started", 0
            return
        else:
            expected = min(100, max(0, 100 * (TODAY - start).days // max(1, (due - start).days)))
            task["status"], task["progress"] = "in_progress", max(0, min(95, expected - rng.randint(0, 8)))
        day = start
        updates = []
        for step in range(rng.randint(1, 3)):
            day = min(day + dt.timedelta(days=rng.randint(1, 4)), TODAY, task.get("completed", TODAY))
            updates.append({"date": day, "progress": min(task["progress"], 30 * (step + 1)), "note": rng.choice(NOTES)})
        if task["status"] == "in_progress":
            updates.append({"date": TODAY - dt.timedelta(days=1), "progress": task["progress"], "note": rng.choice(NOTES)})
        task["updates"] = updates

    def _break(self, tasks: list[dict[str, Any]]) -> None:
        """Give an unhealthy project a handful of realistic rule findings (``heavy``: half its tasks one each)."""
        rng = self.rng
        if self.heavy:
            chosen = rng.sample(tasks, round(len(tasks) * HEAVY_SHARE))
        else:
            open_tasks = [t for t in tasks if t["status"] != "done"] or tasks
            chosen = rng.sample(open_tasks, min(len(open_tasks), 4))
        for task in chosen:
            kind = rng.choice(BREAKS)
            if self.heavy and kind == "ownerless" and task["status"] == "done":
                kind = "multiple"  # a done task needs no owner: ownerless would not fire
            if kind == "overdue":
                task["status"], task["progress"] = "in_progress", min(task.get("progress", 0), 80)
                task["due"] = TODAY - dt.timedelta(days=rng.randint(1, 20))
                task["start"] = min(task["start"], task["due"] - dt.timedelta(days=5))
                task.pop("completed", None)
            elif kind == "lagging":
                task["status"], task["progress"] = "in_progress", 5
                task["start"], task["due"] = TODAY - dt.timedelta(days=20), TODAY + dt.timedelta(days=10)
                task.pop("completed", None)
            elif kind == "stale":
                task["status"] = "in_progress"
                task.pop("completed", None)
                task["progress"] = min(task["progress"], 90)
                task["updates"] = [{"date": TODAY - dt.timedelta(days=12), "progress": task["progress"], "note": "已暂停，等待反馈。"}]
            elif kind == "ownerless":
                task["owner"] = rng.choice(["待定", "TBD", "无"])
            elif kind == "multiple":
                task["owner"] = "、".join(rng.sample(self.people, 2))
            else:
                task["owner"] = rng.choice(SURNAMES) + "某某"

    def risks(self) -> dict[str, Any]:
        rng = self.rng
        risks = []
        for i in range(1, rng.randint(2, 6)):
            level = rng.choice(["high", "medium", "low"])
            risk: dict[str, Any] = {
                "id": f"R{i}", "title": rng.choice(RISK_TITLES), "tasks": [f"T{rng.randint(1, self.n_tasks)}"],
                "level": level, "cause": rng.choice(CAUSES), "raised": TODAY - dt.timedelta(days=rng.randint(2, 30)),
                "owner": rng.choice(self.people), "impact": "可能导致关键节点推迟一周。",
                "status": rng.choice(["open", "mitigating", "closed"]),
            }
            if self.healthy or level != "high" or rng.random() < 0.5:
                risk["response"] = {"created": risk["raised"] + dt.timedelta(days=1),
                                    "measures": ["协调备选供应商。", "每日跟进进度并在周会通报。"],
                                    "owner": rng.choice(self.people), "due": TODAY + dt.timedelta(days=rng.randint(-3, 20))}
            risks.append(risk)
        return {"risks": risks}

    def coordination(self, index: int) -> dict[str, Any]:
        rng = self.rng
        issues = []
        for i in range(1, rng.randint(2, 4)):
            resolved = self.healthy or rng.random() < 0.6
            issue: dict[str, Any] = {
                "id": f"I{i}", "title": "资源排期冲突", "departments": rng.sample(self.departments, 2),
                "dispute": "双方对优先级理解不一致。", "proposal": "按项目里程碑倒排，先保关键路径。",
                "raised": TODAY - dt.timedelta(days=rng.randint(2, 40)), "status": "resolved" if resolved else "open",
            }
            if resolved:
                issue["decision"] = {"date": issue["raised"] + dt.timedelta(days=1), "summary": "按提议执行。",
                                     "minutes": "协调人主持，各部门对接人参会。"}
            issues.append(issue)
        resources = []
        for i in range(1, rng.randint(2, 4)):
            # Projects 1 and 2 of every 20 ask for the same contested item in the same weeks
            # → a resource-conflict across projects.
            shared = index % 20 in (1, 2) and i == 1
            start = dt.date(2026, 12, 1) if shared else TODAY + dt.timedelta(days=rng.randint(-30, 30))
            resources.append({
                "id": f"RS{i}", "department": rng.choice(self.departments), "type": rng.choice(["people", "budget", "tools", "vendor"]),
                "item": SHARED_ITEMS[(index // 20) % len(SHARED_ITEMS)] if shared else f"{rng.choice(OBJECTS)}专项（{self.slug}）",
                "quantity": rng.randint(1, 5), "amount": rng.randint(1, 50) * 1000, "currency": "CNY",
                "purpose": "支撑关键节点按期完成", "urgency": rng.choice(["high", "medium", "low"]),
                "period": {"start": start, "end": start + dt.timedelta(days=rng.randint(5, 20))},
                "status": "approved" if shared else rng.choice(["requested", "approved"]), "approver": rng.choice(self.people),
            })
        return {"issues": issues, "resources": resources}

    def acceptance(self) -> dict[str, Any]:
        rng = self.rng
        deliverables = []
        for i in range(1, rng.randint(2, 5)):
            result = rng.choice(["pass", "pass", "pending", "fail"])
            item: dict[str, Any] = {
                "id": f"D{i}", "task": f"T{rng.randint(1, self.n_tasks)}", "name": f"《{rng.choice(OBJECTS)}》",
                "submitted": TODAY - dt.timedelta(days=rng.randint(1, 30)), "self_check": "要素齐全，已自检。",
                "reviewers": rng.sample(self.departments, 2), "result": result,
            }
            if result != "pending":
                item["reviewed"] = item["submitted"] + dt.timedelta(days=1)
            if result == "fail" and (self.healthy or rng.random() < 0.5):
                item["rectification"] = {"actions": ["补充缺失章节后重新提交。"], "owner": rng.choice(self.people),
                                         "due": TODAY + dt.timedelta(days=rng.randint(-5, 10))}
            deliverables.append(item)
        return {"deliverables": deliverables}

    def retro(self) -> dict[str, Any]:
        rng = self.rng
        date = min(TODAY, (self.completed or self.due) + dt.timedelta(days=5))
        return {"retro": {
            "date": date, "facilitator": self.team[0][1], "participants": self.people[:6],
            "outcome": rng.choice(["achieved", "partial", "missed"]),
            "summary": f"{self.name}已结项，**关键指标基本达成**。\n\n遗留事项转入下一阶段跟进。\n",
            "went_well": ["立项评审一次性明确分工。", "每周风险预警会控制在 30 分钟内。"],
            "to_improve": ["预算审批流转偏慢。", "兼职讲师排期冲突。"],
            "actions": [{"id": f"A{i}", "action": "优化审批流程，合并审批环节。", "owner": rng.choice(self.people),
                         "due": date + dt.timedelta(days=rng.randint(-10, 20)), "status": rng.choice(["open", "done"])}
                        for i in range(1, 4)],
            "lessons": [{"text": "资源审批时长要计入任务工期。", "tags": ["资源审批", "进度"]},
                        {"text": "高风险须在 24 小时内给出应对方案。", "tags": ["风险预警"]}],
        }}


MKDOCS_YML = """\
site_name: CollabKB 基准知识库
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - collabkb:
      projects_dir: projects
      language: zh
      timezone: Asia/Shanghai
"""


def _departments() -> dict[str, Any]:
    return {"departments": [{"name": d, "head": f"{SURNAMES[i]}{GIVEN[i]}", "description": f"{d}职能说明。"}
                            for i, d in enumerate(DEPARTMENTS)]}


def generate(out: Path, projects: int, tasks: int, seed: int = 7, heavy: bool = False) -> Path:
    """Write a knowledge base of ``projects`` × ``tasks`` into ``out`` (replaced if present);
    ``heavy``: the findings-heavy variant (half the tasks carry a finding)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# 基准知识库\n\n由 benchmarks/generate.py 生成。\n", "utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    base = out / "projects"
    base.mkdir()
    (base / "_departments.yaml").write_text(_dump(_departments(), "组织部门清单"), "utf-8")
    for index in range(1, projects + 1):
        # One generator per project: a project's files do not depend on how many come before it.
        project = _Project(random.Random(f"{seed}:{index}"), index, tasks, heavy)
        folder = base / project.slug
        folder.mkdir()
        files = {
            "project.yaml": (project.charter(), "任务目标说明书 + 协作部门与对接人清单"),
            "tasks.yaml": (project.tasks(), "任务分配与进度表"),
            "risks.yaml": (project.risks(), "进度风险预警清单 + 风险应对方案"),
            "coordination.yaml": (project.coordination(index), "问题协调记录表 + 资源支持申请表"),
            "acceptance.yaml": (project.acceptance(), "交付物确认单 + 验收结果表"),
        }
        if project.has_retro:
            files["retro.yaml"] = (project.retro(), "协作复盘总结表")
        for name, (data, title) in files.items():
            (folder / name).write_text(_dump(data, f"{title} — {project.name}"), "utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (replaced if present)")
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=50, help="tasks per project")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heavy", action="store_true", help="findings-heavy: half the tasks carry a rule finding")
    args = parser.parse_args()
    generate(args.out, args.projects, args.tasks, args.seed, args.heavy)


if __name__ == "__main__":
    main()
