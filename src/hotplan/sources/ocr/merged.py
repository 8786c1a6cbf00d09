"""Two glyphs read as one. Where print sets characters tight (a spreadsheet shrinking a
long name to fit its cell), Tesseract may take two for a single wide glyph: 福祉総務課 read
as 本総務課, 農業振興課 as 諾振興課. Such a glyph takes the room of two of its neighbours;
the line is read again with a gap of paper opened through that glyph's middle, and the
new reading is the cell's only where the department registry bears it out more. The
cell is then reviewed with both readings: nothing is made up, nothing changes silently."""

from __future__ import annotations

from dataclasses import replace
from statistics import median

import numpy as np

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.departments import all_named
from hotplan.sources.ocr.language import better_reading
from hotplan.sources.ocr.page import lines_text, read_alone

WIDE = 1.5  # × the median room of a line's other glyphs: room enough for two glyphs
GAP = 1 / 3  # × line height: the paper opened through a wide glyph
MARGIN = 3  # px of paper above and below the line in the re-read band
ROLES = ("departments",)  # cells whose readings a judge weighs: the registry


def _rooms(line: engine.TextLine) -> list[int]:
    """Each glyph's room: to the next glyph's left edge (the last: its own width)."""
    glyphs = line.glyphs
    return [
        (glyphs[i + 1].box[0] if i + 1 < len(glyphs) else g.box[2]) - g.box[0]
        for i, g in enumerate(glyphs)
    ]


def wide_glyphs(line: engine.TextLine) -> list[int]:
    """The wide (not Latin) glyphs of line whose room is WIDE times its others' median;
    a line of fewer than three such glyphs has too few neighbours to measure by."""
    rooms = _rooms(line)
    wide = [i for i, g in enumerate(line.glyphs) if not g.text.isascii()]
    if len(wide) < 3:
        return []
    found = []
    for i in wide:
        others = median(rooms[k] for k in wide if k != i)
        if others > 0 and rooms[i] >= WIDE * others:
            found.append(i)
    return found


def split_line(grey: np.ndarray, line: engine.TextLine, i: int) -> engine.TextLine | None:
    """line read again with a gap of paper through glyph i's middle (None where the
    reading is not one line); boxes right of the gap moved back into place."""
    x0, y0, x1, y1 = line.box
    top, bottom = max(0, y0 - MARGIN), min(grey.shape[0], y1 + MARGIN)
    band = grey[top:bottom, x0 : x1 + MARGIN]
    glyph = line.glyphs[i].box
    cut = (glyph[0] + glyph[2]) // 2 - x0
    gap = max(1, round(GAP * (y1 - y0)))
    paper = np.full((band.shape[0], gap), int(np.median(band)), dtype=band.dtype)
    opened = np.concatenate([band[:, :cut], paper, band[:, cut:]], axis=1)
    found = read_alone(opened, (x0, top))
    if len(found) != 1:
        return None
    at = x0 + cut

    def back(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        shift = gap if box[0] >= at else 0
        return (box[0] - shift, box[1], max(box[0] - shift, box[2] - gap), box[3])

    glyphs = tuple(replace(g, box=back(g.box)) for g in found[0].glyphs)
    return engine.TextLine(line.box, glyphs)


def split_merged(
    grey: np.ndarray, lines: list[engine.TextLine], role: str, departments: frozenset[str]
) -> list[engine.TextLine] | None:
    """A 担当課 cell's lines with one line read again through a wide glyph, where that
    reading has the glyph as two and the registry bears it out more; None where none
    does (or the cell is another's, there is no registry, or every name read is one)."""
    if role not in ROLES or not departments or all_named(lines_text(lines), departments):
        return None
    for n, line in enumerate(lines):
        for i in wide_glyphs(line):
            again = split_line(grey, line, i)
            if again is None or len(again.glyphs) != len(line.glyphs) + 1:
                continue
            candidate = [*lines[:n], again, *lines[n + 1 :]]
            if better_reading(role, lines_text(candidate), lines_text(lines), departments):
                return candidate
    return None
