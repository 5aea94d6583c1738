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
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, Iterable, Mapping

from ..check.config import Config
from ..check.documents import PROJECT_PAGES
from ..check.findings import Finding
from ..check.model import LEVELS, Project, Task
from ..check.result import Checked
from ..forge.edit_links import EditLinks
from ..git.history import read_history
from ..portfolio.attention import Attention
from ..portfolio.people import UPCOMING_DAYS
from ..portfolio.view import WEEK_DAYS, Portfolio, ProjectView
from ..report import export
from ..rules import VALIDATION_RULES
from . import docs_gen, document_pages, gantt, people_pages, search_entries, standup
from .fragments import PageRows
from .page_cache import Context, PageCache
from .planning import Planning
from .render import title_html
from .renderer import GeneratedPage, Renderer, TaskRow, department_slug, project_uri
from .trend import trend_chart
from .urls import UrlSpace, Where

CSS_URI = "assets/collabkb.css"
JS_URI = "assets/collabkb.js"  # progressive enhancement only: every page works without it
ICS_URI = "calendar.ics"
JSON_URI = "api/projects.json"
STATUS_ORDER = {"active": 0, "on_hold": 1, "proposed": 2, "done": 3, "cancelled": 4}
# Up to this many projects the nav lists each project with its pages. Beyond it, every page
# would carry hundreds of nav entries (FACTS: the nav is in every page), so the nav lists one
# page per status instead and a project's pages are reached through its own tab bar.
NAV_PROJECT_LIMIT = 40
# The cross-project views, in nav order: name → label. A view ``name`` is ``views/<name>.md``,
# rendered from ``templates/view_<name>.md`` (``_Builder.view``).
VIEWS = {"weekly": "site.weekly.title", "overdue": "site.nav.overdue", "upcoming": "site.nav.upcoming",
         "risks": "site.nav.risks", "lessons": "site.nav.lessons", "drift": "drift.nav"}
# The site's own pages, reserved before any name from the data claims an address (site/urls.py).
SITE_PAGES = (("index.md", "site.nav.home"), ("projects/index.md", "site.nav.projects_all"),
              *((f"views/{name}.md", label) for name, label in VIEWS.items()),
              ("views/departments/index.md", "site.nav.departments_all"), (people_pages.PEOPLE_INDEX, "people.nav"),
              ("reference/fields.md", "site.nav.reference_fields"), ("reference/rules.md", "site.nav.reference_rules"))


@dataclass(frozen=True)
class Site:
    pages: tuple[GeneratedPage, ...]
    static: Mapping[str, str | bytes]
    nav: list[Any]  # MkDocs nav config entries for the generated pages
    findings: tuple[Finding, ...] = ()  # names that got another address than they asked for (site/urls.py)
    search: tuple[search_entries.SearchEntry, ...] = ()  # the entries of the pages Material's search skips


class _Builder(Renderer):
    def __init__(self, portfolio: Portfolio, use_directory_urls: bool, edit_links: EditLinks | None = None,
                 hand_written: Iterable[str] = (), own_search: bool = False, cache: PageCache | None = None) -> None:
        urls = UrlSpace(use_directory_urls)
        for src_uri, label in SITE_PAGES:
            urls.reserve(src_uri, portfolio.msg(label))
        for project in portfolio.checked.kb.projects:  # a folder name is the project's address (SPEC §6)
            urls.reserve(project_uri(project.slug), project.name)
        for broken in portfolio.checked.kb.broken:
            urls.reserve(project_uri(broken.slug), broken.slug)
        for src_uri in hand_written:  # docs/people/x.md would replace a person's page: the person moves instead
            urls.reserve(src_uri, f"docs/{src_uri}")
        super().__init__(portfolio, use_directory_urls, urls=urls, edit_links=edit_links, own_search=own_search)
        self.checked = portfolio.checked
        self.status_uris = self._status_uris()
        self.planning = Planning(portfolio)
        self.cache = cache  # mkdocs serve: pages kept from the previous build (page_cache.py)
        self._context: Context | None = None
        if cache is not None:
            self.env = cache.environment(self.msg.language, self.env)
            self.ics_events = cache.events(self.today)
        self.fragments = cache.fragments if cache is not None else None  # rows kept per project (fragments.py)

    def render(self, template: str, src_uri: str, title: str, **context: Any) -> None:
        """``Renderer.render`` with the row helpers of ``fragments.PageRows`` for this page."""
        rows = PageRows(src_uri, self.fragments, self.project_inputs)
        super().render(template, src_uri, title, task_rows=rows.tasks, attention_rows=rows.attention,
                       portfolio_rows=rows.portfolio, supported_rows=rows.supported, **context)

    def project_inputs(self, project: Project) -> str:
        """What a project's kept rows depend on besides its files (``Context.project_inputs``)."""
        return self.context().project_inputs(project)

    def context(self) -> Context:
        """The cache keys of this build; made once the people's addresses are known (people first)."""
        if self._context is None:
            self._context = Context(self, self.status_uris)
            if self.cache is not None:
                self.cache.use_shared(self._context.shared)
        return self._context

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

    def target(self, item: Attention) -> str:
        """The page an attention item links to: its project page, or the person's page (the template adds
        ``#`` and the item's anchor)."""
        if item.kind == "overloaded":
            return self.person_pages.get(item.item or "", project_uri(item.project.slug))
        return project_uri(item.project.slug, item.page)

    def _status_uris(self) -> dict[str, str]:
        """The per-status list pages of a long portfolio; a project folder named like a status keeps its address."""
        if len(self.kb.projects) <= NAV_PROJECT_LIMIT:
            return {}
        uris = {}
        for status in dict.fromkeys(p.status for p in self.projects_in_order()):
            holder = self.kb.project_by_slug.get(status)
            where = Where(holder.source.file, holder.source.mark, holder.slug) if holder else None
            uris[status] = f"projects/{self.urls.claim('projects', status, self.msg(f'enum.{status}'), where)}.md"
        return uris

    # ---- pages ---------------------------------------------------------------------------

    def dashboard(self, intro: str | None) -> None:
        portfolio = self.portfolio
        week = [self.row(p, t) for p, t in portfolio.week_ahead]
        named = [*(a.department for a in portfolio.pressing), *(r.task.department for r in week)]
        departments = [d for d in dict.fromkeys(named) if d]  # the filter's chips, in order of first mention
        self.render("dashboard.md", "index.md", self.msg("site.nav.home"), material_search=True, intro=intro or "",
                    summaries=portfolio.by_health, attention=portfolio.pressing, hygiene=portfolio.hygiene,
                    departments=departments,
                    week=week, week_days=WEEK_DAYS, trend=trend_chart(portfolio.trend),
                    trend_last=portfolio.trend[-1] if portfolio.trend else None, target=self.target, broken=self.kb.broken,
                    broken_findings={b.slug: self.validation(b.slug) for b in self.kb.broken},
                    checked=self.checked, invalid=[*(f for f in self.checked.findings if f.rule in VALIDATION_RULES),
                                                   *self.urls.findings(self.msg)])

    def projects_in_order(self) -> list[Project]:
        """Active first, then on hold, proposed, done, cancelled; by due date within a status."""
        return sorted(self.kb.projects, key=lambda p: (STATUS_ORDER.get(p.status, 9), p.due, p.slug))

    def project_index(self) -> None:
        """``/projects/``: every project by health then due date, and the folders that could not be read;
        the first page of the nav's projects section, so its tab lands here."""
        heading = self.msg("site.nav.projects_all")
        self.render("project_list.md", "projects/index.md", heading, heading=heading,
                    summaries=self.portfolio.by_health, broken=self.kb.broken,
                    broken_findings={b.slug: self.validation(b.slug) for b in self.kb.broken})

    def status_pages(self) -> None:
        """One portfolio page per project status, for a nav too long to list every project."""
        if len(self.kb.projects) <= NAV_PROJECT_LIMIT:
            return
        by_status: dict[str, list[ProjectView]] = {}
        for project in self.projects_in_order():
            by_status.setdefault(project.status, []).append(self.summaries[project.slug])
        for status, summaries in by_status.items():
            heading = self.msg(f"enum.{status}")
            self.render("project_list.md", self.status_uris[status], heading, heading=heading, summaries=summaries)

    def project(self, project: Project) -> None:
        """A project's pages: kept from the previous build when their key matches (``page_cache``)."""
        if self.cache is None:
            self._project(project)
            return
        owner, key = ("project", project.slug), self.context().project(project)
        kept = self.cache.get(owner, key)
        if kept is not None:
            self.pages.extend(kept[0])
            return
        start = len(self.pages)
        self._project(project)
        self.cache.put(owner, key, self.pages[start:])

    def _project(self, project: Project) -> None:
        slug = project.slug
        common: dict[str, Any] = dict(project=project, summary=self.summaries[slug], h=self.health[slug],
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
                    meta=self.project_meta(project, "tasks"), rows=rows, chart=chart, plan=plan, by_department={k: v for k, v in by_department.items() if v},
                    by_phase=by_phase, **common)
        view = self.summaries[slug]
        warnings = [f for item in view.attention for f in item.findings]  # ranked as the dashboard ranks them
        levels = {task_id: lag.level for task_id, lag in view.lag.items()}
        self.render("risks.md", project_uri(slug, "risks"), self.msg("site.tab.risks"), current="risks",
                    meta=self.project_meta(project, "risks"), warnings=warnings, levels=levels, **common)
        self.render("coordination.md", project_uri(slug, "coordination"), self.msg("site.tab.coordination"),
                    current="coordination", meta=self.project_meta(project, "coordination"), **common)
        self.render("acceptance.md", project_uri(slug, "acceptance"), self.msg("site.tab.acceptance"),
                    current="acceptance", meta=self.project_meta(project, "acceptance"), **common)
        self.render("retro.md", project_uri(slug, "retro"), self.msg("site.tab.retro"), current="retro",
                    meta=self.project_meta(project, "retro"), **common)

    def broken_project(self, slug: str, file: str) -> None:
        self.render("broken.md", project_uri(slug), slug, slug=slug, file=file, validation=self.validation(slug))

    def views(self) -> None:
        overdue = sorted(self.rows_for("overdue"), key=lambda r: (r.task.due, r.project.slug, r.task.id))
        self.view("overdue", rows=overdue)
        horizon = self.today + dt.timedelta(days=UPCOMING_DAYS)
        upcoming = [self.row(p, t) for p, t in self.portfolio.upcoming]
        self.view("upcoming", rows=upcoming, horizon=horizon, days=UPCOMING_DAYS)
        risks = sorted(((p, r) for p in self.kb.projects for r in p.risks if r.is_open),
                       key=lambda pr: (LEVELS.index(pr[1].level), -pr[1].raised.toordinal(), pr[0].slug, pr[1].id))
        no_response = {(f.project, f.item) for f in self.checked.findings if f.rule == "risk-response"}
        self.view("risks", risks=risks, no_response=no_response)
        lessons: dict[str, list[tuple[Project, Any]]] = {}
        for project in self.kb.projects:
            if project.retro is None:
                continue
            for lesson in project.retro.lessons:
                for tag in lesson.tags or (self.msg("site.lessons.untagged"),):
                    lessons.setdefault(tag, []).append((project, lesson))
        for project, document_lesson in self.documents.lessons():  # a summary report's lessons section
            for tag in document_lesson.tags or (self.msg("site.lessons.untagged"),):
                lessons.setdefault(tag, []).append((project, document_lesson))
        ordered = dict(sorted(lessons.items(), key=lambda kv: (-len(kv[1]), kv[0])))
        self.view("lessons", lessons=ordered)
        self.view("drift", drift=self.planning.drift, notices=self.planning.notices)
        self.department_pages()
        self.weekly()

    def view(self, name: str, **context: Any) -> None:
        """The cross-project view ``name`` (``VIEWS``): its template, address and label in one place."""
        self.render(f"view_{name}.md", f"views/{name}.md", self.msg(VIEWS[name]), **context)

    def weekly(self) -> None:
        """本周周报: printable (collabkb.css: @media print), from the portfolio's weekly sections."""
        portfolio = self.portfolio
        self.view("weekly", meta={"hide": ["navigation", "toc"]}, summaries=portfolio.by_health,
                  departments=portfolio.weekly, attention=portfolio.pressing, milestones=portfolio.week_milestones,
                  risks=portfolio.high_risks, target=self.target, week_days=WEEK_DAYS,
                  week_end=self.today + dt.timedelta(days=WEEK_DAYS))

    def department_pages(self) -> None:
        overdue = self.rows_for("overdue")
        lagging = self.rows_for("lagging")
        stats = []
        # one pass over the knowledge base, each list in the same order as a scan per department
        teams_of: dict[str, list[tuple[Project, Any]]] = {}
        owned_of: dict[str, list[tuple[Project, Task]]] = {}
        supported_of: dict[str, list[tuple[Project, Task, Any]]] = {}
        for p in self.kb.projects:
            for e in p.team:
                teams_of.setdefault(e.department, []).append((p, e))
            for t in p.tasks:
                if t.department is not None:
                    owned_of.setdefault(t.department, []).append((p, t))
                for c in t.collaborators:
                    supported_of.setdefault(c.department, []).append((p, t, c))
        for info in self.departments.values():
            teams = teams_of.get(info.name, [])
            owned_tasks = owned_of.get(info.name, [])
            supported_tasks = supported_of.get(info.name, [])
            documents = self.documents.of_department(info.name)
            mine_overdue = [r for r in overdue if r.task.department == info.name]
            mine_lagging = [r for r in lagging if r.task.department == info.name]
            stats.append((info, len(teams), sum(not t.is_closed for _, t in owned_tasks),
                          sum(not t.is_closed for _, t, _ in supported_tasks), len(mine_overdue), len(mine_lagging)))
            # the page reads these projects only (rows, teams, documents); overdue and lagging
            # rows are tasks of the department, so of these projects too
            involved = [*(p for p, _ in teams), *(p for p, _ in owned_tasks), *(p for p, _, _ in supported_tasks),
                        *(p for p, _ in documents)]
            owner = ("department", info.name)
            key = self.context().across("department", involved, info) if self.cache is not None else None
            kept = self.cache.get(owner, key) if self.cache is not None and key is not None else None
            if kept is not None:
                self.pages.extend(kept[0])
                continue
            start = len(self.pages)
            owned = [self.row(p, t) for p, t in owned_tasks]
            supported = [(self.row(p, t), c) for p, t, c in supported_tasks]
            open_owned = [r for r in owned if not r.task.is_closed]
            self.render("department.md", f"views/departments/{info.slug}.md", info.name, info=info, teams=teams,
                        owned=open_owned, done=len(owned) - len(open_owned),
                        supported=[(r, c) for r, c in supported if not r.task.is_closed],
                        overdue=mine_overdue, lagging=mine_lagging, documents=documents)
            if self.cache is not None and key is not None:
                self.cache.put(owner, key, self.pages[start:])
        self.render("view_departments.md", "views/departments/index.md", self.msg("site.nav.departments_all"),
                    stats=stats)

    def reference(self) -> list[tuple[str, str]]:
        """The field and rule references, generated from the schemas and the rule modules."""
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
            projects: list[Any] = [entry(self.msg(f"enum.{status}"), self.status_uris[status]) for status in by_status]
        else:
            projects = [entry(self.msg(f"enum.{status}"), items) for status, items in by_status.items()]
        if self.kb.broken:
            projects.append(entry(self.msg("site.health.broken"),
                                  [entry(b.slug, project_uri(b.slug)) for b in self.kb.broken]))
        projects.insert(0, entry(self.msg("site.nav.projects_all"), "projects/index.md"))
        departments = [entry(self.msg("site.nav.departments_all"), "views/departments/index.md")]
        departments += [entry(info.name, f"views/departments/{info.slug}.md") for info in self.departments.values()]
        views = [*(entry(self.msg(label), f"views/{name}.md") for name, label in VIEWS.items()),
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
               edit_links: EditLinks | None = None, hand_written: Iterable[str] = (), own_search: bool = False,
               cache: PageCache | None = None) -> Site:
    """Every generated page, static file and nav entry for one build (``hand_written``: the docs/
    pages, whose addresses generated pages must not take; ``own_search``: the plugin writes the
    generated pages' search entries, ``Site.search``). The drift views need the plan's
    history: read here unless ``check`` already did (the plugin asks it to). ``cache``
    (``mkdocs serve``): project and person pages whose inputs did not change since the
    previous build are reused (``page_cache.py``); the result is the same as without it."""
    if checked.history is None:
        checked = replace(checked, history=read_history(config.root, config.projects_dir, config.timezone))
    portfolio = Portfolio.build(checked, config.messages, config, cache.views if cache is not None else None)
    builder = _Builder(portfolio, use_directory_urls, edit_links, hand_written, own_search, cache)
    if cache is not None:
        cache.begin()
    # first: the dashboard links overloaded people to their pages
    people = people_pages.build(builder, cache, builder.context if cache is not None else None)
    builder.dashboard(intro)
    builder.project_index()
    builder.status_pages()
    for project in checked.kb.projects:
        builder.project(project)
    attachments = document_pages.build(builder, cache, builder.context if cache is not None else None)
    for broken in checked.kb.broken:
        builder.broken_project(broken.slug, broken.file)
    builder.views()
    reference = builder.reference()
    msg = config.messages
    events = export.events_for(checked.kb, msg, memo=cache.task_events if cache is not None else None)
    static: dict[str, str | bytes] = {
        CSS_URI: _asset("collabkb.css"),
        JS_URI: _asset("collabkb.js"),
        ICS_URI: export.calendar_ics(events, msg("site.ics.name"), checked.today, builder.ics_events),
        JSON_URI: export.projects_json(portfolio),
        **people.static,
        **attachments,
    }
    nav = builder.nav(reference)
    nav.insert(3, {title_html(people.nav_title): people.nav_uri})  # after home, projects and views
    search = search_entries.build(builder, cache.search if cache is not None else None) if own_search else ()
    if cache is not None:
        cache.end()
    return Site(tuple(builder.pages), static, nav, tuple(builder.urls.findings(msg)), search)


__all__ = ["Site", "GeneratedPage", "build_site", "department_slug", "project_uri", "CSS_URI", "JS_URI", "ICS_URI", "JSON_URI"]
