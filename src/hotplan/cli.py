"""Command line: `hotplan extract|validate|typos|diff`. Exit 0 ok, 1 invalid document, 2
unusable input or usage. Parsing imports nothing heavy, so `--help` and usage errors are
instant; `commands.py` does the work."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hotplan import __version__
from hotplan.collector import collector_paused
from hotplan.messages import DEFAULT_LANGUAGE, LANGUAGES, t, using
from hotplan.outputs import CSV_ENCODINGS
from hotplan.sources.pdf.readers import DEFAULT_READER, READERS

if TYPE_CHECKING:
    from hotplan.helper import Helper

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2
# numpy's BLAS starts a thread per core for a matrix product, and the threads spin while
# idle: the lint's small glyph products (lookalikes.nearest_glyphs) kept both cores busy,
# taking one from the other process. The two processes (or the OCR's --jobs) are the
# command's parallelism; a user's own setting of these wins.
ONE_BLAS_THREAD = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# pandas keeps text columns in Arrow memory, whose default pool (mimalloc) holds on to what
# it frees: building the items table of a 295-page report left 20 MB resident (6 MB with
# the C library's allocator), and peak memory grew with the page count. A user's own
# setting wins.
ARROW_POOL = ("ARROW_DEFAULT_MEMORY_POOL", "system")
FORMATS = ("text", "json", "csv")
DEFAULT_OUTPUT = Path("output")


def _common_options() -> argparse.ArgumentParser:
    """Options every command takes."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    common.add_argument("--password", metavar="PW", help="password of an encrypted PDF")
    common.add_argument(
        "--catalog",
        metavar="FILE",
        default="packaged",
        help="the plan's measures to check completeness against (default: the catalog "
        "built from the 2024 report; 'none': no check)",
    )
    common.add_argument(
        "--registry",
        metavar="FILE",
        default="packaged",
        help="department registry to check 担当課 names against (default: the one shipped "
        "with hotplan; 'none': no check, said in a finding)",
    )
    common.add_argument(
        "--reader",
        choices=sorted(READERS),
        default=DEFAULT_READER,
        help=f"library that reads PDF pages (default: {DEFAULT_READER}; pdfplumber is slower, "
        "an independent second reading)",
    )
    common.add_argument(
        "--ocr",
        choices=("auto", "always", "never"),
        default="auto",
        help="read a PDF by OCR (Tesseract): 'auto' when it has no usable text layer "
        "(a scan), 'always', or 'never' (refuse such a PDF)",
    )
    common.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        default=None,
        help="processes that OCR pages side by side (default: one per core)",
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=DEFAULT_LANGUAGE,
        help=f"language of messages, reports and workbooks (default: {DEFAULT_LANGUAGE}); "
        "data files keep their English column names",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="show tracebacks")
    common.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors; the exit code tells the result",
    )
    return common


def _corrections_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="reviewed review.csv to apply (default: <stem>.corrections.csv beside the input)",
    )


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
    _corrections_option(ex)
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
    _corrections_option(va)
    va.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default, for people), json (one object per file) or csv (one row per "
        "finding, with the file's name first)",
    )
    ty = sub.add_parser(
        "typos",
        parents=[common],
        help="rank suspected OCR and typing errors; write review.csv",
        description="Print the ranked typo suspects of each report and write "
        "DIR/<stem>/review.csv. Mark its decision column accept, edit or reject and save it "
        "as raw/<stem>.corrections.csv to apply the accepted ones on the next extract.",
    )
    ty.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    _corrections_option(ty)
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
    di.add_argument(
        "--corrections",
        choices=("both", "none"),
        default="both",
        help="compare like with like: each year's reviewed corrections applied to both "
        "years (default), or to neither (both as printed)",
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="hotplan",
        description="Turn 町田市地域ホッとプラン progress reports (PDF or text dump) into "
        "validated CSV/Parquet.",
        epilog="Exit codes: 0 ok, 1 the document is invalid, 2 unusable input or usage.",
    )
    p.add_argument("--version", action="version", version=f"hotplan {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    common = _common_options()
    _add_extract(sub, common)
    _add_validate_and_typos(sub, common)
    _add_diff(sub, common)
    return p


def _language(argv: list[str]) -> str:
    """--lang as given, for a usage error found before the options are parsed."""
    for i, arg in enumerate(argv):
        value = arg.removeprefix("--lang=") if arg.startswith("--lang=") else None
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The arguments, or exit 2 with one line that names what is wrong: an unknown option
    is called unknown (not "COMMAND is required"), a missing command is named."""
    argv = sys.argv[1:] if argv is None else argv
    p = parser()
    args, unknown = p.parse_known_args(argv)
    if unknown or args.command is None:
        with using(_language(argv)):
            problem = (
                t("cli.unknown_arguments", arguments=" ".join(unknown))
                if unknown
                else t("cli.no_command")
            )
        p.error(problem)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    from hotplan.commands import run  # the heavy libraries load only for real work

    return run(args)


HELPED_COMMANDS = ("extract", "validate", "typos")


def start_helper(args: argparse.Namespace) -> Helper | None:
    """A Helper for a command that reads one document, forked now, before the heavy
    imports (several documents already keep every core busy), told to read it when it is
    a PDF read from its text layer, or which text file it is; None otherwise."""
    from hotplan.errors import InputError
    from hotplan.helper import Helper, ReadJob
    from hotplan.inputs import documents, is_pdf

    if args.command not in HELPED_COMMANDS:
        return None
    try:
        paths = documents(args.paths)
        if len(paths) != 1:
            return None
        pdf = is_pdf(paths[0])
    except InputError:
        return None  # the command itself reports it
    read = pdf and args.ocr != "always"
    job = ReadJob(paths[0], args.password, args.reader) if read else None
    return Helper(job, text=None if pdf else paths[0])


def console() -> None:
    """The `hotplan` command: main(), with a second process for a single document, then
    leave without the interpreter's teardown of pandas and pyarrow (a few hundred ms);
    every file is closed by then, the standard streams are flushed here."""
    for name in ONE_BLAS_THREAD:  # before numpy loads, here or in the helper
        os.environ.setdefault(name, "1")
    os.environ.setdefault(*ARROW_POOL)  # before pyarrow loads
    # pandera imports hypothesis's data synthesis whenever hypothesis is installed (our
    # tests install it): 0.1 s on every run of a command that never synthesizes data.
    sys.modules.setdefault("hypothesis", None)
    args = parse()
    helper = start_helper(args)
    with collector_paused():
        from hotplan.commands import run
    gc.freeze()  # the libraries' objects live until exit: no collection scans them again
    status = run(args, helper)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    console()
