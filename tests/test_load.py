"""The loader: bytes → plain data with positions, and ``yaml`` findings for what cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

from collabkb.check.tree import DiskTree
from collabkb.i18n import Messages
from collabkb.check.load import YamlMap, YamlSeq, load_file, parse, position_of, raw_text_at

MSG = Messages("en")


def data_of(text: str | bytes) -> YamlMap:
    loaded = parse(text.encode("utf-8") if isinstance(text, str) else text, "x.yaml", MSG)
    assert loaded.findings == (), loaded.findings
    assert loaded.data is not None
    return loaded.data


def test_keys_and_items_carry_their_positions() -> None:
    data = data_of("name: 年会\nteam:\n  - department: 行政部\n    members: [刘敏, 陈晨]\n")
    assert data.mark == (1, 1)
    assert data.key_marks == {"name": (1, 1), "team": (2, 1)}
    team = data["team"]
    assert isinstance(team, YamlSeq) and team.item_marks == [(3, 5)]
    assert team[0].key_marks == {"department": (3, 5), "members": (4, 5)}
    assert team[0]["members"].item_marks == [(4, 15), (4, 19)]


def test_columns_count_characters_not_bytes() -> None:
    data = data_of("标题: 方案\n备注: {负责: 李娜}\n")
    assert data["备注"].key_marks["负责"] == (2, 6)


def test_position_of_falls_back_to_the_deepest_existing_step() -> None:
    data = data_of("tasks:\n  - id: T1\n    title: x\n")
    assert position_of(data, ("tasks", 0, "title")) == (3, 5)
    assert position_of(data, ("tasks", 0, "owner")) == (2, 5)  # missing key → its mapping's item
    assert position_of(data, ("tasks", 5)) == (1, 1)
    assert position_of(data, ()) == (1, 1)


def test_a_bom_is_skipped_and_positions_stay_as_the_editor_shows() -> None:
    data = data_of(b"\xef\xbb\xbfname: x\ndue: 2026-09-30\n")
    assert data == {"name": "x", "due": "2026-09-30"}
    assert data.key_marks["name"] == (1, 1)


def test_crlf_line_endings_read_like_lf() -> None:
    data = data_of(b"name: x\r\ntasks:\r\n  - id: T1\r\n")
    assert data["tasks"][0].key_marks["id"] == (3, 5)


@pytest.mark.parametrize(("written", "value"), [
    ("2026-09-30", "2026-09-30"),          # a YAML date → ISO text
    ("'2026-09-30'", "2026-09-30"),        # a quoted date is the same text
    ("2026-02-30", "2026-02-30"),          # impossible: kept as written for the schema to reject
    ("2026-09-30 18:00", "2026-09-30 18:00"),  # a timestamp is not a date: kept as written
    ("2026-9-1", "2026-9-1"),              # not zero-padded: YAML leaves it text
])
def test_dates_become_iso_text_or_stay_as_written(written: str, value: str) -> None:
    assert data_of(f"due: {written}\n")["due"] == value


@pytest.mark.parametrize(("written", "value", "raw"), [
    ("17:00", 1020, "17:00"),   # sexagesimal
    ("no", False, "no"),
    ("on", True, "on"),
    ("0777", 511, "0777"),      # octal
    ("1_000", 1000, "1_000"),
    ("60", 60, None),           # an ordinary number: nothing to report
    ("true", True, "true"),     # a boolean is always worth a quote hint where text is expected
    ('"17:00"', "17:00", None),
])
def test_yaml_11_retyping_remembers_what_was_written(written: str, value: object, raw: str | None) -> None:
    data = data_of(f"daily_update: {written}\nlist: [{written}]\n")
    assert data["daily_update"] == value
    assert raw_text_at(data, ("daily_update",)) == raw
    assert raw_text_at(data, ("list", 0)) == raw


def test_equals_and_merge_signs_are_text() -> None:
    assert data_of("a: =\nb: <<\n") == {"a": "=", "b": "<<"}


def test_keys_are_the_text_written() -> None:
    # PyYAML would turn these keys into True, 1 and None; the loader keeps the text.
    assert list(data_of("on: 1\n1: 2\n~: 3\n")) == ["on", "1", "~"]


def test_remove_keeps_marks_and_raw_text_aligned() -> None:
    data = data_of("a: x\nb: no\nlist: [x, no, 17:00]\n")
    data.remove("b")
    assert "b" not in data and "b" not in data.key_marks and raw_text_at(data, ("b",)) is None
    items = data["list"]
    items.remove(0)
    assert items == [False, 1020]
    assert items.item_marks == [(3, 11), (3, 15)]
    assert raw_text_at(data, ("list", 0)) == "no" and raw_text_at(data, ("list", 1)) == "17:00"


@pytest.mark.parametrize(("content", "position", "says"), [
    (b"a: [1,\n", (2, 1), "YAML syntax error"),
    (b"a: 1\na: 2\n", (2, 1), "duplicate key 'a' (first written on line 1)"),
    (b"a: &x 1\nb: *x\n", (1, 4), "anchors and aliases"),
    (b"a: [?*x]\n", (1, 6), "anchors and aliases"),  # a tight flow key: found by the anchor-gate property
    (b"a: !!set {x}\n", (1, 4), "explicit tag"),
    (b"? [a, b]\n: c\n", (1, 3), "a key must be plain text"),
    (b"[1, 2]\n", (1, 1), "found a list"),
    (b"", (1, 1), "file is empty"),
    (b"\xef\xbb\xbf", (1, 1), "file is empty"),
    ("a: 标题\x01\n".encode(), (1, 6), "#x0001"),
    ("a: 标题\n".encode("gb18030"), (1, 4), "looks like GBK"),
    (b"a: caf\xe9\n", (1, 7), "looks like Latin-1"),
    (b"a: !!bool maybe\n", (1, 4), "'maybe' cannot be read as bool"),
    (b"a: [!!int x]\n", (1, 5), "'x' cannot be read as int"),
    (b"a: !!float x\n", (1, 4), "cannot be read as float"),
    (b"a: !!timestamp soon\n", (1, 4), "cannot be read as timestamp"),
    (b"a: !!float\n", (1, 4), "'' cannot be read as float"),  # found by the line-soup property test
    (b"a: " + b"9" * 5000 + b"\n", (1, 4), "looks like int to YAML but cannot be read as one: quote it"),
])
def test_unreadable_input_is_one_finding_at_its_position(content: bytes, position: tuple[int, int], says: str) -> None:
    loaded = parse(content, "x.yaml", MSG)
    assert loaded.data is None
    (finding,) = loaded.findings
    assert (finding.line, finding.column) == position
    assert finding.rule == "yaml" and finding.file == "x.yaml"
    assert says in finding.message


def test_messages_follow_the_language() -> None:
    (finding,) = parse(b"", "x.yaml", Messages("zh")).findings
    assert "文件为空" in finding.message


def test_nesting_deeper_than_the_limit_is_refused_not_a_crash() -> None:
    # 100,000 levels overflow libyaml's C stack (a segfault) if composed: refused first.
    (finding,) = parse(b"a: " + b"[" * 100_000 + b"]" * 100_000, "x.yaml", MSG).findings
    assert "nested more than 64" in finding.message
    (finding,) = parse(b"a:\n" + b"- " * 70 + b"x\n", "x.yaml", MSG).findings
    assert "nested more than 64" in finding.message
    assert parse(b"a:\n" + b"- " * 60 + b"x\n", "x.yaml", MSG).findings == ()


def test_an_oversized_file_is_never_read(tmp_path: Path) -> None:
    huge = tmp_path / "tasks.yaml"
    with huge.open("wb") as out:  # sparse: 8 GiB on paper, nothing on disk
        out.truncate(8 * 1024**3)
    loaded = load_file(DiskTree(tmp_path), "tasks.yaml", MSG, max_size=1024)
    (finding,) = loaded.findings
    assert "8589934592 bytes, over the limit of 1024" in finding.message


def test_a_file_that_cannot_be_read_is_a_finding(tmp_path: Path) -> None:
    folder = tmp_path / "tasks.yaml"
    folder.mkdir()
    (finding,) = load_file(DiskTree(tmp_path), "tasks.yaml", MSG).findings
    assert finding.rule == "yaml" and "cannot read the file" in finding.message
    missing = load_file(DiskTree(tmp_path), "gone.yaml", MSG)
    assert missing.data is None and "cannot read the file" in missing.findings[0].message


def test_parse_is_pure() -> None:
    """The same bytes give the same result every time: no state leaks between files."""
    content = "tasks:\n  - id: T1\n    due: 17:00\n".encode()
    assert parse(content, "a.yaml", MSG) == parse(content, "a.yaml", MSG)
