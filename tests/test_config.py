"""Configuration: the ``collabkb`` block of mkdocs.yml → Config, and every mistake in it
as a ConfigError at ``mkdocs.yml:line:col`` in the configured language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabkb.check.config import ConfigError, load_config
from collabkb.check.findings import Severity


def write(tmp_path: Path, text: str | bytes) -> Path:
    (tmp_path / "mkdocs.yml").write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return tmp_path


def block(options: str, language: str = "en") -> str:
    """mkdocs.yml whose collabkb block holds ``language`` and then ``options`` (line 5 on)."""
    indented = "".join(f"      {line}\n" for line in options.splitlines())
    return f"site_name: t\nplugins:\n  - search\n  - collabkb:\n      language: {language}\n{indented}"


def test_defaults_without_a_plugin_block(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "site_name: t\n"))
    assert (config.projects_dir, config.language, config.timezone, config.max_file_size) == ("projects", "zh", "Asia/Shanghai", 1024 * 1024)
    assert config.rules["overdue"].severity is Severity.WARNING and config.rules["schema"].severity is Severity.ERROR


def test_the_plugin_listed_without_options(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "plugins:\n  - collabkb\n")).language == "zh"
    assert load_config(write(tmp_path, "plugins:\n  - collabkb:\n")).language == "zh"


def test_options_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, block(
        "projects_dir: kb/projects/\ntimezone: Europe/Berlin\nholidays: [2026-10-01, '2026-10-02']\n"
        "workdays: [2026-10-10]\nmax_file_size: 2048\nrules:\n  overdue: off\n  lagging: {severity: error, threshold: 20}\n"
        "  reference: warning\n")))
    assert config.projects_dir == "kb/projects" and config.timezone == "Europe/Berlin"
    assert config.holidays == {dt.date(2026, 10, 1), dt.date(2026, 10, 2)} and config.workdays == {dt.date(2026, 10, 10)}
    assert config.max_file_size == 2048
    assert config.rules["overdue"].severity is None  # a bare `off` (YAML 1.1: false) still means off
    assert config.rules["lagging"].severity is Severity.ERROR and config.rules["lagging"].options["threshold"] == 20
    assert config.rules["reference"].severity is Severity.WARNING


def test_mkdocs_tags_and_aliases_elsewhere_are_left_alone(tmp_path: Path) -> None:
    text = ("site_name: !ENV [SITE, t]\nmarkdown_extensions:\n  - pymdownx.superfences:\n"
            "      custom_fences:\n        - name: x\n          format: !!python/name:str\n"
            "extra: &e {a: 1}\nextra_copy: *e\n" + block("", "en").split("\n", 1)[1])
    assert load_config(write(tmp_path, text)).language == "en"


def test_env_tags_resolve_as_mkdocs_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = block("timezone: !ENV [KB_TZ, Europe/Berlin]\nmax_file_size: !ENV KB_SIZE\nholidays: [!ENV KB_HOLIDAY]")
    monkeypatch.delenv("KB_TZ", raising=False)
    monkeypatch.setenv("KB_SIZE", "2048")
    monkeypatch.setenv("KB_HOLIDAY", "2026-10-01")
    config = load_config(write(tmp_path, text))
    assert (config.timezone, config.max_file_size, config.holidays) == ("Europe/Berlin", 2048, {dt.date(2026, 10, 1)})
    monkeypatch.setenv("KB_TZ", "Asia/Tokyo")
    assert load_config(tmp_path).timezone == "Asia/Tokyo"
    monkeypatch.setenv("KB_SIZE", "big")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert raised.value.mark == (7, 22)  # the !ENV tag's position


def test_an_alias_bomb_in_notify_costs_nothing(tmp_path: Path) -> None:
    bomb = "notify:\n  a: &a [x, x, x, x, x, x, x, x]\n"
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        bomb += f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 8) + "]\n"
    config = load_config(write(tmp_path, block(bomb)))
    assert config.notify["j"][0][0] is config.notify["j"][1][0]  # shared, not expanded 8**9 times


def test_a_self_referencing_alias_does_not_recurse_forever(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, block("notify: &n {again: *n}")))
    assert config.notify["again"] is config.notify


# (mkdocs.yml, line, column, a key part of the message)
# Problems found before the language is read (the file itself, the block) are in zh, the default.
BAD = [
    ("option-typo", block("timezon: Asia/Shanghai"), 6, 7, "unknown collabkb option 'timezon'; did you mean 'timezone'?"),
    ("option-unknown", block("colour: red"), 6, 7, "unknown collabkb option 'colour'; allowed: baseline"),
    ("rule-typo", block("rules:\n  overdu: warning"), 7, 9, "unknown rule 'overdu'; did you mean 'overdue'?"),
    ("rule-option-typo", block("rules:\n  lagging: {treshold: 20}"), 7, 19, "unknown option of rule lagging 'treshold'; did you mean 'threshold'?"),
    ("severity-word", block("rules:\n  overdue: warn"), 7, 18, "rules.overdue: 'warn' is not one of error, warning, off; did you mean 'warning'?"),
    ("severity-in-mapping", block("rules:\n  overdue: {severity: fatal}"), 7, 29, "rules.overdue.severity: 'fatal' is not one of"),
    ("option-not-number", block("rules:\n  lagging: {threshold: ten}"), 7, 30, "rules.lagging.threshold must be a number"),
    ("rule-value-list", block("rules:\n  overdue: [warning]"), 7, 18, "rules.overdue must be error, warning, off or a mapping"),
    ("rules-not-mapping", block("rules: [overdue]"), 6, 14, "rules must be a mapping"),
    ("yaml-off", block("rules:\n  yaml: off"), 7, 15, "rules.yaml cannot be turned off"),
    # the language itself is wrong: the message is in the default language, zh
    ("language", block("", "english"), 5, 17, "language：不允许 'english'；可选值为 zh, en"),
    ("timezone", block("timezone: Asia/Beijing"), 6, 17, "unknown time zone 'Asia/Beijing'"),
    ("timezone-folder", block("timezone: Asia"), 6, 17, "unknown time zone 'Asia'"),
    ("holiday-text", block("holidays: [2026-10-01, 国庆]"), 6, 30, "holidays: '国庆' is not a date"),
    ("holiday-not-list", block("holidays: 2026-10-01"), 6, 17, "holidays must be a list of dates"),
    ("max-file-size-text", block("max_file_size: 1 MiB"), 6, 22, "max_file_size must be a positive number of bytes"),
    ("max-file-size-zero", block("max_file_size: 0"), 6, 22, "positive number of bytes"),
    ("projects-dir-up", block("projects_dir: ../other"), 6, 21, "projects_dir '../other' must be a folder inside the knowledge base"),
    ("projects-dir-absolute", block("projects_dir: /etc"), 6, 21, "must be a folder inside the knowledge base"),
    ("block-not-mapping", "plugins:\n  - collabkb: [a]\n", 2, 15, "collabkb 插件的选项必须是映射"),
    ("syntax", "site_name: t\nplugins: [\n", 3, 1, "YAML 语法错误"),
    ("not-mapping", "- a\n- b\n", 1, 1, "mkdocs.yml 顶层必须是映射"),
    ("not-utf8", "site_name: caf\u00e9\n".encode("latin-1"), 1, 1, "不是 UTF-8 编码"),
]


@pytest.mark.parametrize(("text", "line", "column", "says"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_config_errors_carry_file_line_and_column(tmp_path: Path, text: str, line: int, column: int, says: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, text))
    error = raised.value
    assert (error.file, error.mark) == ("mkdocs.yml", (line, column)), str(error)
    assert says in error.message, error.message
    assert str(error).startswith(f"mkdocs.yml:{line}:{column}: ")
    assert "\n" not in str(error)


def test_config_errors_speak_the_configured_language(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, block("timezon: Asia/Shanghai", "zh")))
    assert "未知的 collabkb 选项 'timezon'；是否想写 'timezone'？" in raised.value.message


def test_before_the_language_is_known_messages_are_chinese(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert raised.value.file is None and "mkdocs.yml" in raised.value.message and "没有" in raised.value.message


# Fragments of a collabkb block, right and wrong, put together at random.
FRAGMENTS = ["plugins:", "  - collabkb:", "  - search", "      language: en", "      language: [en]", "      timezone: Asia",
             "      language: !ENV [NOPE, en]", "      timezone: !ENV", "      rules: !ENV [{a: b}]",
             "      rules:", "        overdue: off", "        lagging: {threshold: x}", "        [a]: b", "      holidays:",
             "        - 2026-02-30", "        - !!int x", "      max_file_size: !!float", "      projects_dir: ..",
             "      notify: &n {a: *n}", "      ? [k]", "      : v", "\t", "'", "{", "- x", "      baseline: {projects: [1]}"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12))
def test_any_config_is_a_config_or_a_config_error(tmp_path: Path, lines: list[str]) -> None:
    try:
        load_config(write(tmp_path, "\n".join(lines) + "\n"))
    except ConfigError as error:
        assert error.message and "\n" not in str(error)
