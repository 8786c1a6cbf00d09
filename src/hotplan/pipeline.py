"""read → parse → tables → validate: one document in, an Extraction out. No files written here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from hotplan import columns as c
from hotplan.errors import InputError
from hotplan.findings import Finding, Severity, findings_frame, has_errors, sort_findings, strict
from hotplan.parse import ParsedDocument, SourceLine, parse_lines
from hotplan.pdf_layout import layout_lines
from hotplan.pdf_read import read_pdf
from hotplan.read import read_text
from hotplan.tables import build_departments, build_items
from hotplan.validate import validate_items


@dataclass(frozen=True)
class Extraction:
    """Everything hotplan learned from one document."""

    source: Path
    fiscal_year: int | None
    title: str | None
    legend: dict[str, str]
    items: pd.DataFrame
    departments: pd.DataFrame
    finding_list: list[Finding]
    encoding: str

    @property
    def findings(self) -> pd.DataFrame:
        return findings_frame(self.finding_list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.finding_list)

    def strict(self) -> Extraction:
        return replace(self, finding_list=strict(self.finding_list))


def document_findings(doc: ParsedDocument) -> list[Finding]:
    """Problems of the document as a whole, not of one line."""
    findings = []
    if not doc.legend:
        findings.append(
            Finding(
                Severity.ERROR,
                "legend.missing",
                "no rating legend (e.g. ○:実施) found: allowed ratings are unknown",
            )
        )
    if not doc.years:
        findings.append(
            Finding(
                Severity.ERROR,
                "header.missing",
                "no table header row (通番 … 進捗評価) found: fiscal year unknown",
            )
        )
    return findings


def extract_lines(
    lines: list[SourceLine],
    source: Path,
    encoding: str,
    reader_findings: Sequence[Finding] = (),
) -> Extraction:
    """The shared back half of every input format: parsed lines → validated tables."""
    doc = parse_lines(lines)
    if not doc.rows:
        raise InputError(source, "no progress table found (no 通番 rows): not this kind of report?")
    items, table_findings = build_items(doc, source.name)
    findings = (
        list(reader_findings)
        + doc.findings
        + document_findings(doc)
        + table_findings
        + validate_items(items, doc.legend)
    )
    return Extraction(
        source=source,
        fiscal_year=doc.fiscal_year,
        title=doc.title,
        legend=dict(doc.legend),
        items=items[c.names(c.ITEMS)].reset_index(drop=True),
        departments=build_departments(items),
        finding_list=sort_findings(findings),
        encoding=encoding,
    )


def is_pdf(path: Path) -> bool:
    """PDF by content, not by name: the header may follow a little junk (spec: first 1 KiB)."""
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return False  # read_text reports the problem
    if b"%PDF-" in head:
        return True
    if path.suffix.lower() == ".pdf" and head.strip():
        raise InputError(path, "is not a PDF (no %PDF- header): corrupt, or another format")
    return False


def extract(path: str | Path, password: str | None = None) -> Extraction:
    """Extract one report, a PDF or a text dump. Raises InputError for unusable input."""
    path = Path(path)
    if is_pdf(path):
        lines, findings = layout_lines(read_pdf(path, password))
        return extract_lines(lines, path, "pdf", findings)
    source = read_text(path)
    lines = [SourceLine(number=i, text=t) for i, t in enumerate(source.lines, start=1)]
    return extract_lines(lines, source.path, source.encoding)
