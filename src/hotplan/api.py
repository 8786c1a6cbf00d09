"""What a notebook or script does with extractions besides reading them — the same
operations the command line performs, as functions:

>>> x = hotplan.extract("raw/hotplan_progress_2024.txt")
>>> hotplan.write(x, "output")            # output/<stem>/ and output/history.*
>>> hotplan.diff("output/a_2024", "raw/a_2025.pdf", corrections="both")
>>> hotplan.update_history("output", x)   # the history only
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from hotplan.outputs import CSV_ENCODINGS
from hotplan.pipeline import Extraction, extract
from hotplan.years import history as h
from hotplan.years.diff import diff_items
from hotplan.years.like_with_like import Fix, align, applied_fixes

if TYPE_CHECKING:
    from hotplan.helper import Helper


def _changes(history: pd.DataFrame | None, x: Extraction):
    """The diff against the previous fiscal year in the history, when there is one."""
    from hotplan.outputs.write import Changes

    previous = h.previous_year(history, x.fiscal_year) if x.ok and x.fiscal_year else None
    if previous is None:
        return None
    return Changes(int(previous["fiscal_year"].iloc[0]), diff_items(previous, x.items))


def write_folders(
    extractions: list[Extraction],
    out: Path,
    csv_encoding: str = "utf-8-sig",
    helper: Helper | None = None,
) -> list[Path | Exception]:
    """Write each extraction's folder with its changes since the previous year in the
    history, then add the years whose folders were written to the history. Under the
    output folder's lock: runs sharing it take turns, and a failed folder write leaves
    the history as it was. One result per extraction: its folder, or why it failed.
    helper: the command line's second process, which writes a single folder's workbook."""
    from hotplan.outputs.write import write_extraction

    with h.history_lock(out):
        history = h.load_history(out)
        planned = history
        for x in sorted((x for x in extractions if x.ok), key=lambda x: x.fiscal_year or 0):
            planned = h.update_history(planned, x.items)
        results: list[Path | Exception] = []
        written = []
        for x in extractions:
            try:
                results.append(write_extraction(x, out, csv_encoding, _changes(planned, x), helper))
            except Exception as exc:
                results.append(exc)
                continue
            if x.ok:
                written.append(x)
        for x in sorted(written, key=lambda x: x.fiscal_year or 0):
            history = h.update_history(history, x.items)
        if written:
            h.save_history(history, out, CSV_ENCODINGS[csv_encoding])
    return results


def write(x: Extraction, out: str | Path = "output", csv_encoding: str = "utf-8-sig") -> Path:
    """Write x as `hotplan extract` does: out/<stem>/ (data files only when x is valid)
    and, for a valid x, its year in out/history.*. Returns the folder."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    [result] = write_folders([x], out, csv_encoding)
    if isinstance(result, Exception):
        raise result
    return result


def update_history(
    out: str | Path, *extractions: Extraction, csv_encoding: str = "utf-8-sig"
) -> pd.DataFrame:
    """Add the valid extractions' years to out/history.* (a year already there is
    replaced) without writing their folders; returns the history."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with h.history_lock(out):
        history = h.load_history(out)
        for x in sorted((x for x in extractions if x.ok), key=lambda x: x.fiscal_year or 0):
            history = h.update_history(history, x.items)
        if history is not None:
            h.save_history(history, out, CSV_ENCODINGS[csv_encoding])
    return history if history is not None else pd.DataFrame()


def side(value: Extraction | str | Path, **extract_options) -> tuple[pd.DataFrame, list[Fix]]:
    """Items of one side of a diff, with the corrections applied to them: an Extraction,
    an extracted output folder, or a document (extracted with extract_options)."""
    if isinstance(value, Extraction):
        return value.items, applied_fixes(value.findings)
    path = Path(value)
    if path.is_dir():
        from hotplan.outputs.load import load_findings, load_items

        return load_items(path), applied_fixes(load_findings(path))
    x = extract(path, **extract_options)
    return x.items, applied_fixes(x.findings)


def diff(
    old: Extraction | str | Path,
    new: Extraction | str | Path,
    corrections: str = "both",
    **extract_options,
) -> pd.DataFrame:
    """What changed between two years (columns.CHANGES), comparing like with like:
    corrections applied to `both` years or to `none` (see years/like_with_like.py)."""
    (a, a_fixes), (b, b_fixes) = side(old, **extract_options), side(new, **extract_options)
    a, b, _ = align(a, b, a_fixes, b_fixes, corrections)
    return diff_items(a, b)
