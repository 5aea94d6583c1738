"""Who the digest @-mentions, and by what each platform needs to mention them.

Switched on per channel (``mention_owners: true``). The people are the owners of the tasks the
``overdue`` rule reported, then of the high risks the ``risk-response`` rule reported (open,
raised more than a day ago, no response), each once per message. How
they are mentioned comes from data the knowledge base already has:

- DingTalk and WeCom mention by mobile number: the ``phone`` of a team entry, which belongs to
  its ``contact`` (the members of an entry have no phone of their own in ``project.yaml``);
- Feishu mentions by open_id / user_id: ``people: {feishu: {张伟: ou_…}}`` in the ``collabkb`` block.

A person without a number or id is named in the dry run as "not mentionable" and simply not
mentioned. The dry run shows numbers masked (``138****5678``): its output lands in CI logs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from ..check.findings import Finding
from ..check.model import KnowledgeBase
from ..check.owners import read_owner
from ..i18n import Messages

MENTION_RULES = ("overdue", "risk-response")
_DIGITS = re.compile(r"\D+")


class PeopleIdsError(ValueError):
    """``people.feishu`` is not a mapping of names to ids; ``where`` is the key path under ``people``."""

    def __init__(self, message: str, where: tuple[str, ...]) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True, slots=True)
class Mention:
    person: str
    handle: str  # a mobile number (DingTalk, WeCom) or a Feishu open_id / user_id


@dataclass(frozen=True, slots=True)
class Mentions:
    """Who is mentioned (each once) and who should have been but cannot be."""

    mentioned: tuple[Mention, ...] = ()
    unreachable: tuple[str, ...] = ()

    def masked(self) -> Mentions:
        """The same people with mobile numbers masked, for output that others may read."""
        return Mentions(tuple(Mention(m.person, mask(m.handle)) for m in self.mentioned), self.unreachable)


def mask(handle: str) -> str:
    """``13812345678`` → ``138****5678``; an id that is not a phone number is left as it is."""
    if handle.isdigit() and len(handle) >= 7:
        return handle[:3] + "*" * (len(handle) - 7) + handle[-4:]
    return handle


def owners(kb: KnowledgeBase, findings: Iterable[Finding]) -> list[str]:
    """The owners of overdue tasks, then of unanswered high risks (each in the order of the
    findings, as the digest lists them), each once."""
    people: dict[str, None] = {}
    chosen = [f for f in findings if f.rule in MENTION_RULES and f.project is not None and f.item is not None]
    for finding in sorted(chosen, key=lambda f: MENTION_RULES.index(f.rule)):
        project = kb.project_by_slug.get(finding.project or "")
        if project is None:
            continue
        item = finding.item or ""
        names: tuple[str, ...] = ()
        if finding.rule == "overdue" and item in project.task_by_id:
            names = project.task_by_id[item].owners  # the owner as the model read it: placeholders out, 、 split
        elif finding.rule == "risk-response":
            risk = next((r for r in project.risks if r.id == item), None)
            names = read_owner(risk.owner, project.people) if risk is not None else ()
        for name in names:
            people.setdefault(name, None)
    return list(people)


def phone_book(kb: KnowledgeBase) -> dict[str, str]:
    """Person → mobile number (digits only, a +86 prefix dropped), from the team entries'
    ``contact`` and ``phone``; the first project (by slug) that gives one wins."""
    book: dict[str, str] = {}
    for project in sorted(kb.projects, key=lambda p: p.slug):
        for entry in project.team:
            if entry.contact and entry.phone:
                digits = _DIGITS.sub("", entry.phone)
                if len(digits) == 13 and digits.startswith("86"):
                    digits = digits[2:]
                if digits:
                    book.setdefault(entry.contact, digits)
    return book


def feishu_ids(people: Mapping[str, Any], msg: Messages) -> dict[str, str]:
    """``people: {feishu: {张伟: ou_…}}``, checked."""
    block = people.get("feishu") if isinstance(people, Mapping) else None
    if block is None:
        return {}
    if not isinstance(block, Mapping):
        raise PeopleIdsError(msg("notify.mention.bad_ids"), ("feishu",))
    for name, value in block.items():
        if not isinstance(value, str) or not value.strip():
            raise PeopleIdsError(msg("notify.mention.bad_ids"), ("feishu", str(name)))
    return {str(name): value.strip() for name, value in block.items()}


def resolve(people: Iterable[str], handles: Mapping[str, str]) -> Mentions:
    """Each person once, by their handle; two people with the same handle are mentioned once."""
    mentioned: list[Mention] = []
    unreachable: list[str] = []
    used: set[str] = set()
    for person in people:
        handle = handles.get(person)
        if handle is None:
            unreachable.append(person)
        elif handle not in used:
            used.add(handle)
            mentioned.append(Mention(person, handle))
    return Mentions(tuple(mentioned), tuple(unreachable))
