"""Workbooks for the Excel tests, written by openpyxl (and, for the WPS/Excel style, edited as a ZIP).

openpyxl writes every string inline (``t="inlineStr"``) and formulas without a saved result.
Excel and WPS write strings once into a shared-strings table (``xl/sharedStrings.xml``,
cells ``t="s"`` holding an index) and save each formula's last result in ``<v>``.
``excel_style`` turns an openpyxl file into that shape by editing the parts in the ZIP:
it moves the inline strings into a shared-strings table (with its content type and
workbook relationship), writes the given cached values into formula cells and names
"WPS 表格" as the application in ``docProps/app.xml``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Mapping

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

TODAY = "2026-09-15"
DATE_CN = 'yyyy"年"m"月"d"日"'  # the date format WPS picks for a Chinese locale
_INLINE = re.compile(r'<c ([^>]*?)t="inlineStr"([^>]*)><is><t(?: [^>]*)?>(.*?)</t></is></c>', re.DOTALL)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def new_sheet(title: str = "Sheet1") -> tuple[openpyxl.Workbook, Worksheet]:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    return book, sheet


def excel_style(path: Path, cached: Mapping[str, str] = {}) -> None:
    """Rewrite the openpyxl file at ``path`` as Excel/WPS save it (see the module docstring);
    ``cached`` maps a formula cell (``"H6"``) of the first sheet to its saved value."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings: list[str] = []

    def shared(match: re.Match[str]) -> str:
        strings.append(match[3])
        return f'<c {match[1]}t="s"{match[2]}><v>{len(strings) - 1}</v></c>'

    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        xml = _INLINE.sub(shared, parts[name].decode("utf-8"))
        if name == "xl/worksheets/sheet1.xml":
            for cell, value in cached.items():
                xml, count = re.subn(rf'(<c r="{cell}"[^>]*>(<f>.*?</f>))<v\s*/>', rf"\1<v>{value}</v>", xml)
                assert count == 1, f"no formula cell {cell}"
        parts[name] = xml.encode("utf-8")
    items = "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode("utf-8")
    types = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/></Types>').encode("utf-8")
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdSst" Type="{_SST_REL}" Target="sharedStrings.xml"/></Relationships>'
    ).encode("utf-8")
    app = parts["docProps/app.xml"].decode("utf-8")
    parts["docProps/app.xml"] = re.sub(r"<Application>.*?</Application>", "<Application>WPS 表格</Application>", app).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes: compare before and after to prove nothing was written."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
