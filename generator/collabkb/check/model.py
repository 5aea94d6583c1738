"""Model: typed, immutable objects built from schema-valid data.

Rules and pages read these, never raw dicts. Every object that a finding can
point at carries a ``Source``: its file, its own position and the position of
each of its keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Mapping

from .load import Mark, YamlMap, YamlSeq


@dataclass(frozen=True, slots=True)
class Source:
    """Where an object was written: its file, its start, each of its keys and the items
    of its list-valued keys (so a finding can point at ``T9`` in ``depends_on: [T1, T9]``)."""

    file: str
    mark: Mark
    key_marks: Mapping[str, Mark]
    item_marks: Mapping[str, tuple[Mark, ...]] = field(default_factory=dict)

    def at(self, key: str | None = None, index: int | None = None) -> Mark:
        """Where item ``index`` of ``key`` was written, else ``key``, else where the object starts."""
        if key is None:
            return self.mark
        if index is not None:
            marks = self.item_marks.get(key, ())
            if 0 <= index < len(marks):
                return marks[index]
        return self.key_marks.get(key, self.mark)

    @classmethod
    def of(cls, file: str, data: YamlMap) -> Source:
        items = {key: tuple(value.item_marks) for key, value in data.items() if isinstance(value, YamlSeq)}
        return cls(file, data.mark, data.key_marks, items)


Owner = str | tuple[str, ...] | None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _day(value: Any) -> dt.date:
    """A required date: the schema guarantees ISO text."""
    return dt.date.fromisoformat(value)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


@dataclass(frozen=True, slots=True)
class Update:
    date: dt.date
    progress: int | None
    note: str


@dataclass(frozen=True, slots=True)
class Collaborator:
    department: str
    support: str


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    title: str
    department: str | None
    owner: Owner
    phase: str | None
    deliverable: str | None
    acceptance: str | None
    collaborators: tuple[Collaborator, ...]
    start: dt.date
    due: dt.date
    milestone: bool
    status: str
    progress: int
    completed: dt.date | None
    depends_on: tuple[str, ...]
    updates: tuple[Update, ...]
    source: Source = field(repr=False)

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "cancelled")

    @property
    def last_update(self) -> dt.date | None:
        return max((u.date for u in self.updates), default=None)

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Task:
        owner = d.get("owner")
        return cls(
            id=str(d["id"]),
            title=d["title"],
            department=d.get("department"),
            owner=tuple(owner) if isinstance(owner, list) else owner,
            phase=d.get("phase"),
            deliverable=d.get("deliverable"),
            acceptance=d.get("acceptance"),
            collaborators=tuple(Collaborator(c["department"], c.get("support", "")) for c in d.get("collaborators") or ()),
            start=_day(d["start"]),
            due=_day(d["due"]),
            milestone=bool(d.get("milestone", False)),
            status=d.get("status", "not_started"),
            progress=int(d.get("progress", 100 if d.get("status") == "done" else 0)),
            completed=_date(d.get("completed")),
            depends_on=_texts(d.get("depends_on")),
            updates=tuple(Update(_day(u["date"]), u.get("progress"), u.get("note", "")) for u in d.get("updates") or ()),
            source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class Response:
    created: dt.date | None
    measures: tuple[str, ...]
    owner: str | None
    due: dt.date | None
    source: Source = field(repr=False)


@dataclass(frozen=True, slots=True)
class Risk:
    id: str
    title: str
    tasks: tuple[str, ...]
    level: str
    cause: str | None
    raised: dt.date
    owner: str | None
    impact: str | None
    status: str
    response: Response | None
    source: Source = field(repr=False)

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "mitigating")

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Risk:
        r = d.get("response")
        response = None
        if r is not None:
            response = Response(_date(r.get("created")), _texts(r.get("measures")), r.get("owner"), _date(r.get("due")), Source.of(file, r))
        return cls(
            id=str(d["id"]), title=d["title"], tasks=_texts(d.get("tasks")), level=d["level"], cause=d.get("cause"),
            raised=_day(d["raised"]), owner=d.get("owner"), impact=d.get("impact"), status=d["status"],
            response=response, source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class Decision:
    date: dt.date | None
    summary: str
    minutes: str | None


@dataclass(frozen=True, slots=True)
class Issue:
    id: str
    title: str
    departments: tuple[str, ...]
    dispute: str | None
    proposal: str | None
    raised: dt.date
    status: str
    decision: Decision | None
    source: Source = field(repr=False)

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Issue:
        dec = d.get("decision")
        decision = Decision(_date(dec.get("date")), dec.get("summary", ""), dec.get("minutes")) if dec else None
        return cls(
            id=str(d["id"]), title=d["title"], departments=_texts(d.get("departments")), dispute=d.get("dispute"),
            proposal=d.get("proposal"), raised=_day(d["raised"]), status=d["status"], decision=decision,
            source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class Resource:
    id: str
    department: str
    type: str
    item: str
    quantity: float | None
    amount: float | None
    currency: str | None
    purpose: str | None
    urgency: str | None
    period_start: dt.date | None
    period_end: dt.date | None
    status: str
    approver: str | None
    decided: dt.date | None
    source: Source = field(repr=False)

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Resource:
        period = d.get("period") or {}
        return cls(
            id=str(d["id"]), department=d["department"], type=d["type"], item=d["item"], quantity=d.get("quantity"),
            amount=d.get("amount"), currency=d.get("currency"), purpose=d.get("purpose"), urgency=d.get("urgency"),
            period_start=_date(period.get("start")), period_end=_date(period.get("end")), status=d["status"],
            approver=d.get("approver"), decided=_date(d.get("decided")), source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class Rectification:
    actions: tuple[str, ...]
    owner: str | None
    due: dt.date | None
    source: Source = field(repr=False)


@dataclass(frozen=True, slots=True)
class Deliverable:
    """An entry of acceptance.yaml: a submitted deliverable and its review."""

    id: str
    task: str | None
    name: str
    submitted: dt.date | None
    self_check: str | None
    reviewers: tuple[str, ...]
    result: str
    reviewed: dt.date | None
    rectification: Rectification | None
    source: Source = field(repr=False)

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Deliverable:
        r = d.get("rectification")
        rect = Rectification(_texts(r.get("actions")), r.get("owner"), _date(r.get("due")), Source.of(file, r)) if r else None
        return cls(
            id=str(d["id"]), task=d.get("task"), name=d["name"], submitted=_date(d.get("submitted")),
            self_check=d.get("self_check"), reviewers=_texts(d.get("reviewers")), result=d["result"],
            reviewed=_date(d.get("reviewed")), rectification=rect, source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    action: str
    owner: str
    due: dt.date
    status: str
    source: Source = field(repr=False)


@dataclass(frozen=True, slots=True)
class Lesson:
    text: str
    tags: tuple[str, ...]
    source: Source = field(repr=False)


@dataclass(frozen=True, slots=True)
class Retro:
    date: dt.date
    facilitator: str | None
    participants: tuple[str, ...]
    outcome: str
    summary: str | None
    went_well: tuple[str, ...]
    to_improve: tuple[str, ...]
    actions: tuple[Action, ...]
    lessons: tuple[Lesson, ...]
    source: Source = field(repr=False)

    @classmethod
    def build(cls, file: str, d: YamlMap) -> Retro:
        return cls(
            date=_day(d["date"]), facilitator=d.get("facilitator"), participants=_texts(d.get("participants")),
            outcome=d["outcome"], summary=d.get("summary"), went_well=_texts(d.get("went_well")),
            to_improve=_texts(d.get("to_improve")),
            actions=tuple(Action(str(a["id"]), a["action"], a["owner"], _day(a["due"]), a["status"], Source.of(file, a)) for a in d.get("actions") or ()),
            lessons=tuple(Lesson(x["text"], _texts(x.get("tags")), Source.of(file, x)) for x in d.get("lessons") or ()),
            source=Source.of(file, d),
        )


@dataclass(frozen=True, slots=True)
class TeamEntry:
    department: str
    role: str
    contact: str | None
    members: tuple[str, ...]
    phone: str | None
    email: str | None
    im: str | None
    responsibilities: str | None
    source: Source = field(repr=False)

    @property
    def people(self) -> tuple[str, ...]:
        return ((self.contact,) if self.contact else ()) + self.members


@dataclass(frozen=True, slots=True)
class KeyResult:
    metric: str
    target: float | str | None
    actual: float | str | None
    unit: str | None
    direction: str = "up"  # up: higher is better; down: lower is better (e.g. weekly complaints)

    @property
    def measurable(self) -> bool:
        """Both values are numbers (text targets such as "3 个核心城市" are shown, not scored)."""
        return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (self.target, self.actual))

    @property
    def met(self) -> bool | None:
        if not self.measurable:
            return None
        assert isinstance(self.actual, (int, float)) and isinstance(self.target, (int, float))
        return self.actual <= self.target if self.direction == "down" else self.actual >= self.target

    @property
    def attainment(self) -> int | None:
        """Percent of the target reached: actual/target, or target/actual when lower is better
        (an actual of 0 against a "down" target counts as 100 %); ``None`` when not measurable."""
        if not self.measurable:
            return None
        assert isinstance(self.actual, (int, float)) and isinstance(self.target, (int, float))
        if self.direction == "down":
            if self.actual <= 0:
                return 100 if self.target >= self.actual else 0
            return round(self.target * 100 / self.actual)
        return round(self.actual * 100 / self.target) if self.target else None


@dataclass(frozen=True, slots=True)
class Review:
    date: dt.date | None
    attendees: tuple[str, ...]
    conclusions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Communication:
    channel: str | None
    daily_update: str | None
    weekly_meeting: str | None
    escalation: str | None


@dataclass(frozen=True)
class Project:
    slug: str
    name: str
    summary: str | None
    status: str
    initiator_department: str
    initiator_person: str
    coordinator: str
    start: dt.date
    due: dt.date
    completed: dt.date | None
    background: str | None
    goal: str
    key_results: tuple[KeyResult, ...]
    scope_in: tuple[str, ...]
    scope_out: tuple[str, ...]
    deliverables: tuple[str, ...]
    review: Review | None
    communication: Communication | None
    team: tuple[TeamEntry, ...]
    tags: tuple[str, ...]
    source: Source = field(repr=False)
    tasks: tuple[Task, ...] = ()
    risks: tuple[Risk, ...] = ()
    issues: tuple[Issue, ...] = ()
    resources: tuple[Resource, ...] = ()
    acceptance: tuple[Deliverable, ...] = ()
    retro: Retro | None = None
    files: frozenset[str] = frozenset()  # file names present in the folder, valid or not
    unusable_files: frozenset[str] = frozenset()  # present, but set aside whole (unreadable or broken at the top)
    set_aside_tasks: frozenset[str] = frozenset()  # ids of tasks left out of ``tasks`` for schema errors
    set_aside_team: frozenset[str] = frozenset()  # departments and people of team entries left out for schema errors

    @cached_property
    def people(self) -> frozenset[str]:
        return frozenset(p for entry in self.team for p in entry.people)

    @cached_property
    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(entry.department for entry in self.team))

    @cached_property
    def task_by_id(self) -> Mapping[str, Task]:
        return {task.id: task for task in self.tasks}

    def file(self, name: str) -> str:
        return f"{self.source.file.rsplit('/', 1)[0]}/{name}"

    @classmethod
    def build(cls, slug: str, file: str, d: YamlMap, **parts: Any) -> Project:
        goal = d["goal"]
        scope = d.get("scope") or {}
        review = d.get("review")
        comm = d.get("communication")
        return cls(
            slug=slug, name=d["name"], summary=d.get("summary"), status=d["status"],
            initiator_department=d["initiator"]["department"], initiator_person=d["initiator"]["person"],
            coordinator=d["coordinator"], start=_day(d["start"]), due=_day(d["due"]),
            completed=_date(d.get("completed")), background=d.get("background"), goal=goal["statement"],
            key_results=tuple(KeyResult(k["metric"], k.get("target"), k.get("actual"), k.get("unit"), k.get("direction") or "up")
                              for k in goal.get("key_results") or ()),
            scope_in=_texts(scope.get("in")), scope_out=_texts(scope.get("out")), deliverables=_texts(d.get("deliverables")),
            review=Review(_date(review.get("date")), _texts(review.get("attendees")), _texts(review.get("conclusions"))) if review else None,
            communication=Communication(comm.get("channel"), comm.get("daily_update"), comm.get("weekly_meeting"), comm.get("escalation")) if comm else None,
            team=tuple(
                TeamEntry(t["department"], t["role"], t.get("contact"), _texts(t.get("members")), t.get("phone"),
                          t.get("email"), t.get("im"), t.get("responsibilities"), Source.of(file, t))
                for t in d["team"]
            ),
            tags=_texts(d.get("tags")), source=Source.of(file, d), **parts,
        )


@dataclass(frozen=True, slots=True)
class Department:
    """An entry of projects/_departments.yaml: the organisation's name for a department."""

    name: str
    head: str | None
    description: str | None
    aliases: tuple[str, ...]
    source: Source | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BrokenProject:
    """A project folder whose project.yaml could not be modelled; its findings say why."""

    slug: str
    file: str


@dataclass(frozen=True)
class KnowledgeBase:
    projects: tuple[Project, ...]
    departments: tuple[Department, ...] | None = None  # None: no _departments.yaml
    broken: tuple[BrokenProject, ...] = ()

    @cached_property
    def project_by_slug(self) -> Mapping[str, Project]:
        return {p.slug: p for p in self.projects}

    @property
    def task_count(self) -> int:
        return sum(len(p.tasks) for p in self.projects)
