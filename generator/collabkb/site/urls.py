"""One address per page: the site's own pages first, then the names from the data.

Names from YAML become URL segments (``/people/<person>/``,
``/views/departments/<department>/``), and so do the site's own pages
(``/people/`` is ``people/index.md``; with many projects ``/projects/active/``
lists the active ones). Without care a person called ``index`` would replace the
people overview and a project folder ``active`` the list of active projects.

``UrlSpace`` hands out addresses for one build. The site's fixed pages and the
project folders (whose names are their addresses, SPEC §6) are ``reserve``d first;
every other page ``claim``s a slug in a folder and gets it when its URL is free,
else the slug with ``-2``, ``-3``… appended. Each such suffix is a ``reference``
warning located where the name was written, so the author can rename it.
Two source paths collide when MkDocs gives them the same URL (``a/b.md`` and
``a/b/index.md`` with directory URLs), compared without case (a case-insensitive
file system would merge them too).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..check.findings import Finding, Severity
from ..check.load import Mark
from ..i18n import Messages
from .render import page_url


@dataclass(frozen=True, slots=True)
class Where:
    """Where a name was written: the finding about its address points there."""

    file: str
    mark: Mark
    project: str | None = None


@dataclass(frozen=True, slots=True)
class Collision:
    name: str
    wanted: str  # the URL the name asked for
    given: str  # the URL it got
    holder: str  # what holds the wanted URL (a page title)
    where: Where | None


class UrlSpace:
    """The addresses of one build (not shared between builds)."""

    def __init__(self, use_directory_urls: bool) -> None:
        self.use_directory_urls = use_directory_urls
        self._holders: dict[str, str] = {}  # URL key → what holds it
        self.collisions: list[Collision] = []

    def url(self, src_uri: str) -> str:
        return "/" + page_url(src_uri, self.use_directory_urls)

    def _key(self, src_uri: str) -> str:
        return self.url(src_uri).rstrip("/").casefold()

    def reserve(self, src_uri: str, holder: str) -> None:
        """``src_uri`` is the site's (or a project folder's): it keeps its address."""
        self._holders.setdefault(self._key(src_uri), holder)

    def claim(self, folder: str, slug: str, name: str, where: Where | None = None, extension: str = ".md") -> str:
        """The slug ``folder/slug`` may use: ``slug`` when its URL is free, else the first free ``slug-N``."""
        candidate, number = slug, 2
        while self._key(f"{folder}/{candidate}{extension}") in self._holders:
            candidate, number = f"{slug}-{number}", number + 1
        if candidate != slug:
            wanted = f"{folder}/{slug}{extension}"
            self.collisions.append(Collision(name, self.url(wanted), self.url(f"{folder}/{candidate}{extension}"),
                                             self._holders[self._key(wanted)], where))
        self._holders[self._key(f"{folder}/{candidate}{extension}")] = name
        return candidate

    def findings(self, msg: Messages, config_file: str = "mkdocs.yml") -> list[Finding]:
        """A ``reference`` warning per suffixed name, where it was written."""
        result = []
        for c in self.collisions:
            file, (line, column), project = (c.where.file, c.where.mark, c.where.project) if c.where else (config_file, (1, 1), None)
            result.append(Finding(file, line, "reference", column, Severity.WARNING, project, c.name,
                                  msg("site.url_taken", name=c.name, wanted=c.wanted, given=c.given, holder=c.holder)))
        return result
