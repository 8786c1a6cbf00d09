"""Command line: `hotplan extract|validate|typos|diff`. Exit 0 ok, 1 invalid document, 2
unusable input or usage. Parsing imports nothing heavy, so `--help` and usage errors are
instant; `commands.py` does the work."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from hotplan import __version__
from hotplan.outputs import CSV_ENCODINGS
from hotplan.sources.pdf.readers import DEFAULT_READER, READERS

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2
DEFAULT_OUTPUT = Path("output")


def _common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--password", metavar="PW", help="password of an encrypted PDF")
    common.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="reviewed review.csv to apply (default: <stem>.corrections.csv beside the input)",
    )
    common.add_argument(
        "--catalog",
        metavar="FILE",
        default="packaged",
        help="the plan's measures to check completeness against (default: the catalog "
        "built from the 2024 report; 'none': no check)",
    )
    common.add_argument(
        "--reader",
        choices=sorted(READERS),
        default=DEFAULT_READER,
        help=f"library that reads PDF pages (default: {DEFAULT_READER}; pdfplumber is slower, "
        "an independent second reading)",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")
    return common


def _out_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--out", type=Path, default=DEFAULT_OUTPUT, metavar="DIR", help="default: output/"
    )


def _add_extract(sub, common: argparse.ArgumentParser) -> None:
    ex = sub.add_parser(
        "extract",
        parents=[common],
        help="extract documents to output/<stem>/",
        description="Extract each report (.pdf or .txt) to DIR/<stem>/: items, departments "
        "(CSV + Parquet), findings.csv, report.md, datapackage.json. An invalid report gets "
        "findings and report only.",
    )
    ex.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: raw/)"
    )
    _out_option(ex)
    ex.add_argument(
        "--csv-encoding",
        choices=sorted(CSV_ENCODINGS),
        default="utf-8-sig",
        help="utf-8-sig (default, with a BOM so Excel opens Japanese text) or utf-8",
    )


def _add_validate_and_typos(sub, common: argparse.ArgumentParser) -> None:
    va = sub.add_parser(
        "validate",
        parents=[common],
        help="print findings only; write nothing",
        description="Check reports and print their findings; no files are written.",
    )
    va.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    ty = sub.add_parser(
        "typos",
        parents=[common],
        help="rank suspected OCR and typing errors; write review.csv",
        description="Print the ranked typo suspects of each report and write "
        "DIR/<stem>/review.csv. Mark its decision column accept, edit or reject and save it "
        "as raw/<stem>.corrections.csv to apply the accepted ones on the next extract.",
    )
    ty.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _out_option(ty)


def _add_diff(sub, common: argparse.ArgumentParser) -> None:
    di = sub.add_parser(
        "diff",
        parents=[common],
        help="what changed between two fiscal years",
        description="Compare two reports (documents or extracted output/<stem>/ folders): "
        "added, removed, rating_changed, departments_changed, direction_changed, moved. "
        "Writes DIR/changes.csv and prints a summary; exits 0 even when there are changes.",
    )
    di.add_argument("old", type=Path, metavar="OLD")
    di.add_argument("new", type=Path, metavar="NEW")
    di.add_argument("--out", type=Path, metavar="DIR", help="default: output/diff_<old>_<new>/")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hotplan",
        description="Turn 町田市地域ホッとプラン progress reports (PDF or text dump) into "
        "validated CSV/Parquet.",
        epilog="Exit codes: 0 ok, 1 the document is invalid, 2 unusable input or usage.",
    )
    p.add_argument("--version", action="version", version=f"hotplan {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common_options()
    _add_extract(sub, common)
    _add_validate_and_typos(sub, common)
    _add_diff(sub, common)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from hotplan.commands import run  # the heavy libraries load only for real work

    return run(args)


def console() -> None:
    """The `hotplan` command: main(), then leave without the interpreter's teardown of
    pandas and pyarrow (a few hundred ms); every file is closed by then, the standard
    streams are flushed here."""
    status = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    console()
