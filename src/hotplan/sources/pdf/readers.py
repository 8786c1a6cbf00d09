"""The PDF readers hotplan has, by name; each module is imported only when it is used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

from hotplan.errors import InputError
from hotplan.messages import t
from hotplan.sources.pdf.page import PdfPage

Reader = Callable[[Path, str | None], Iterator[PdfPage]]
READERS = {"pdfium": "hotplan.sources.pdf.pdfium", "pdfplumber": "hotplan.sources.pdf.plumber"}
DEFAULT_READER = "pdfium"
MAX_STREAM_BYTES = 128 * 2**20  # one inflated stream; a report's largest (a scan) is far less


def open_reader(name: str) -> Reader:
    """The `read_pdf` of the reader called name; ValueError for an unknown name."""
    if name not in READERS:
        raise ValueError(f"unknown PDF reader {name!r}: choose one of {', '.join(READERS)}")
    return import_module(READERS[name]).read_pdf


def stream_too_large(path: Path) -> InputError:
    """What every reader says of a flate bomb (a few KB that inflate to gigabytes)."""
    return InputError(path, t("input.pdf_bomb", megabytes=MAX_STREAM_BYTES // 2**20))
