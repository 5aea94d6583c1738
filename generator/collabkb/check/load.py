"""Load: bytes → plain data with a 1-based position on every key and list item.

libyaml composes the node graph once (fast, with marks); one walk over the nodes
builds dicts and lists that remember where each key and item was written. The
containers are ordinary ``dict``/``list`` subclasses, so JSON Schema validators
see plain data while later stages can still point at ``file:line:col``.

Everything that makes a file unreadable becomes a ``yaml`` finding, never an
exception: syntax errors, duplicate keys, anchors and aliases, explicit tags,
nesting deeper than ``MAX_DEPTH``, non-UTF-8 bytes, oversized files, an empty
file or a top level that is not a mapping. A UTF-8 byte-order mark is skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .findings import Finding, Severity
from .tree import TooLarge, Tree
from ..i18n import Messages

RULE = "yaml"
DEFAULT_MAX_FILE_SIZE = 1024 * 1024
MAX_DEPTH = 64
# What libyaml (PyYAML >= 6.0.4) says when it refuses deep nesting before our own limit is reached.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_BOM = b"\xef\xbb\xbf"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# A plain ``=`` or ``<<`` as a value is text to the user, whatever YAML 1.1 calls it.
_TEXT_TAGS = frozenset({_STR, "tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"})
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # already the text a date is kept as
# libyaml composes nodes recursively in C: tens of thousands of nested levels overflow
# the C stack (a segfault, not an exception), so such files are measured on events
# first. A flow level costs a ``[`` or ``{``; a block level costs indentation or a
# ``- ``/``? ``/``: `` indicator before the node on its line. A file with fewer flow
# bytes than this and no line indented this far cannot nest deep enough to overflow
# (10,000 levels compose fine); ``MAX_DEPTH`` itself is enforced while building.
_SAFE_NESTING = 2000
_DEEP_INDENT = re.compile(rb"[ \t?:-]{%d}" % (_SAFE_NESTING // 2))
_DEEP_LINE = re.compile(rb"\n" + _DEEP_INDENT.pattern)  # a literal first byte: a fast search
# An anchor or alias can only start a node: at a line start or after a blank or a flow
# indicator, and libyaml only takes [0-9A-Za-z_-] as its name (anything else after & or *
# is a syntax error). Files without such a ``&``/``*`` (Markdown ``**312 起**`` included)
# skip the event scan; a false alarm only costs the exact scan.
_ANCHOR_CHAR = re.compile(rb"[&*][0-9A-Za-z_-]")
_NODE_START_BEFORE = frozenset(b" \t\r\n[{,:?")  # "?" for a flow key written tight: [?*a]


def _may_anchor(content: bytes) -> bool:
    # Two steps: a regex with a leading character class is ~10× faster than one
    # that looks behind, and the few hits are checked here.
    for hit in _ANCHOR_CHAR.finditer(content):
        start = hit.start()
        if start == 0 or content[start - 1] in _NODE_START_BEFORE:
            return True
    return False


_MAX_SIMPLE_KEY = 1024  # libyaml's limit on the length of a plain key
_FULLWIDTH_COLON = "\uff1a"  # ：, typed by Chinese input methods

# The scalar constructors only read ``node.value``; one instance serves every file.
_constructor = SafeConstructor()

# Tags of short plain scalars (dates, enums, ids, names), shared by every file: they
# repeat endlessly, and YAML 1.1 resolution is a list of regexes per scalar.
_PLAIN_TAGS: dict[str, str] = {}
_PLAIN_TAGS_MAX = 100_000  # a long-running ``mkdocs serve`` must not grow without bound


class _Loader(yaml.CSafeLoader):
    """``CSafeLoader`` with memoised implicit tags and no path-resolver bookkeeping
    (none is registered): about a third off composing, same tags."""

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and len(value) <= 32:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_MAX:
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


Mark = tuple[int, int]  # (line, column), both 1-based


class YamlMap(dict):
    """A mapping that knows where it and each of its keys were written.

    ``raw`` holds the source text of plain scalars YAML 1.1 retyped (``17:00`` →
    1020, ``no`` → False), so a schema error can say "quote it: "17:00"".
    """

    __slots__ = ("mark", "key_marks", "raw")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.raw: dict[str, str] | None = None

    def key_mark(self, key: str) -> Mark:
        return self.key_marks.get(key, self.mark)

    def remove(self, key: str) -> None:
        """Drop a key with its position (the value is set aside for a schema error)."""
        self.pop(key, None)
        self.key_marks.pop(key, None)
        if self.raw:
            self.raw.pop(key, None)


class YamlSeq(list):
    """A sequence that knows where it and each of its items were written."""

    __slots__ = ("mark", "item_marks", "raw")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.item_marks: list[Mark] = []
        self.raw: dict[int, str] | None = None

    def key_mark(self, index: int) -> Mark:
        return self.item_marks[index] if 0 <= index < len(self.item_marks) else self.mark

    def remove(self, index: int) -> None:
        """Drop an item with its position; later items move up by one."""
        del self[index]
        del self.item_marks[index]
        if self.raw:
            self.raw = {i - (i > index): text for i, text in self.raw.items() if i != index}


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One YAML file: its data (``None`` when unreadable) and its ``yaml`` findings."""

    path: str  # relative to the knowledge-base root, POSIX separators
    data: YamlMap | None
    findings: tuple[Finding, ...]


def position_of(data: Any, path: tuple[Any, ...]) -> Mark:
    """The mark of the deepest key or item on ``path`` that exists in ``data``."""
    mark: Mark = getattr(data, "mark", (1, 1))
    node = data
    for step in path:
        if isinstance(node, YamlMap) and isinstance(step, str) and step in node:
            mark = node.key_mark(step)
        elif isinstance(node, YamlSeq) and isinstance(step, int) and 0 <= step < len(node):
            mark = node.key_mark(step)
        else:
            break
        node = node[step]
    return mark


def raw_text_at(data: Any, path: tuple[Any, ...]) -> str | None:
    """The source text of a retyped plain scalar at ``path``, if YAML retyped it."""
    if not path:
        return None
    node = data
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    raw = getattr(node, "raw", None)
    return raw.get(path[-1]) if raw else None


class _Reject(Exception):
    """Raised inside the walk; becomes one ``yaml`` finding."""

    def __init__(self, mark: Mark, message_key: str, **values: Any) -> None:
        super().__init__(message_key)
        self.mark = mark
        self.message_key = message_key
        self.values = values


def _mark(node: Node) -> Mark:
    start = node.start_mark
    return (start.line + 1, start.column + 1)


def _scalar(node: ScalarNode) -> tuple[Any, bool]:
    """The Python value of a scalar and whether YAML changed what the user typed."""
    tag = node.tag
    if tag in _TEXT_TAGS:
        return node.value, False
    if tag == _NULL:
        return None, False
    try:
        return _typed(node)
    except (ValueError, LookupError, AttributeError, OverflowError, TypeError):
        # An explicit tag on a value that is not of that type (``!!bool maybe``,
        # ``!!int x``), or an integer too long for Python (over 4,300 digits).
        raise _Reject(_mark(node), "yaml.bad_value", value=node.value[:40], tag=tag.rsplit(":", 1)[-1]) from None


def _typed(node: ScalarNode) -> tuple[Any, bool]:
    tag = node.tag
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node), True
    if tag == _INT:
        number: int = _constructor.construct_yaml_int(node)
        return number, str(number) != node.value
    if tag == _FLOAT:
        real: float = _constructor.construct_yaml_float(node)
        return real, repr(real) != node.value
    if tag == _TIMESTAMP:
        # Dates stay text (ISO, zero-padded) so every stage sees one type;
        # an impossible date such as 2026-02-30 stays as written for the schema to reject.
        if _ISO_DAY.fullmatch(node.value):  # either way the text as written: no date to build
            return node.value, False
        if not _constructor.timestamp_regexp.match(node.value):
            raise ValueError(node.value)
        try:
            when: dt.date = _constructor.construct_yaml_timestamp(node)
        except ValueError:
            return node.value, False
        if isinstance(when, dt.datetime):
            return node.value, False
        return when.isoformat(), False
    raise _Reject(_mark(node), "yaml.tag", tag=tag)


def scalar_value(node: ScalarNode) -> Any:
    """The value of one scalar node as the loader types it; ``ValueError`` for a foreign tag."""
    try:
        return _scalar(node)[0]
    except _Reject as rejected:
        raise ValueError(rejected.message_key) from None


def _build(node: Node, depth: int = 0) -> Any:
    """Plain data with marks; ``_scan_events`` has ruled out nesting deep enough to hurt."""
    if depth >= MAX_DEPTH:  # the root is level 1, as in the event scan
        raise _Reject(_mark(node), "yaml.too_deep", limit=MAX_DEPTH)
    if isinstance(node, ScalarNode):
        return _scalar(node)[0]
    if isinstance(node, MappingNode):
        if node.tag != _MAP:
            raise _Reject(_mark(node), "yaml.tag", tag=node.tag)
        mapping = YamlMap(_mark(node))
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise _Reject(_mark(key_node), "yaml.complex_key")
            key = key_node.value
            if key in mapping:
                first = mapping.key_marks[key]
                raise _Reject(_mark(key_node), "yaml.duplicate_key", key=key, line=first[0])
            mapping.key_marks[key] = _mark(key_node)
            if isinstance(value_node, ScalarNode):
                value, retyped = _scalar(value_node)
                if retyped:
                    if mapping.raw is None:
                        mapping.raw = {}
                    mapping.raw[key] = value_node.value
            else:
                value = _build(value_node, depth + 1)
            mapping[key] = value
        return mapping
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ:
            raise _Reject(_mark(node), "yaml.tag", tag=node.tag)
        sequence = YamlSeq(_mark(node))
        for index, item_node in enumerate(node.value):
            sequence.item_marks.append(_mark(item_node))
            if isinstance(item_node, ScalarNode):
                value, retyped = _scalar(item_node)
                if retyped:
                    if sequence.raw is None:
                        sequence.raw = {}
                    sequence.raw[index] = item_node.value
            else:
                value = _build(item_node, depth + 1)
            sequence.append(value)
        return sequence
    raise _Reject(_mark(node), "yaml.syntax", problem=type(node).__name__, hint="")


def _scan_events(content: bytes) -> _Reject | None:
    """Refuse anchors/aliases (alias bombs) and deep nesting before composing nodes.

    ``&``, ``*`` and the nesting bytes are ASCII, so they never occur inside a
    multi-byte UTF-8 sequence; files where no anchor can start and that cannot nest
    deep enough to overflow the C stack (nearly all) skip this event scan, which
    costs about half as much as composing.
    """
    may_anchor = _may_anchor(content)
    may_nest = (content.count(b"[") + content.count(b"{") > _SAFE_NESTING
                or _DEEP_INDENT.match(content) is not None or _DEEP_LINE.search(content) is not None)
    if not (may_anchor or may_nest):
        return None
    depth = 0
    for event in yaml.parse(content, Loader=yaml.CSafeLoader):
        start = event.start_mark
        mark = (start.line + 1, start.column + 1) if start is not None else (1, 1)
        if getattr(event, "anchor", None) is not None:
            return _Reject(mark, "yaml.anchor")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return _Reject(mark, "yaml.too_deep", limit=MAX_DEPTH)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _too_deep_mark(content: bytes, error: yaml.YAMLError) -> Mark:
    """Where nesting passed ``MAX_DEPTH``, when libyaml refused the file first.

    libyaml from PyYAML 6.0.4 on stops at about 1,000 levels itself, and its scanner reads
    ahead, so the event scan never sees level ``MAX_DEPTH + 1``. The text before libyaml's
    stop holds that level: the pure-Python parser (no limit of its own, a bounded
    look-ahead) finds it there, so the finding is the same whichever layer refused first.
    """
    stop = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if stop is None:
        return 1, 1
    lines = content.split(b"\n")
    line = lines[stop.line] if stop.line < len(lines) else b""
    offset = sum(len(text) + 1 for text in lines[: stop.line]) + len(line.decode("utf-8", "replace")[: stop.column].encode())
    depth = 0
    try:
        for event in yaml.parse(content[:offset], Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                start = event.start_mark or stop
                if depth > MAX_DEPTH:
                    return start.line + 1, start.column + 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # the cut text ends mid-document: only the levels before the cut matter
    return stop.line + 1, stop.column + 1


def _utf8_error(content: bytes, error: UnicodeDecodeError) -> tuple[Mark, str]:
    offset = error.start
    # Judge by the offending run of non-ASCII bytes, not the whole file: a file
    # edited in two editors can be UTF-8 everywhere but one line.
    end = offset
    while end < len(content) and content[end] >= 0x80:
        end += 1
    try:
        decoded = content[offset:end].decode("gb18030")
        chinese = all("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in decoded)
    except UnicodeDecodeError:
        chinese = False
    return _position(content, offset), "GBK/GB18030" if chinese else "Latin-1/Windows-1252"


def encoding_problem(content: bytes) -> tuple[Mark, str, str] | None:
    """Where ``content`` stops being UTF-8, the byte there and the encoding it looks like; ``None`` if it is UTF-8."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        mark, guess = _utf8_error(content, error)
        return mark, f"0x{content[error.start]:02X}", guess
    return None


def _position(content: bytes, offset: int) -> Mark:
    """The 1-based line and column (in characters, as editors count) of a byte offset."""
    offset = max(0, min(offset, len(content)))
    line_start = content.rfind(b"\n", 0, offset) + 1
    return content.count(b"\n", 0, offset) + 1, len(content[line_start:offset].decode("utf-8", "replace")) + 1


def _fullwidth_hint(lines: list[str], msg: Messages) -> str:
    """A hint when one of ``lines`` holds a full-width colon where a key should end."""
    for text in lines:
        if _FULLWIDTH_COLON in text:
            return msg("yaml.fullwidth_colon", line=text.strip()[:40])
    return ""


def _syntax_error(error: yaml.YAMLError, content: bytes, msg: Messages) -> tuple[Mark, str, str]:
    """Where libyaml stopped, its problem, and a hint when the cause is a known trap."""
    if isinstance(error, yaml.reader.ReaderError):  # a control character; ``position`` is a byte offset
        return _position(content, error.position), f"#x{error.character:04x}: {error.reason}", ""
    problem_mark = getattr(error, "problem_mark", None)
    context_mark = getattr(error, "context_mark", None)
    mark = problem_mark or context_mark
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return (1, 1), problem, ""
    where = (mark.line + 1, mark.column + 1)
    lines = content.split(b"\n")
    line = lines[mark.line].decode("utf-8", "replace") if mark.line < len(lines) else ""
    hint = ""
    if "\t" in line[: mark.column + 1]:
        hint = msg("yaml.tab_hint")
    elif len(line) > _MAX_SIMPLE_KEY and "expected ':'" in problem:
        hint = msg("yaml.long_key_hint", limit=_MAX_SIMPLE_KEY)
    else:
        # Chinese input methods type a full-width colon; libyaml trips over it a line later.
        nearby = [lines[i].decode("utf-8", "replace") for i in (mark.line - 1, mark.line) if 0 <= i < len(lines)]
        hint = _fullwidth_hint(nearby, msg)
    context = getattr(error, "context", None)
    opened = context and ("quoted" in context or "flow" in context)
    if opened and context_mark is not None and problem_mark is not None and context_mark.line != problem_mark.line:
        # An unclosed quote or bracket: libyaml notices at the end, the opening is where to look.
        hint += msg("yaml.context", context=context, line=context_mark.line + 1, column=context_mark.column + 1)
    return where, problem, hint


def parse(content: bytes, path: str, msg: Messages, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedFile:
    """Parse one file's bytes; never raises for any input."""

    def reject(mark: Mark, message_key: str, **values: Any) -> LoadedFile:
        finding = Finding(path, mark[0], RULE, mark[1], Severity.ERROR, None, None, msg(message_key, **values))
        return LoadedFile(path, None, (finding,))

    if len(content) > max_size:
        return reject((1, 1), "yaml.too_large", size=len(content), limit=max_size)
    if content.startswith(_BOM):
        content = content[len(_BOM):]
    wrong = encoding_problem(content)  # libyaml would decode too, but could not say where or what encoding
    if wrong is not None:
        return reject(wrong[0], "yaml.encoding", byte=wrong[1], guess=wrong[2])
    try:
        refused = _scan_events(content)
        if refused is not None:
            return reject(refused.mark, refused.message_key, **refused.values)
        root = yaml.compose(content, Loader=_Loader)
    except yaml.YAMLError as error:
        if getattr(error, "problem", None) == _LIBYAML_TOO_DEEP:
            return reject(_too_deep_mark(content, error), "yaml.too_deep", limit=MAX_DEPTH)
        mark, problem, hint = _syntax_error(error, content, msg)
        return reject(mark, "yaml.syntax", problem=problem, hint=hint)
    if root is None:
        return reject((1, 1), "yaml.empty")
    if not isinstance(root, MappingNode):
        kind = "list" if isinstance(root, SequenceNode) else "scalar"
        hint = _fullwidth_hint([root.value], msg) if isinstance(root, ScalarNode) else ""
        return reject(_mark(root), "yaml.not_mapping", found=msg(f"yaml.kind.{kind}"), hint=hint)
    try:
        data = _build(root)
    except _Reject as rejected:
        key = rejected.message_key
        if key == "yaml.bad_value" and not _written_at(content, rejected.mark).startswith("!"):
            key = "yaml.bad_plain"  # YAML typed a plain value itself (a 5,000-digit number): no tag to remove
        return reject(rejected.mark, key, **rejected.values)
    return LoadedFile(path, data, ())


def _written_at(content: bytes, mark: Mark) -> str:
    """The source text from a 1-based (line, column) to the end of that line."""
    lines = content.split(b"\n", mark[0])
    return lines[mark[0] - 1].decode("utf-8", "replace")[mark[1] - 1:] if len(lines) >= mark[0] else ""


def read_bytes(tree: Tree, path: str, msg: Messages, max_size: int) -> bytes | Finding:
    """The bytes of file ``path`` of ``tree``, or the finding saying why not (the size is
    checked before reading, so a huge file never reaches memory); YAML files and documents alike."""
    try:
        return tree.read(path, max_size)
    except TooLarge as error:
        return Finding(path, 1, RULE, 1, Severity.ERROR, None, None, msg("yaml.too_large", size=error.size, limit=max_size))
    except OSError as error:
        return Finding(path, 1, RULE, 1, Severity.ERROR, None, None,
                       msg("yaml.unreadable", reason=error.strerror or str(error)))


def load_file(tree: Tree, path: str, msg: Messages, max_size: int = DEFAULT_MAX_FILE_SIZE) -> LoadedFile:
    """Read and parse file ``path`` of ``tree``; an unreadable or oversized file is a finding too."""
    content = read_bytes(tree, path, msg, max_size)
    if isinstance(content, Finding):
        return LoadedFile(path, None, (content,))
    return parse(content, path, msg, max_size)
