"""What may leave the build: a checked knowledge base with the private parts taken out.

Every output that is published or sent — the site's pages, search index, JSON API
and calendars, ``collabkb export``, chat-group digests — reads one of these views
instead of the full ``Checked`` result (docs/security.md):

- a project with ``confidential: true`` is left out together with its findings, and
  so is a finding of another project whose message names it: by its name
  (``resource-conflict`` says which project wants the same item) or as ``slug/``
  (``overloaded`` lists a person's tasks as ``slug/T3``); ``site.confidential: include`` (an
  internal build) keeps them on the site, a channel's ``confidential_ok`` in its digest;
- a project whose ``project.yaml`` cannot be read is treated the same way when the file may
  say ``confidential`` (any top-level ``confidential:`` not plainly false), or when it cannot
  be read at all: its name is unknown, so only its folder could be shown, and its findings may
  quote its content;
- team entries lose ``phone``, ``email`` and ``im`` unless ``site.contacts: show``.

``collabkb check`` and the plugin's validation log read the full result: a
confidential project is still checked, and its problems still fail CI.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .config import SiteSettings
from .model import KnowledgeBase, Project
from .result import Checked
from .tree import Tree

# A top-level ``confidential:`` whose value is not plainly false (true, yes, "true", a typo, an anchor…).
_CONFIDENTIAL_KEY = re.compile(rb"^[\"']?confidential[\"']?[ \t]*:(?![ \t]*(?:false|False|FALSE|no|No|NO|off|Off|OFF)[ \t]*(?:#.*)?\r?$)",
                               re.MULTILINE)


def may_be_confidential(tree: Tree, rel: str, max_size: int) -> bool:
    """Whether an unreadable ``project.yaml`` may mark its project confidential: a line-level look at
    its bytes, since YAML could not read it. A file that cannot be read at all may, too."""
    try:
        content = tree.read(rel, max_size)
    except (OSError, ValueError):
        return True
    return _CONFIDENTIAL_KEY.search(content) is not None


def without_confidential(checked: Checked) -> Checked:
    """``checked`` without confidential projects, their findings, and findings that name them."""
    hidden = [p for p in checked.kb.projects if p.confidential]
    broken = [b for b in checked.kb.broken if b.confidential]
    if not hidden and not broken:
        return checked
    slugs = {p.slug for p in hidden} | {b.slug for b in broken}
    mentions = [*(p.name for p in hidden), *(f"{slug}/" for slug in slugs)]
    findings = tuple(f for f in checked.findings
                     if f.project not in slugs and not any(mention in f.message for mention in mentions))
    kb = replace(checked.kb, projects=tuple(p for p in checked.kb.projects if not p.confidential),
                 broken=tuple(b for b in checked.kb.broken if not b.confidential))
    return replace(checked, kb=kb, findings=findings)


def without_contacts(checked: Checked, kept: dict[str, tuple[Project, Project]] | None = None) -> Checked:
    """``checked`` with every team entry's phone, email and im removed. ``kept`` (``mkdocs serve``):
    the stripped copy made last time for the same project object, reused so the site's page
    cache still sees an unchanged project as the same object (``site/page_cache.py``)."""
    def private(project: Project) -> bool:
        return any(e.phone or e.email or e.im for e in project.team)

    def stripped(project: Project) -> Project:
        before = kept.get(project.slug) if kept is not None else None
        if before is not None and before[0] is project:
            return before[1]
        made = replace(project, team=tuple(replace(e, phone=None, email=None, im=None) for e in project.team))
        if kept is not None:
            kept[project.slug] = (project, made)
        return made

    if not any(private(p) for p in checked.kb.projects):
        return checked
    projects = tuple(stripped(p) if private(p) else p for p in checked.kb.projects)
    kb: KnowledgeBase = replace(checked.kb, projects=projects)
    return replace(checked, kb=kb)


def for_site(checked: Checked, settings: SiteSettings, kept: dict[str, tuple[Project, Project]] | None = None
             ) -> Checked:
    """What the site, the JSON API, the calendars and ``collabkb export`` may show (``kept``:
    see ``without_contacts``)."""
    if settings.confidential != "include":
        checked = without_confidential(checked)
    if settings.contacts != "show":
        checked = without_contacts(checked, kept)
    return checked


def for_channel(checked: Checked, confidential_ok: bool) -> Checked:
    """What a chat group's digest may mention: confidential projects only for a group marked
    ``confidential_ok`` (``site.confidential`` is about the site, never about chat groups)."""
    return checked if confidential_ok else without_confidential(checked)
