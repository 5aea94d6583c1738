"""Which pages the wiki has, and what each one shows, decided from the checked model.

``build_site`` is the whole site in memory: Markdown pages (rendered from the
Jinja templates in ``templates/``), static files (``calendar.ics``,
``api/projects.json``, the stylesheet) and the navigation. The plugin only
hands these to MkDocs. Everything here reads the same ``Checked`` result the
CLI prints, so the wiki and ``collabkb check`` never disagree: a task is
"overdue" on a page because the ``overdue`` rule reported it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any, Iterable, Mapping

from ..report import export
from ..check.config import Config
from ..check.findings import Finding, Severity
from ..portfolio.health import Health, health_by_project
from ..check.model import Issue, KnowledgeBase, Project, Risk, Task
from ..check.pipeline import Checked
from ..rules import VALIDATION_RULES
from ..rules.lagging import lag, level_of
from . import gantt, people_pages, standup
from .planning import Planning
from .render import environment, front_matter, relative_url, title_html

UPCOMING_DAYS = 14
CSS_URI = "assets/collabkb.css"
JS_URI = "assets/collabkb.js"  # progressive enhancement only: every page works without it
ICS_URI = "calendar.ics"
JSON_URI = "api/projects.json"
PROJECT_PAGES = ("index", "tasks", "risks", "coordination", "acceptance", "retro")
# Findings that belong on the dashboard's "needs attention" list, most pressing kind first.
ATTENTION_RULES = ("ownerless", "multiple-owners", "unknown-owner", "overdue", "risk-response", "lagging", "issue-response",
                   "overloaded")
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1}
STATUS_ORDER = {"active": 0, "on_hold": 1, "proposed": 2, "done": 3, "cancelled": 4}
LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}
# Up to this many projects the nav lists each project with its pages. Beyond it, every page
# would carry hundreds of nav entries (FACTS: the nav is in every page), so the nav lists one
# page per status instead and a project's pages are reached through its own tab bar.
NAV_PROJECT_LIMIT = 40


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    src_uri: str  # e.g. "projects/q3-launch/tasks.md"
    title: str  # plain text; escaped for MkDocs by ``title_html`` when the nav is made
    markdown: str


@dataclass(frozen=True)
class Site:
    pages: tuple[GeneratedPage, ...]
    static: Mapping[str, str | bytes]
    nav: list[Any]  # MkDocs nav config entries for the generated pages


@dataclass(frozen=True, slots=True)
class Attention:
    """One line of the dashboard's "needs attention" list."""

    severity: str  # error | warning
    kind: str  # rule id, or "high-risk"
    project: Project | None
    item: str | None
    message: str
    target: str  # src_uri of the page that shows it
    day: dt.date | None  # the date that makes it news (due, raised), newest first


@dataclass(frozen=True, slots=True)
class TaskRow:
    """A task with what the rules said about it, as the tables show it."""

    project: Project
    task: Task
    findings: tuple[Finding, ...]
    lag_level: str | None  # lagging level (low/medium/high) when the lagging rule fired
    critical: bool = False  # on the project's critical path
    slack: int | None = None  # total slack in working days (None: not scheduled, e.g. cancelled)

    @property
    def rules(self) -> frozenset[str]:
        return frozenset(f.rule for f in self.findings)


@dataclass(frozen=True, slots=True)
class DepartmentInfo:
    name: str
    slug: str
    head: str | None
    description: str | None


def project_uri(slug: str, page: str = "index") -> str:
    return f"projects/{slug}/{page}.md"


def department_slug(name: str, taken: Iterable[str] = ()) -> str:
    """A URL segment for a department: its name with anything but letters, digits and
    hyphens turned into hyphens (Chinese stays Chinese); a suffix keeps it unique."""
    base = re.sub(r"[^\w-]+", "-", name.strip().lower(), flags=re.UNICODE).strip("-_") or "department"
    slug, n, used = base, 2, set(taken)
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    return slug


class _Builder:
    def __init__(self, checked: Checked, config: Config, use_directory_urls: bool,
                 health: Mapping[str, Health] | None) -> None:
        self.checked = checked
        self.config = config
        self.msg = config.messages
        self.today = checked.today
        self.kb: KnowledgeBase = checked.kb
        self.use_directory_urls = use_directory_urls
        self.env = environment(self.msg)
        self.health = health if health is not None else health_by_project(self.kb, checked.findings, self.msg)
        self.summaries = {s.project.slug: s for s in export.summarize(checked, self.msg, self.health)}
        self.by_project: dict[str | None, list[Finding]] = defaultdict(list)
        self.by_item: dict[tuple[str | None, str | None], list[Finding]] = defaultdict(list)
        for finding in checked.findings:
            self.by_project[finding.project].append(finding)
            if finding.item is not None:
                self.by_item[(finding.project, finding.item)].append(finding)
        self.departments = self._departments()
        self.planning = Planning(self.kb, config, self.today)  # history, drift, critical paths: once per build
        self.pages: list[GeneratedPage] = []
        self.person_pages: dict[str, str] = {}  # name → src_uri, filled by people_pages.build

    # ---- helpers shared by the templates ------------------------------------------------

    def render(self, template: str, src_uri: str, title: str, *, meta: Mapping[str, Any] | None = None,
               **context: Any) -> None:
        """Render ``template`` as the page ``src_uri`` (``title`` in the nav). A template without
        front matter gets one: no contents column (``hide: [toc]``: generated pages use the full
        width) plus ``meta`` (``title`` for the browser's ``<title>``, another ``hide``)."""
        def link(target: str) -> str:
            return relative_url(src_uri, target, self.use_directory_urls)

        text = self.env.get_template(template).render(
            link=link, today=self.today, kb=self.kb, health=self.health,
            project_uri=project_uri, department=self.department_uri, rule_label=self.rule_label,
            person_page=self.person_pages.get,
            findings_for=lambda slug, item: self.by_item.get((slug, item), ()),
            project_findings=lambda slug, rule: [f for f in self.by_project.get(slug, ()) if f.rule == rule],
            **context)
        if not text.startswith("---\n"):  # a template with its own front matter keeps it as it is
            text = front_matter({"hide": ["toc"], **(meta or {})}) + text
        self.pages.append(GeneratedPage(src_uri, title, text))

    def rule_label(self, rule: str) -> str:
        key = f"site.rule.{rule}"
        return self.msg(key) if self.msg.has(key) else rule

    def department_uri(self, name: str | None) -> str | None:
        info = self.departments.get(name or "")
        return f"views/departments/{info.slug}.md" if info else None

    def validation(self, slug: str | None) -> list[Finding]:
        return [f for f in self.by_project.get(slug, ()) if f.rule in VALIDATION_RULES]

    def rule_findings(self, slug: str) -> list[Finding]:
        return [f for f in self.by_project.get(slug, ()) if f.rule not in VALIDATION_RULES]

    def row(self, project: Project, task: Task) -> TaskRow:
        findings = tuple(self.by_item.get((project.slug, task.id), ()))
        level = level_of(lag(task, self.today)) if any(f.rule == "lagging" for f in findings) else None
        schedule = self.planning.schedules[project.slug]
        return TaskRow(project, task, findings, level, schedule.is_critical(task.id), schedule.slack.get(task.id))

    def rows_for(self, rule: str) -> list[TaskRow]:
        """Tasks the rule ``rule`` reported, across projects."""
        rows = []
        for finding in self.checked.findings:
            if finding.rule != rule or finding.project is None:
                continue
            project = self.kb.project_by_slug.get(finding.project)
            task = project.task_by_id.get(finding.item or "") if project else None
            if project is not None and task is not None:
                rows.append(self.row(project, task))
        return rows

    def _departments(self) -> dict[str, DepartmentInfo]:
        """The organisation's departments (``_departments.yaml``) then any other a team names."""
        named: dict[str, tuple[str | None, str | None]] = {}
        for d in self.kb.departments or ():
            named[d.name] = (d.head, d.description)
        for project in self.kb.projects:
            for name in project.departments:
                named.setdefault(name, (None, None))
        infos: dict[str, DepartmentInfo] = {}
        for name, (head, description) in named.items():
            slug = department_slug(name, (i.slug for i in infos.values()))
            infos[name] = DepartmentInfo(name, slug, head, description)
        return infos

    # ---- pages ---------------------------------------------------------------------------

    def dashboard(self, intro: str | None) -> None:
        summaries = [self.summaries[p.slug] for p in self.projects_in_order()]
        self.render("dashboard.md", "index.md", self.msg("site.nav.home"), intro=intro or "",
                    summaries=summaries, attention=self.attention(), broken=self.kb.broken,
                    broken_findings={b.slug: self.validation(b.slug) for b in self.kb.broken},
                    checked=self.checked, invalid=[f for f in self.checked.findings if f.rule in VALIDATION_RULES])

    def attention(self) -> list[Attention]:
        items: list[Attention] = []
        targets = {"risk-response": "risks", "issue-response": "coordination"}
        for f in self.checked.findings:
            project = self.kb.project_by_slug.get(f.project or "")
            if f.rule in ATTENTION_RULES and project is not None:
                target = project_uri(project.slug, targets.get(f.rule, "tasks"))
                if f.rule == "overloaded":  # about a person, not a task: link their page
                    target = self.person_pages.get(f.item or "", target)
                items.append(Attention(f.severity.value, f.rule, project, f.item, f.message, target,
                                       self._day_of(project, f)))
        for project in self.kb.projects:
            for risk in project.risks:
                if risk.level == "high" and risk.is_open:
                    items.append(Attention("warning", "high-risk", project, risk.id,
                                           self.msg("site.attention.high_risk", risk=risk.id, title=risk.title),
                                           project_uri(project.slug, "risks"), risk.raised))
            # A critical task that is behind moves the project's due date: listed first among warnings.
            for f in self.planning.critical_lagging(project, self.by_project.get(project.slug, ())):
                task = project.task_by_id[f.item or ""]
                items.append(Attention("warning", "critical", project, task.id,
                                       self.msg("cpm.attention", task=task.id, title=task.title, due=project.due),
                                       project_uri(project.slug, "tasks"), task.due))
        kinds = ("critical", *ATTENTION_RULES, "high-risk")
        items.sort(key=lambda a: (a.severity != "error", kinds.index(a.kind), -(a.day.toordinal() if a.day else 0),
                                  a.project.slug if a.project else "", a.item or ""))
        return items

    @staticmethod
    def _day_of(project: Project, finding: Finding) -> dt.date | None:
        task = project.task_by_id.get(finding.item or "")
        if task is not None:
            return task.due
        items: tuple[Risk | Issue, ...] = (*project.risks, *project.issues)
        for item in items:
            if item.id == finding.item:
                return item.raised
        return None

    def projects_in_order(self) -> list[Project]:
        """Active first, then on hold, proposed, done, cancelled; by due date within a status."""
        return sorted(self.kb.projects, key=lambda p: (STATUS_ORDER.get(p.status, 9), p.due, p.slug))

    def status_pages(self) -> None:
        """One portfolio page per project status, for a nav too long to list every project."""
        if len(self.kb.projects) <= NAV_PROJECT_LIMIT:
            return
        by_status: dict[str, list[export.ProjectSummary]] = {}
        for project in self.projects_in_order():
            by_status.setdefault(project.status, []).append(self.summaries[project.slug])
        for status, summaries in by_status.items():
            heading = self.msg(f"enum.{status}")
            self.render("project_list.md", f"projects/{status}.md", heading, heading=heading, summaries=summaries)

    def project(self, project: Project) -> None:
        slug = project.slug
        common = dict(project=project, summary=self.summaries[slug], h=self.health[slug],
                      validation=self.validation(slug), updated=self.planning.last_updated(project))
        self.render("project.md", project_uri(slug), self.msg("site.tab.index"), current="index",
                    meta=self.project_meta(project, "index"),
                    standup=standup.agenda(project, self.today, self.by_project.get(slug, ())), **common)
        rows = [self.row(project, t) for t in project.tasks]
        overdue_ids = [r.task.id for r in rows if "overdue" in r.rules]
        plan = self.planning.for_project(project)
        chart = gantt.build(project, self.today, overdue_ids, plan.schedule.critical, self.planning.calendar)
        by_department: dict[str, list[TaskRow]] = {}
        for name in project.departments:
            by_department[name] = []
        by_phase: dict[str, list[TaskRow]] = {}
        for row in rows:
            by_department.setdefault(row.task.department or self.msg("site.none"), []).append(row)
            by_phase.setdefault(row.task.phase or self.msg("site.none"), []).append(row)
        self.render("tasks.md", project_uri(slug, "tasks"), self.msg("site.tab.tasks"), current="tasks",
                    meta=self.project_meta(project, "tasks"), rows=rows, chart=chart, plan=plan,
                    by_department={k: v for k, v in by_department.items() if v}, by_phase=by_phase, **common)
        kinds = {rule: i for i, rule in enumerate(ATTENTION_RULES)}
        warnings = sorted(self.rule_findings(slug), key=lambda f: (SEVERITY_ORDER[f.severity], kinds.get(f.rule, len(kinds)),
                                                                   f.rule, f.file, f.line))
        levels = {r.task.id: r.lag_level for r in rows if r.lag_level}
        self.render("risks.md", project_uri(slug, "risks"), self.msg("site.tab.risks"), current="risks",
                    meta=self.project_meta(project, "risks"), warnings=warnings, levels=levels, **common)
        self.render("coordination.md", project_uri(slug, "coordination"), self.msg("site.tab.coordination"),
                    current="coordination", meta=self.project_meta(project, "coordination"), **common)
        self.render("acceptance.md", project_uri(slug, "acceptance"), self.msg("site.tab.acceptance"),
                    current="acceptance", meta=self.project_meta(project, "acceptance"), **common)
        self.render("retro.md", project_uri(slug, "retro"), self.msg("site.tab.retro"), current="retro",
                    meta=self.project_meta(project, "retro"), **common)

    def project_meta(self, project: Project, page: str) -> dict[str, Any]:
        """Front matter of a project page: a ``<title>`` that names the project ("Q3 新品上市 · 风险预警";
        the nav keeps the short tab name under the project's own section)."""
        title = project.name if page == "index" else f"{project.name} · {self.msg(f'site.tab.{page}')}"
        return {"title": title}

    def broken_project(self, slug: str, file: str) -> None:
        self.render("broken.md", project_uri(slug), slug, slug=slug, file=file, validation=self.validation(slug))

    def views(self) -> None:
        overdue = sorted(self.rows_for("overdue"), key=lambda r: (r.task.due, r.project.slug, r.task.id))
        self.render("view_overdue.md", "views/overdue.md", self.msg("site.nav.overdue"), rows=overdue)
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        upcoming = sorted((self.row(p, t) for p in self.kb.projects for t in p.tasks
                           if not t.is_closed and self.today <= t.due <= horizon),
                          key=lambda r: (r.task.due, r.project.slug, r.task.id))
        self.render("view_upcoming.md", "views/upcoming.md", self.msg("site.nav.upcoming"), rows=upcoming,
                    horizon=horizon, days=UPCOMING_DAYS)
        risks = sorted(((p, r) for p in self.kb.projects for r in p.risks if r.is_open),
                       key=lambda pr: (LEVEL_ORDER.get(pr[1].level, 9), -pr[1].raised.toordinal(), pr[0].slug, pr[1].id))
        no_response = {(f.project, f.item) for f in self.checked.findings if f.rule == "risk-response"}
        self.render("view_risks.md", "views/risks.md", self.msg("site.nav.risks"), risks=risks, no_response=no_response)
        lessons: dict[str, list[tuple[Project, Any]]] = {}
        for project in self.kb.projects:
            if project.retro is None:
                continue
            for lesson in project.retro.lessons:
                for tag in lesson.tags or (self.msg("site.lessons.untagged"),):
                    lessons.setdefault(tag, []).append((project, lesson))
        ordered = dict(sorted(lessons.items(), key=lambda kv: (-len(kv[1]), kv[0])))
        self.render("view_lessons.md", "views/lessons.md", self.msg("site.nav.lessons"), lessons=ordered)
        self.render("view_drift.md", "views/drift.md", self.msg("drift.nav"), drift=self.planning.drift,
                    notices=self.planning.notices)
        self.department_pages()

    def department_pages(self) -> None:
        overdue = self.rows_for("overdue")
        lagging = self.rows_for("lagging")
        stats = []
        for info in self.departments.values():
            teams = [(p, e) for p in self.kb.projects for e in p.team if e.department == info.name]
            owned = [self.row(p, t) for p in self.kb.projects for t in p.tasks if t.department == info.name]
            supported = [(self.row(p, t), c) for p in self.kb.projects for t in p.tasks
                         for c in t.collaborators if c.department == info.name]
            mine_overdue = [r for r in overdue if r.task.department == info.name]
            mine_lagging = [r for r in lagging if r.task.department == info.name]
            open_owned = [r for r in owned if not r.task.is_closed]
            stats.append((info, len(teams), len(open_owned), sum(not r.task.is_closed for r, _ in supported),
                          len(mine_overdue), len(mine_lagging)))
            self.render("department.md", f"views/departments/{info.slug}.md", info.name, info=info, teams=teams,
                        owned=open_owned, done=len(owned) - len(open_owned),
                        supported=[(r, c) for r, c in supported if not r.task.is_closed],
                        overdue=mine_overdue, lagging=mine_lagging)
        self.render("view_departments.md", "views/departments/index.md", self.msg("site.nav.departments_all"),
                    stats=stats)

    def reference(self) -> list[tuple[str, str]]:
        """The field and rule references, when ``collabkb.site.docs_gen`` is installed."""
        try:
            from . import docs_gen
        except ImportError:  # the reference generator is optional; the wiki works without it
            return []
        made = []
        for name, make in (("fields", docs_gen.field_reference), ("rules", docs_gen.rule_reference)):
            src_uri = f"reference/{name}.md"
            self.pages.append(GeneratedPage(src_uri, self.msg(f"site.nav.reference_{name}"), make(self.msg.language)))
            made.append((self.msg(f"site.nav.reference_{name}"), src_uri))
        return made

    # ---- navigation ------------------------------------------------------------------------

    def nav(self, reference: list[tuple[str, str]]) -> list[Any]:
        def entry(title: str, target: str | list[Any]) -> dict[str, Any]:
            return {title_html(title): target}

        tabs = [self.msg(f"site.tab.{page}") for page in PROJECT_PAGES]
        # Projects → one section per status (active first) → one collapsible section per project:
        # with Material's navigation.prune a page carries the project titles, not every project page.
        by_status: dict[str, list[Any]] = {}
        for project in self.projects_in_order():
            pages = [entry(label, project_uri(project.slug, page)) for label, page in zip(tabs, PROJECT_PAGES)]
            by_status.setdefault(project.status, []).append(entry(project.name, pages))
        if len(self.kb.projects) > NAV_PROJECT_LIMIT:
            projects: list[Any] = [entry(self.msg(f"enum.{status}"), f"projects/{status}.md") for status in by_status]
        else:
            projects = [entry(self.msg(f"enum.{status}"), items) for status, items in by_status.items()]
        if self.kb.broken:
            projects.append(entry(self.msg("site.health.broken"),
                                  [entry(b.slug, project_uri(b.slug)) for b in self.kb.broken]))
        departments = [entry(self.msg("site.nav.departments_all"), "views/departments/index.md")]
        departments += [entry(info.name, f"views/departments/{info.slug}.md") for info in self.departments.values()]
        views = [entry(self.msg("site.nav.overdue"), "views/overdue.md"),
                 entry(self.msg("site.nav.upcoming"), "views/upcoming.md"),
                 entry(self.msg("site.nav.risks"), "views/risks.md"),
                 entry(self.msg("site.nav.lessons"), "views/lessons.md"),
                 entry(self.msg("drift.nav"), "views/drift.md"),
                 entry(self.msg("site.nav.departments"), departments)]
        nav = [entry(self.msg("site.nav.home"), "index.md"),
               entry(self.msg("site.nav.projects"), projects),
               entry(self.msg("site.nav.views"), views)]
        if reference:
            nav.append(entry(self.msg("site.nav.reference"), [entry(t, uri) for t, uri in reference]))
        return nav


def _asset(name: str) -> str:
    return resources.files("collabkb.site").joinpath("assets", name).read_text("utf-8")


def build_site(checked: Checked, config: Config, *, use_directory_urls: bool = True, intro: str | None = None,
               health: Mapping[str, Health] | None = None) -> Site:
    """Every generated page, static file and nav entry for one build."""
    builder = _Builder(checked, config, use_directory_urls, health)
    people = people_pages.build(builder)  # first: the dashboard links overloaded people to their pages
    builder.dashboard(intro)
    builder.status_pages()
    for project in checked.kb.projects:
        builder.project(project)
    for broken in checked.kb.broken:
        builder.broken_project(broken.slug, broken.file)
    builder.views()
    reference = builder.reference()
    msg = config.messages
    events = export.events_for(checked.kb, msg)
    static: dict[str, str | bytes] = {
        CSS_URI: _asset("collabkb.css"),
        JS_URI: _asset("collabkb.js"),
        ICS_URI: export.calendar_ics(events, msg("site.ics.name"), checked.today),
        JSON_URI: export.projects_json(checked, config, builder.health),
        **people.static,
    }
    nav = builder.nav(reference)
    nav.insert(3, {title_html(people.nav_title): people.nav_uri})  # after home, projects and views
    return Site(tuple(builder.pages), static, nav)


__all__ = ["Site", "GeneratedPage", "build_site", "department_slug", "project_uri", "CSS_URI", "JS_URI", "ICS_URI", "JSON_URI"]
