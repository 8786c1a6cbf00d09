"""items.xlsx for people who live in Excel: one sheet per table, Japanese headers, frozen
header row, auto-filter, sensible widths, wrapped long text. Every text cell is written as
text: a direction starting with `=`, `+`, `-` or `@` never becomes a formula."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from hotplan import columns as c

WRAP_COLUMNS = {"direction", "direction_raw", "old", "new", "message", "departments_raw"}
MAX_WIDTH, WRAP_WIDTH = 40, 70
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")


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


def add_sheet(book: Workbook, name: str, frame: pd.DataFrame, columns: tuple[c.Column, ...]):
    sheet = book.create_sheet(name)
    sheet.append([col.title for col in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for record in frame[c.names(columns)].itertuples(index=False):
        sheet.append([_cell_value(v) for v in record])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even when it looks like a formula
    for i, col in enumerate(columns, start=1):
        letter = get_column_letter(i)
        values = [sheet.cell(row=r, column=i).value for r in range(2, sheet.max_row + 1)]
        sheet.column_dimensions[letter].width = _width(col.name, values, col.title)
        if col.name in WRAP_COLUMNS:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    return sheet


def write_xlsx(
    path: Path,
    items: pd.DataFrame,
    departments: pd.DataFrame,
    findings: pd.DataFrame,
    changes: pd.DataFrame | None = None,
) -> None:
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "items", items, c.ITEMS)
    add_sheet(book, "departments", departments, c.DEPARTMENTS)
    add_sheet(book, "findings", findings, c.FINDINGS)
    if changes is not None:
        add_sheet(book, "changes", changes, c.CHANGES)
    book.save(path)
