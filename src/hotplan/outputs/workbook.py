"""Write a workbook from sheets of plain values (xlsx.py decides what goes in them).

This half imports neither pandas nor hotplan's tables, so the lint's helper process,
which never loads pandas, writes items.xlsx while the main process writes the other
files. XlsxWriter streams the workbook (several times faster than building it with
openpyxl) and writes strings as strings when told to (strings_to_formulas and friends
off): a direction starting with `=`, `+`, `-` or `@` never becomes a formula."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import xlsxwriter

# 游ゴシック ships with Windows 8.1+, Office and macOS; charset 128 (Shift_JIS) tells Excel
# and LibreOffice it is a Japanese font, so a machine without it substitutes a Japanese one.
FONT = {"font_name": "游ゴシック", "font_size": 10, "font_charset": 128}
HEADER = {**FONT, "bold": True, "bg_color": "#DDE4EE", "border": 1}
A4 = 9


@dataclass(frozen=True)
class Sheet:
    """One sheet, ready to write: values are str, int, float or None (an empty cell)."""

    name: str
    titles: list[str]
    widths: list[float]  # Excel's character units
    wrapped: list[bool]  # per column: long text wraps
    rows: list[list[str | int | float | None]]
    heights: dict[int, float]  # row number (1 = first data row) → points, where not default
    footer: str


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """The workbook at path. Built in memory: no temporary files of XlsxWriter's left in
    /tmp when the process writing it is stopped halfway."""
    import xlsxwriter  # here: a process that has the helper write its workbook never loads it

    options = {
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
        "in_memory": True,
        "default_format_properties": FONT,
    }
    with xlsxwriter.Workbook(str(path), options) as book:
        for sheet in sheets:
            _add_sheet(book, sheet)


def _add_sheet(book: xlsxwriter.Workbook, sheet: Sheet) -> None:
    page = book.add_worksheet(sheet.name)
    header = book.add_format(HEADER)
    wrapped = book.add_format({**FONT, "text_wrap": True, "valign": "top"})
    plain = book.add_format({**FONT, "valign": "top"})
    styles = [wrapped if wrap else plain for wrap in sheet.wrapped]
    for i, (title, width) in enumerate(zip(sheet.titles, sheet.widths, strict=True)):
        page.set_column(i, i, width, styles[i])
        page.write_string(0, i, title, header)
    for r, row in enumerate(sheet.rows, start=1):
        for i, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                page.write_string(r, i, value, styles[i])
            else:
                page.write_number(r, i, value, styles[i])
        if r in sheet.heights:  # Excel grows rows when it edits them, not when it opens a file
            page.set_row(r, sheet.heights[r])
    columns = len(sheet.titles)
    page.freeze_panes(1, 0)
    page.autofilter(0, 0, len(sheet.rows), columns - 1)
    # A readable A4 printout: landscape, one page wide, the header row on every page.
    page.set_landscape()
    page.set_paper(A4)
    page.fit_to_pages(1, 0)
    page.repeat_rows(0)
    page.print_area(0, 0, len(sheet.rows), columns - 1)
    page.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    page.set_footer(sheet.footer)
