"""The plan's catalog of measures: what a complete report holds, kept as data.

Built once from a reviewed report (`make catalog`, from the 2024 report) into
`data/plan_catalog.csv`: one row per measure of the plan with its code, subsection title,
取組施策No., 掲載P and departments. Every report is checked against it, so a table cut at
its end, a measure dropped or added, or a plan page that changed is reported by name even
where the numbering still runs without a gap. A year may really drop or add a measure:
those are warnings and infos for a person to confirm, never errors.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pandas as pd
import regex
from rapidfuzz import fuzz

from hotplan import columns as c
from hotplan import vocabulary as v
from hotplan.errors import InputError
from hotplan.findings import Finding, Severity
from hotplan.messages import t

CATALOG_COLUMNS = ("code", "subsection_title", "measure_no", "page_ref", "departments")


@dataclass(frozen=True)
class Measure:
    code: str
    subsection_title: str
    measure_no: int
    page_ref: int | None
    departments: str

    @property
    def name(self) -> str:
        return f"{self.code} No.{self.measure_no}"


@dataclass(frozen=True)
class Catalog:
    measures: tuple[Measure, ...]
    source: str  # where it came from, for the report

    def __len__(self) -> int:
        return len(self.measures)


def _int(text: str) -> int | None:
    return int(text) if text.strip().isdecimal() else None


def load_catalog(path: Path | None = None) -> Catalog:
    """The packaged catalog, or one given by path; InputError when unreadable."""
    if path is None:
        text = files("hotplan").joinpath("data/plan_catalog.csv").read_text(encoding="utf-8")
        source = "hotplan/data/plan_catalog.csv"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(path, t("input.catalog_unreadable", why=exc)) from exc
        source = str(path)
    rows = list(csv.DictReader(text.splitlines()))
    if rows and set(CATALOG_COLUMNS) - set(rows[0]):
        raise InputError(source, t("input.catalog_columns", columns=", ".join(CATALOG_COLUMNS)))
    measures = []
    for row in rows:
        number = _int(row["measure_no"])
        if not row["code"] or number is None:
            raise InputError(source, t("input.catalog_row", row=row))
        measures.append(
            Measure(
                row["code"],
                row["subsection_title"],
                number,
                _int(row["page_ref"]),
                row["departments"],
            )
        )
    return Catalog(tuple(measures), source)


def subsection_numbers(catalog: Catalog) -> dict[str, dict[str, int]]:
    """Each section's (`Ⅲ-3-(2)`) subsection numbers by title, as the plan numbers them:
    a scan's ① heading whose numeral OCR could not read takes its title's."""
    out: dict[str, dict[str, int]] = {}
    for m in catalog.measures:
        section, _, mark = m.code.rpartition("-")
        if section and m.subsection_title and regex.fullmatch(v.CIRCLED, mark):
            out.setdefault(section, {})[m.subsection_title] = v.circled_to_int(mark)
    return out


def catalog_rows(items: pd.DataFrame) -> list[dict]:
    """A report's measures as catalog rows (building the catalog from a reviewed report)."""
    return [
        {
            "code": row.code,
            "subsection_title": row.subsection_title
            if isinstance(row.subsection_title, str)
            else "",
            "measure_no": int(row.measure_no),
            "page_ref": "" if pd.isna(row.page_ref) else int(row.page_ref),
            "departments": c.LIST_SEPARATOR.join(row.departments),
        }
        for row in items.itertuples(index=False)
        if not pd.isna(row.measure_no)
    ]


def _pairs(catalog: Catalog, items: pd.DataFrame) -> tuple[list, list[Measure], list[int]]:
    """(measure, row index) pairs on code and 取組施策No.; where a misnumbered document has
    the same code twice, the subsection title decides. Unpaired measures and rows too."""
    rows: dict[tuple[str, int], list[int]] = {}
    for i, row in enumerate(items.itertuples(index=False)):
        if not pd.isna(row.measure_no) and isinstance(row.code, str):
            rows.setdefault((row.code, int(row.measure_no)), []).append(i)
    titles = items["subsection_title"].tolist()
    pairs, missing = [], []
    for measure in catalog.measures:
        candidates = rows.get((measure.code, measure.measure_no), [])
        if not candidates:
            missing.append(measure)
            continue
        best = max(
            candidates,
            key=lambda i: fuzz.ratio(str(titles[i] or ""), measure.subsection_title),
        )
        candidates.remove(best)
        pairs.append((measure, best))
    unknown = sorted(i for left in rows.values() for i in left)
    return pairs, missing, unknown


def check_catalog(items: pd.DataFrame, catalog: Catalog) -> list[Finding]:
    """Measures of the plan missing from the report, measures not in the plan, and 掲載P that
    changed."""
    pairs, missing, unknown = _pairs(catalog, items)
    findings = [
        Finding(
            Severity.WARNING,
            "catalog.missing",
            t(
                "msg.catalog.missing",
                name=m.name,
                subsection=m.subsection_title or t("msg.catalog.no_subsection"),
                page=m.page_ref,
                departments=m.departments,
            ),
            field="code",
            found=m.name,
        )
        for m in missing
    ]
    codes, numbers = items["code"].tolist(), items["measure_no"].tolist()
    serials, pages = items["serial"].tolist(), items["page_ref"].tolist()
    for i in unknown:
        findings.append(
            Finding(
                Severity.INFO,
                "catalog.unknown",
                t("msg.catalog.unknown", name=f"{codes[i]} No.{numbers[i]}", source=catalog.source),
                serial=int(serials[i]),
                field="code",
                found=f"{codes[i]} No.{numbers[i]}",
            )
        )
    findings += _titles_changed(pairs, items)
    for measure, i in pairs:
        page = None if pd.isna(pages[i]) else int(pages[i])
        if measure.page_ref is not None and page is not None and page != measure.page_ref:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "catalog.page_changed",
                    t(
                        "msg.catalog.page_changed",
                        name=measure.name,
                        page=page,
                        expected=measure.page_ref,
                    ),
                    serial=int(serials[i]),
                    field="page_ref",
                    found=str(page),
                    suggestion=str(measure.page_ref),
                )
            )
    return findings


def _titles_changed(pairs: list, items: pd.DataFrame) -> list[Finding]:
    """A subsection title printed otherwise than the plan's (the plan's titles hold for its
    whole period): a misprint, or OCR's misreading of a heading no other page repeats.
    One finding per code and page it is printed on."""
    titles, sources = items["subsection_title"].tolist(), items["source_page"].tolist()
    seen: set[tuple[str, object]] = set()
    findings = []
    for measure, i in pairs:
        printed, planned = titles[i], measure.subsection_title
        if not planned or not isinstance(printed, str):
            continue
        if "".join(printed.split()) == "".join(planned.split()):
            continue
        page = None if pd.isna(sources[i]) else int(sources[i])
        if (measure.code, page) in seen:
            continue
        seen.add((measure.code, page))
        findings.append(
            Finding(
                Severity.WARNING,
                "catalog.title_changed",
                t("msg.catalog.title_changed", code=measure.code, title=printed, planned=planned),
                field="subsection_title",
                source_page=page,
                found=printed,
                suggestion=planned,
            )
        )
    return findings


def write_catalog(items: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=CATALOG_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(catalog_rows(items))
