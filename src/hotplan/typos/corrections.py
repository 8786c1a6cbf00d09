"""Reviewed corrections: review.csv with a decision per row, saved as
raw/<stem>.corrections.csv (or given with --corrections).

Only `accept` and `edit` rows change anything, and only where `found` still stands at that
place; otherwise the row is stale (a warning). `reject` rows silence that suspect for good.
Each applied correction is an info finding; the *_raw columns keep what was printed.
Numbers, symbols, 通番, codes and page references are never changed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from hotplan import columns as c
from hotplan.document.parse import Heading
from hotplan.errors import InputError
from hotplan.findings import Finding, Severity
from hotplan.messages import t

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
    # The whole row as the editor saved it, carried into the next review.csv.
    record: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def _opt_int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text else None


def unescaped(text: str | None) -> str:
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
        raise InputError(path, t("input.corrections_unreadable", why=exc.strerror)) from exc
    out = []
    for number, row in enumerate(rows, start=2):
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise InputError(path, t("input.corrections_decision", line=number))
        try:
            out.append(
                Correction(
                    (row.get("id") or "").strip(),
                    _opt_int(row.get("serial")),
                    (row.get("field") or "").strip(),
                    _opt_int(row.get("source_line")),
                    _opt_int(row.get("source_page")),
                    unescaped(row.get("found")),
                    unescaped(row.get("suggestion")),
                    decision,
                    {k: v or "" for k, v in row.items() if k is not None},
                )
            )
        except ValueError as exc:
            raise InputError(path, t("input.corrections_row", line=number, why=exc)) from exc
    return out


@dataclass
class Applied:
    items: pd.DataFrame
    findings: list[Finding]
    silenced: frozenset[str]  # suspect ids not to report again
    statuses: dict[str, str]  # id of each decided row → applied, stale, rejected, acknowledged
    applied: list[Correction]  # the corrections that changed the text


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
    statuses: dict[str, str] = {}
    applied: list[Correction] = []
    for fix in corrections:
        if fix.decision == "reject":
            silenced.add(fix.id)
            statuses[fix.id] = "rejected"
            continue
        if fix.decision not in ("accept", "edit"):
            continue
        if fix.field in TEXT_FIELDS and fix.found and fix.suggestion:
            ok = replace_in_row(items, fix.serial, fix.field, fix.found, fix.suggestion)
        elif fix.field in TITLE_FIELDS and fix.found and fix.suggestion:
            ok = _fix_title(items, headings, fix)
        else:
            silenced.add(fix.id)
            statuses[fix.id] = "acknowledged"
            findings.append(
                _finding(
                    fix,
                    Severity.INFO,
                    "correction.acknowledged",
                    t("msg.correction.acknowledged"),
                )
            )
            continue
        statuses[fix.id] = "applied" if ok else "stale"
        if ok:
            applied.append(fix)
            silenced.add(fix.id)  # the lint reads printed headings: do not suspect it again
            findings.append(
                _finding(
                    fix,
                    Severity.INFO,
                    "correction.applied",
                    t("msg.correction.applied", found=fix.found, suggestion=fix.suggestion),
                )
            )
        else:
            findings.append(
                _finding(
                    fix,
                    Severity.WARNING,
                    "correction.stale",
                    t("msg.correction.stale", found=fix.found),
                )
            )
    return Applied(items, findings, frozenset(silenced), statuses, applied)


def resolved(findings: list[Finding], applied: list[Correction]) -> list[Finding]:
    """Findings about printed text that an applied correction fixed (a heading's title
    variant at the corrected line): not reported again; correction.applied says what
    was done there."""
    places = {(f.field, f.source_line, f.source_page, f.serial) for f in applied}
    return [f for f in findings if (f.field, f.source_line, f.source_page, f.serial) in places]


def replace_in_row(items: pd.DataFrame, serial: int | None, field: str, old: str, new: str) -> bool:
    """Put `new` for `old` in one measure's direction text (first occurrence) or in its
    departments (`new` may name several, `;`-separated). False, and nothing changed, when
    the measure or `old` is not there. Shared by corrections and the year comparison."""
    rows = items.index[items["serial"] == serial]
    if len(rows) != 1:
        return False
    i = rows[0]
    if field == "direction":
        text = items.at[i, "direction"]
        if not isinstance(text, str) or old not in text:
            return False
        items.at[i, "direction"] = text.replace(old, new, 1)
        return True
    names = list(items.at[i, "departments"])
    if old not in names:
        return False
    k = names.index(old)
    replacement = [n.strip() for n in new.split(c.LIST_SEPARATOR) if n.strip()]
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
