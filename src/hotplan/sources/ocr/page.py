"""What reading one scanned page builds up: its straightened picture, the characters laid
on it from Tesseract's glyphs, and a record of every table cell (`OcrCell`), plus the small
helpers every part of the OCR reader shares."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from hotplan.sources.ocr import engine, ink_lines
from hotplan.sources.ocr.raster import Raster
from hotplan.sources.pdf.page import Char

SPACE = 0.8  # × line height: a wider gap between two of Tesseract's words is a space
SLIVER = 0.3  # × line height: a full-width glyph's box this narrow is misplaced
APART = 2.0  # × line height: glyphs this far apart on one line belong to two blocks of text
CROP_MARGIN_PT = 3.0
DOUBT = 85.0  # a glyph Tesseract is less sure of than this makes its cell doubtful
# a wide gap beside one of these is the glyph's own side bearing, or a number spread out
NO_SPACE_BESIDE = set("()（）「」【】0123456789.．、。・")
# a line read again alone: the first of these (layout, size) that gives text
COVERED = 0.3  # share of a run of ink rows a read line overlaps for the run to count as read
LINE_READINGS = (("line", 1.5), ("word", 1.0), ("raw", 1.0))


@dataclass
class OcrCell:
    """One table cell as OCR read it."""

    page: int
    # serial, measure_no, departments, direction, rating, header, text, stamp, or marker
    # (a highlighter's mark)
    role: str
    box: tuple[float, float, float, float]  # x0, top, x1, bottom in points
    text: str
    conf: float  # the least sure glyph, 0–100 (100 for an empty cell)
    # why the cell is reviewed: low_confidence, readings_differ, glyph_split,
    # unreadable_number, number_vote, doubtful_symbol, unread_ink, small_ink, mark_width,
    # same_shape, voicing_mark, doubled_glyph, unnatural, unprinted
    doubtful: str | None = None
    image: bytes | None = None  # PNG of the cell, for doubtful cells
    readings: tuple[str, ...] = ()  # number cell: each digit reader's; text cell: both readings


@dataclass
class PageReading:
    """What one page's reading builds up."""

    number: int
    raster: Raster
    chars: list[Char] = field(default_factory=list)
    cells: list[OcrCell] = field(default_factory=list)
    departments: frozenset[str] = frozenset()  # the registry's names, to weigh readings
    # The page's noisy shading (fills.noisy_fills) and the boxes of its areas, found
    # once: the rule finder, the unruled-table search and the reading outside the tables
    # all need them.
    shading: np.ndarray | None = None
    fills: list[tuple[int, int, int, int]] = field(default_factory=list)
    grainy: bool = False  # a dark, grainy scan (raster.grain): its print is read smoothed

    def pt(self, box: tuple[int, int, int, int]) -> tuple[float, float, float, float]:
        s = self.raster.scale
        return (box[0] * s, box[1] * s, box[2] * s, box[3] * s)

    def line_height(self) -> float:
        """How tall the page's lines read so far are (pt, the median); 0 before any."""
        return float(np.median([c.bottom - c.top for c in self.chars])) if self.chars else 0.0

    def add_lines(self, lines: list[engine.TextLine]) -> None:
        """The glyphs as characters: each as tall as its line, so layout sees even lines,
        and reaching to the next glyph (a PDF's characters touch, so layout reads no gap
        inside a line); a space where Tesseract's words stand a space apart. Tesseract's
        glyph boxes are rough (a bracket's box may shrink to a pixel at the end of the
        one before, leaving a gap wide enough for layout to split a heading in two), so
        only a gap of APART line heights stays a gap. Tesseract's order is the reading
        order: a glyph whose box starts left of the one before (its box reached back over
        it: `8` and `3` of P.83) starts just after that one, so layout does not read P.38."""
        s = self.raster.scale
        for line in lines:
            top, bottom = line.box[1] * s, line.box[3] * s
            size = max(bottom - top, 1.0)
            glyphs = line.glyphs
            starts: list[int] = []
            for glyph in glyphs:
                starts.append(max(glyph.box[0], starts[-1] + 1) if starts else glyph.box[0])
            # A full-width glyph Tesseract boxed as a sliver stands somewhere else (its
            # box shrunk onto the next glyph's): no gap beside it is evidence of a space.
            tall = line.box[3] - line.box[1]
            sure = [not wide(g.text) or g.box[2] - g.box[0] >= SLIVER * tall for g in glyphs]
            # Two of Tesseract's Latin words keep the gap between them: layout reads a
            # narrower space there than SPACE (The YORIAI).
            spaced, apart = [], []
            for i, (before, after) in enumerate(pairwise(glyphs)):
                both = sure[i] and sure[i + 1]
                step = starts[i + 1] - starts[i]
                spaced.append(both and after.word_start and self._space(before, after, step, size))
                latin = after.word_start and not (wide(before.text) or wide(after.text))
                far = (starts[i + 1] - before.box[2]) * s >= APART * size
                apart.append(latin or (both and far))
            for i, glyph in enumerate(glyphs):
                x0 = starts[i]
                if i and spaced[i - 1]:
                    space = min(glyphs[i - 1].box[2], x0)
                    self.chars.append(Char(" ", space * s, x0 * s, top, bottom, size))
                right = glyph.box[2]
                if i + 1 < len(glyphs):
                    right = min(right, starts[i + 1]) if spaced[i] or apart[i] else starts[i + 1]
                self.chars.append(
                    Char(glyph.text, x0 * s, max(right, x0 + 1) * s, top, bottom, size)
                )

    def _space(self, before: engine.Glyph, glyph: engine.Glyph, step: int, size: float) -> bool:
        """Do two of Tesseract's words stand a space apart? Their ink SPACE line heights
        apart, and, both full-width (whose boxes Tesseract may misplace), the second
        starting a glyph and a space after the first (step: pixels from start to start)."""
        if set(before.text + glyph.text) & NO_SPACE_BESIDE:
            return False
        s = self.raster.scale
        if (glyph.box[0] - before.box[2]) * s < SPACE * size:
            return False
        return not (wide(before.text) and wide(glyph.text)) or step * s >= (1 + SPACE) * size

    def crop(self, box: tuple[int, int, int, int]) -> bytes:
        from PIL import Image

        m = round(CROP_MARGIN_PT / self.raster.scale)
        h, w = self.raster.grey.shape
        x0, y0 = max(0, box[0] - m), max(0, box[1] - m)
        x1, y1 = min(w, box[2] + m), min(h, box[3] + m)
        out = io.BytesIO()
        Image.fromarray(self.raster.grey[y0:y1, x0:x1]).save(out, "PNG", optimize=True)
        return out.getvalue()


def wide(text: str) -> bool:
    """Is every character of text full-width (kana, kanji, full-width forms)?"""
    return bool(text) and all(unicodedata.east_asian_width(c) in "WF" for c in text)


def flat(text: str) -> str:
    return "".join(text.split())


def same_readings(text: str, readings: list[list[engine.TextLine]]) -> Iterator[list[engine.Glyph]]:
    """The glyphs of each reading that reads text itself (line breaks aside): only there is
    a glyph's place its place in text."""
    for lines in readings:
        glyphs = [g for line in lines for g in line.glyphs]
        if flat("".join(g.text for g in glyphs)) == flat(text):
            yield glyphs


def with_glyph(text: str, glyphs: list[engine.Glyph], k: int, new: str) -> str:
    """text, which glyphs read (same_readings), with glyph k's characters replaced by new."""
    at, seen = sum(len(g.text) for g in glyphs[:k]), -1
    for i, ch in enumerate(text):
        if not ch.isspace():
            seen += 1
            if seen == at:
                return text[:i] + new + text[i + len(glyphs[k].text) :]
    return text


def lines_text(lines: list[engine.TextLine]) -> str:
    return "\n".join("".join(g.text for g in line.glyphs) for line in lines)


def read_alone(
    band: np.ndarray, origin: tuple[int, int], wanted: Callable[[str], bool] = bool
) -> list[engine.TextLine]:
    """A line of print read on its own: the lines of the first of LINE_READINGS (layout,
    size) that reads text wanted accepts; [] where none does."""
    for kind, zoom in LINE_READINGS:
        found = engine.read(band, kind, origin, zoom)
        if found and wanted(lines_text(found)):
            return found
    return []


def unread_rows(
    grey: np.ndarray, ink: np.ndarray, origin: tuple[int, int], lines: list[engine.TextLine]
) -> list[engine.TextLine]:
    """The runs of ink rows in a region (grey and ink, its corner at origin) that no line
    read there covers, each read alone: Tesseract's block layout drops a short line now
    and then (指導課 above 教育センター; a legend's `△:未実施・` between its other lines)."""
    ox, oy = origin
    found = []
    for top, bottom in ink_lines.ink_rows(ink):
        overlap = [min(oy + bottom, ln.box[3]) - max(oy + top, ln.box[1]) for ln in lines]
        if any(o > COVERED * (bottom - top) for o in overlap):
            continue  # a line read there (two lines of ink that touch are one run)
        read = read_alone(grey[max(0, top - 3) : bottom + 3], (ox, oy + max(0, top - 3)))
        if read:
            found.append(read[0])
    return found


def least_conf(lines: list[engine.TextLine]) -> float:
    return min((g.conf for line in lines for g in line.glyphs), default=100.0)


def spread(text: str, origin: tuple[int, int], box: tuple[int, int, int, int]) -> engine.TextLine:
    """text set evenly over box (in a cell whose corner is origin): one glyph per character."""
    x0, y0, x1, y1 = box[0] + origin[0], box[1] + origin[1], box[2] + origin[0], box[3] + origin[1]
    step = (x1 - x0) / max(1, len(text))
    glyphs = tuple(
        engine.Glyph(ch, (round(x0 + i * step), y0, round(x0 + (i + 1) * step), y1), 100.0, i == 0)
        for i, ch in enumerate(text)
    )
    return engine.TextLine((x0, y0, x1, y1), glyphs)
