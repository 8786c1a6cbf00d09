"""read → parse → tables → (corrections) → validate → lint: one document in, an Extraction
out. No files written here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import pandas as pd

from hotplan import columns as c
from hotplan.document.catalog import (
    Catalog,
    check_catalog,
    load_catalog,
    subsection_numbers,
)
from hotplan.document.parse import ParsedDocument, SourceLine, parse_lines
from hotplan.document.tables import build_departments, build_items, with_relisted
from hotplan.document.validate import validate_items
from hotplan.errors import InputError, LayoutError, NoTextLayer, PartlyScanned
from hotplan.findings import (
    Finding,
    Severity,
    findings_frame,
    has_errors,
    merge_duplicates,
    sort_findings,
    strict,
)
from hotplan.helper import Helper, ReadJob
from hotplan.inputs import is_pdf
from hotplan.messages import language, t
from hotplan.sources.pdf.layout import layout_lines
from hotplan.sources.pdf.page import PdfPage
from hotplan.sources.pdf.readers import DEFAULT_READER, open_reader
from hotplan.sources.text import read_text
from hotplan.typos.corrections import Correction, apply_corrections, load_corrections, resolved
from hotplan.typos.lint import lint_items, lint_typos
from hotplan.typos.registry import Registry, load_registry
from hotplan.typos.review import REVIEW_COLUMNS, review_table


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
    review: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_COLUMNS))
    registry_source: str | None = None  # the department registry the lint used, if any
    catalog_source: str | None = None  # the plan catalog checked against, if any
    images: dict[str, bytes] = field(default_factory=dict)  # review pictures (OCR), by path

    @property
    def findings(self) -> pd.DataFrame:
        return findings_frame(self.finding_list)

    @property
    def ok(self) -> bool:
        return not has_errors(self.finding_list)

    def strict(self) -> Extraction:
        return replace(self, finding_list=strict(self.finding_list))

    def summary(self) -> str:
        """One line: the file, its measures and year, errors and warnings."""
        counts = {s: sum(f.severity == s for f in self.finding_list) for s in Severity}
        year = f"{self.fiscal_year}年度" if self.fiscal_year else t("cli.year_unknown")
        return t(
            "cli.summary",
            name=self.source.name,
            measures=len(self.items),
            year=year,
            errors=counts[Severity.ERROR],
            warnings=counts[Severity.WARNING],
        )

    def __repr__(self) -> str:  # a notebook shows one line, not every table
        return f"<Extraction {self.summary()}>"

    def _repr_html_(self) -> str:
        """A notebook's view: the summary, the findings, the first measures."""
        from html import escape

        findings = self.findings[["severity", "check", "source_line", "message"]].head(10)
        items = self.items[["serial", "code", "departments", "rating", "direction"]].head(5)
        return (
            f"<p><b>{escape(self.summary())}</b></p>"
            f"{findings.to_html(index=False)}{items.to_html(index=False)}"
        )


def document_findings(doc: ParsedDocument) -> list[Finding]:
    """Problems of the document as a whole, not of one line."""
    findings = []
    if not doc.legend:
        findings.append(
            Finding(
                Severity.ERROR,
                "legend.missing",
                t("msg.legend.missing"),
            )
        )
    if not doc.years:
        findings.append(
            Finding(
                Severity.ERROR,
                "header.missing",
                t("msg.header.missing"),
            )
        )
    return findings


@dataclass(frozen=True)
class Options:
    """What an extraction reads besides the document itself."""

    corrections: list[Correction] = field(default_factory=list)
    registry: Registry | None = None  # None: no typo lint
    catalog: Catalog | None = None  # None: no completeness check against the plan
    helper: Helper | None = None  # a second process that lints while this validates


def extract_lines(
    lines: list[SourceLine],
    source: Path,
    encoding: str,
    reader_findings: Sequence[Finding] = (),
    options: Options | None = None,
    ocr_cells: list | None = None,
) -> Extraction:
    """The shared back half of every input format: parsed lines → validated tables.
    ocr_cells: what OCR read in each table cell of a scan (doubtful ones are reviewed)."""
    options = options or Options()
    doc = parse_lines(lines)
    if not doc.rows:
        raise InputError(source, t("input.no_table"))
    items, table_findings = build_items(doc, source.name)
    ocr_rows: list[dict] = []
    images: dict[str, bytes] = {}
    if ocr_cells is not None:
        from hotplan.document.tables import SCOPE
        from hotplan.sources.ocr.review import review_cells

        names = _registry_names(options)
        ocr = review_cells(items, ocr_cells, SCOPE, names)
        items, ocr_rows, images = ocr.items, ocr.rows, ocr.images
        table_findings = table_findings + ocr.findings
    applied = apply_corrections(items, doc.headings, options.corrections)
    items, relisted_findings = with_relisted(applied.items)
    fixed = resolved(doc.findings, applied.applied)
    findings = (
        list(reader_findings)
        + [f for f in doc.findings if f not in fixed]
        + document_findings(doc)
        + table_findings
        + relisted_findings
        + applied.findings
    )
    job = {
        "items": lint_items(items),
        "headings": doc.headings,
        "findings": list(findings),
        "registry": options.registry,
        "rejected": applied.silenced,
    }
    helper = options.helper if options.registry is not None else None
    linting = helper is not None and helper.start(job, language())
    findings += validate_items(items, doc.legend) + (
        check_catalog(items, options.catalog) if options.catalog is not None else []
    )
    suspects = pd.DataFrame(ocr_rows, columns=REVIEW_COLUMNS)
    if options.registry is not None and not options.registry.entries:
        findings.append(Finding(Severity.INFO, "typo.no_registry", t("msg.typo.no_registry")))
    if options.registry is not None:
        lint = helper.result() if linting and helper is not None else None
        if lint is None:
            lint = lint_typos(**job)
        findings += lint.findings()
        found = lint.review()
        suspects = pd.concat([suspects, found], ignore_index=True) if ocr_rows else found
    review = review_table(suspects, options.corrections, applied.statuses)
    return Extraction(
        source=source,
        fiscal_year=doc.fiscal_year,
        title=doc.title,
        legend=dict(doc.legend),
        items=items[c.names(c.ITEMS)].reset_index(drop=True),
        departments=build_departments(items),
        finding_list=sort_findings(merge_duplicates(findings)),
        encoding=encoding,
        review=review,
        registry_source=options.registry.source if options.registry is not None else None,
        catalog_source=options.catalog.source if options.catalog is not None else None,
        images=images,
    )


@dataclass
class Scanned:
    """The scanned pages of a PDF whose other pages print their text, and its pages as
    read from the text layer."""

    pages: list[int]
    printed: Iterator[PdfPage]

    def read(self) -> Iterator[PdfPage]:
        """Every page as the text layer's reader gives it; its PartlyScanned, said once
        all pages are read, is what this already knows."""
        try:
            yield from self.printed
        except PartlyScanned:
            return


def _extract_scan(
    path: Path,
    password: str | None,
    options: Options,
    jobs: int | None,
    progress: bool,
    partly: Scanned | None = None,
) -> Extraction:
    """A PDF read by OCR (partly: only its scanned pages): the same layout and back half as
    any PDF, plus cell review. The OCR's corrections by heading order, title wording and
    legend apply to the scanned pages' lines only: a printed page says what it prints."""
    from hotplan.sources.ocr.document import ocr_pages
    from hotplan.sources.ocr.engine import EngineMissing, version
    from hotplan.sources.ocr.headings import number_headings
    from hotplan.sources.ocr.legend import match_legend
    from hotplan.sources.ocr.reread import letters
    from hotplan.sources.ocr.wording import borne_titles, restored_titles

    cells: list = []
    numbers: list[int] = []

    names = _registry_names(options)

    printed, scanned = (partly.read(), partly.pages) if partly else (None, None)

    def pages() -> Iterator[PdfPage]:
        for page in ocr_pages(path, password, jobs, cells, progress, names, printed, scanned):
            numbers.append(page.number)
            yield page

    try:
        lines, findings = layout_lines(pages())
    except EngineMissing as exc:
        raise InputError(path, t("input.ocr_missing")) from exc
    except LayoutError as exc:
        raise InputError(path, t("input.no_usable_table", why=exc)) from exc
    read = frozenset(scanned or numbers)
    planned = subsection_numbers(options.catalog) if options.catalog else None
    lines, heading_findings = _on_pages(read, lines, number_headings(lines, planned))
    doubted = frozenset(
        (c.page, letters(c.text)) for c in cells if c.role == "heading" and c.doubtful
    )
    lines, borne_findings = borne_titles(lines, doubted)
    lines, restored_findings = _on_pages(read, lines, restored_titles(lines))
    lines, legend_findings = _on_pages(read, lines, match_legend(lines))
    if partly:
        pages_read = "、".join(map(str, partly.pages))
        message = t("msg.ocr.used_pages", pages=pages_read, version=version())
    else:
        message = t("msg.ocr.used", pages=len(numbers), version=version())
    used = Finding(Severity.INFO, "ocr.used", message)
    found = [
        used,
        *findings,
        *heading_findings,
        *borne_findings,
        *restored_findings,
        *legend_findings,
    ]
    return extract_lines(lines, path, "pdf", found, options, ocr_cells=cells)


def _ocr_installed() -> bool:
    from hotplan.sources.ocr.engine import EngineMissing, tessdata

    try:
        tessdata()
    except EngineMissing:
        return False
    return True


def _extract_printed(path: Path, partly: Scanned, options: Options) -> Extraction:
    """A partly scanned PDF on a machine without Tesseract: its printed pages, and a
    warning naming the scanned pages left unread and how to read them."""
    try:
        lines, findings = layout_lines(partly.read())
    except LayoutError as exc:
        raise InputError(path, t("input.no_usable_table", why=exc)) from exc
    pages_left = "、".join(map(str, partly.pages))
    unread = Finding(Severity.WARNING, "ocr.unread", t("msg.ocr.unread", pages=pages_left))
    return extract_lines(lines, path, "pdf", [unread, *findings], options)


def _on_pages(
    pages: frozenset[int], lines: list[SourceLine], done: tuple[list[SourceLine], list[Finding]]
) -> tuple[list[SourceLine], list[Finding]]:
    """What a step that corrects OCR's reading (done: its lines and findings) changed on
    pages only: every other line as it was, and the findings on those pages only. Each
    step gives back one line for each line it was given."""
    changed, findings = done
    kept = [new if old.page in pages else old for old, new in zip(lines, changed, strict=True)]
    return kept, [f for f in findings if f.source_page is None or f.source_page in pages]


def _registry_names(options: Options) -> frozenset[str]:
    """The department names OCR weighs its readings against and matches names to."""
    return frozenset(options.registry.entries) if options.registry else frozenset()


def _registry(path: str | Path | None) -> Registry | None:
    """None: no typo lint at all; "packaged": the registry shipped in the package; "none":
    lint without one (a finding says departments went unchecked); else a file."""
    if path is None:
        return None
    if path == "packaged":
        return load_registry()
    if path == "none":
        return Registry({}, source="")
    return load_registry(Path(path))


def corrections_for(path: Path) -> Path:
    """Where reviewed corrections for a document live by default: raw/<stem>.corrections.csv."""
    return path.with_name(f"{path.stem}.corrections.csv")


def extract(
    path: str | Path,
    password: str | None = None,
    corrections: str | Path | None = None,
    registry: str | Path | Literal["packaged", "none"] | None = "packaged",
    catalog: str | Path | Literal["packaged"] | None = "packaged",
    reader: str = DEFAULT_READER,
    ocr: Literal["auto", "always", "never"] = "auto",
    jobs: int | None = None,
    progress: bool = False,
    helper: Helper | None = None,
) -> Extraction:
    """Extract one report, a PDF or a text dump. Raises InputError for unusable input.

    corrections: a reviewed review.csv (default: <stem>.corrections.csv beside the input,
    if present). registry: the department registry for the typo lint ("packaged": the one
    shipped with hotplan; "none": lint without one, said in a finding; None: no typo lint).
    catalog: the plan's measures to check completeness against (default: the packaged
    catalog; None: no check). reader: the library that reads a PDF's pages, `pdfium`
    (default) or `pdfplumber` (slower; the independent second reading). ocr: `auto` reads
    a PDF without a usable text layer by OCR, `always` reads every PDF so, `never` refuses
    one; jobs: OCR processes (default: one per core); progress: OCR's bar on stderr;
    helper: a second process (the CLI's) that reads the PDF while this one imports its
    libraries, and lints while this one validates."""
    path = Path(path)
    fixes_path = Path(corrections) if corrections else corrections_for(path)
    if corrections and not fixes_path.exists():
        raise InputError(fixes_path, t("input.no_corrections"))
    options = Options(
        corrections=load_corrections(fixes_path) if fixes_path.exists() else [],
        registry=_registry(registry),
        catalog=None
        if catalog is None
        else load_catalog(None if catalog == "packaged" else Path(catalog)),
        helper=helper,
    )
    if is_pdf(path):
        if ocr != "always":
            try:
                try:
                    read = helper.lines(ReadJob(path, password, reader)) if helper else None
                    lines, findings = read or layout_lines(open_reader(reader)(path, password))
                except LayoutError as exc:
                    raise InputError(path, t("input.no_usable_table", why=exc)) from exc
                return extract_lines(lines, path, "pdf", findings, options)
            except NoTextLayer as exc:
                if ocr == "never":
                    raise
                if isinstance(exc, PartlyScanned):
                    scanned = Scanned(exc.pages, open_reader(reader)(path, password))
                    if not _ocr_installed():
                        return _extract_printed(path, scanned, options)
                    return _extract_scan(path, password, options, jobs, progress, scanned)
        return _extract_scan(path, password, options, jobs, progress)
    source = read_text(path)
    lines = [SourceLine(number=i, text=t) for i, t in enumerate(source.lines, start=1)]
    return extract_lines(lines, source.path, source.encoding, options=options)
