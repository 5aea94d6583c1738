"""What every page of one site build shares: the portfolio, the templates, links, task rows.

``pages.py`` (projects, views, dashboard) and ``people_pages.py`` (people, calendars)
both render through one ``Renderer``: a task looks the same on its project page,
its department's page and its owner's page, and the pages only format what the
portfolio (``collabkb.portfolio.view``) derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..check.config import Config
from ..check.documents import PROJECT_PAGES
from ..check.findings import Finding
from ..check.model import Project, Source, Task
from ..forge.edit_links import EditLinks
from ..portfolio.segments import segment
from ..portfolio.view import Portfolio
from ..report.export import CalendarEvent
from ..rules import VALIDATION_RULES
from .document_index import DocumentIndex, related_links
from .render import environment, front_matter, relative_url
from .urls import UrlSpace, Where


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    src_uri: str  # e.g. "projects/q3-launch/tasks.md"
    title: str  # plain text; escaped for MkDocs by ``title_html`` when the nav is made
    markdown: str
    material_search: bool = True  # False: ``search: {exclude: true}``, its entries come from ``search_entries``
    full_title: str = ""  # the browser's ``<title>`` (front matter) where it says more than ``title``


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


def department_slug(name: str) -> str:
    """A URL segment for a department (``segments.segment``: Chinese stays Chinese, bounded in
    length); ``UrlSpace.claim`` keeps it unique."""
    return segment(name, "department")


class Renderer:
    """Renders templates into ``pages`` for one build; the helpers the templates share."""

    def __init__(self, portfolio: Portfolio, use_directory_urls: bool, *, urls: UrlSpace | None = None,
                 edit_links: EditLinks | None = None, own_search: bool = False) -> None:
        if portfolio.config is None:
            raise ValueError("a site is rendered from a configuration: Portfolio.build(..., config)")
        self.portfolio = portfolio
        self.config: Config = portfolio.config
        self.summaries = portfolio.by_slug
        self.urls = urls or UrlSpace(use_directory_urls)  # every generated page's address, collisions resolved
        self.edit_links = edit_links
        self.msg = portfolio.msg
        self.today = portfolio.today
        self.kb = portfolio.checked.kb
        self.use_directory_urls = use_directory_urls
        self.own_search = own_search  # the plugin indexes pages itself (``search_entries``), Material skips them
        self.env = environment(self.msg)
        self.health = {v.project.slug: v.health for v in portfolio.projects}
        self.by_project: dict[str | None, list[Finding]] = {}
        self.by_item: dict[tuple[str | None, str | None], list[Finding]] = {}
        for finding in portfolio.checked.findings:
            self.by_project.setdefault(finding.project, []).append(finding)
            if finding.item is not None:
                self.by_item.setdefault((finding.project, finding.item), []).append(finding)
        self.departments = self._departments()
        self.documents = DocumentIndex(self.kb)
        self.pages: list[GeneratedPage] = []
        self.person_pages: dict[str, str] = {}  # name → src_uri, filled by people_pages.build
        self.ics_events: dict[CalendarEvent, bytes] = {}  # each calendar event serialised once per build

    def render(self, template: str, src_uri: str, title: str, *, meta: Mapping[str, Any] | None = None,
               material_search: bool = False, **context: Any) -> None:
        """Render ``template`` as the page ``src_uri`` (``title`` in the nav). A template without
        front matter gets one: no contents column (``hide: [toc]``: generated pages use the full
        width) plus ``meta`` (``title`` for the browser's ``<title>``, another ``hide``). With
        ``own_search``, Material's search skips the page (``search: {exclude: true}``: ``search_entries``
        indexes it from the model) unless ``material_search``."""
        def link(target: str) -> str:
            return relative_url(src_uri, target, self.use_directory_urls)

        text = self.env.get_template(template).render(
            link=link, today=self.today, kb=self.kb, health=self.health,
            project_uri=project_uri, department=self.department_uri, rule_label=self.rule_label,
            person_page=self.person_pages.get, project_pages=PROJECT_PAGES,
            findings_for=lambda slug, item: self.by_item.get((slug, item), ()),
            project_findings=lambda slug, rule: [f for f in self.by_project.get(slug, ()) if f.rule == rule],
            edit_url=self.edit_url, **related_links(self.documents), **context)
        material_search = material_search or not self.own_search
        excluded = {} if material_search else {"search": {"exclude": True}}
        if not text.startswith("---\n"):
            text = front_matter({"hide": ["toc"], **(meta or {}), **excluded}) + text
        elif excluded:  # a template with its own front matter keeps it, plus the exclusion
            text = front_matter(excluded).removesuffix("\n---\n\n") + "\n" + text.removeprefix("---\n")
        self.pages.append(GeneratedPage(src_uri, title, text, material_search, (meta or {}).get("title", "")))

    def project_meta(self, project: Project, page: str) -> dict[str, Any]:
        """Front matter of a project page: a ``<title>`` that names the project ("Q3 新品上市 · 风险预警";
        the nav keeps the short tab name under the project's own section)."""
        title = project.name if page == "index" else f"{project.name} · {self.msg(f'site.tab.{page}')}"
        return {"title": title}

    def edit_url(self, source: Source) -> str | None:
        """Where the forge's web editor opens ``source``'s file at its line; ``None`` without ``repo_url``."""
        return self.edit_links.url(source.file, source.mark[0]) if self.edit_links else None

    def validation(self, slug: str | None) -> list[Finding]:
        """A project's yaml/schema/reference findings, and the names that had to take another address."""
        return [*(f for f in self.by_project.get(slug, ()) if f.rule in VALIDATION_RULES),
                *(f for f in self.urls.findings(self.msg) if f.project == slug)]

    def rule_label(self, rule: str) -> str:
        key = f"site.rule.{rule}"
        return self.msg(key) if self.msg.has(key) else rule

    def department_uri(self, name: str | None) -> str | None:
        info = self.departments.get(name or "")
        return f"views/departments/{info.slug}.md" if info else None

    def row(self, project: Project, task: Task) -> TaskRow:
        view = self.portfolio.by_slug[project.slug]
        lag = view.lag.get(task.id)
        return TaskRow(project, task, tuple(self.by_item.get((project.slug, task.id), ())), lag.level if lag else None,
                       view.schedule.is_critical(task.id), view.schedule.slack.get(task.id))

    def _departments(self) -> dict[str, DepartmentInfo]:
        """The organisation's departments (``_departments.yaml``) then any other a team names."""
        named: dict[str, tuple[str | None, str | None, Where | None]] = {}
        for d in self.kb.departments or ():
            named[d.name] = (d.head, d.description, Where(d.source.file, d.source.at("name")) if d.source else None)
        for project in self.kb.projects:
            for entry in project.team:
                named.setdefault(entry.department, (None, None, Where(entry.source.file, entry.source.at("department"),
                                                                      project.slug)))
        infos: dict[str, DepartmentInfo] = {}
        for name, (head, description, where) in named.items():
            slug = self.urls.claim("views/departments", department_slug(name), name, where)
            infos[name] = DepartmentInfo(name, slug, head, description)
        return infos
