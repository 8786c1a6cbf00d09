"""Write one Extraction to output/<stem>/, atomically.

All files are written into a temporary folder beside the target, which then replaces the
target with renames: a failed or interrupted run never leaves half-written files or a mix
of two runs' files. An invalid document gets findings.csv, review.csv, report.md and
report.html only.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hotplan import columns as c
from hotplan.collector import collector_paused
from hotplan.errors import InputError
from hotplan.messages import t
from hotplan.outputs import CSV_ENCODINGS, ordinary_mode, temp_file
from hotplan.pipeline import Extraction

if TYPE_CHECKING:
    from hotplan.helper import Helper


def csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """CSV has no lists: list cells are joined with ';'."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda x: isinstance(x, list)).any():
            out[col] = out[col].map(
                lambda xs: c.LIST_SEPARATOR.join(xs) if isinstance(xs, list) else xs
            )
    return out


def excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that Excel would run as a formula, shown as text instead: a leading `'`
    (OWASP's advice for CSV meant to be opened in Excel). Numbers are left alone."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(
                lambda x: "'" + x if isinstance(x, str) and x.startswith(c.FORMULA_START) else x
            )
    return out


def write_csv(frame: pd.DataFrame, path: Path, encoding: str) -> None:
    """CSV as Excel in Japan opens it (utf-8-sig: a BOM, formula-like text escaped), or
    verbatim for data tools (utf-8)."""
    frame = csv_frame(frame)
    if encoding == "utf-8-sig":
        frame = excel_safe(frame)
    frame.to_csv(path, index=False, encoding=encoding, lineterminator="\n")


def write_parquet(frame: pd.DataFrame, columns: tuple[c.Column, ...], path: Path) -> None:
    table = pa.Table.from_pandas(frame, schema=c.arrow_schema(columns), preserve_index=False)
    pq.write_table(table, path)


@dataclass(frozen=True)
class Changes:
    """The diff against the previous fiscal year in the history, when there is one."""

    previous_year: int
    table: pd.DataFrame


def render_files(
    x: Extraction,
    folder: Path,
    csv_encoding: str,
    changes: Changes | None = None,
    helper: Helper | None = None,
) -> None:
    """Write every output file of x into folder (data files only if x is valid); helper:
    the command line's second process, which writes the workbook meanwhile."""
    # The renderers (jinja2, xlsxwriter) load here: `validate`, `typos` and the history
    # writer, which share this module, never need them.
    with collector_paused():
        from hotplan.outputs.workbook import write_workbook
        from hotplan.outputs.xlsx import workbook_sheets

    sheets, handed = [], False
    if x.ok:
        sheets = workbook_sheets(
            x.items, x.departments, x.findings, changes.table if changes else None
        )
        handed = helper is not None and helper.write_workbook(folder / "items.xlsx", sheets)
    try:
        _render_others(x, folder, csv_encoding, changes)
    except BaseException:
        if helper is not None:
            helper.close()  # stopped before the caller removes the folder it writes in
        raise
    if x.ok and not (handed and helper is not None and helper.workbook_written()):
        write_workbook(folder / "items.xlsx", sheets)


def _render_others(x: Extraction, folder: Path, csv_encoding: str, changes: Changes | None) -> None:
    """Every file but the workbook."""
    with collector_paused():
        from hotplan.outputs.datapackage import descriptor
        from hotplan.outputs.report_html import render_html
        from hotplan.outputs.report_md import render_report

    write_csv(x.findings, folder / "findings.csv", csv_encoding)
    write_csv(x.review, folder / "review.csv", csv_encoding)
    write_images(x, folder)
    (folder / "report.md").write_text(render_report(x), encoding="utf-8")
    (folder / "report.html").write_text(
        render_html(
            x,
            changes.table if changes else None,
            changes.previous_year if changes else None,
        ),
        encoding="utf-8",
    )
    if not x.ok:
        return
    tables = {"items": (x.items, c.ITEMS), "departments": (x.departments, c.DEPARTMENTS)}
    for name, (frame, columns) in tables.items():
        write_csv(frame, folder / f"{name}.csv", csv_encoding)
        write_parquet(frame, columns, folder / f"{name}.parquet")
    names = ["items", "departments", "findings", "review"]
    if changes is not None:
        write_csv(changes.table, folder / "changes.csv", csv_encoding)
        names.append("changes")
    package = descriptor(x, names, {n: f"{n}.csv" for n in names})
    (folder / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )


def load_renderers() -> None:
    """Import the renderers and compile the report's template now rather than on first
    use (the command line does this while the lint's helper process finishes)."""
    with collector_paused():
        from hotplan.outputs import datapackage, report_md, xlsx  # noqa: F401
        from hotplan.outputs.report_html import template

        template()


def write_images(x: Extraction, folder: Path) -> None:
    """The OCR cell pictures that review.csv and report.html link (ocr/*.png)."""
    for name, png in x.images.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_bytes(png)


def write_review(x: Extraction, out_dir: Path, csv_encoding: str = "utf-8-sig") -> Path:
    """Only review.csv (atomically) and the pictures it links (`hotplan typos`)."""
    folder = output_folder(out_dir, x.source)
    folder.mkdir(parents=True, exist_ok=True)
    write_images(x, folder)
    tmp = temp_file(folder, ".review", ".csv")
    try:
        write_csv(x.review, Path(tmp), CSV_ENCODINGS[csv_encoding])
        os.replace(tmp, folder / "review.csv")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / "review.csv"


def replace_folder(staging: Path, target: Path) -> None:
    """Put staging where target is, so readers see the old or the new folder, never a mix."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        target.rename(old / target.name)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old)


def output_folder(out_dir: Path, source: Path) -> Path:
    """out_dir/<stem>/ for a source file; InputError for a stem that would address anything
    else (`..txt` has the stem `.`) or that no file system takes."""
    stem = source.stem
    bad = (
        stem in ("", ".", "..")
        or any(sep in stem for sep in ("/", "\\"))
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in stem)
    )
    if bad:
        raise InputError(source, t("input.bad_stem", stem=stem))
    return out_dir / stem


def write_extraction(
    x: Extraction,
    out_dir: Path,
    csv_encoding: str = "utf-8-sig",
    changes: Changes | None = None,
    helper: Helper | None = None,
) -> Path:
    target = output_folder(out_dir, x.source)
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=out_dir))
    staging.chmod(ordinary_mode(directory=True))  # mkdtemp makes it private
    try:
        render_files(x, staging, CSV_ENCODINGS[csv_encoding], changes, helper)
        replace_folder(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
