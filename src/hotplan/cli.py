"""Command line: `hotplan extract`, `hotplan validate`. Exit 0 ok, 1 invalid document, 2 unusable
input or usage. Input problems are one line on stderr naming the file; -v adds the traceback."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

from hotplan import __version__
from hotplan.errors import InputError
from hotplan.findings import Severity
from hotplan.pipeline import Extraction, extract
from hotplan.write import CSV_ENCODINGS, write_extraction

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2
INPUT_SUFFIXES = (".txt",)
DEFAULT_INPUT, DEFAULT_OUTPUT = Path("raw"), Path("output")


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


def print_findings(x: Extraction) -> None:
    for f in x.finding_list:
        print(f"  {f.location():<28} {f.severity:<7} {f.check:<24} {f.message}")


def run_one(path: Path, args: argparse.Namespace) -> int:
    x = extract(path)
    if args.strict:
        x = x.strict()
    if args.command == "extract":
        target = write_extraction(x, args.out, args.csv_encoding)
        what = "data, findings and report" if x.ok else "findings and report only (invalid)"
        print(f"{summary(x)} → {target}/ ({what})")
    else:
        print(summary(x))
        print_findings(x)
    return EXIT_OK if x.ok else EXIT_INVALID


def run(args: argparse.Namespace) -> int:
    status = EXIT_OK
    try:
        paths = list(input_files(args.paths or [DEFAULT_INPUT]))
    except InputError as exc:
        return fail(exc, args)
    for path in paths:
        try:
            status = max(status, run_one(path, args))
        except InputError as exc:
            status = max(status, fail(exc, args))
        except Exception as exc:  # a bug in hotplan: still one line, traceback with -v
            status = max(status, fail(InputError(path, f"internal error: {exc!r}"), args))
    return status


def fail(exc: InputError, args: argparse.Namespace) -> int:
    if args.verbose:
        traceback.print_exception(exc)
    print(f"hotplan: {exc}", file=sys.stderr)
    return EXIT_UNUSABLE


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hotplan",
        description="Turn 町田市地域ホッとプラン progress reports into validated CSV/Parquet.",
        epilog="Exit codes: 0 ok, 1 the document is invalid, 2 unusable input or usage.",
    )
    p.add_argument("--version", action="version", version=f"hotplan {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")

    ex = sub.add_parser(
        "extract",
        parents=[common],
        help="extract documents to output/<stem>/",
        description="Extract each report to DIR/<stem>/: items, departments (CSV + Parquet), "
        "findings.csv, report.md, datapackage.json. An invalid report gets findings and "
        "report only.",
    )
    ex.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: raw/)"
    )
    ex.add_argument(
        "--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR", help="default: output/"
    )
    ex.add_argument(
        "--csv-encoding",
        choices=sorted(CSV_ENCODINGS),
        default="utf-8-sig",
        help="utf-8-sig (default, with a BOM so Excel opens Japanese text) or utf-8",
    )
    va = sub.add_parser(
        "validate",
        parents=[common],
        help="print findings only; write nothing",
        description="Check reports and print their findings; no files are written.",
    )
    va.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
