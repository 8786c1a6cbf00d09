"""Open a PDF with pdfplumber and hand over its characters and ruling lines, page by page.

Everything that makes a PDF unusable is an InputError here, with one line saying what to do:
not a PDF, corrupt or truncated, encrypted (use --password), no text layer (run OCR), or a
text layer of `(cid:N)` glyphs without Unicode (run OCR). Fake-bold duplicate characters
are removed and Kangxi-radical code points mapped to the ordinary kanji (remembered, so
the mapping becomes a finding).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from hotplan.errors import InputError

CID_GARBAGE_SHARE = 0.05  # above this share of (cid:N) glyphs the text layer is unreadable
DEDUPE_TOLERANCE = 1.0  # pt: a second identical glyph this close is fake bold
RULE_MAX_THICKNESS = 3.0  # pt: thicker filled rectangles are fills, not rules


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    printed: str | None = None  # the code point printed, when text is a mapped Kangxi radical

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x, top, bottom)
    fills: list[tuple[float, float, float, float]] = field(default_factory=list)  # x0,top,x1,bottom


def dedupe(chars: list[Char]) -> list[Char]:
    """Drop fake-bold copies: the same glyph again within DEDUPE_TOLERANCE of a kept one.

    pdfplumber's dedupe_chars does this too but costs about as much as reading the page
    (measured: +85% on a 25-page report), so this is a grid-hash version of the same rule:
    a copy lies in its original's grid cell or in the neighbour on the side it is close to.
    """
    t = DEDUPE_TOLERANCE
    cell = 2 * t  # anything within t lies in this cell or the neighbour on the near side
    kept: list[Char] = []
    grid: dict[tuple, list[Char]] = {}
    for ch in chars:
        fx, fy = ch.x0 / cell, ch.top / cell
        gx, gy = int(fx), int(fy)
        nx = gx - 1 if fx - gx < 0.5 else gx + 1
        ny = gy - 1 if fy - gy < 0.5 else gy + 1
        if not _near_copy(grid, ch, ((gx, gy), (nx, gy), (gx, ny), (nx, ny)), t):
            kept.append(ch)
            grid.setdefault((ch.text, ch.size, gx, gy), []).append(ch)
    return kept


def _near_copy(grid: dict, ch: Char, cells: tuple, t: float) -> bool:
    for gx, gy in cells:
        for o in grid.get((ch.text, ch.size, gx, gy), ()):
            if abs(o.x0 - ch.x0) <= t and abs(o.top - ch.top) <= t:
                return True
    return False


def _char(raw: dict) -> Char:
    text = raw["text"]
    printed = None
    if "\u2f00" <= text <= "\u2fdf":  # Kangxi radical
        printed, text = text, unicodedata.normalize("NFKC", text)
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
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError(path, "the --password given does not open this PDF") from exc
            raise InputError(path, "is encrypted: give its password with --password") from exc
        raise InputError(path, f"is not a readable PDF (corrupt or truncated: {cause})") from exc
    except PDFPasswordIncorrect as exc:
        raise InputError(path, "is encrypted: give its password with --password") from exc


def read_pdf(path: str | Path, password: str | None = None) -> Iterator[PdfPage]:
    """Yield the pages of a report PDF; raise InputError when there is no usable text."""
    path = Path(path)
    with _open(path, password) as pdf:
        total = garbage = images = 0
        try:
            for number, page in enumerate(pdf.pages, start=1):
                chars = [_char(c) for c in page.chars]
                total += len(chars)
                garbage += sum(c.text.startswith("(cid:") for c in chars)
                images += len(page.images)
                if total and garbage / total > CID_GARBAGE_SHARE:
                    raise InputError(
                        path,
                        "text layer is unreadable (glyphs without Unicode, shown as (cid:N)): "
                        "OCR it first, e.g. `ocrmypdf -l jpn --force-ocr in.pdf out.pdf`, "
                        "or use the text dump",
                    )
                hrules, vrules, fills = _rules(page)
                width, height = page.width, page.height
                page.close()  # drop pdfplumber's per-page caches: less memory, less GC work
                yield PdfPage(number, width, height, dedupe(chars), hrules, vrules, fills)
        except PdfminerException as exc:
            raise InputError(path, f"is not a readable PDF (corrupt: {exc.args[0]})") from exc
        if total == 0:
            what = "scanned images" if images else "no text"
            raise InputError(
                path,
                f"has no text layer ({what}): OCR it first, e.g. `ocrmypdf -l jpn in.pdf "
                "out.pdf`, or use the text dump",
            )
