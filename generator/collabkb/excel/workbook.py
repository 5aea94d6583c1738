"""Opening a workbook someone sent: bounded, and refused with one clear sentence when it is not
an ``.xlsx`` that can be read.

The bytes are read once (at most ``MAX_FILE_BYTES``) and identified by their content, not their
name: an OLE2 compound file is a legacy ``.xls`` or, when it holds an ``EncryptedPackage``
stream, a password-protected workbook; something that is not a ZIP archive is text (a CSV
renamed ``.xlsx``) or unknown; a ZIP archive must hold a workbook part and unpack to at most
``MAX_UNPACKED_BYTES`` (a "zip bomb" is refused before openpyxl inflates it). A sheet longer
than ``MAX_ROWS`` rows is refused after counting its ``<row>`` tags in the unpacked XML, a
stream that stops at the limit, before openpyxl builds a single cell: a 100,000-row sheet is
refused in the time it takes to unpack its first ``MAX_ROWS`` rows.

The workbook is then loaded twice: once with the cached values Excel saved for formulas
(``data_only``) and once with the formulas themselves, so a formula whose value was never
saved (a file written by a script, not by Excel) is told apart from an empty cell.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import Messages

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5_000  # a task sheet longer than this is not one project's plan (docs/excel.md)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class WorkbookError(Exception):
    """The file cannot be used at all (exit 2); the text is translated and names the file."""


@dataclass(frozen=True)
class OpenedSheet:
    """One worksheet, twice: ``values`` (cached formula results) and ``formulas``."""

    name: str
    values: Worksheet
    formulas: Worksheet
    epoch: Any  # the workbook's date system (1900 or 1904), for serial-number dates


def read_bytes(path: Path, msg: Messages) -> bytes:
    """The file's bytes, refusing a folder, a special file or one over ``MAX_FILE_BYTES``."""
    shown = str(path)
    try:
        if not path.is_file():
            raise WorkbookError(msg("xlsx.not_a_file", path=shown))
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WorkbookError(msg("xlsx.too_big", path=shown, size=size, limit=MAX_FILE_BYTES))
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise WorkbookError(msg("xlsx.unreadable", path=shown, reason=error.strerror or error)) from None
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookError(msg("xlsx.too_big", path=shown, size=len(data), limit=MAX_FILE_BYTES))
    return data


def identify(data: bytes, path: Path, msg: Messages) -> None:
    """Refuse anything but an Office Open XML workbook, saying what the file is instead."""
    shown = str(path)
    if data.startswith(_OLE_MAGIC):
        key = "xlsx.encrypted" if _ENCRYPTED_STREAM in data else "xlsx.legacy_xls"
        raise WorkbookError(msg(key, path=shown))
    if not data.startswith(_ZIP_MAGIC):
        key = "xlsx.text" if _looks_like_text(data) else "xlsx.not_xlsx"
        raise WorkbookError(msg(key, path=shown))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise WorkbookError(msg("xlsx.corrupt", path=shown, reason="ZIP")) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
        raise WorkbookError(msg("xlsx.not_xlsx", path=shown))
    if "xl/workbook.bin" in names:
        raise WorkbookError(msg("xlsx.xlsb", path=shown))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise WorkbookError(msg("xlsx.too_big_unpacked", path=shown, limit=MAX_UNPACKED_BYTES))


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    if b"\0" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _load(data: bytes, path: Path, msg: Messages, **options: bool) -> Workbook:
    try:
        return openpyxl.load_workbook(io.BytesIO(data), **options)
    except Exception as error:  # openpyxl raises anything from KeyError to XML parse errors on a broken part
        reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
        raise WorkbookError(msg("xlsx.corrupt", path=str(path), reason=reason)) from None


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_CHUNK = 1 << 16
_NS = {"main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet name → its part in the archive, from ``xl/workbook.xml`` and its relationships."""
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): str(r.get("Target", "")) for r in rels.iter(f"{{{_NS['rel']}}}Relationship")}
    parts = {}
    for sheet in workbook.iter(f"{{{_NS['main']}}}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        parts[str(sheet.get("name"))] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _rows_over(archive: zipfile.ZipFile, part: str, limit: int) -> bool:
    """Whether the worksheet part has more than ``limit`` rows, unpacking only as far as needed.
    A tag is counted in the chunk where it starts; the last bytes wait for the next chunk."""
    count, pending = 0, b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            data = pending + chunk
            cut = max(0, len(data) - 32)
            count += sum(1 for match in _ROW_TAG.finditer(data) if match.start() < cut)
            if count > limit:
                return True
            pending = data[cut:]
    return count + len(_ROW_TAG.findall(pending)) > limit


def choose_sheet(data: bytes, path: Path, wanted: str | None, msg: Messages) -> str:
    """The worksheet to read (``wanted``, else the first), refused when over ``MAX_ROWS`` rows."""
    shown = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _sheet_parts(archive)
            if not parts:
                raise WorkbookError(msg("xlsx.not_xlsx", path=shown))
            name = next(iter(parts)) if wanted is None else wanted
            if name not in parts:
                raise WorkbookError(msg("xlsx.no_sheet", path=shown, sheet=wanted, sheets="、".join(parts)))
            if parts[name] in archive.namelist() and _rows_over(archive, parts[name], MAX_ROWS):
                raise WorkbookError(msg("xlsx.too_many_rows", path=shown, sheet=name, limit=MAX_ROWS))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise WorkbookError(msg("xlsx.corrupt", path=shown, reason=str(error)[:200] or type(error).__name__)) from None
    return name


def open_sheet(path: Path, sheet: str | None, msg: Messages) -> OpenedSheet:
    """The worksheet ``sheet`` (default: the first) of the workbook at ``path``, checked and bounded."""
    data = read_bytes(path, msg)
    identify(data, path, msg)
    name = choose_sheet(data, path, sheet, msg)
    values = _load(data, path, msg, data_only=True)
    formulas = _load(data, path, msg, data_only=False)
    if not isinstance(values[name], Worksheet):  # a chart sheet has no cells
        raise WorkbookError(msg("xlsx.no_cells", path=str(path), sheet=name))
    if values[name].max_row > MAX_ROWS:  # few rows, numbered far apart (<row r="900000">)
        raise WorkbookError(msg("xlsx.too_many_rows", path=str(path), sheet=name, limit=MAX_ROWS))
    return OpenedSheet(name, values[name], formulas[name], values.epoch)
