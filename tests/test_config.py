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


def _bomb(key: str) -> str:
    """``key: *j``, where j holds 8**9 items through aliases."""
    bomb = "extra:\n  a: &a [x, x, x, x, x, x, x, x]\n"
    for name, previous in zip("bcdefghij", "abcdefghi", strict=True):
        bomb += f"  {name}: &{name} [" + ", ".join([f"*{previous}"] * 8) + "]\n"
    return bomb + block(key)


@pytest.mark.parametrize(("key", "says"), [("notify: {retries: *j}", "notify.retries must be a number"),
                                           ("people: {slugs: {张伟: *j}}", "people.slugs gives '张伟' the slug"),
                                           ("notify: {channels: {g: *j}}", "notify.channels.g must be a mapping")])
def test_an_alias_bomb_in_notify_or_people_costs_nothing(tmp_path: Path, key: str, says: str) -> None:
    with pytest.raises(ConfigError) as raised:  # refused with a short message, not expanded 8**9 times
        load_config(write(tmp_path, _bomb(key)))
    assert says in raised.value.message and len(raised.value.message) < 400


def test_a_self_referencing_alias_does_not_recurse_forever(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(write(tmp_path, block("notify: &n {again: *n}")))
    assert "unknown setting notify.again" in raised.value.message


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


# Every key is checked on reading (notify and people too); numbers must be sane.
BAD += [
    ("threshold-negative", block("rules:\n  lagging: {threshold: -5}"), 7, 30, "rules.lagging.threshold must be a number from 0 to 100 (it is '-5')"),
    ("threshold-nan", block("rules:\n  lagging: {threshold: .nan}"), 7, 30, "from 0 to 100"),
    ("threshold-huge", block("rules:\n  lagging: {threshold: 1e9}"), 7, 30, "from 0 to 100"),
    ("days-fraction", block("rules:\n  stale: {days: 2.5}"), 7, 23, "rules.stale.days must be a whole number from 0 to 365"),
    ("days-boolean", block("rules:\n  stale: {days: yes}"), 7, 23, "rules.stale.days must be a whole number"),
    ("max-in-progress-zero", block("rules:\n  overloaded: {max_in_progress: 0}"), 7, 39, "from 1 to 1000"),
    ("max-file-size-huge", block("max_file_size: 99999999999999"), 6, 22, "positive number of bytes"),
    ("notify-key", block("notify:\n  retry: 3"), 7, 9, "unknown setting notify.retry; did you mean 'retries'?"),
    ("notify-retries-nan", block("notify:\n  retries: .nan"), 7, 9, "notify.retries must be a number from 0 to 10"),
    ("notify-platform", block("notify:\n  channels:\n    g: {platform: dingding, webhook_env: W}"), 8, 15,
     "notify.channels.g.platform is 'dingding', not one of dingtalk, wecom, feishu; did you mean 'dingtalk'?"),
    ("notify-channel-key", block("notify:\n  channels:\n    g: {platform: wecom, webhook: W}"), 8, 32,
     "unknown setting notify.channels.g.webhook; did you mean 'webhook_env'?"),
    ("people-key", block("people:\n  slug: {张伟: zw}"), 7, 9, "people must be {slugs: {name: slug}, feishu: {name: Feishu id}} (the problem is at 'slug')"),
    ("people-bad-slug", block("people:\n  slugs: {张伟: Zhang Wei}"), 7, 17, "people.slugs gives '张伟' the slug 'Zhang Wei'"),
    ("people-same-slug", block("people:\n  slugs: {张伟: zw, 赵薇: zw}"), 7, 25, "to both '张伟' and '赵薇'"),
    # a list or mapping where one value belongs is quoted as written, never as a parser object
    ("holiday-mapping", block("holidays: [{国庆: 2026-10-01}]"), 6, 18, "holidays: '{国庆: 2026-10-01}' is not a date"),
    ("holiday-nested", block("holidays: [[2026-10-01]]"), 6, 18, "holidays: '[2026-10-01]' is not a date"),
    ("holiday-deep", block("holidays: [" + "[" * 50 + "x" + "]" * 51), 6, 18, "holidays: '[[[[…]]]]' is not a date"),
    ("threshold-list", block("rules:\n  lagging: {threshold: [20]}"), 7, 30, "(it is '[20]')"),
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


# ---- every key checked on reading; sane numbers; the file MkDocs was given; INHERIT ---------



def test_sane_numbers_are_read(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, block("rules:\n  lagging: {threshold: 12.5}\n  stale: {days: 0}\n"
                                               "notify:\n  retries: 0\n  backoff: 0.5\n")))
    assert config.rules["lagging"].options["threshold"] == 12.5 and config.rules["stale"].options["days"] == 0


def test_a_did_you_mean_never_offers_the_key_back(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:  # a channel key in the wrong place: the suggestion must differ
        load_config(write(tmp_path, block("notify:\n  channels:\n    g: {platform: wecom, webhook_env: W, webhook_envs: X}")))
    assert "did you mean 'webhook_env'" in raised.value.message and "did you mean 'webhook_envs'" not in raised.value.message


def test_the_config_file_mkdocs_was_given_is_read(tmp_path: Path) -> None:
    write(tmp_path, block("timezone: Asia/Shanghai"))
    (tmp_path / "site-en.yml").write_text(block("timezone: Europe/Berlin", "en"), "utf-8")
    assert load_config(tmp_path, tmp_path / "site-en.yml").language == "en"
    assert load_config(tmp_path, tmp_path / "site-en.yml").timezone == "Europe/Berlin"
    assert load_config(tmp_path).timezone == "Asia/Shanghai"
    (tmp_path / "site-en.yml").write_text(block("rules:\n  overdue: warn", "en"), "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path, tmp_path / "site-en.yml")
    assert str(raised.value).startswith("site-en.yml:7:18: ")


def test_inherit_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "common.yml").write_text("site_url: https://kb.example/\n" + block("timezone: Europe/Berlin", "en")[len("site_name: t\n"):], "utf-8")
    write(tmp_path, "INHERIT: base/common.yml\nsite_name: t\n")
    config = load_config(tmp_path)
    assert (config.language, config.timezone, config.site_url) == ("en", "Europe/Berlin", "https://kb.example/")
    # The inheriting file's plugins replace the inherited list (MkDocs merges; lists are replaced).
    write(tmp_path, "INHERIT: base/common.yml\n" + block("language: zh"))
    assert load_config(tmp_path).timezone == "Asia/Shanghai"
    # A problem in the inherited file is reported there.
    (tmp_path / "base" / "common.yml").write_text(block("rules:\n  overdu: warning", "en"), "utf-8")
    write(tmp_path, "INHERIT: base/common.yml\nsite_name: t\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert str(raised.value).startswith("base/common.yml:7:9: ")


# Found before any language is read: in zh, the default.
@pytest.mark.parametrize(("inherit", "says"), [("missing.yml", "INHERIT 指向的 'missing.yml' 不存在"),
                                               ("mkdocs.yml", "INHERIT 形成循环")])
def test_a_bad_inherit_is_located(tmp_path: Path, inherit: str, says: str) -> None:
    write(tmp_path, block("", "en") + f"INHERIT: {inherit}\n")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert says in raised.value.message and raised.value.file == "mkdocs.yml" and raised.value.mark is not None
