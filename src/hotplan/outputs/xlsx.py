"""items.xlsx for people who live in Excel: one sheet per table, Japanese headers and
values (severity, check and change names from the message catalog), frozen header row,
auto-filter, sensible widths, wrapped long text with row heights to match, a Japanese font,
and print settings that give a readable A4 printout: landscape, one page wide, the header
row on every page. Every text cell is written as text.

This module turns the tables into sheets of plain values; workbook.py writes them (in the
lint's helper process when there is one)."""

from __future__ import annotations

import math

import pandas as pd
from wcwidth import wcswidth

from hotplan import columns as c
from hotplan.messages import label, language, t
from hotplan.outputs.workbook import Sheet

WRAP_COLUMNS = {"direction", "direction_raw", "old", "new", "message", "departments_raw"}
MAX_WIDTH, WRAP_WIDTH = 40, 70  # in Excel's character units (half-width characters)
LINE_HEIGHT = 15.0  # points per wrapped line at 10 pt
MAX_ROW_HEIGHT = 409.0  # Excel's limit
LABELLED = {"severity": "severity", "check": "check", "change": "change"}


def _cell_value(value: object) -> str | int | float | None:
    if isinstance(value, str):  # most cells: no NA test needed
        return value
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


def sheet(name: str, frame: pd.DataFrame, columns: tuple[c.Column, ...]) -> Sheet:
    """The sheet of one table: readable values, widths, and row heights for wrapped text."""
    readable = _readable(name, frame)
    rows = [
        [_cell_value(v) for v in record]
        for record in readable[c.names(columns)].itertuples(index=False)
    ]
    widths = [
        _width(col.name, [row[i] for row in rows], col.title) for i, col in enumerate(columns)
    ]
    wrap_at = [i for i, col in enumerate(columns) if col.name in WRAP_COLUMNS]
    heights = {}
    for r, row in enumerate(rows, start=1):
        lines = max([_lines(row[i], widths[i]) for i in wrap_at], default=1)
        if lines > 1:
            heights[r] = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT)
    return Sheet(
        name=t(f"sheet.{name}"),
        titles=[col.title for col in columns],
        widths=widths,
        wrapped=[col.name in WRAP_COLUMNS for col in columns],
        rows=rows,
        heights=heights,
        footer=f"&L&A&R{t('sheet.page_footer')}",
    )


def workbook_sheets(
    items: pd.DataFrame,
    departments: pd.DataFrame,
    findings: pd.DataFrame,
    changes: pd.DataFrame | None = None,
) -> list[Sheet]:
    sheets = [
        sheet("items", items, c.ITEMS),
        sheet("departments", departments, c.DEPARTMENTS),
        sheet("findings", findings, c.FINDINGS),
    ]
    if changes is not None:
        sheets.append(sheet("changes", changes, c.CHANGES))
    return sheets
