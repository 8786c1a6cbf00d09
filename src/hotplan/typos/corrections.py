"""Reviewed corrections: review.csv with a decision per row, saved as
raw/<stem>.corrections.csv (or given with --corrections).

Only `accept` and `edit` rows change anything, and only where `found` still stands at that
place; otherwise the row is stale (a warning). `reject` rows silence that suspect for good.
Each applied correction is an info finding; the *_raw columns keep what was printed.
Numbers, symbols, 通番, codes and page references are never changed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hotplan import columns as c
from hotplan.document.parse import Heading
from hotplan.errors import InputError
from hotplan.findings import Finding, Severity

DECISIONS = ("accept", "edit", "reject", "")
TEXT_FIELDS = ("direction", "departments")
TITLE_FIELDS = tuple(f"{level}_title" for level in ("goal", "policy", "section", "subsection"))


@dataclass(frozen=True)
class Correction:
    id: str
    serial: int | None
    field: str
    source_line: int | None
    source_page: int | None
    found: str
    suggestion: str
    decision: str


def _opt_int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def _unescaped(text: str | None) -> str:
    """Text as the document printed it: review.csv (for Excel) shows formula-like text with
    a leading `'`, which is not part of it."""
    text = text or ""
    if text.startswith("'") and text[1:].startswith(c.FORMULA_START):
        return text[1:]
    return text


def load_corrections(path: Path) -> list[Correction]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise InputError(path, f"corrections cannot be read ({exc.strerror})") from exc
    out = []
    for number, row in enumerate(rows, start=2):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise InputError(path, f"line {number}: decision must be accept, edit or reject")
        try:
            out.append(
                Correction(
                    (row.get("id") or "").strip(),
                    _opt_int(row.get("serial")),
                    (row.get("field") or "").strip(),
                    _opt_int(row.get("source_line")),
                    _opt_int(row.get("source_page")),
                    _unescaped(row.get("found")),
                    _unescaped(row.get("suggestion")),
                    decision,
                )
            )
        except ValueError as exc:
            raise InputError(path, f"line {number}: {exc}") from exc
    return out


@dataclass
class Applied:
    items: pd.DataFrame
    findings: list[Finding]
    silenced: frozenset[str]  # suspect ids not to report again


def _finding(fix: Correction, severity: Severity, check: str, message: str) -> Finding:
    return Finding(
        severity,
        check,
        message,
        serial=fix.serial,
        field=fix.field,
        source_line=fix.source_line,
        source_page=fix.source_page,
        found=fix.found,
        suggestion=fix.suggestion,
    )


def apply_corrections(
    items: pd.DataFrame, headings: list[Heading], corrections: list[Correction]
) -> Applied:
    items = items.copy()
    findings: list[Finding] = []
    silenced: set[str] = set()
    for fix in corrections:
        if fix.decision == "reject":
            silenced.add(fix.id)
            continue
        if fix.decision not in ("accept", "edit"):
            continue
        if fix.field in TEXT_FIELDS and fix.found and fix.suggestion:
            ok = _fix_row(items, fix)
        elif fix.field in TITLE_FIELDS and fix.found and fix.suggestion:
            ok = _fix_title(items, headings, fix)
        else:
            silenced.add(fix.id)
            findings.append(
                _finding(
                    fix,
                    Severity.INFO,
                    "correction.acknowledged",
                    "noted, not changed: numbers, symbols, codes and page references are "
                    "never corrected",
                )
            )
            continue
        if ok:
            findings.append(
                _finding(
                    fix,
                    Severity.INFO,
                    "correction.applied",
                    f"reviewed correction applied: {fix.found} → {fix.suggestion}",
                )
            )
        else:
            findings.append(
                _finding(
                    fix,
                    Severity.WARNING,
                    "correction.stale",
                    f"{fix.found!r} no longer stands at this place: the correction was not "
                    "applied (re-review it)",
                )
            )
    return Applied(items, findings, frozenset(silenced))


def _fix_row(items: pd.DataFrame, fix: Correction) -> bool:
    rows = items.index[items["serial"] == fix.serial]
    if len(rows) != 1:
        return False
    i = rows[0]
    if fix.field == "direction":
        text = items.at[i, "direction"]
        if not isinstance(text, str) or fix.found not in text:
            return False
        items.at[i, "direction"] = text.replace(fix.found, fix.suggestion, 1)
        return True
    names = list(items.at[i, "departments"])
    if fix.found not in names:
        return False
    k = names.index(fix.found)
    replacement = [n.strip() for n in fix.suggestion.split(c.LIST_SEPARATOR) if n.strip()]
    items.at[i, "departments"] = names[:k] + replacement + names[k + 1 :]
    return True


def _fix_title(items: pd.DataFrame, headings: list[Heading], fix: Correction) -> bool:
    level = fix.field.removesuffix("_title")
    heading = next(
        (
            h
            for h in headings
            if h.level.value == level
            and fix.found in h.title
            and (
                h.line == fix.source_line
                if fix.source_line is not None
                else h.page == fix.source_page
            )
        ),
        None,
    )
    if heading is None:
        return False
    corrected = heading.title.replace(fix.found, fix.suggestion, 1)
    rows = (items[level] == heading.number) & (items[fix.field] == heading.title)
    items.loc[rows.fillna(False).astype(bool), fix.field] = corrected
    return True
