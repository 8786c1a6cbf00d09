"""Open a PDF with pdfplumber and hand over its characters and ruling lines, page by page.

Everything that makes a PDF unusable is an InputError here, with one line saying what to do:
not a PDF, corrupt or truncated, encrypted (use --password), no text layer (run OCR), or a
text layer of `(cid:N)` glyphs without Unicode (run OCR). Fake-bold duplicate characters
are removed; Kangxi-radical code points are mapped to the ordinary kanji and JIS-table
forms of full-width characters to the Windows forms (remembered, so each mapping becomes
a finding).
"""

from __future__ import annotations

import logging
import signal
import threading
import unicodedata
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer import pdftypes
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from hotplan import vocabulary as v
from hotplan.errors import InputError
from hotplan.sources.pdf.page import Char, PdfPage, dedupe

CID_GARBAGE_SHARE = 0.05  # above this share of (cid:N) glyphs the text layer is unreadable
FULL_WIDTH = 0.8  # × font size: a glyph this wide is a full-width (JIS) character
RULE_MAX_THICKNESS = 3.0  # pt: thicker filled rectangles are fills, not rules
PAGE_SECONDS = 20.0  # a page of a report reads in well under a second
MAX_STREAM_BYTES = 128 * 2**20  # a report's largest stream (a scanned page) is far smaller

# pdfminer reports what it works around (`Could not get FontBBox`) as log lines; they are
# not hotplan's findings and never reach the terminal unless the CLI runs with -v.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())


def _char(raw: dict) -> Char:
    text = raw["text"]
    printed = None
    if "\u2f00" <= text <= "\u2fdf":  # Kangxi radical
        printed, text = text, unicodedata.normalize("NFKC", text)
    elif text in v.JIS_VENDOR_VARIANTS and raw["x1"] - raw["x0"] >= FULL_WIDTH * raw["size"]:
        printed, text = text, v.JIS_VENDOR_VARIANTS[text]
    return Char(text, raw["x0"], raw["x1"], raw["top"], raw["bottom"], raw["size"], printed)


def _rules(page) -> tuple[list, list, list]:
    hrules, vrules, fills = [], [], []
    for line in page.lines:
        if abs(line["top"] - line["bottom"]) < 1:
            hrules.append((line["x0"], line["x1"], line["top"]))
        elif abs(line["x0"] - line["x1"]) < 1:
            vrules.append((line["x0"], line["top"], line["bottom"]))
    for rect in page.rects:
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        if rect.get("fill") and not rect.get("stroke") and min(x1 - x0, bottom - top) > 3:
            fills.append((x0, top, x1, bottom))
            continue
        if bottom - top <= RULE_MAX_THICKNESS:
            hrules.append((x0, x1, (top + bottom) / 2))
        elif x1 - x0 <= RULE_MAX_THICKNESS:
            vrules.append(((x0 + x1) / 2, top, bottom))
        else:  # a stroked box: its four edges are rules
            hrules += [(x0, x1, top), (x0, x1, bottom)]
            vrules += [(x0, top, bottom), (x1, top, bottom)]
    return hrules, vrules, fills


def _open(path: Path, password: str | None):
    try:
        return pdfplumber.open(path, password=password or "")
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, InputError):
            raise cause from exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError(path, "the --password given does not open this PDF") from exc
            raise InputError(path, "is encrypted: give its password with --password") from exc
        raise InputError(path, f"is not a readable PDF (corrupt or truncated: {cause})") from exc
    except PDFPasswordIncorrect as exc:
        raise InputError(path, "is encrypted: give its password with --password") from exc


@contextmanager
def _time_limit(path: Path, seconds: float) -> Iterator[None]:
    """At most `seconds` for one page (where a signal can be set: the main thread); a page
    that takes longer is damaged or hostile (a decompression bomb, a looping stream)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise InputError(path, f"a page took longer than {seconds:.0f} s to read: damaged PDF?")

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
            raise InputError(
                self.path,
                f"a stream inflates to more than {MAX_STREAM_BYTES // 2**20} MB: damaged or "
                "hostile PDF",
            )
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
        raise InputError(path, f"is not a readable PDF (damaged: {type(exc).__name__})") from exc


def _read_pdf(path: Path, password: str | None) -> Iterator[PdfPage]:
    with _open(path, password) as pdf:
        total = garbage = images = 0
        try:
            for number, page in enumerate(pdf.pages, start=1):
                with _time_limit(path, PAGE_SECONDS):
                    raw_chars = page.chars
                    hrules, vrules, fills = _rules(page)
                    images += len(page.images)
                chars = [_char(c) for c in raw_chars if c["text"]]  # a glyph without text
                total += len(chars)
                garbage += sum(c.text.startswith("(cid:") for c in chars)
                if total and garbage / total > CID_GARBAGE_SHARE:
                    raise InputError(
                        path,
                        "text layer is unreadable (glyphs without Unicode, shown as (cid:N)): "
                        "OCR it first, e.g. `ocrmypdf -l jpn --force-ocr in.pdf out.pdf`, "
                        "or use the text dump",
                    )
                width, height = page.width, page.height
                page.close()  # drop pdfplumber's per-page caches: less memory, less GC work
                yield PdfPage(number, width, height, dedupe(chars), hrules, vrules, fills)
        except PdfminerException as exc:
            if exc.args and isinstance(exc.args[0], InputError):
                raise exc.args[0] from exc  # raised by hotplan's own bounds inside pdfminer
            raise InputError(path, f"is not a readable PDF (corrupt: {exc.args[0]})") from exc
        if total == 0:
            what = "scanned images" if images else "no text"
            raise InputError(
                path,
                f"has no text layer ({what}): OCR it first, e.g. `ocrmypdf -l jpn in.pdf "
                "out.pdf`, or use the text dump",
            )
