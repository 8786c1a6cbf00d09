"""Which files a command reads: the paths given, folders expanded to their reports, or raw/
when none is given. Light (no heavy imports): the command line counts them before it
decides to start its second process (helper.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from hotplan.errors import InputError
from hotplan.messages import t

INPUT_SUFFIXES = (".txt", ".pdf")
DEFAULT_INPUT = Path("raw")


def input_files(paths: list[Path]) -> Iterator[Path]:
    """Files as given; folders expand to their report files, sorted for a stable order."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
            )
            if not found:
                raise InputError(path, t("input.empty_folder", suffixes=", ".join(INPUT_SUFFIXES)))
            yield from found
        else:
            yield path


def default_input() -> list[Path]:
    """raw/ when no PATH is given; saying so when there is none here."""
    if not DEFAULT_INPUT.exists():
        raise InputError(DEFAULT_INPUT, t("cli.no_default_input", cwd=Path.cwd()))
    return [DEFAULT_INPUT]


def documents(paths: list[Path]) -> list[Path]:
    """Every file a command reads, in order; InputError for an empty folder or no raw/."""
    return list(input_files(paths or default_input()))


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
        raise InputError(path, t("input.not_pdf"))
    return False
