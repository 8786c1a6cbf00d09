"""Doubtful OCR cells, once the table is parsed: each becomes a finding and a review row
with the cell's picture, and a number the sequence contradicts is repaired, never silently.

A number cell whose digit readers disagree (or read nothing) takes the value the document's
sequence gives (通番: the previous + 1; 取組施策No.: 1 where a new heading part begins,
else the previous + 1) when that differs from the reading; the reading is kept in the
finding and the review row. A 担当課 name one or two glyphs off a registry name is matched
to it (departments.py), also with a finding, and so is a kanji thin print made OCR misread
in a 取組の方向性 cell where the word read is none and the kanji it is confused with makes
one (misread_kanji.py), and a bracket read as a look-alike (「 as ！) where the bracket it
pairs stands unpaired. Text cells with an unsure glyph and doubtful symbols are only
pointed out: the reviewer decides with the picture beside the text."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import pandas as pd
from rapidfuzz import fuzz

from hotplan.document.codes import direction_text
from hotplan.document.tables import split_department_cell
from hotplan.findings import Finding, Severity
from hotplan.messages import t
from hotplan.sources.ocr.departments import (
    PageStyle,
    page_ref_style,
    restore_page_ref,
    snap_departments,
)
from hotplan.sources.ocr.misread_kanji import misread_kanji, restorations, swapped
from hotplan.sources.ocr.page import OcrCell, flat
from hotplan.sources.ocr.reread import letters, stray_mark
from hotplan.sources.ocr.shapes import same_shape
from hotplan.sources.ocr.titles import SAME_TITLE
from hotplan.sources.ocr.widths import narrow_among_wide
from hotplan.typos.conventions import misread_brackets

IMAGE_FOLDER = "ocr"  # review images live in <output>/<stem>/ocr/
FIELDS = {"serial", "measure_no", "departments", "direction", "rating"}
RAW_FIELD = {"departments": "departments_raw", "direction": "direction_raw"}
TAKEN_OFF = ("stamp", "marker")  # marks made on the sheet, taken off before it was read
PLACED = ("heading", *TAKEN_OFF)  # cells on no row: named by where they stand


@dataclass
class OcrReview:
    items: pd.DataFrame
    findings: list[Finding] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    images: dict[str, bytes] = field(default_factory=dict)  # path in the output → PNG


def _owner(cells_at: tuple[int, float], starts: list[tuple[int, float]]) -> int | None:
    """Index of the row a cell belongs to: the last row starting at or above it (a row
    broken across pages continues at the top of the next page)."""
    index = bisect_right(starts, cells_at) - 1
    return index if index >= 0 else None


def _expected(items: pd.DataFrame, row: int, role: str, scope: str) -> int | None:
    """What the sequence says the row's 通番 or 取組施策No. should be; None when the row
    above has no number to go on from."""
    if row == 0:
        return 1
    before = items.iloc[row - 1]
    if role != "serial" and items[scope].iloc[row] != items[scope].iloc[row - 1]:
        return 1  # a new heading part: the numbering starts again
    previous = before["serial" if role == "serial" else "measure_no"]
    return None if pd.isna(previous) else int(previous) + 1


def _out_of_step(items: pd.DataFrame, row: int, role: str, scope: str) -> bool:
    """Is a number read with confidence out of step with the rows around it, which agree
    with each other (40, 4, 42: a digit lost without a doubt)? It is repaired as a
    doubtful one is."""
    if row == 0 or row + 1 >= len(items):
        return False
    numbers = items[role].iloc[row - 1 : row + 2]
    if numbers.isna().any():
        return False
    if role == "measure_no" and items[scope].iloc[row - 1 : row + 2].nunique() != 1:
        return False  # 取組施策No. starts again under each heading part
    before, this, after = (int(n) for n in numbers)
    return after == before + 2 and this != before + 1


TITLES = ("subsection_title", "section_title", "policy_title", "goal_title")


def heading_field(items: pd.DataFrame, cell: OcrCell) -> str | None:
    """The title column a heading cell's title went into: the one whose title, on its
    page or the next (a heading at a page's foot heads the next page's table), has the
    same kana and kanji (OCR may have lost the heading's numeral and label, so its text
    alone does not say), or failing that nearly the same: a title other readings or the
    cells' words set right (ocr.heading_read) is no longer the one read."""
    read = letters(cell.text)
    pages = items["source_page"].isin([cell.page, cell.page + 1])
    titles = [
        (column, letters(str(title)))
        for column in TITLES
        if column in items
        for title in items.loc[pages, column].dropna()
    ]
    same = next((column for column, title in titles if title == read), None)
    if same is not None or not read:
        return same
    ratio, column = max(
        ((fuzz.ratio(title, read), column) for column, title in titles), default=(0, None)
    )
    return column if ratio >= SAME_TITLE else None


def _readings(cell: OcrCell) -> str:
    """A number cell's three digit readings, as a person reads them."""
    return " / ".join(r or "（なし）" for r in cell.readings)


def _serial(items: pd.DataFrame, row: int) -> int | None:
    value = items["serial"].iloc[row]
    return None if pd.isna(value) else int(value)


SPAN_CONTEXT = 2  # characters kept on each side of where two readings differ
# Doubts shown as two versions of the cell: two readings that differ, and a reading with
# the alternative one glyph's candidates offer (OCR unsure, found by its own candidates).
TWO_READINGS = ("readings_differ", "glyph_split")
ALTERNATIVE = ("voicing_mark", "doubled_glyph", "unnatural")


def differing_span(first: str, second: str) -> tuple[str, str]:
    """Where two readings of a cell differ: the stretch of each, a little context around,
    so the first is a piece of the cell's text and the second its alternative."""
    a, b = "".join(first.split()), "".join(second.split())
    ops = [
        op for op in SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"
    ]
    if not ops:
        return a, b
    i1, j1 = max(0, ops[0][1] - SPAN_CONTEXT), max(0, ops[0][3] - SPAN_CONTEXT)
    i2, j2 = ops[-1][2] + SPAN_CONTEXT, ops[-1][4] + SPAN_CONTEXT
    return a[i1:i2], b[j1:j2]


def review_cells(
    items: pd.DataFrame,
    cells: list[OcrCell],
    scope: str,
    departments: frozenset[str] = frozenset(),
) -> OcrReview:
    """Findings, review rows and pictures for the doubtful cells; items with the numbers
    the sequence repairs (in document order, so a repair sees the repaired row above) and
    the department names matched to the registry's (departments: its names; none: no
    matching)."""
    out = OcrReview(items.copy())
    if items.empty:
        return out
    starts = list(
        zip(items["source_page"].astype(int), items["bbox_top"].astype(float), strict=True)
    )
    department_cells: dict[int, OcrCell] = {}
    direction_cells: dict[int, OcrCell] = {}
    for cell in cells:
        if cell.role == "heading" and cell.doubtful:
            _flag(out, None, cell)
        if cell.role in TAKEN_OFF:
            check = f"ocr.{cell.role}"
            _add(out, cell, None, Severity.WARNING, check, t(f"msg.{check}"), "", None)
        if cell.role not in FIELDS:
            continue
        row = _owner((cell.page, (cell.box[1] + cell.box[3]) / 2), starts)
        if row is None:
            continue
        if cell.role == "departments":
            department_cells.setdefault(row, cell)
        if cell.role == "direction":
            direction_cells.setdefault(row, cell)
        if not cell.doubtful and not (
            cell.role in ("serial", "measure_no") and _out_of_step(out.items, row, cell.role, scope)
        ):
            continue
        if cell.role in ("serial", "measure_no"):
            _number(out, row, cell, scope)
        else:
            _flag(out, _serial(out.items, row), cell)
    style = page_ref_style([r for r in items["departments_raw"] if isinstance(r, str)])
    for row, cell in department_cells.items():
        _snap(out, row, cell, departments, style)
    document = "\n".join(flat(r) for r in items.get("direction_raw", ()) if isinstance(r, str))
    for row, cell in direction_cells.items():
        _restore_kanji(out, row, cell, document)
        _restore_brackets(out, row, cell)
    return out


def _restore_kanji(out: OcrReview, row: int, cell: OcrCell, document: str) -> None:
    """The row's 取組の方向性 with each kanji thin print made OCR misread set right (the
    word the document's cells print most often first), the word as read and as set right
    in a finding."""
    raw = out.items["direction_raw"].iloc[row]
    if not isinstance(raw, str):
        return
    text = flat(raw)  # a word may wrap onto the next line
    swaps = misread_kanji(text, document)
    if swaps:
        _set_direction(out, row, raw, swapped(text, swaps))
        serial = _serial(out.items, row)
        for read, word, message in restorations(text, swaps):
            _add(out, cell, serial, Severity.WARNING, "ocr.kanji_restored", message, read, word)


def _restore_brackets(out: OcrReview, row: int, cell: OcrCell) -> None:
    """The row's 取組の方向性 with each bracket OCR read as a look-alike set right where
    the bracket pairs one that stands unpaired (「 read as ！ before its 」: a Gothic 「
    is a thin hook), each with a finding."""
    raw = out.items["direction_raw"].iloc[row]
    if not isinstance(raw, str):
        return
    text = flat(raw)
    slips = misread_brackets(text)
    if not slips:
        return
    fixed = list(text)
    for slip in slips:
        fixed[slip.at] = slip.bracket
    _set_direction(out, row, raw, "".join(fixed))
    serial = _serial(out.items, row)
    for slip in slips:
        lo = max(0, slip.at - SPAN_CONTEXT)
        read = text[lo : slip.at + SPAN_CONTEXT + 1]
        word = read[: slip.at - lo] + slip.bracket + read[slip.at - lo + 1 :]
        message = t("msg.ocr.bracket_restored", read=read, mark=text[slip.at], bracket=slip.bracket)
        _add(out, cell, serial, Severity.WARNING, "ocr.bracket_restored", message, read, word)


def _set_direction(out: OcrReview, row: int, raw: str, repaired: str) -> None:
    """The row's 取組の方向性 as repaired (its characters without the line breaks), the
    line breaks of raw kept."""
    places = [i for i, ch in enumerate(raw) if not ch.isspace()]  # text's characters in raw
    fixed = list(raw)
    for k, i in enumerate(places):
        fixed[i] = repaired[k]
    at = out.items.index[row]
    out.items.at[at, "direction_raw"] = "".join(fixed)
    out.items.at[at, "direction"] = direction_text("".join(fixed))


def _snap(
    out: OcrReview,
    row: int,
    cell: OcrCell,
    departments: frozenset[str],
    style: PageStyle | None,
) -> None:
    """The row's 担当課 cell with names one or two glyphs off the registry's matched, and
    its page reference as the document prints them where OCR lost the dot, the
    parenthesis or misread the P (style: None where the document prints no (P.57) rule)."""
    raw = out.items["departments_raw"].iloc[row]
    if not isinstance(raw, str):
        return
    snapped, snaps = snap_departments(raw, departments) if departments else (raw, [])
    if style is not None:
        snapped, restored = restore_page_ref(snapped, style)
        snaps += restored
    if not snaps:
        return
    parsed = split_department_cell(snapped)
    at = out.items.index[row]
    out.items.at[at, "departments_raw"] = snapped
    out.items.at[at, "departments"] = parsed.names
    out.items.at[at, "page_ref"] = parsed.page_ref
    serial = _serial(out.items, row)
    for snap in snaps:
        message = t(f"msg.{snap.check}", read=snap.found, name=snap.suggestion)
        _add(out, cell, serial, Severity.WARNING, snap.check, message, snap.found, snap.suggestion)


def _number(out: OcrReview, row: int, cell: OcrCell, scope: str) -> None:
    expected = _expected(out.items, row, cell.role, scope)
    read = cell.text
    if read == str(expected):
        return  # the majority reading and the sequence agree
    if expected is None:  # nothing to repair from: pointed out, as a doubtful text is
        _flag(out, _serial(out.items, row), cell)
        return
    column = out.items.columns.get_loc(cell.role)
    out.items.iat[row, column] = expected
    serial = _serial(out.items, row)
    message = t(
        "msg.ocr.number_repaired",
        read=read or "（読めず）",
        readings=_readings(cell),
        expected=expected,
    )
    _add(out, cell, serial, Severity.WARNING, "ocr.number_repaired", message, read, str(expected))


def _flag(out: OcrReview, serial: int | None, cell: OcrCell) -> None:
    if cell.doubtful == "doubtful_symbol":
        message = t("msg.ocr.doubtful_symbol", read=cell.text or "?")
        check = "ocr.doubtful_symbol"
    elif cell.doubtful in TWO_READINGS or cell.doubtful in ALTERNATIVE:
        found, other = differing_span(*cell.readings)
        message = t(f"msg.ocr.{cell.doubtful}", found=found, other=other)
        check = "ocr.readings_differ" if cell.doubtful in TWO_READINGS else "ocr.low_confidence"
        _add(out, cell, serial, Severity.WARNING, check, message, found, other)
        return
    elif cell.doubtful in ("unreadable_number", "number_vote"):
        message = t(
            "msg.ocr.number_unsure", read=cell.text or "（読めず）", readings=_readings(cell)
        )
        check = "ocr.low_confidence"
    elif cell.doubtful in ("unread_ink", "small_ink"):
        message = t(f"msg.ocr.{cell.doubtful}")
        check = "ocr.low_confidence"
    elif cell.doubtful == "unprinted":  # readings: the cell as kept, the glyphs left out
        dropped = cell.readings[1]
        message = t("msg.ocr.unprinted", dropped=dropped)
        _add(out, cell, serial, Severity.WARNING, "ocr.unprinted", message, dropped, None)
        return
    elif cell.doubtful == "mark_width":
        message = t("msg.ocr.mark_width", found=narrow_among_wide(cell.text) or "")
        check = "ocr.low_confidence"
    elif cell.doubtful == "stray_mark":
        message = t("msg.ocr.stray_mark", found=stray_mark(cell.text) or "")
        check = "ocr.low_confidence"
    elif cell.doubtful == "same_shape":
        message = t("msg.ocr.same_shape", found=same_shape(cell.text) or "")
        check = "ocr.low_confidence"
    else:
        message = t("msg.ocr.low_confidence", conf=round(cell.conf))
        check = "ocr.low_confidence"
    _add(out, cell, serial, Severity.WARNING, check, message, cell.text, None)


def _add(
    out: OcrReview,
    cell: OcrCell,
    serial: int | None,
    severity: Severity,
    check: str,
    message: str,
    found: str,
    suggestion: str | None,
) -> None:
    if cell.role in PLACED:
        spot = f"y{round(cell.box[1]):04d}"
        if cell.role != "heading":  # (two marks may stand level)
            spot = f"x{round(cell.box[0]):04d}_{spot}"
        name = f"p{cell.page:03d}_{spot}_{cell.role}.png"
        field_name = heading_field(out.items, cell) if cell.role == "heading" else None
    else:
        name = f"p{cell.page:03d}_{serial or 0:04d}_{cell.role}.png"
        field_name = RAW_FIELD.get(cell.role, cell.role)
    out.findings.append(
        Finding(
            severity,
            check,
            message,
            serial=serial,
            field=field_name,
            source_page=cell.page,
            found=found.replace("\n", "") or None,
            suggestion=suggestion,
        )
    )
    if cell.image is not None:
        out.images[f"{IMAGE_FOLDER}/{name}"] = cell.image
    # a heading repeats page to page; a stamp stands on no row
    where = name if cell.role in PLACED else cell.role
    key = f"{check}|{serial}|{where}|{found}"
    out.rows.append(
        {
            "id": "ocr-" + hashlib.sha1(key.encode()).hexdigest()[:10],
            "score": round(1 - cell.conf / 100, 2),
            "serial": serial,
            "field": field_name,
            "source_page": cell.page,
            "source_line": None,
            "found": found.replace("\n", ""),
            "suggestion": suggestion,
            "context": f"【{found.replace(chr(10), '')}】",
            "signals": check,
            "evidence": message,
            "image": f"{IMAGE_FOLDER}/{name}" if cell.image is not None else None,
        }
    )
