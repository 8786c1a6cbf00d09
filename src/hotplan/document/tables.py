"""Turn parsed rows into the normalized `items` and `departments` tables.

Printed text is kept in the *_raw columns; the normalized columns only lose wrapping
whitespace, the 【再掲】 marker and the page reference. Every mapping that changes a
printed character (a look-alike rating symbol) is recorded as a finding.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import regex

from hotplan import columns as c
from hotplan import vocabulary as v
from hotplan.document.codes import direction_text, format_code, relisted_code
from hotplan.document.parse import Heading, ParsedDocument, RawRow
from hotplan.document.relisted import resolve_relisted
from hotplan.findings import Finding, Severity
from hotplan.messages import t


@dataclass(frozen=True)
class DepartmentCell:
    names: list[str]
    page_ref: int | None
    page_refs: list[int]


def split_department_cell(cell: str) -> DepartmentCell:
    """`市民協働推進課 福祉総務課 (P.67)` → names and page 67, wherever `(P.nn)` stands."""
    found = (v.domain_number(m["page"]) for m in v.PAGE_REF_RE.finditer(cell))
    pages = [page for page in found if page is not None]
    rest = v.PAGE_REF_RE.sub(" ", cell)
    names = [n for n in v.DEPARTMENT_SEPARATOR_RE.split(rest) if n]
    return DepartmentCell(names, pages[0] if pages else None, pages)


def _num(h: Heading | None) -> int | None:
    return h.number if h is not None else None


def _title(h: Heading | None) -> str | None:
    return h.title if h is not None else None


class _RowBuilder:
    def __init__(self, doc: ParsedDocument, source_file: str) -> None:
        self.doc = doc
        self.source_file = source_file
        self.findings: list[Finding] = []

    def finding(self, row: RawRow, severity: Severity, check: str, message: str, **kw) -> None:
        self.findings.append(
            Finding(
                severity,
                check,
                message,
                serial=row.serial,
                source_line=row.line.source_line,
                source_page=row.line.page,
                **kw,
            )
        )

    def measure_no(self, row: RawRow) -> int | None:
        cell = row.cells[1]
        number = v.domain_number(cell)
        if number is not None:
            return number
        if cell:
            self.finding(
                row,
                Severity.ERROR,
                "measure_no.invalid",
                t("msg.measure_no.beyond", limit=v.MAX_NUMBER)
                if cell.isdecimal()
                else t("msg.measure_no.not_number"),
                field="measure_no",
                found=cell[:80],
            )
        return None

    def departments(self, row: RawRow) -> DepartmentCell:
        cell = split_department_cell(row.cells[2])
        if len(cell.page_refs) > 1:
            self.finding(
                row,
                Severity.WARNING,
                "page_ref.multiple",
                t("msg.page_ref.multiple", count=len(cell.page_refs), page=cell.page_ref),
                field="page_ref",
                found=row.cells[2],
            )
        for m in v.PAGE_REF_RE.finditer(row.cells[2]):
            if not regex.match(v.OPEN_PAREN, m.group().lstrip()):  # `P.62)`: read all the same
                self.finding(
                    row,
                    Severity.WARNING,
                    "page_ref.paren_missing",
                    t("msg.page_ref.paren_missing", ref=m.group().strip()),
                    field="departments_raw",
                    found=m.group().strip(),
                    suggestion=f"({m.group().strip()}",
                )
        return cell

    def rating(self, row: RawRow) -> str | None:
        printed = row.cells[4]
        if not printed:
            return None
        if printed in self.doc.legend:
            return printed
        mapped = v.RATING_LOOKALIKES.get(printed)
        if mapped is not None and mapped in self.doc.legend:
            self.finding(
                row,
                Severity.WARNING,
                "rating.lookalike",
                t(
                    "msg.rating.lookalike",
                    code=f"{ord(printed):04X}",
                    printed=printed,
                    mapped=mapped,
                ),
                field="rating",
                found=printed,
                suggestion=mapped,
            )
            return mapped
        return printed  # not in the legend: validation reports rating.unknown

    def item(self, row: RawRow) -> dict:
        s = row.scope
        cell = self.departments(row)
        code, _ = relisted_code(row.cells[3])
        rating = self.rating(row)
        return {
            "fiscal_year": row.year if row.year is not None else self.doc.fiscal_year,
            "serial": row.serial,
            "code": format_code(_num(s.goal), _num(s.policy), _num(s.section), _num(s.subsection)),
            "goal": _num(s.goal),
            "goal_title": _title(s.goal),
            "policy": _num(s.policy),
            "policy_title": _title(s.policy),
            "section": _num(s.section),
            "section_title": _title(s.section),
            "subsection": _num(s.subsection),
            "subsection_title": _title(s.subsection),
            "measure_no": self.measure_no(row),
            "departments": cell.names,
            "departments_raw": row.cells[2],
            "page_ref": cell.page_ref,
            "direction": direction_text(row.cells[3]),
            "direction_raw": row.cells[3] or None,
            "rating": rating,
            "rating_label": self.doc.legend.get(rating) if rating else None,
            "relisted_code": code,
            "relisted_serial": None,
            "source_file": self.source_file,
            "source_page": row.line.page,
            "source_line": row.line.source_line,
            **dict(zip(BBOX, row.line.bbox or (None,) * 4, strict=True)),
            "_scope": s.id,
        }


BBOX = ("bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")
SCOPE = "_scope"  # internal column: which heading-opened part a row is in (dropped on output)


def typed_frame(
    records: list[dict], columns: tuple[c.Column, ...], extra: list[str]
) -> pd.DataFrame:
    names = c.names(columns) + extra
    frame = pd.DataFrame.from_records(records, columns=names)
    for col in columns:
        frame[col.name] = frame[col.name].astype(c.PANDAS_DTYPE[col.kind])
    return frame


def build_items(doc: ParsedDocument, source_file: str) -> tuple[pd.DataFrame, list[Finding]]:
    """Items in document order, with an internal `_scope` column for sequence checks;
    relisted_serial is resolved later (with_relisted), once corrections are applied."""
    builder = _RowBuilder(doc, source_file)
    records = [builder.item(row) for row in doc.rows]
    items = typed_frame(records, c.ITEMS, [SCOPE])
    items[SCOPE] = items[SCOPE].astype("Int64")
    return items, builder.findings


def with_relisted(items: pd.DataFrame) -> tuple[pd.DataFrame, list[Finding]]:
    """items with relisted_serial resolved (after any corrections to the text)."""
    relisted_serial, findings = resolve_relisted(items)
    out = items.copy()
    out["relisted_serial"] = relisted_serial
    return out, findings


def build_departments(items: pd.DataFrame) -> pd.DataFrame:
    """Long table, one row per (measure, department), for per-department analysis."""
    records = [
        {"fiscal_year": year, "serial": serial, "department": name, "position": i}
        for year, serial, names in zip(
            items["fiscal_year"], items["serial"], items["departments"], strict=True
        )
        for i, name in enumerate(names, start=1)
    ]
    return typed_frame(records, c.DEPARTMENTS, [])
