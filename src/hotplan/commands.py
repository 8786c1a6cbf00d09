"""What each command does, once its arguments are parsed (`cli.py` parses them without
importing any of this). Input problems are one line on stderr naming the file; -v adds the
traceback. Several files are processed in parallel (one process per core) behind a progress
bar; one bad file does not stop the others, and results are printed in input order."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from hotplan.cli import DEFAULT_OUTPUT, EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from hotplan.errors import InputError
from hotplan.findings import Severity
from hotplan.outputs import CSV_ENCODINGS
from hotplan.pipeline import Extraction, extract
from hotplan.years.diff import diff_items, summary_text
from hotplan.years.history import (
    history_lock,
    load_history,
    previous_year,
    save_history,
    update_history,
)

if TYPE_CHECKING:
    from hotplan.outputs.write import Changes

INPUT_SUFFIXES = (".txt", ".pdf")
DEFAULT_INPUT = Path("raw")


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str = ""
    err: str = ""


def input_files(paths: list[Path]) -> Iterator[Path]:
    """Files as given; folders expand to their report files, sorted for a stable order."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            if not found:
                raise InputError(path, f"folder holds no report ({', '.join(INPUT_SUFFIXES)})")
            yield from found
        else:
            yield path


def summary(x: Extraction) -> str:
    counts = {s: sum(f.severity == s for f in x.finding_list) for s in Severity}
    year = f"{x.fiscal_year}年度" if x.fiscal_year else "year unknown"
    return (
        f"{x.source.name}: {len(x.items)} measures ({year}), "
        f"{counts[Severity.ERROR]} error(s), {counts[Severity.WARNING]} warning(s)"
    )


def findings_text(x: Extraction) -> str:
    return "".join(
        f"  {f.location():<28} {f.severity:<7} {f.check:<24} {f.message}\n" for f in x.finding_list
    )


def review_text(x: Extraction, limit: int = 40) -> str:
    """The ranked suspects as a table a person reads in a terminal."""
    review = x.review
    lines = [f"{x.source.name}: {len(review)} suspect(s), most likely first"]
    for rank, r in enumerate(review.head(limit).itertuples(index=False), start=1):
        where = " ".join(
            part
            for part in (
                f"p.{r.source_page}" if pd.notna(r.source_page) else "",
                f"l.{r.source_line}" if pd.notna(r.source_line) else "",
                f"通番{r.serial}" if pd.notna(r.serial) else "",
            )
            if part
        )
        lines.append(
            f"{rank:>3}. {r.score:.2f}  {where:<18} {r.field:<16} {r.found} → "
            f"{r.suggestion or '?'}\n       {r.context}\n       [{r.signals}] {r.evidence}"
        )
    if len(review) > limit:
        lines.append(f"… {len(review) - limit} more in review.csv")
    return "\n".join(lines) + "\n"


def failure(exc: BaseException, path: Path, verbose: bool) -> Outcome:
    message = str(exc) if isinstance(exc, InputError) else f"{path}: internal error: {exc!r}"
    trace = "".join(traceback.format_exception(exc)) if verbose else ""
    return Outcome(EXIT_UNUSABLE, err=f"{trace}hotplan: {message}\n")


def process(path: Path, args: argparse.Namespace) -> tuple[Extraction | None, Outcome]:
    """Extract one document; never raises, so a batch survives a bad file."""
    try:
        catalog = None if args.catalog == "none" else args.catalog
        x = extract(
            path,
            password=args.password,
            corrections=args.corrections,
            catalog=catalog,
            reader=args.reader,
        )
        if args.strict:
            x = x.strict()
        status = EXIT_OK if x.ok else EXIT_INVALID
        if args.command == "extract":
            return x, Outcome(status)
        if args.command == "typos":
            from hotplan.outputs.write import write_review

            target = write_review(x, args.out)
            return x, Outcome(EXIT_OK, f"{review_text(x)}→ {target}\n")
        return x, Outcome(status, f"{summary(x)}\n{findings_text(x)}")
    except Exception as exc:  # an InputError, or a bug in hotplan: still one line
        return None, failure(exc, path, args.verbose)


def process_all(
    paths: list[Path], args: argparse.Namespace
) -> list[tuple[Extraction | None, Outcome]]:
    """Extract every file, in parallel when there are several; results in input order."""
    if len(paths) == 1:
        return [process(paths[0], args)]
    from tqdm import tqdm

    results: list = [None] * len(paths)
    workers = min(len(paths), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process, path, args): i for i, path in enumerate(paths)}
        for future in tqdm(
            as_completed(futures), total=len(paths), unit="file", disable=None, leave=False
        ):
            results[futures[future]] = future.result()
    return results


def write_all(
    results: list[tuple[Extraction | None, Outcome]], args: argparse.Namespace
) -> list[Outcome]:
    """Write each folder with its changes since the previous year in the history, then add
    the years whose folders were written to the history. Under the output folder's lock:
    runs sharing it take turns, and a failed folder write leaves the history as it was."""
    from hotplan.outputs.write import write_extraction

    if all(x is None for x, _ in results):
        return [outcome for _, outcome in results]
    with history_lock(args.out):
        history = load_history(args.out)
        planned = history
        for x, _ in sorted(
            (r for r in results if r[0] is not None and r[0].ok),
            key=lambda r: r[0].fiscal_year or 0,
        ):
            planned = update_history(planned, x.items)
        outcomes, written = [], []
        for x, outcome in results:
            if x is None:
                outcomes.append(outcome)
                continue
            try:
                target = write_extraction(x, args.out, args.csv_encoding, _changes(planned, x))
            except Exception as exc:
                outcomes.append(failure(exc, x.source, args.verbose))
                continue
            if x.ok:
                written.append(x)
            what = "data, findings and report" if x.ok else "findings and report only (invalid)"
            outcomes.append(replace(outcome, out=f"{summary(x)} → {target}/ ({what})\n"))
        for x in sorted(written, key=lambda x: x.fiscal_year or 0):
            history = update_history(history, x.items)
        if written:
            save_history(history, args.out, CSV_ENCODINGS[args.csv_encoding])
    return outcomes


def _changes(history: pd.DataFrame | None, x: Extraction) -> Changes | None:
    from hotplan.outputs.write import Changes

    """The diff against the previous fiscal year in the history, when there is one."""
    previous = previous_year(history, x.fiscal_year) if x.ok and x.fiscal_year else None
    if previous is None:
        return None
    return Changes(int(previous["fiscal_year"].iloc[0]), diff_items(previous, x.items))


def usable_out(out: Path) -> str | None:
    """Why the output folder cannot be written, or None."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        return f"cannot write the output folder here ({exc.strerror or exc})"
    return None


def clashing_stems(paths: list[Path]) -> str | None:
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems and stems[path.stem] != path:
            return f"{stems[path.stem]} and {path} would both write {path.stem}/"
        stems[path.stem] = path
    return None


def load_side(path: Path, args: argparse.Namespace) -> pd.DataFrame:
    """Items of one side of a diff: an extracted output folder, or a document."""
    if path.is_dir():
        from hotplan.outputs.load import load_items

        return load_items(path)
    x = extract(path, password=args.password, reader=args.reader)
    if not x.ok:
        sys.stderr.write(f"hotplan: {path}: has errors; compared as read ({summary(x)})\n")
    return x.items


def run_diff(args: argparse.Namespace) -> int:
    try:
        old, new = load_side(args.old, args), load_side(args.new, args)
    except Exception as exc:
        outcome = failure(exc, args.old, args.verbose)
        sys.stderr.write(outcome.err)
        return outcome.status
    from hotplan.outputs.write import write_csv

    changes = diff_items(old, new)
    out = args.out or DEFAULT_OUTPUT / f"diff_{args.old.stem}_{args.new.stem}"
    out.mkdir(parents=True, exist_ok=True)
    write_csv(changes, out / "changes.csv", CSV_ENCODINGS["utf-8-sig"])
    sys.stdout.write(summary_text(changes, old, new))
    sys.stdout.write(f"→ {out / 'changes.csv'}\n")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.verbose:  # the PDF libraries' own log lines, for a person debugging a file
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    if args.command == "diff":
        return run_diff(args)
    try:
        paths = list(input_files(args.paths or [DEFAULT_INPUT]))
    except InputError as exc:
        outcomes = [failure(exc, Path(exc.path), args.verbose)]
    else:
        clash = clashing_stems(paths) if args.command == "extract" else None
        unusable = usable_out(args.out) if args.command in ("extract", "typos") else None
        if clash:
            outcomes = [Outcome(EXIT_UNUSABLE, err=f"hotplan: {clash}: rename one of them\n")]
        elif unusable:
            outcomes = [Outcome(EXIT_UNUSABLE, err=f"hotplan: {args.out}: {unusable}\n")]
        else:
            results = process_all(paths, args)
            outcomes = (
                write_all(results, args)
                if args.command == "extract"
                else [outcome for _, outcome in results]
            )
    for outcome in outcomes:
        sys.stdout.write(outcome.out)
        sys.stderr.write(outcome.err)
    return max(o.status for o in outcomes)
