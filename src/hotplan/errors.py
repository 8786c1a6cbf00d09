"""The one exception type for input hotplan cannot use at all (exit code 2)."""

from __future__ import annotations

from pathlib import Path


class InputError(ValueError):
    """Unusable input: unreadable, empty, binary, or not this kind of report. A ValueError,
    so code that already catches bad values catches it.

    str() is the one line the CLI prints: it names the file and says what is wrong.
    """

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NoTextLayer(InputError):
    """A PDF whose text cannot be read from its text layer (a scan, or glyphs without
    Unicode): the pipeline reads it by OCR instead, unless told not to."""


class PartlyScanned(NoTextLayer):
    """A PDF with printed pages and scanned ones (pages): the pipeline reads the scanned
    pages by OCR and the others from their text, unless told not to OCR."""

    def __init__(self, path: str | Path, problem: str, pages: list[int]) -> None:
        super().__init__(path, problem)
        self.pages = pages


class LayoutError(ValueError):
    """A PDF whose pages hold no usable progress table; the message says what was found."""
