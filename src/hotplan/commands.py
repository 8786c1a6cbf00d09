"""What each command does, once its arguments are parsed (`cli.py` parses them without
importing any of this). Input problems are one line on stderr naming the file; -v adds the
traceback. Several files are processed in parallel (one process per core) behind a progress
bar; one bad file does not stop the others, and results are printed in input order."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import tempfile
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from wcwidth import wcswidth

from hotplan.cli import DEFAULT_OUTPUT, EXIT_INVALID, EXIT_OK, EXIT_UNUSABLE
from hotplan.columns import field_title
from hotplan.errors import InputError
from hotplan.findings import Severity, check_label
from hotplan.helper import Helper
from hotplan.inputs import documents
from hotplan.messages import label, language, t, using
from hotplan.outputs import CSV_ENCODINGS
from hotplan.pipeline import Extraction, extract
from hotplan.years.diff import diff_items, summary_text
from hotplan.years.like_with_like import Fix, align


@dataclass(frozen=True)
class Outcome:
    status: int
    out: str = ""
    err: str = ""


def pad(text: str, cells: int) -> str:
    """text padded to `cells` terminal columns: a full-width character takes two."""
    return text + " " * max(0, cells - max(wcswidth(text), len(text)))


def findings_text(x: Extraction) -> str:
    """One finding per line, columns aligned by display width (a kanji takes two cells)."""
    rows = [
        (f.location(), label("severity", f.severity), check_label(f), f.message)
        for f in x.finding_list
    ]
    widths = [min(26, max((wcswidth(row[i]) for row in rows), default=0)) for i in range(3)]
    return "".join(
        f"  {pad(where, widths[0])}  {pad(severity, widths[1])}  {pad(check, widths[2])}  "
        f"{message}\n"
        for where, severity, check, message in rows
    )


def field_name(name: str) -> str:
    """A column as its reader knows it: 担当課 in Japanese, the code in English."""
    return field_title(name) if language() == "ja" else name


def review_text(x: Extraction, limit: int = 40) -> str:
    """The ranked suspects as a table a person reads in a terminal."""
    review = x.review
    lines = [t("cli.review_head", name=x.source.name, count=len(review))]
    for rank, r in enumerate(review.head(limit).itertuples(index=False), start=1):
        where = " ".join(
            part
            for part in (
                t("where.page", page=r.source_page) if pd.notna(r.source_page) else "",
                t("where.line", line=r.source_line) if pd.notna(r.source_line) else "",
                t("where.serial", serial=r.serial) if pd.notna(r.serial) else "",
            )
            if part
        )
        lines.append(
            f"{rank:>3}. {r.score:.2f}  {pad(where, 24)} {pad(field_name(r.field), 16)} "
            f"{r.found} → "
            f"{r.suggestion or '?'}\n       {r.context}\n       [{r.signals}] {r.evidence}"
        )
    if len(review) > limit:
        lines.append(t("cli.review_more", count=len(review) - limit))
    return "\n".join(lines) + "\n"


def failure(exc: BaseException, path: Path, verbose: bool) -> Outcome:
    message = (
        str(exc) if isinstance(exc, InputError) else t("cli.internal", path=path, error=repr(exc))
    )
    trace = "".join(traceback.format_exception(exc)) if verbose else ""
    return Outcome(EXIT_UNUSABLE, err=f"{trace}hotplan: {message}\n")


def process(
    path: Path, args: argparse.Namespace, helper: Helper | None = None
) -> tuple[Extraction | None, Outcome]:
    """Extract one document; never raises, so a batch survives a bad file."""
    with using(args.lang):  # a worker process starts in the default language
        return _process(path, args, helper)


def _process(
    path: Path, args: argparse.Namespace, helper: Helper | None
) -> tuple[Extraction | None, Outcome]:
    try:
        catalog = None if args.catalog == "none" else args.catalog
        if helper is not None and args.command == "extract":
            from hotplan.outputs.write import load_renderers

            helper.meanwhile(load_renderers)
        x = extract(
            path,
            password=args.password,
            corrections=args.corrections,
            registry=args.registry,
            catalog=catalog,
            reader=args.reader,
            ocr=args.ocr,
            jobs=args.jobs,
            progress=not args.quiet,
            helper=helper,
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
        if args.format != "text":  # rendered for all files together by machine_report
            return x, Outcome(status)
        return x, Outcome(status, f"{x.summary()}\n{findings_text(x)}")
    except Exception as exc:  # an InputError, or a bug in hotplan: still one line
        return None, failure(exc, path, args.verbose)


def process_all(
    paths: list[Path], args: argparse.Namespace, helper: Helper | None = None
) -> list[tuple[Extraction | None, Outcome]]:
    """Extract every file, in parallel when there are several; results in input order.
    helper: the second process of a single file (several keep every core busy)."""
    if len(paths) == 1:
        return [process(paths[0], args, helper)]
    from tqdm import tqdm

    results: list = [None] * len(paths)
    workers = min(len(paths), os.cpu_count() or 1)
    args = argparse.Namespace(**{**vars(args), "jobs": 1})  # files side by side, pages not
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(process, path, args): i for i, path in enumerate(paths)}
        for future in tqdm(
            as_completed(futures), total=len(paths), unit="file", disable=None, leave=False
        ):
            results[futures[future]] = future.result()
    return results


def write_all(
    results: list[tuple[Extraction | None, Outcome]],
    args: argparse.Namespace,
    helper: Helper | None = None,
) -> list[Outcome]:
    """Write the folders and the history (api.write_folders); one outcome per input.
    helper: the single document's second process, which writes its workbook."""
    from hotplan.api import write_folders

    extracted = [x for x, _ in results if x is not None]
    if not extracted:
        return [outcome for _, outcome in results]
    written = iter(write_folders(extracted, args.out, args.csv_encoding, helper))
    outcomes = []
    for x, outcome in results:
        if x is None:
            outcomes.append(outcome)
            continue
        target = next(written)
        if isinstance(target, Exception):
            outcomes.append(failure(target, x.source, args.verbose))
            continue
        what = t("cli.wrote_all" if x.ok else "cli.wrote_invalid")
        outcomes.append(replace(outcome, out=f"{x.summary()} → {target}/ ({what})\n"))
    return outcomes


def usable_out(out: Path) -> str | None:
    """Why the output folder cannot be written, or None."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        return t("cli.out_unwritable", why=exc.strerror or exc)
    return None


def clashing_stems(paths: list[Path]) -> str | None:
    stems: dict[str, Path] = {}
    for path in paths:
        if path.stem in stems and stems[path.stem] != path:
            return t("cli.stem_clash", first=stems[path.stem], second=path, stem=path.stem)
        stems[path.stem] = path
    return None


def load_side(path: Path, args: argparse.Namespace) -> tuple[pd.DataFrame, list[Fix]]:
    """Items of one side of a diff, an extracted output folder or a document, with the
    reviewed corrections applied to them."""
    from hotplan.api import side

    if path.is_dir():
        return side(path)
    x = extract(
        path,
        password=args.password,
        reader=args.reader,
        registry=args.registry,
        ocr=args.ocr,
        jobs=args.jobs,
    )
    if not x.ok:
        sys.stderr.write(f"hotplan: {path}: {t('cli.diff_invalid', summary=x.summary())}\n")
    return side(x)


def run_diff(args: argparse.Namespace) -> int:
    try:
        (old, old_fixes), (new, new_fixes) = load_side(args.old, args), load_side(args.new, args)
    except Exception as exc:
        outcome = failure(exc, args.old, args.verbose)
        sys.stderr.write(outcome.err)
        return outcome.status
    from hotplan.outputs.write import write_csv

    old, new, carried = align(old, new, old_fixes, new_fixes, args.corrections)
    changes = diff_items(old, new)
    out = args.out or DEFAULT_OUTPUT / f"diff_{args.old.stem}_{args.new.stem}"
    out.mkdir(parents=True, exist_ok=True)
    write_csv(changes, out / "changes.csv", CSV_ENCODINGS["utf-8-sig"])
    if not args.quiet:
        footing = t(
            f"cli.diff_corrections_{args.corrections}",
            old=len(old_fixes),
            new=len(new_fixes),
            carried=carried,
        )
        sys.stdout.write(f"{footing}\n{summary_text(changes, old, new)}")
        sys.stdout.write(f"→ {out / 'changes.csv'}\n")
    return EXIT_OK


def machine_report(
    paths: list[Path], results: list[tuple[Extraction | None, Outcome]], fmt: str
) -> str:
    """`validate --format json|csv`: every file's findings for a script or CI job, with
    codes rather than words (severity, check) and the message in the chosen language."""
    if fmt == "csv":
        frames = [
            x.findings.assign(file=str(path))[["file", *x.findings.columns]]
            for path, (x, _) in zip(paths, results, strict=True)
            if x is not None
        ]
        if not frames:
            return ""
        return pd.concat(frames, ignore_index=True).to_csv(index=False, lineterminator="\n")
    report = []
    for path, (x, outcome) in zip(paths, results, strict=True):
        if x is None:
            report.append({"file": str(path), "error": outcome.err.strip()})
            continue
        counts = {s: sum(f.severity == s for f in x.finding_list) for s in Severity}
        report.append(
            {
                "file": str(path),
                "fiscal_year": x.fiscal_year,
                "measures": len(x.items),
                "valid": x.ok,
                "errors": counts[Severity.ERROR],
                "warnings": counts[Severity.WARNING],
                "infos": counts[Severity.INFO],
                "findings": json.loads(x.findings.to_json(orient="records", force_ascii=False)),
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace, helper: Helper | None = None) -> int:
    """The command; helper: the second process started for it (cli.console), closed
    here."""
    try:
        with using(args.lang):
            return _run(args, helper)
    finally:
        if helper is not None:
            helper.close()


def _run(args: argparse.Namespace, helper: Helper | None) -> int:
    if args.verbose:  # the PDF libraries' own log lines, for a person debugging a file
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    if args.command == "diff":
        return run_diff(args)
    try:
        paths = documents(args.paths)
    except InputError as exc:
        outcomes = [failure(exc, Path(exc.path), args.verbose)]
    else:
        clash = clashing_stems(paths) if args.command == "extract" else None
        unusable = usable_out(args.out) if args.command in ("extract", "typos") else None
        if clash:
            outcomes = [Outcome(EXIT_UNUSABLE, err=f"hotplan: {clash}\n")]
        elif unusable:
            outcomes = [Outcome(EXIT_UNUSABLE, err=f"hotplan: {args.out}: {unusable}\n")]
        else:
            results = process_all(paths, args, helper)
            outcomes = (
                write_all(results, args, helper)
                if args.command == "extract"
                else [outcome for _, outcome in results]
            )
            if args.command == "validate" and args.format != "text" and not args.quiet:
                sys.stdout.write(machine_report(paths, results, args.format))
    for outcome in outcomes:
        if not args.quiet:
            sys.stdout.write(outcome.out)
        sys.stderr.write(outcome.err)
    return max(o.status for o in outcomes)
