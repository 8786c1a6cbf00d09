"""A legend entry's symbol read by its shape (`○:実施`): OCR prints 〇, O, ©, or two
glyphs for one, of which one may be a kana (△ as `ムへ`), so the ink before the entry's
colon is read as symbols.py reads a rating, with the page's rules, and straight runs a
frame the rule finder missed leaves, kept out of it."""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.grid import Grid
from hotplan.sources.ocr.page import APART, OcrCell, PageReading
from hotplan.sources.ocr.raster import binarize, degrained
from hotplan.sources.ocr.symbols import PIECED, read_symbol

ROUND = set("〇◯Oo")  # what OCR prints for ○ alone before a legend's colon
SYMBOL_LOOKALIKES = set("〇OoQ0©◯○⚪@()△ΔムへヘAᐃ▲◎●□■×xX")  # what OCR makes of a legend symbol
SYMBOL_SPAN = 1.5  # × line height: the widest a symbol read as several glyphs is
RIM = 2  # px each side of a rule that its blur darkens
FRAME_RUN = 1.5  # × line height: a straight run of ink this long by a legend symbol is a rule


def legend_lines(
    page: PageReading, line: engine.TextLine, ruled: np.ndarray | None = None
) -> list[engine.TextLine]:
    """line with its legend symbol read by shape (`○:実施`), as the lines it holds.
    Tesseract's page layout may join text printed side by side into one line (a heading
    and the legend box beside it, on a pale copy whose box it does not see): a block of
    the line that starts with a legend symbol is then a line of its own, as the legend
    box's is. Other lines stay as read: their gaps are the layout's to weigh. ruled: the
    page's rules (ruled_mask), which are no part of a symbol."""
    first, *rest = blocks(line)
    fixed = [_legend_symbol(page, part, ruled) for part in rest]
    if all(f is p for f, p in zip(fixed, rest, strict=True)):
        return [_legend_symbol(page, line, ruled)]
    return [_legend_symbol(page, first, ruled), *fixed]


def blocks(line: engine.TextLine) -> list[engine.TextLine]:
    """line cut where two glyphs stand APART line heights apart: its blocks of text."""
    height = line.box[3] - line.box[1]
    parts: list[list[engine.Glyph]] = [[]]
    for glyph in line.glyphs:
        if parts[-1] and glyph.box[0] - parts[-1][-1].box[2] > APART * height:
            parts.append([])
        parts[-1].append(glyph)
    if len(parts) == 1:
        return [line]
    return [
        engine.TextLine(
            (glyphs[0].box[0], line.box[1], max(g.box[2] for g in glyphs), line.box[3]),
            (replace(glyphs[0], word_start=True), *glyphs[1:]),
        )
        for glyphs in parts
    ]


def _legend_symbol(
    page: PageReading, line: engine.TextLine, ruled: np.ndarray | None = None
) -> engine.TextLine:
    """`○:実施`: the symbol before a colon is read by its shape (OCR prints 〇, O, ©, or
    two glyphs for one, of which one may be a kana: △ as `ムへ`; or its apex alone, へ,
    or a kanji, 人). One or two glyphs before the colon are tried whatever they read as:
    a word there (備考:) has no symbol's shape; more only where one is a look-alike."""
    glyphs = line.glyphs
    colon = next((i for i, g in enumerate(glyphs[:5]) if g.text in (":", "：")), None)
    if not colon or (colon > 2 and not any(g.text in SYMBOL_LOOKALIKES for g in glyphs[:colon])):
        return line
    height = line.box[3] - line.box[1]
    if colon > 2 and glyphs[colon - 1].box[2] - glyphs[0].box[0] > SYMBOL_SPAN * height:
        return line  # more than a symbol broken in pieces (`(〈〇①:` for ○:) before it
    # Tesseract's box may cut the symbol, and the colon's box may reach into it: look from
    # the line's start to the colon's end, a little above and below the symbol and colon
    # (not the line's box, nor a kanji's: those may reach into the legend box's other
    # entries), at the ink on the colon's line that starts before it and is no dot of it;
    # where a speck joins the symbol to a dot there, up to the colon's box only.
    top = min(g.box[1] for g in glyphs[: colon + 1])
    bottom = max(g.box[3] for g in glyphs[: colon + 1])
    reach = (bottom - top) // 3
    x0 = max(0, min(g.box[0] for g in glyphs[:colon]) - reach)
    y0, y1 = max(0, top - reach), bottom + reach
    cx0, cy0, cx1, cy1 = glyphs[colon].box
    # A colon's box Tesseract drew over two lines of the legend box: the colon stands
    # within the band of the entry's words after it.
    words = glyphs[colon + 1 :]
    if words:
        wy0, wy1 = min(g.box[1] for g in words), max(g.box[3] for g in words)
        if max(cy0, wy0) < min(cy1, wy1):
            cy0, cy1 = max(cy0, wy0), min(cy1, wy1)
    pieced = None  # a shape read only put together from pieces, the first such
    for x1 in (cx1, cx0 - 1):
        ink = _ink(page, (x0, y0, x1, y1), ruled, bottom - top)
        ink = _symbol_ink(ink, ((cx0 + cx1) // 2 - x0, cy0 - y0, cy1 - y0))
        symbol = read_symbol(ink, page.raster.scale)
        if not symbol.doubtful and symbol.text and symbol.box is not None:
            break
        if pieced is None and symbol.text in PIECED and symbol.box is not None:
            pieced = symbol
    else:
        if colon == 1 and glyphs[0].text in ROUND:  # no shape read (a blurred ○ run into
            # the colon): the one glyph Tesseract prints for ○ is ○
            return engine.TextLine(line.box, (replace(glyphs[0], text="○"), *glyphs[1:]))
        if pieced is None:
            return line
        # Thin print broken by a black-and-white scan (Mincho's ○ as two arcs): the shape
        # put together is the legend's symbol, or every rating using it is an error; the
        # line goes to the reviewer with its picture.
        symbol = pieced
        text = symbol.text + "".join(g.text for g in glyphs[colon:])
        page.cells.append(
            OcrCell(page.number, "heading", page.pt(line.box), text, 50.0, "doubtful_symbol",
                    page.crop(line.box))
        )  # fmt: skip
    x0, y0, x1, y1 = x0 + symbol.box[0], y0 + symbol.box[1], x0 + symbol.box[2], y0 + symbol.box[3]
    fixed = engine.Glyph(symbol.text, (x0, y0, x1, y1), glyphs[0].conf, True)
    return engine.TextLine(line.box, (fixed, *glyphs[colon:]))


def ruled_mask(shape: tuple[int, ...], grid: Grid) -> np.ndarray:
    """Where the page's rules stand, with their blurred rims: a legend ruled as a column
    of cells has its symbol a point from a rule, which would join it."""
    ruled = np.zeros(shape[:2], bool)
    for r in [*grid.hrules, *grid.vrules]:
        ruled[max(0, r.y0 - RIM) : r.y1 + RIM + 1, max(0, r.x0 - RIM) : r.x1 + RIM + 1] = True
    return ruled


def _ink(
    page: PageReading,
    box: tuple[int, int, int, int],
    ruled: np.ndarray | None = None,
    height: int = 0,
) -> np.ndarray:
    """The ink in box, thresholded on its own: the page's threshold, pulled toward the
    paper by its shaded header rows, thickens strokes until a △'s hole closes (▲); on a
    grainy page through a 3 × 3 median (the grain broke a legend's ○ into pieces no shape
    is read from); the page's rules (ruled) left out, and so are straight runs of ink
    longer than FRAME_RUN line heights (height) around box: a legend frame's pale rules
    the rule finder found only in part (its corner beside the ○, thresholded with it, was
    read as ▲). A box reaching past the picture's edge (a glyph Tesseract boxed there on
    a fax) is cut to it."""
    h, w = page.raster.grey.shape
    x0, y0 = max(0, box[0]), max(0, box[1])
    x1, y1 = max(x0, min(w, box[2])), max(y0, min(h, box[3]))
    if x1 == x0 or y1 == y0:
        return np.zeros((y1 - y0, x1 - x0), np.uint8)
    run = round(FRAME_RUN * height)  # (the box alone where no height is given)
    wx0, wy0, wx1, wy1 = max(0, x0 - run), max(0, y0 - run), min(w, x1 + run), min(h, y1 + run)
    grey = page.raster.grey[wy0:wy1, wx0:wx1]
    inside = (slice(y0 - wy0, y1 - wy0), slice(x0 - wx0, x1 - wx0))
    where = np.zeros(grey.shape, bool)
    where[inside] = True  # the threshold is the box's own
    dark = binarize(degrained(grey) if page.grainy else grey, where)
    ink = dark[inside].copy()
    if ruled is not None:
        ink[ruled[y0:y1, x0:x1]] = 0
    if height:
        straight = np.zeros_like(dark)
        for shape in ((run, 1), (1, run)):
            kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape)
            straight |= cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        straight = cv2.dilate(straight, np.ones((3, 3), np.uint8))  # with its blurred rim
        ink[straight[inside] > 0] = 0
    return ink


def _symbol_ink(ink: np.ndarray, colon: tuple[int, int, int]) -> np.ndarray:
    """ink with only the blobs that may be the symbol: on the colon's rows (a glyph box
    Tesseract drew too tall lets the crop reach the entries above and below), starting
    left of the colon's middle, and larger than half the colon's height (its dots).
    colon: its middle x, top and bottom, in ink's pixels."""

    middle, top, bottom = colon
    least = (bottom - top) / 2
    count, labels, stats, _ = blobs(ink)
    keep = [
        i
        for i in range(1, count)
        if stats[i][1] <= bottom
        and stats[i][1] + stats[i][3] > top
        and stats[i][0] < middle
        and max(stats[i][2], stats[i][3]) > least
    ]
    return np.where(np.isin(labels, keep), ink, 0).astype(np.uint8)
