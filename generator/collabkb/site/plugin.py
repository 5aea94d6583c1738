"""The ``collabkb`` MkDocs plugin (the ``mkdocs.plugins`` entry point): hooks only.

A thin shell over the core the CLI uses: ``on_config`` reads the ``collabkb``
block with ``collabkb.check.config.load_config`` and runs ``pipeline.check`` for
today (``COLLABKB_TODAY`` honoured); ``on_files`` adds the pages, static files
and nav that ``site.pages.build_site`` made, all in memory; ``on_serve`` makes
``mkdocs serve`` rebuild when ``projects/`` or ``schemas/`` change.

``mkdocs serve --dirty`` (``scripts/serve.sh``): MkDocs keeps this plugin's instance
across rebuilds because it defines ``on_startup``, and renders again only the files
whose ``is_modified()`` is true. A generated file is "modified" unless its content,
the generated nav and ``mkdocs.yml``'s mtime and size are the ones the previous
successful build wrote to the same place (digests kept on the instance, recorded in
``on_post_build``). Only a serving instance has a next build to compare with, so only it
computes the digests; a ``mkdocs build`` (even ``--dirty``: a new process, nothing recorded) skips them.

Under ``serve`` (``on_startup``) the instance also keeps what makes a rebuild cost one
project instead of all of them, passed explicitly into the core: each project's model by
the bytes of its files (``check/load_cache.py``), its pages, views and search entries and
each person's and department's page by exactly what they read (``site/page_cache.py``),
the rows of cross-project pages per project (``site/fragments.py``), the theme's compiled
templates (``on_env``, ``site/theme_bytecode.py``), and the first build's heap frozen for the
collector (``site/serve_gc.py``). A rebuild with
them equals a build from scratch (``docs/decisions.md``); ``mkdocs build`` keeps none.

With ``repo_url`` set, every task, risk, issue, deliverable and project links to its YAML
line in the forge's web editor (``collabkb.forge.edit_links``), and the theme's repository
widget is replaced by a plain link (``overrides/partials/source.html``): Material's script
would otherwise fetch the repository's stars and release from the forge's API.

Page hooks (issue 14 items 1 and 4): a generated page's HTML blocks skip Python-Markdown
(``fast_html``: MkDocs converts its headings and placeholders, ``on_page_content`` puts the
blocks back); its Markdown and, between MkDocs' two loops, its HTML are held compressed
(``packed``); ``mkdocs build`` lets the checked knowledge base go once the pages exist (``on_nav``).

Validation findings at error level (``yaml``, ``schema``, ``reference``) are
logged as MkDocs warnings, so ``mkdocs build --strict`` fails on them; every
finding is also shown on the pages. Rule findings are page content only.
MkDocs counts warnings for ``--strict`` only when they are logged, and ``-q``
drops them: so a strict build with such errors (or with something that would
load from another host, ``offline.py``) is failed by the plugin itself at the end.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..check import pipeline, publication
from ..check.load_cache import LoadCache
from ..check.model import Project
from ..check.calendar import BadDate, resolve_today
from ..check.config import Config, ConfigError, load_config
from ..check.findings import Severity
from ..forge.edit_links import EditLinks
from ..report.text import location
from ..rules import VALIDATION_RULES
from . import offline, search_index
from .fast_html import FastPages
from .packed import PackedFile
from .nav import combined_nav, nav_paths
from .page_cache import PageCache
from .serve_gc import ServeCollector
from .theme_bytecode import ThemeBytecode
from .pages import CSS_URI, JS_URI, build_site
from .search_entries import SearchEntry

log = get_plugin_logger("collabkb")
STRICT_SHOWN = 10  # problems repeated in the message that fails a strict build


class GeneratedFile(PackedFile):
    """A generated file that tells a ``--dirty`` build whether the previous build already wrote it.
    A page's content is its ``GeneratedPage.packed`` Markdown, read back unpacked (``packed``).

    ``unchanged`` is set by the plugin: the content (and the nav) equal what the previous
    successful build wrote to ``abs_dest_path``. MkDocs asks ``is_modified()`` only in a
    dirty build; then an unchanged file whose output still exists is skipped.
    """

    unchanged: bool = False

    def is_modified(self) -> bool:
        if self.unchanged and os.path.isfile(self.abs_dest_path):
            return False
        return super().is_modified()


class CollabKBPlugin(BasePlugin):
    """Turns ``projects/`` into wiki pages; the per-build state lives on the instance."""

    def __init__(self) -> None:
        super().__init__()
        self.kb_config: Config | None = None
        self.checked: pipeline.Checked | None = None
        self.strict_failures: list[str] = []  # what fails a --strict build, whatever the log level
        # What the last successful build wrote: output path -> digest of content + nav.
        # Lives as long as the instance, i.e. across the rebuilds of one ``mkdocs serve``.
        self.written: dict[str, bytes] = {}
        self.pending: dict[str, bytes] = {}
        self.search: tuple[SearchEntry, ...] = ()  # this build's entries for the generated pages
        # ``mkdocs serve`` only (``on_startup``): what one rebuild keeps for the next, passed explicitly
        # to the core: projects' models by their files' bytes (check/load_cache.py), project and person
        # pages by their inputs (site/page_cache.py), and the contact-free copy of each project.
        self.load_cache: LoadCache | None = None
        self.page_cache: PageCache | None = None
        self.contacts_kept: dict[str, tuple[Project, Project]] | None = None
        self.digested: dict[str, tuple[str | bytes, bytes, bytes]] = {}  # path -> (content, nav digest, digest)
        self.segmented: search_index.Segmented | None = None  # the search rows of the previous build
        self.collector: ServeCollector | None = None  # serve: the first build's heap frozen (serve_gc.py)
        self.fast: FastPages | None = None  # this build's generated pages between Markdown and HTML (fast_html)
        self.serving = True  # until on_startup says otherwise: keep what a rebuild may reuse
        self.theme_bytecode: ThemeBytecode | None = None  # serve: the theme's compiled templates (theme_bytecode.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps this instance across ``mkdocs serve`` rebuilds (see
        ``mkdocs.config.config_options.Plugins``); under ``serve`` the rebuilds share caches
        that make them equal to a build from scratch, only faster (``docs/decisions.md``)."""
        self.serving = command == "serve"
        if self.serving:
            self.load_cache = self.load_cache or LoadCache()
            self.page_cache = self.page_cache or PageCache()
            self.contacts_kept = {} if self.contacts_kept is None else self.contacts_kept
            self.segmented = self.segmented or search_index.Segmented()
            self.collector = self.collector or ServeCollector()
            self.theme_bytecode = self.theme_bytecode or ThemeBytecode()
        else:  # ``build``/``gh-deploy``: MkDocs may hand back an instance a serve used in this process
            if self.collector is not None:
                self.collector.stop()
            self.load_cache = self.page_cache = self.contacts_kept = self.segmented = self.collector = None
            self.theme_bytecode = None
            self.digested = {}

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[list, list]:
        """Accept the block as it is: ``collabkb.check.config.load_config`` validates it (with
        line numbers and hints) in ``on_config``, exactly as the CLI does."""
        return super().load_config({}, config_file_path)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_file = Path(config.config_file_path).resolve()  # the file MkDocs was given (``-f``)
        try:
            self.kb_config = load_config(config_file.parent, config_file)
            today = resolve_today(None, self.kb_config.timezone)
        except (ConfigError, BadDate) as error:
            raise PluginError(f"collabkb: {error}") from None
        if self.collector is not None:
            self.collector.check_starts()
        self.checked = pipeline.check(self.kb_config, today, with_history=True,  # drift: history read once
                                      cache=self.load_cache)
        if self.collector is not None:
            self.collector.check_done()
        self.strict_failures = offline.enforce(config, self.kb_config.messages)
        for problem in self.strict_failures:
            log.warning(problem)
        for finding in self.checked.findings:
            if finding.rule in VALIDATION_RULES:
                where = f"{location(finding)}: [{finding.rule}] {finding.message}"
                if finding.severity is Severity.ERROR:
                    log.warning(where)
                    self.strict_failures.append(where)
                else:
                    log.info(where)
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if config.repo_url:
            _quiet_repository_widget(config)
        if JS_URI not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS_URI)
        _follow_language(config, self.kb_config.language)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.kb_config is not None and self.checked is not None  # on_config ran
        intro = None
        home = files.get_file_from_path("index.md")
        if home is not None and home.generated_by is None:
            intro = home.content_string  # the hand-written home page becomes the dashboard's introduction
            files.remove(home)
        # nothing private (docs/security.md)
        shown = publication.for_site(self.checked, self.kb_config.site, self.contacts_kept)
        own = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
        edit_links = EditLinks.from_config(config.repo_url, config.edit_uri, config.docs_dir)
        site = build_site(shown, self.kb_config, use_directory_urls=config.use_directory_urls, intro=intro,
                          edit_links=edit_links, hand_written=own, own_search=search_index.material_search(config),
                          cache=self.page_cache)
        for finding in site.findings:  # a name that got another address: said, not failed
            log.info(f"{location(finding)}: [{finding.rule}] {finding.message}")
        self.search = site.search
        listed = nav_paths(site.nav)
        added: list[tuple[GeneratedFile, str | bytes]] = []
        for page in site.pages:  # pages reached by links only (people) are marked so MkDocs does not list them
            self._add(files, config, page.src_uri, page.packed, page.src_uri in listed, added)
        for src_uri, content in site.static.items():
            self._add(files, config, src_uri, content, True, added)
        config.nav = combined_nav(config.nav, site, own, self.kb_config.messages("site.nav.docs"))
        self.pending = {}
        if self.serving:  # only a later build of this instance (``mkdocs serve``) asks what is unchanged
            self._mark_unchanged(config, added)
        return files

    def _mark_unchanged(self, config: MkDocsConfig, added: list[tuple[GeneratedFile, str | bytes]]) -> None:
        """Mark each generated file the previous build already wrote as it is now (``GeneratedFile.unchanged``).
        Every page embeds the nav, so a changed nav (a project added, renamed, moved to another
        status) makes every generated page "modified" for a dirty build; so does an edited
        mkdocs.yml (theme options are in every page too)."""
        stat = os.stat(config.config_file_path) if config.config_file_path else None
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}" if stat else ""
        nav_digest = hashlib.blake2b(f"{stamp}\n{config.nav!r}".encode("utf-8"), digest_size=16).digest()
        digested: dict[str, tuple[str | bytes, bytes, bytes]] = {}
        for file, made_from in added:
            # A page the page cache kept is the very same string as last time: its digest is too.
            before = self.digested.get(file.abs_dest_path)
            if before is not None and before[0] is made_from and before[1] == nav_digest:
                digest = before[2]
            else:
                digest = hashlib.blake2b(file.content_bytes, digest_size=16, key=nav_digest).digest()
            if self.page_cache is not None:
                digested[file.abs_dest_path] = (made_from, nav_digest, digest)
            file.unchanged = self.written.get(file.abs_dest_path) == digest
            self.pending[file.abs_dest_path] = digest
        self.digested = digested

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Under ``serve``: the theme's templates compiled once, not again every rebuild (``theme_bytecode.py``)."""
        if self.theme_bytecode is not None:
            self.theme_bytecode.use(env)
        return env

    @event_priority(-100)  # after Material's search plugin has written its index
    def on_post_build(self, config: MkDocsConfig) -> None:
        """The build succeeded: what it generated is now on disk, for the next dirty build.
        Unless it is strict and something above was logged as a warning: then it fails here.
        Then the generated pages' entries join the search index Material wrote (``search_index``)."""
        if config.strict and self.strict_failures:
            assert self.kb_config is not None  # on_config ran
            shown = "\n".join(self.strict_failures[:STRICT_SHOWN])
            raise PluginError(self.kb_config.messages("site.strict_failed", count=len(self.strict_failures),
                                                      shown=shown))
        self.written.update(self.pending)
        self.pending = {}
        search_index.append(config, self.search, self.segmented)
        if self.collector is not None:
            self.collector.build_done()

    def on_build_error(self, error: Exception) -> None:
        self.pending = {}
        if self.collector is not None:
            self.collector.build_done()
        self.fast = None

    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Once ``on_files`` has made the pages, a build no longer needs the checked knowledge base
        (the model, findings and history: ≈ 200 MiB at 1,000 projects) while MkDocs converts and
        renders them; ``mkdocs serve`` keeps it for the next rebuild."""
        if not self.serving:
            self.checked = None
        return nav

    @event_priority(-100)  # last: other plugins' on_page_markdown see the whole page
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's HTML blocks skip Python-Markdown (``fast_html``): MkDocs converts its headings."""
        if not isinstance(page.file, GeneratedFile):
            return markdown
        if self.fast is None or self.fast.config is not config:  # a new build (``mkdocs serve``: a new config)
            self.fast = FastPages(config)
        return self.fast.markdown(page, markdown)

    @event_priority(100)  # first: other plugins' on_page_content see the finished page
    def _restore_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.fast.content(page, html, files) if self.fast is not None else html

    @event_priority(-100)  # last: MkDocs holds every page's HTML until all are converted; ours wait packed
    def _park_page(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.fast.park(page, html) if self.fast is not None and isinstance(page.file, GeneratedFile) else html

    on_page_content = CombinedEvent(_restore_page, _park_page)

    @event_priority(100)  # first: the theme and other plugins see the page's HTML
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        if self.fast is not None:
            self.fast.unpark(page)
        return context

    @event_priority(-100)  # last: the page is written, its HTML is not read again
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.fast is not None and isinstance(page.file, GeneratedFile):
            self.fast.drop(page)
        return output

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        """Watch the knowledge base's data and schemas too, so an edited YAML file rebuilds the wiki."""
        root = Path(config.config_file_path).resolve().parent
        projects = self.kb_config.projects_path if self.kb_config else root / "projects"
        for path in (projects, root / "schemas"):
            if path.exists():
                server.watch(str(path))
        return server

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, src_uri: str, content: str | bytes, in_nav: bool = True,
             added: list[tuple[GeneratedFile, str | bytes]] | None = None) -> None:
        # ``src_uris`` (public): our addresses are already POSIX, ``get_file_from_path`` would
        # make a ``PurePath`` of each of the 5,400 generated files again every build
        existing = files.src_uris.get(src_uri)
        if existing is not None:  # a hand-written page with the same path wins, said once
            log.info(f"docs/{src_uri} replaces the generated page of the same path")
            return
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        file = GeneratedFile.made(config, src_uri, content, inclusion)
        assert isinstance(file, GeneratedFile)  # ``made`` is a classmethod: it makes a GeneratedFile
        files.append(file)
        if added is not None:
            added.append((file, content))


def _quiet_repository_widget(config: MkDocsConfig) -> None:
    """Put our ``partials/source.html`` just before the theme's own (a custom_dir's override still wins)."""
    overrides = str(resources.files("collabkb.site").joinpath("overrides"))
    dirs = config.theme.dirs
    if overrides in dirs:
        return
    having = [i for i, folder in enumerate(dirs) if os.path.isfile(os.path.join(folder, "partials", "source.html"))]
    if having:
        dirs.insert(having[-1], overrides)


def _follow_language(config: MkDocsConfig, language: str) -> None:
    """Material's own labels (search box, "back to top", the language of ``<html lang>``)
    in the wiki's language: ``theme.language`` is set to it unless it already names a
    variant of it (``zh-TW`` for a ``zh`` wiki stays)."""
    current = str(config.theme.get("language") or "")
    if current.split("-")[0] != language:
        config.theme["language"] = language
