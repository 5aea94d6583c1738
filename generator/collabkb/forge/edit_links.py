""""Edit" links: a YAML file at a line, in the forge's web editor, from ``repo_url`` and ``edit_uri``.

MkDocs' ``edit_uri`` points at the docs folder (``edit/main/docs/``); the knowledge
base's YAML files sit beside it, at the repository root, so the docs folder's name is
taken off its end (``edit/main/``) and the file's path put in its place. An
``edit_uri`` that does not end with the docs folder is taken to point at the root
already. The web editors' URL shapes, and whether they honour a line anchor:

========  ===================================  ==============================================
forge     edit_uri                             line
========  ===================================  ==============================================
GitHub    ``edit/main/docs/``                  ``#L12`` (the editor scrolls to the line)
GitLab    ``-/edit/main/docs/``                ``#L12`` (its Source Editor highlights the line
                                               from the URL hash: ``highlightLines``)
Gitee     ``edit/main/docs/``                  ``#L12``, as GitHub
Gitea     ``_edit/main/docs/``                 none: the editor opens at the top; the link's
                                               title names the line
========  ===================================  ==============================================

No ``repo_url`` (or an empty ``edit_uri``): no links at all.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EditLinks:
    """Builds the editor URL of ``file`` (relative to the repository root) at ``line``."""

    base: str  # repo_url joined with edit_uri, the docs folder taken off: ends with "/"
    line_anchor: bool

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None, docs_dir: str = "docs") -> EditLinks | None:
        if not repo_url or not edit_uri:
            return None
        uri = edit_uri if edit_uri.endswith("/") else edit_uri + "/"
        docs = docs_dir.strip("/").rsplit("/", 1)[-1] + "/"
        if uri.endswith("/" + docs) or uri == docs:
            uri = uri[: -len(docs)]
        base = urllib.parse.urljoin(repo_url.rstrip("/") + "/", uri)
        return cls(base, line_anchor="/_edit/" not in base)

    def url(self, file: str, line: int | None = None) -> str:
        url = self.base + urllib.parse.quote(file)
        return f"{url}#L{line}" if self.line_anchor and line else url
