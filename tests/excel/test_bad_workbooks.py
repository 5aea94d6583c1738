"""Workbooks that cannot be imported: one clear sentence, exit 2, nothing written, no traceback.

Each file is real: an encrypted workbook made by msoffcrypto-tool (the same OLE2
``EncryptedPackage`` container Excel writes for "Encrypt with Password"), an ``.xls`` written by
xlwt (BIFF8 in OLE2, as Excel 97-2003 saves), a ZIP cut short, a CSV renamed ``.xlsx``, and a
100,000-row sheet written by openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path
from typing import Callable

import openpyxl
import pytest
from click.testing import CliRunner, Result
from excel_kit import TODAY, new_sheet, snapshot

from collabkb.cli import main
from collabkb.excel.workbook import MAX_ROWS

MakeKb = Callable[..., Path]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _valid_bytes() -> bytes:
    book, sheet = new_sheet("任务")
    sheet.append(["任务", "开始日", "截止日"])
    sheet.append(["方案", dt.date(2026, 9, 1), dt.date(2026, 9, 30)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def encrypted(path: Path) -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    with path.open("wb") as out:
        OOXMLFile(io.BytesIO(_valid_bytes())).encrypt("密码123", out)


def legacy_xls(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("任务")
    for column, text in enumerate(["任务", "开始日", "截止日"]):
        sheet.write(0, column, text)
    book.save(str(path))


def truncated(path: Path) -> None:
    data = _valid_bytes()
    path.write_bytes(data[: len(data) // 2])


def renamed_csv(path: Path) -> None:
    path.write_text("任务,开始日,截止日\n方案,2026-09-01,2026-09-30\n", "utf-8")


def zip_without_workbook(path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")


def no_header(path: Path) -> None:
    book, sheet = new_sheet("任务")
    sheet.append(["名称", "日期"])
    sheet.append(["方案", dt.date(2026, 9, 1)])
    book.save(path)


BAD = {
    "encrypted": (encrypted, "密码"),
    "xls": (legacy_xls, ".xls"),
    "corrupt": (truncated, "损坏"),
    "csv-renamed": (renamed_csv, "CSV"),
    "zip-not-a-workbook": (zip_without_workbook, "不是 Excel 工作簿"),
    "no-header": (no_header, "找不到表头"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_workbook_that_cannot_be_used_is_refused_in_one_sentence(kind: str, make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb({"projects/demo/tasks.yaml": None}, language="zh")
    make, expected = BAD[kind]
    source = tmp_path / ("plan.xls" if kind == "xls" else "plan.xlsx")
    make(source)
    before = snapshot(root)
    for extra in ((), ("--dry-run",)):
        result = run("import", str(source), "--project", "demo", *extra, str(root), "--today", TODAY)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("collabkb: "), result.stderr
        assert expected in result.stderr and str(source) in result.stderr
        assert result.stdout == ""
    assert snapshot(root) == before


def test_a_sheet_of_100000_rows_is_refused_before_it_is_loaded(make_kb: MakeKb, tmp_path: Path) -> None:
    root = make_kb({"projects/demo/tasks.yaml": None}, language="en")
    source = tmp_path / "huge.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Tasks")
    sheet.append(["Task", "Start", "Due"])
    for number in range(100_000):
        sheet.append([f"task {number}", "2026-09-01", "2026-09-30"])
    book.save(source)
    before = snapshot(root)
    started = time.perf_counter()
    result = run("import", str(source), "--project", "demo", str(root), "--today", TODAY)
    seconds = time.perf_counter() - started
    assert result.exit_code == 2
    assert f"more than {MAX_ROWS} rows" in result.stderr
    assert snapshot(root) == before
    # Measured here: 0.05 s (the row tags of the first MAX_ROWS rows are counted in the unpacked
    # XML; openpyxl never builds a cell). Loading the sheet instead took 14 s. Generous bound:
    assert seconds < 5, seconds
