"""items.xlsx for people who live in Excel: one sheet per table, Japanese headers, frozen
header row, auto-filter, sensible widths, wrapped long text. Every text cell is written as
text: a direction starting with `=`, `+`, `-` or `@` never becomes a formula.

XlsxWriter streams the workbook (several times faster than building it with openpyxl) and
writes strings as strings when told to (strings_to_formulas and friends off)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import xlsxwriter

from hotplan import columns as c

WRAP_COLUMNS = {"direction", "direction_raw", "old", "new", "message", "departments_raw"}
MAX_WIDTH, WRAP_WIDTH = 40, 70


def _cell_value(value: object) -> object:
    if isinstance(value, list):
        return c.LIST_SEPARATOR.join(value)
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _width(name: str, values: list[object], title: str) -> float:
    if name in WRAP_COLUMNS:
        return WRAP_WIDTH
    longest = max([len(str(v)) for v in values if v is not None] + [len(title)], default=8)
    return min(MAX_WIDTH, 2 + longest * 1.8)  # Japanese characters are about two columns wide


def add_sheet(book, name: str, frame: pd.DataFrame, columns: tuple[c.Column, ...]) -> None:
    sheet = book.add_worksheet(name)
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
    wrapped = book.add_format({"text_wrap": True, "valign": "top"})
    rows = [
        [_cell_value(v) for v in record]
        for record in frame[c.names(columns)].itertuples(index=False)
    ]
    for i, col in enumerate(columns):
        values = [row[i] for row in rows]
        style = wrapped if col.name in WRAP_COLUMNS else None
        sheet.set_column(i, i, _width(col.name, values, col.title), style)
        sheet.write_string(0, i, col.title, header)
    for r, row in enumerate(rows, start=1):
        for i, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, i, value)
            else:
                sheet.write_number(r, i, value)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(columns) - 1)


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
    }
    with xlsxwriter.Workbook(str(path), options) as book:
        add_sheet(book, "items", items, c.ITEMS)
        add_sheet(book, "departments", departments, c.DEPARTMENTS)
        add_sheet(book, "findings", findings, c.FINDINGS)
        if changes is not None:
            add_sheet(book, "changes", changes, c.CHANGES)
