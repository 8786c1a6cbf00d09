"""The PDF readers hotplan has, by name; each module is imported only when it is used."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path

from hotplan.sources.pdf.page import PdfPage

Reader = Callable[[Path, str | None], Iterator[PdfPage]]
READERS = {"pdfium": "hotplan.sources.pdf.pdfium", "pdfplumber": "hotplan.sources.pdf.plumber"}
DEFAULT_READER = "pdfium"


def open_reader(name: str) -> Reader:
    """The `read_pdf` of the reader called name; ValueError for an unknown name."""
    if name not in READERS:
        raise ValueError(f"unknown PDF reader {name!r}: choose one of {', '.join(READERS)}")
    return import_module(READERS[name]).read_pdf
