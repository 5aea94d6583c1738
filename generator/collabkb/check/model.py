"""Model: typed, immutable objects built from schema-valid data.

Rules and pages read these, never raw dicts. Every object that a finding can
point at carries a ``Source``: its file, its own position and the position of
each of its keys.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Iterable, Mapping

from .load import Mark, YamlMap, YamlSeq
from .owners import Owner, read_owner, written



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


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _day(value: Any) -> dt.date:
    """A required date: the schema guarantees ISO text."""
    return dt.date.fromisoformat(value)


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


LEVELS = ("high", "medium", "low")  # risk levels, lag levels and urgencies, most pressing first


def mean_progress(tasks: Iterable[tuple[str | None, int | None]]) -> int | None:
    """Progress, the one definition (the dashboard, the JSON export and the progress-over-time
    chart of git history all use it): the mean ``progress`` of the tasks that are not
    cancelled, rounded to a whole percent; a task without ``progress`` counts 100 when done,
    else 0. ``tasks`` are (status, progress) pairs; ``None`` when no task counts."""
    values = [progress if progress is not None else 100 if status == "done" else 0
              for status, progress in tasks if status != "cancelled"]
    return round(sum(values) / len(values)) if values else None


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
    owners: tuple[str, ...] = ()  # the people ``owner`` names (check/owners.py), set by Project.build

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "cancelled")

    @property
    def owner_text(self) -> str:
        """``owner`` as written, on one line (``张伟、李娜``, ``待定``; empty when missing)."""
        return written(self.owner)

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

    @property
    def is_open_high(self) -> bool:
        """An open high risk: what makes a project red and what the digest lists."""
        return self.level == "high" and self.is_open

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
    minutes: str | None  # the minutes as text, or the path of a document in the project ("docs/….md")
    source: Source | None = field(default=None, repr=False, compare=False)


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
        decision = Decision(_date(dec.get("date")), dec.get("summary", ""), dec.get("minutes"), Source.of(file, dec)) if dec else None
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


@dataclass(frozen=True, slots=True)
class ActionItem:
    """An action item of a project document (``check/documents.py`` reads it): ``- [ ] OWNER YYYY-MM-DD text``: an owner, a date, and whether it is ticked."""

    done: bool
    owner: str
    due: dt.date
    text: str
    source: Source = field(repr=False)  # keys "owner" and "due" at their columns


@dataclass(frozen=True, slots=True)
class Document:
    path: str  # in the project folder: "docs/2026-09-01-协调会.md"
    file: str  # relative to the knowledge-base root
    url_path: str  # in the project folder, without ".md", readable and unique: "docs/2026-09-01-协调会"
    title: str
    date: dt.date | None  # front matter, else first commit; None for a new, uncommitted file
    type: str | None
    attendees: tuple[str, ...]
    tasks: tuple[str, ...]
    risks: tuple[str, ...]
    issues: tuple[str, ...]
    deliverables: tuple[str, ...]
    tags: tuple[str, ...]
    body: str
    body_line: int
    actions: tuple[ActionItem, ...]
    lessons: tuple[str, ...]
    source: Source = field(repr=False)  # the front matter's keys; the file's start without one

    def as_json(self) -> dict[str, object]:
        """What ``/api/projects.json`` lists for a document (its text stays on its page)."""
        return {"path": self.path, "title": self.title, "date": self.date.isoformat() if self.date else None,
                "type": self.type, "attendees": list(self.attendees), "tasks": list(self.tasks),
                "risks": list(self.risks), "issues": list(self.issues), "deliverables": list(self.deliverables),
                "tags": list(self.tags),
                "actions": [{"owner": a.owner, "due": a.due.isoformat(), "done": a.done, "text": a.text}
                            for a in self.actions]}


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
    documents: tuple[Document, ...] = ()  # docs/**/*.md, newest first
    attachments: tuple[str, ...] = ()  # images and PDFs under docs/, as paths in the project folder
    files: frozenset[str] = frozenset()  # file names (and document paths) present in the folder, valid or not
    unusable_files: frozenset[str] = frozenset()  # present, but set aside whole (unreadable or broken at the top)
    set_aside_tasks: frozenset[str] = frozenset()  # ids of tasks left out of ``tasks`` for schema errors
    set_aside_team: frozenset[str] = frozenset()  # departments and people of team entries left out for schema errors
    confidential: bool = False  # left out of every published output unless the build includes confidential projects

    @cached_property
    def people(self) -> frozenset[str]:
        return frozenset(p for entry in self.team for p in entry.people)

    @cached_property
    def departments(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(entry.department for entry in self.team))

    @cached_property
    def task_by_id(self) -> Mapping[str, Task]:
        return {task.id: task for task in self.tasks}

    def department_of(self, person: str | None) -> str | None:
        """The department of the first team entry naming ``person`` (contact or member)."""
        return next((e.department for e in self.team if person and person in e.people), None)

    @property
    def progress(self) -> int:
        """The project's progress, 0..100: ``mean_progress`` of its tasks; a done project
        without tasks is 100, any other 0."""
        value = mean_progress((t.status, t.progress) for t in self.tasks)
        return value if value is not None else 100 if self.status == "done" else 0

    def file(self, name: str) -> str:
        return f"{self.source.file.rsplit('/', 1)[0]}/{name}"

    @classmethod
    def build(cls, slug: str, file: str, d: YamlMap, **parts: Any) -> Project:
        goal = d["goal"]
        scope = d.get("scope") or {}
        review = d.get("review")
        comm = d.get("communication")
        team = tuple(
            TeamEntry(t["department"], t["role"], t.get("contact"), _texts(t.get("members")), t.get("phone"),
                      t.get("email"), t.get("im"), t.get("responsibilities"), Source.of(file, t))
            for t in d["team"]
        )
        people = frozenset(p for entry in team for p in entry.people)
        # The owner is read once, here: the team decides where 和 separates two names.
        parts["tasks"] = tuple(replace(t, owners=read_owner(t.owner, people)) for t in parts.get("tasks", ()))
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
            team=team, tags=_texts(d.get("tags")), confidential=d.get("confidential") is True, source=Source.of(file, d), **parts,
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
    # Whether the unreadable project.yaml may say ``confidential: true``: publication then keeps the
    # folder and its findings off the site as it would a readable confidential project (check.publication).
    confidential: bool = False


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
