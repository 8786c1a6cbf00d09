"""Findings: every problem the pipeline notices, with where it is and what to do about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from hotplan import columns as c
from hotplan.messages import label, t

if TYPE_CHECKING:
    import pandas as pd


class Severity(StrEnum):
    ERROR = "error"  # the document is invalid: no data files are written, exit 1
    WARNING = "warning"  # worth a look; an error under --strict
    INFO = "info"  # a change hotplan made, recorded so nothing happens silently


@dataclass(frozen=True)
class Finding:
    severity: Severity
    check: str
    message: str
    serial: int | None = None
    field: str | None = None
    source_page: int | None = None
    source_line: int | None = None
    found: str | None = None
    suggestion: str | None = None
    also: str | None = None  # other checks that saw the same problem here, ';'-separated

    def location(self) -> str:
        """Human-readable place: page, line and serial, as far as known."""
        parts = []
        if self.source_page is not None:
            parts.append(t("where.page", page=self.source_page))
        if self.source_line is not None:
            parts.append(t("where.line", line=self.source_line))
        if self.serial is not None:
            parts.append(t("where.serial", serial=self.serial))
        return t("where.separator").join(parts) or t("where.document")


def check_label(f: Finding) -> str:
    """The check's name as a person reads it, with the checks merged into it."""
    names = [label("check", f.check)] + [label("check", a) for a in (f.also or "").split(";") if a]
    return " + ".join(names)


FINDING_COLUMNS = c.names(c.FINDINGS)

_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Document order, so a reader walks the report top to bottom; errors first on one line."""
    return sorted(
        findings,
        key=lambda f: (
            f.source_line if f.source_line is not None else 10**9,
            f.serial if f.serial is not None else 10**9,
            _SEVERITY_ORDER[f.severity],
            f.check,
            f.message,
        ),
    )


def strict(findings: list[Finding]) -> list[Finding]:
    """--strict: warnings count as errors."""
    return [
        replace(f, severity=Severity.ERROR) if f.severity == Severity.WARNING else f
        for f in findings
    ]


def _place(f: Finding) -> tuple:
    return (f.source_line, f.source_page, f.serial, f.field)


def merge_duplicates(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: a typo suspect (typo.*) at the same place and field as a
    document check's finding is that problem seen a second time. It is folded into the
    document check's finding, named in `also`, its evidence added to the message when it
    says more, and the more severe of the two severities kept."""
    primary: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        if not f.check.startswith("typo.") and f.field is not None:
            primary.setdefault(_place(f), i)
    merged = list(findings)
    dropped: set[int] = set()
    for i, f in enumerate(findings):
        target = primary.get(_place(f)) if f.check.startswith("typo.") else None
        if target is None:
            continue
        base = merged[target]
        also = ";".join(filter(None, (base.also, f.check)))
        message = base.message if base.message in f.message else f"{base.message} / {f.message}"
        severity = min(base.severity, f.severity, key=_SEVERITY_ORDER.__getitem__)
        merged[target] = replace(base, also=also, message=message, severity=severity)
        dropped.add(i)
    return [f for i, f in enumerate(merged) if i not in dropped]


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    import pandas as pd  # here: the lint's helper process unpickles findings without it

    rows = [{**asdict(f), "severity": str(f.severity)} for f in sort_findings(findings)]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for column in ("serial", "source_page", "source_line"):
        frame[column] = frame[column].astype("Int64")
    for column in ("severity", "check", "field", "found", "suggestion", "message", "also"):
        frame[column] = frame[column].astype("string")
    return frame
