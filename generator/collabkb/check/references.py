"""References: what JSON Schema cannot see across items and files.

Duplicate ids; unknown tasks, departments and people (task owners excepted: the
three owner rules own them); dependency cycles, named in full. Works on the
model, so it only sees schema-valid items.

No cascades: a task set aside for a schema error is not "unknown" to the items
that refer to it (its schema finding already says what is wrong), and when
tasks.yaml is unusable as a whole no task reference is checked at all. The same holds
for the departments and people of a team entry set aside in project.yaml.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Mapping

from . import document_refs
from .findings import Facts, Finding, Severity
from ..i18n import Messages
from .model import KnowledgeBase, Project, Source

RULE = "reference"


class _Reporter:
    def __init__(self, msg: Messages, project: Project) -> None:
        self.msg = msg
        self.project = project

    def __call__(self, source: Source, key: str | None, item: str | None, message_key: str, *,
                 index: int | None = None, facts: Mapping[str, object] | None = None, **values: object) -> Finding:
        line, column = source.at(key, index)
        return Finding(source.file, line, RULE, column, Severity.ERROR, self.project.slug, item,
                       self.msg(message_key, **values), Facts(facts))

    def hint(self, value: str, known: Iterable[str]) -> str:
        return document_refs.close_hint(self.msg, value, known)


def _duplicates(report: _Reporter, kind: str, items: Iterable[tuple[str, Source]]) -> Iterator[Finding]:
    first: dict[str, Source] = {}
    for item_id, source in items:
        if item_id in first:
            yield report(source, "id", item_id, "ref.duplicate_id", kind=report.msg(f"ref.kind.{kind}"),
                         id=item_id, line=first[item_id].mark[0])
        else:
            first[item_id] = source


def _knots(project: Project) -> list[tuple[list[str], int]]:
    """Every knot of dependency cycles once: (a shortest cycle through its first task, the
    number of tasks in the knot). A knot is a strongly connected group of tasks (Tarjan's
    algorithm, iterative); however many cycles interlock in it, it is reported once, and
    the work stays linear in tasks plus dependencies.

    A task depending on itself is reported on its own (``ref.self_dependency``)."""
    graph = {t.id: [d for d in t.depends_on if d in project.task_by_id and d != t.id] for t in project.tasks}
    order = {tid: i for i, tid in enumerate(graph)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    knots: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1:
                    knots.append(sorted(members, key=order.__getitem__))
    knots.sort(key=lambda knot: order[knot[0]])
    return [(_shortest_cycle(knot[0], frozenset(knot), graph), len(knot)) for knot in knots]


def _shortest_cycle(start: str, knot: frozenset[str], graph: dict[str, list[str]]) -> list[str]:
    """``start`` → … → ``start`` by the fewest dependencies, inside the knot (breadth first)."""
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in graph[node]:
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(came_from[path[-1]])
                    return [start, *reversed(path[:-1]), start]
                if child in knot and child not in came_from:
                    came_from[child] = node
                    following.append(child)
        frontier = following
    return [start, start]  # unreachable: every task of a knot lies on a cycle through the others


def check_project(project: Project, kb: KnowledgeBase, msg: Messages) -> Iterator[Finding]:
    report = _Reporter(msg, project)
    tasks = project.task_by_id
    team_departments = project.departments
    people = project.people
    known = people | frozenset(team_departments) | project.set_aside_team  # who may review or own an action
    org = {d.name for d in kb.departments or ()} | {a for d in kb.departments or () for a in d.aliases}

    yield from _duplicates(report, "task", ((t.id, t.source) for t in project.tasks))
    yield from _duplicates(report, "risk", ((r.id, r.source) for r in project.risks))
    yield from _duplicates(report, "issue", ((i.id, i.source) for i in project.issues))
    yield from _duplicates(report, "resource", ((r.id, r.source) for r in project.resources))
    yield from _duplicates(report, "deliverable", ((d.id, d.source) for d in project.acceptance))
    if project.retro:
        yield from _duplicates(report, "action", ((a.id, a.source) for a in project.retro.actions))

    def department(source: Source, key: str, item: str | None, name: str, team_only: bool = True,
                   index: int | None = None) -> Iterator[Finding]:
        if name in project.set_aside_team:
            return  # its team entry is broken: that entry's finding says so
        if kb.departments is not None and name not in org:
            yield report(source, key, item, "ref.unknown_org_department", index=index, department=name, hint=report.hint(name, org))
        elif team_only and name not in team_departments:
            yield report(source, key, item, "ref.unknown_department", index=index, department=name,
                         hint=report.hint(name, team_departments))

    def person(source: Source, key: str, item: str | None, name: str | None) -> Iterator[Finding]:
        if name and name not in people and name not in project.set_aside_team:
            yield report(source, key, item, "ref.unknown_person", person=name, hint=report.hint(name, people))

    def task_ref(source: Source, key: str, item: str | None, task_id: str, index: int | None = None) -> Iterator[Finding]:
        if "tasks.yaml" in project.unusable_files or task_id in project.set_aside_tasks:
            return  # the task exists but is broken: its own findings say so
        if task_id not in tasks:
            yield report(source, key, item, "ref.unknown_task", index=index, task=task_id, hint=report.hint(task_id, tasks))

    for entry in project.team:
        yield from department(entry.source, "department", None, entry.department, team_only=False)
    yield from department(project.source, "initiator", None, project.initiator_department, team_only=False)
    task_ids = [t.id for t in project.tasks]
    for task in project.tasks:
        if task.department:
            yield from department(task.source, "department", task.id, task.department)
        for i, collaborator in enumerate(task.collaborators):
            yield from department(task.source, "collaborators", task.id, collaborator.department, index=i)
        for i, dep in enumerate(task.depends_on):
            if dep == task.id:
                if task_ids.count(dep) > 1:
                    continue  # ambiguous: the duplicate id is the finding
                yield report(task.source, "depends_on", task.id, "ref.self_dependency", index=i, task=task.id)
            else:
                yield from task_ref(task.source, "depends_on", task.id, dep, index=i)
    for cycle, size in _knots(project):
        first = tasks[cycle[0]]
        if size > len(cycle) - 1:  # more tasks are tied in than this one cycle shows
            yield report(first.source, "depends_on", first.id, "ref.cycle_knot", facts={"cycle": tuple(cycle), "knot": size},
                         cycle=" → ".join(cycle), count=size)
        else:
            yield report(first.source, "depends_on", first.id, "ref.cycle", facts={"cycle": tuple(cycle)},
                         cycle=" → ".join(cycle))
    for risk in project.risks:
        for i, task_id in enumerate(risk.tasks):
            yield from task_ref(risk.source, "tasks", risk.id, task_id, index=i)
        yield from person(risk.source, "owner", risk.id, risk.owner)
        if risk.response:
            yield from person(risk.response.source, "owner", risk.id, risk.response.owner)
    for issue in project.issues:
        for i, name in enumerate(issue.departments):
            yield from department(issue.source, "departments", issue.id, name, index=i)
    for resource in project.resources:
        yield from department(resource.source, "department", resource.id, resource.department)
    for deliverable in project.acceptance:
        if deliverable.task:
            yield from task_ref(deliverable.source, "task", deliverable.id, deliverable.task)
        for i, reviewer in enumerate(deliverable.reviewers):
            if reviewer not in known:
                yield report(deliverable.source, "reviewers", deliverable.id, "ref.unknown_reviewer", index=i,
                             reviewer=reviewer, hint=report.hint(reviewer, [*people, *team_departments]))
        if deliverable.rectification:
            yield from person(deliverable.rectification.source, "owner", deliverable.id, deliverable.rectification.owner)
    if project.retro:
        for action in project.retro.actions:
            # A retro action may be owned by a department (the seed's 责任部门/人).
            if action.owner not in known:
                yield report(action.source, "owner", action.id, "ref.unknown_person",
                             person=action.owner, hint=report.hint(action.owner, people))
    yield from document_refs.check(project, msg)  # front matter, action items, decision.minutes


def check(kb: KnowledgeBase, msg: Messages) -> Iterator[Finding]:
    for project in kb.projects:
        yield from check_project(project, kb, msg)
