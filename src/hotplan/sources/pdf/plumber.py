"""Open a PDF with pdfplumber (pdfminer) and hand over its characters, rules and fills.

The second reader (`--reader pdfplumber`): slower than PDFium, kept as an independent
oracle for it. Everything that makes a PDF unusable is an InputError here, with one line
saying what to do: not a PDF, corrupt or truncated, encrypted (use --password), no text
layer or `(cid:N)` glyphs without Unicode (run OCR; judged in text_layer.py).
"""

from __future__ import annotations

import logging
import signal
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer import pdftypes
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from hotplan.errors import InputError
from hotplan.messages import t
from hotplan.sources.pdf.page import PdfPage, dedupe
from hotplan.sources.pdf.paths import Subpath, geometry
from hotplan.sources.pdf.readers import MAX_STREAM_BYTES, stream_too_large
from hotplan.sources.pdf.text_layer import TextLayer, make_char, scanned_page

PAGE_SECONDS = 20.0  # a page of a report reads in well under a second

# pdfminer reports what it works around (`Could not get FontBBox`) as log lines; they are
# not hotplan's findings and never reach the terminal unless the CLI runs with -v.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def _subpaths(page) -> Iterator[Subpath]:
    """Every painted path pdfminer saw (lines and rectangles are paths too), as drawn."""
    objects = page.objects
    for kind in ("line", "rect", "curve"):
        for obj in objects.get(kind, ()):
            path = obj.get("path") or [("m", *obj["pts"][:1]), *(("l", p) for p in obj["pts"][1:])]
            yield Subpath(
                points=tuple(tuple(cmd[-1]) for cmd in path if cmd[0] != "h"),
                closed=any(cmd[0] == "h" for cmd in path),
                curved=any(cmd[0] in "cvy" for cmd in path),
                stroke=bool(obj.get("stroke")),
                fill=bool(obj.get("fill")),
            )


def _open(path: Path, password: str | None):
    try:
        return pdfplumber.open(path, password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, InputError):
            raise cause from exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError(path, t("input.pdf_wrong_password")) from exc
            raise InputError(path, t("input.pdf_encrypted")) from exc
        raise InputError(path, t("input.pdf_corrupt_because", why=cause)) from exc
    except PDFPasswordIncorrect as exc:
        raise InputError(path, t("input.pdf_encrypted")) from exc


@contextmanager
def _time_limit(path: Path, seconds: float) -> Iterator[None]:
    """At most `seconds` for one page (where a signal can be set: the main thread); a page
    that takes longer is damaged or hostile (a decompression bomb, a looping stream)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise InputError(path, t("input.pdf_slow_page", seconds=f"{seconds:.0f}"))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _BoundedZlib:
    """zlib as pdfminer uses it, with a ceiling on what one stream may decompress to: a
    flate bomb (a few KB that inflate to gigabytes) stops the file instead of the machine."""

    error = zlib.error

    def __init__(self, path: Path) -> None:
        self.path = path

    def decompress(self, data: bytes, *args, **kwargs) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM_BYTES + 1)
        if len(out) > MAX_STREAM_BYTES or inflater.unconsumed_tail:
            raise stream_too_large(self.path)
        return out + inflater.flush()

    def __getattr__(self, name: str):
        return getattr(zlib, name)


@contextmanager
def _bounded_streams(path: Path) -> Iterator[None]:
    """pdfminer inflates streams with its module's `zlib`: bound it while this file is read."""
    original = pdftypes.zlib
    pdftypes.zlib = _BoundedZlib(path)  # type: ignore[assignment]
    try:
        yield
    finally:
        pdftypes.zlib = original


class _Hidden:
    """How much of a page's text is drawn invisibly, which pdfminer does not say: PDFium
    is asked, only for pages an image covers (opened once, when first needed)."""

    def __init__(self, path: Path, password: str | None) -> None:
        self.path, self.password, self.doc = path, password, None

    def __enter__(self) -> _Hidden:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.doc is not None:
            self.doc.close()

    def __call__(self, number: int) -> float:
        from hotplan.sources.pdf import pdfium

        if self.doc is None:
            self.doc = pdfium.open_document(self.path, self.password)
        return pdfium.hidden_share(self.doc, number - 1)


def read_pdf(path: str | Path, password: str | None = None) -> Iterator[PdfPage]:
    """Yield the pages of a report PDF; raise InputError when there is no usable text, and
    for anything the PDF libraries fail on (one line naming the file, never their trace)."""
    path = Path(path)
    try:
        with _bounded_streams(path):
            yield from _read_pdf(path, password)
    except InputError:
        raise
    except Exception as exc:  # pdfminer/pdfplumber on a damaged file: IndexError, KeyError…
        raise InputError(path, t("input.pdf_corrupt_because", why=type(exc).__name__)) from exc


def _read_pdf(path: Path, password: str | None) -> Iterator[PdfPage]:
    with _open(path, password) as pdf, _Hidden(path, password) as hidden:
        layer = TextLayer(path)
        try:
            for number, page in enumerate(pdf.pages, start=1):
                with _time_limit(path, PAGE_SECONDS):
                    raw_chars = page.chars
                    shapes = geometry(_subpaths(page))
                    images = page.images
                chars = [  # a glyph without text is not a character
                    make_char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"])
                    for c in raw_chars
                    if c["text"]
                ]
                unmapped = sum(c.text.startswith("(cid:") for c in chars)
                area = max(
                    (((i["x1"] - i["x0"]) * (i["bottom"] - i["top"])) for i in images), default=0
                )
                cover = area / (page.width * page.height)
                scan = scanned_page(len(chars), cover, lambda n=number: hidden(n), shapes.glyphs)
                layer.add_page(number, len(chars), unmapped, len(images), scan)
                width, height = page.width, page.height
                page.close()  # drop pdfplumber's per-page caches: less memory, less GC work
                yield PdfPage(
                    number, width, height, dedupe(chars), shapes.hrules, shapes.vrules, shapes.fills
                )
        except PdfminerException as exc:
            if exc.args and isinstance(exc.args[0], InputError):
                raise exc.args[0] from exc  # raised by hotplan's own bounds inside pdfminer
            raise InputError(path, t("input.pdf_corrupt_because", why=exc.args[0])) from exc
        layer.finish()
