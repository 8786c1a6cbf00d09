"""Findings: every problem the pipeline notices, with where it is and what to do about it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from enum import StrEnum

import pandas as pd

from hotplan import columns as c


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

    def location(self) -> str:
        """Human-readable place: page, line and serial, as far as known."""
        parts = []
        if self.source_page is not None:
            parts.append(f"page {self.source_page}")
        if self.source_line is not None:
            parts.append(f"line {self.source_line}")
        if self.serial is not None:
            parts.append(f"通番 {self.serial}")
        return ", ".join(parts) or "document"


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


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == Severity.ERROR for f in findings)


def findings_frame(findings: list[Finding]) -> pd.DataFrame:
    rows = [{**asdict(f), "severity": str(f.severity)} for f in sort_findings(findings)]
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for column in ("serial", "source_page", "source_line"):
        frame[column] = frame[column].astype("Int64")
    for column in ("severity", "check", "field", "found", "suggestion", "message"):
        frame[column] = frame[column].astype("string")
    return frame
