"""items.xlsx for people who live in Excel: one sheet per table, Japanese headers and
values (severity, check and change names from the message catalog), frozen header row,
auto-filter, sensible widths, wrapped long text with row heights to match, a Japanese font,
and print settings that give a readable A4 printout: landscape, one page wide, the header
row on every page. Every text cell is written as text: a direction starting with `=`, `+`,
`-` or `@` never becomes a formula.

XlsxWriter streams the workbook (several times faster than building it with openpyxl) and
writes strings as strings when told to (strings_to_formulas and friends off)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import xlsxwriter
from wcwidth import wcswidth

from hotplan import columns as c
from hotplan.messages import label, language, t

WRAP_COLUMNS = {"direction", "direction_raw", "old", "new", "message", "departments_raw"}
MAX_WIDTH, WRAP_WIDTH = 40, 70  # in Excel's character units (half-width characters)
# 游ゴシック ships with Windows 8.1+, Office and macOS; charset 128 (Shift_JIS) tells Excel
# and LibreOffice it is a Japanese font, so a machine without it substitutes a Japanese one.
FONT = {"font_name": "游ゴシック", "font_size": 10, "font_charset": 128}
LINE_HEIGHT = 15.0  # points per wrapped line at 10 pt
MAX_ROW_HEIGHT = 409.0  # Excel's limit
LABELLED = {"severity": "severity", "check": "check", "change": "change"}


def _cell_value(value: object) -> object:
    if isinstance(value, list):
        return c.LIST_SEPARATOR.join(value)
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _cells(value: object) -> int:
    """Width in half-width character cells: a Japanese character takes two."""
    text = str(value)
    return max(wcswidth(text), len(text))


def _width(name: str, values: list[object], title: str) -> float:
    if name in WRAP_COLUMNS:
        return WRAP_WIDTH
    longest = max([_cells(v) for v in values if v is not None] + [_cells(title)], default=8)
    return min(MAX_WIDTH, 2 + longest * 1.1)


def _lines(value: object, width: float) -> int:
    """Lines a wrapped cell takes in a column `width` characters wide."""
    if value is None:
        return 1
    return sum(
        max(1, math.ceil(_cells(part) / max(width - 1, 1))) for part in str(value).split("\n")
    )


def _readable(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Codes a person reads as words: 警告, not `warning`; a merged finding names both checks."""
    out = frame.copy()
    for column, prefix in LABELLED.items():
        if column in out.columns:
            out[column] = out[column].map(lambda code, p=prefix: label(p, code))
    if "field" in out.columns and language() == "ja":
        out["field"] = out["field"].map(lambda f: c.field_title(f) if isinstance(f, str) else f)
    if name == "findings" and "also" in out.columns:
        out["also"] = out["also"].map(
            lambda codes: (
                "、".join(label("check", x) for x in codes.split(";"))
                if isinstance(codes, str)
                else codes
            )
        )
    return out


def _print_setup(sheet, rows: int, columns: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
    sheet.repeat_rows(0)  # the header row on every printed page
    sheet.print_area(0, 0, rows, columns - 1)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(f"&L&A&R{t('sheet.page_footer')}")


def add_sheet(book, name: str, frame: pd.DataFrame, columns: tuple[c.Column, ...]) -> None:
    sheet = book.add_worksheet(t(f"sheet.{name}"))
    header = book.add_format({**FONT, "bold": True, "bg_color": "#DDE4EE", "border": 1})
    wrapped = book.add_format({**FONT, "text_wrap": True, "valign": "top"})
    plain = book.add_format({**FONT, "valign": "top"})
    readable = _readable(name, frame)
    rows = [
        [_cell_value(v) for v in record]
        for record in readable[c.names(columns)].itertuples(index=False)
    ]
    widths = []
    for i, col in enumerate(columns):
        values = [row[i] for row in rows]
        widths.append(_width(col.name, values, col.title))
        style = wrapped if col.name in WRAP_COLUMNS else plain
        sheet.set_column(i, i, widths[-1], style)
        sheet.write_string(0, i, col.title, header)
    wrap_at = [i for i, col in enumerate(columns) if col.name in WRAP_COLUMNS]
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            if value is None:
                continue
            style = wrapped if i in wrap_at else plain
            if isinstance(value, str):
                sheet.write_string(r, i, value, style)
            else:
                sheet.write_number(r, i, value, style)
        lines = max([_lines(row[i], widths[i]) for i in wrap_at], default=1)
        if lines > 1:  # Excel grows rows when it edits them, not when it opens a file
            sheet.set_row(r, min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    _print_setup(sheet, len(rows), len(columns))


def write_xlsx(
    path: Path,
    items: pd.DataFrame,
    departments: pd.DataFrame,
    findings: pd.DataFrame,
    changes: pd.DataFrame | None = None,
) -> None:
    options = {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "constant_memory": False,
        "default_format_properties": FONT,
    }
    with xlsxwriter.Workbook(str(path), options) as book:
        add_sheet(book, "items", items, c.ITEMS)
        add_sheet(book, "departments", departments, c.DEPARTMENTS)
        add_sheet(book, "findings", findings, c.FINDINGS)
        if changes is not None:
            add_sheet(book, "changes", changes, c.CHANGES)
