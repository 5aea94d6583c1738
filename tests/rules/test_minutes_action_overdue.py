"""minutes-action-overdue: an unticked action item in a project document, past its date."""

from __future__ import annotations

from rulekit import CheckRule

DOC = "projects/demo/docs/2026-11-02-周会.md"


def minutes(*items: str) -> dict[str, str]:
    return {DOC: "---\ntitle: 周会\ndate: 2026-11-02\n---\n## 待办事项\n\n" + "".join(f"{i}\n" for i in items)}


def test_open_item_past_its_date_fires_at_the_date(check_rule: CheckRule) -> None:
    found = check_rule("minutes-action-overdue", minutes("- [ ] 王芳 2026-11-13 补充渠道清单"))
    assert [(f.file, f.line, f.column, f.severity.value) for f in found] == [
        (DOC, 7, 10, "warning")]
    assert 'action item "补充渠道清单" (owner 王芳) was due 2026-11-13: 5 days overdue' in found[0].message


def test_ticked_due_today_and_future_items_are_fine(check_rule: CheckRule) -> None:
    items = ("- [x] 王芳 2026-11-01 已完成", "- [X] 李娜 2026-11-01 也完成了", "* [ ] 张伟 2026-11-18 今天到期",
             "- [ ] @和平 2026-11-30 下周")
    assert check_rule("minutes-action-overdue", minutes(*items)) == []


def test_a_department_may_own_an_item_and_plain_checklists_are_not_items(check_rule: CheckRule) -> None:
    found = check_rule("minutes-action-overdue", minutes("- [ ] 研发部 2026-11-10 评估方案", "- [ ] 没有日期的清单项",
                                                         "```", "- [ ] 王芳 2026-11-01 代码块里的示例", "```"))
    assert [(f.line, f.column) for f in found] == [(7, 11)]


def test_severity_is_configurable_and_off_means_silent(check_rule: CheckRule) -> None:
    late = minutes("- [ ] 王芳 2026-11-13 补充渠道清单")
    found = check_rule("minutes-action-overdue", late, config="rules:\n  minutes-action-overdue: error\n")
    assert [f.severity.value for f in found] == ["error"]
    assert check_rule("minutes-action-overdue", late, config="rules:\n  minutes-action-overdue: 'off'\n") == []
