"""Opening a workbook someone sent: bounded, and refused with one clear sentence when it is not
an ``.xlsx`` that can be read.

The bytes are read once (at most ``MAX_FILE_BYTES``) and identified by their content, not their
name: an OLE2 compound file is a legacy ``.xls`` or, when it holds an ``EncryptedPackage``
stream, a password-protected workbook; something that is not a ZIP archive is text (a CSV
renamed ``.xlsx``) or unknown; a ZIP archive must hold a workbook part and unpack to at most
``MAX_UNPACKED_BYTES`` (a "zip bomb" is refused before openpyxl inflates it). A sheet longer
than ``MAX_ROWS`` rows is refused after a streaming count that stops at the limit, so a
100,000-row sheet costs the time of ``MAX_ROWS`` rows, not of the whole sheet.

The workbook is then loaded twice: once with the cached values Excel saved for formulas
(``data_only``) and once with the formulas themselves, so a formula whose value was never
saved (a file written by a script, not by Excel) is told apart from an empty cell.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import Messages

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 10_000  # a task sheet longer than this is not one project's plan
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


def _pick(names: list[str], wanted: str | None, path: Path, msg: Messages) -> str:
    if wanted is None:
        return names[0]
    if wanted in names:
        return wanted
    raise WorkbookError(msg("xlsx.no_sheet", path=str(path), sheet=wanted, sheets="、".join(names)))


def _count_rows(data: bytes, path: Path, sheet: str, msg: Messages) -> None:
    """Refuse a sheet with more than ``MAX_ROWS`` rows, reading at most that many."""
    streamed = _load(data, path, msg, read_only=True)
    try:
        count = 0
        for _ in streamed[sheet].iter_rows(values_only=True):
            count += 1
            if count > MAX_ROWS:
                raise WorkbookError(msg("xlsx.too_many_rows", path=str(path), sheet=sheet, limit=MAX_ROWS))
    except WorkbookError:
        raise
    except Exception as error:
        raise WorkbookError(msg("xlsx.corrupt", path=str(path), reason=str(error)[:200] or type(error).__name__)) from None
    finally:
        streamed.close()


def open_sheet(path: Path, sheet: str | None, msg: Messages) -> OpenedSheet:
    """The worksheet ``sheet`` (default: the first) of the workbook at ``path``, checked and bounded."""
    data = read_bytes(path, msg)
    identify(data, path, msg)
    names = _load(data, path, msg, read_only=True).sheetnames
    name = _pick(names, sheet, path, msg)
    _count_rows(data, path, name, msg)
    values = _load(data, path, msg, data_only=True)
    formulas = _load(data, path, msg, data_only=False)
    if not isinstance(values[name], Worksheet):  # a chart sheet has no cells
        raise WorkbookError(msg("xlsx.no_cells", path=str(path), sheet=name))
    return OpenedSheet(name, values[name], formulas[name], values.epoch)
