"""Names that become paths: every department and person name the site turns into a page
or calendar file name goes through here, so each is one bounded, normalised path segment.

``segment`` normalises (NFKC, lower case, anything but letters, digits and hyphens becomes
one hyphen; Chinese stays Chinese) and ``bound`` cuts at ``MAX_SEGMENT_BYTES`` of UTF-8,
far under the 255-byte file-name limit of every file system even with a ``-2`` suffix
and ``.ics``. A cut name ends in eight hex digits of a hash of the whole name, so two
long names that share their first 51 bytes still get different pages.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SEGMENT_BYTES = 60  # also within the 63 characters of a project or person slug
_SEPARATORS = re.compile(r"[^\w-]+")


def bound(slug: str, name: str) -> str:
    """``slug`` (made from ``name``) cut to ``MAX_SEGMENT_BYTES`` bytes when longer, on a character boundary."""
    encoded = slug.encode("utf-8")
    if len(encoded) <= MAX_SEGMENT_BYTES:
        return slug
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    cut = encoded[:MAX_SEGMENT_BYTES - len(digest) - 1].decode("utf-8", "ignore").rstrip("-_")
    return f"{cut}-{digest}"


def segment(name: str, fallback: str) -> str:
    """``name`` as one path segment: normalised and bounded; ``fallback`` when nothing usable is left."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    slug = _SEPARATORS.sub("-", text).strip("-_")
    return bound(slug, name) if slug else fallback
