"""Text outside the tables of a scanned page (headings, legend, page numbers): the page
without its cells read by Tesseract's own page layout, with what that layout is known to
miss mended - lines it passed over, legend symbols it prints as 〇 or ム (legend_symbols.py),
page numbers the Japanese model garbles."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import cv2
import numpy as np

from hotplan.sources.ocr import engine, ink_lines
from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.fills import FILL_PT
from hotplan.sources.ocr.grid import ACROSS, RULE_MAX_PT, Grid, frames, within
from hotplan.sources.ocr.legend_symbols import RIM, legend_lines, ruled_mask
from hotplan.sources.ocr.page import SLIVER, PageReading, read_alone, spread, unread_rows, wide
from hotplan.sources.ocr.raster import binarize, degrained
from hotplan.sources.ocr.reread import reread

TEXT_PT = 8.0  # the smallest print a line outside the tables is looked for in
SPECK_SHARE = 0.6  # a line smaller than this share of TEXT_PT every way is a speck
FOLIO_BAND = 0.1  # share of the page's height at its top and bottom where page numbers sit
FOLIO_WIDTH = 0.12  # share of the page's width a page number is at most
FOLIO_SURE = 90.0  # a line with a non-Latin glyph this sure is text, not a page number
FRAME_INSET = 3  # px inside a ruled box's rules where its print is read
DASH = 0.4  # × the tallest mark of a page number: a lower one is a dash or a dot
ON_SHADING = 0.9  # share of a line's box on a table's shading: the shading's grain or rim
BEYOND = 2  # px past a rule's rim where print that runs on from the rim is looked for
INKED = 0.01  # share of a line's box the page's ink covers at least where print was read
# A gap between two glyphs of a line wider than this many times the line's height parts it
# in two (a heading's words stand at most a few glyphs apart)
APART = 6.0


def read_outside(page: PageReading, grid: Grid) -> None:
    """Headings, legend and page furniture: the page without its tables, read as a page."""
    grey = page.raster.grey.copy()
    paper = int(np.median(grey))
    for cell in grid.cells:
        x0, y0, x1, y1 = cell.box
        grey[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = paper
    _blank_rules(grey, page.raster.ink, grid, paper)
    if page.grainy:
        # Tesseract's page layout takes a grainy page's speckled margins and the rims of
        # its shading for lines of text and misreads headings beside them
        grey = degrained(grey)
    # A ruled box (the legend's frame) is read alone: its lines stand level with the
    # headings beside it, and Tesseract's page layout joined them into one line each,
    # their symbols misread (`○:実施` as `RRB`), the headings out of their order.
    boxes = frames(grid, page.raster.scale)
    framed = [line for box in boxes for line in _framed(grey, box)]
    rim = round(RULE_MAX_PT / page.raster.scale)  # its rules, blurred, with the box
    unframed = grey.copy()  # (an unsure line is read again on the page as it was)
    for x0, y0, x1, y1 in boxes:
        unframed[max(0, y0 - rim) : y1 + rim, max(0, x0 - rim) : x1 + rim] = paper
    lines = [part for line in engine.read(unframed, "page") for part in _apart(line)]
    lines += framed
    lines = read_once(lines + _missed_lines(page, unframed, lines))
    # A line lying on a table's shading, beside the table's rows, is the grain or rim
    # of a noisy shading (`上Ll` beside a header label): every mark there is its cells'.
    # A line read inside a ruled box is print (a legend's last line a point above the
    # table's shaded header).
    fills = _fill_areas(page)
    lines = [
        line
        for line in lines
        if line in framed
        or (
            _inked(page.raster.ink, line.box)
            and not _on_shading(line.box, fills, grid.tables)
            and not _speck(line, page.raster.scale)
        )
    ]
    # A heading and the legend box beside it are parted before an unsure line is read again
    # alone: read again whole, the legend's symbols would be read as letters once more.
    ruled = ruled_mask(grey.shape, grid)
    parts = [part for line in lines for part in legend_lines(page, line, ruled)]
    # (two parts of one line, each read again in the band it lies in, are the whole line
    # twice over: kept once, or they were merged glyph by glyph, 福福祉祉ササーービビスス)
    page.add_lines(read_once([_folio(page, reread(page, grey, part)) for part in parts]))


def _apart(line: engine.TextLine) -> list[engine.TextLine]:
    """The line in parts where its glyphs stand more than APART × its height apart.
    Tesseract's page layout drew a heading's line on to a mark at the page's far side,
    level with the running title there: the line read again in its box (reread.py) took
    in half the running title, read twice over (ププラランン 進進捗捗状状況況), and the heading
    was lost."""
    height = line.box[3] - line.box[1]
    parts: list[list[engine.Glyph]] = []
    for glyph in line.glyphs:
        if parts and glyph.box[0] - max(g.box[2] for g in parts[-1]) <= APART * height:
            parts[-1].append(glyph)
        else:
            parts.append([replace(glyph, word_start=True) if parts else glyph])
    if len(parts) < 2:
        return [line]
    # each part as tall as the line: a part's own glyph boxes may be a pixel tall (a
    # dash), and a character that flat broke the page's layout
    y0, y1 = line.box[1], line.box[3]
    return [
        engine.TextLine(
            (min(g.box[0] for g in part), y0, max(g.box[2] for g in part), y1), tuple(part)
        )
        for part in parts
    ]


def _inked(ink: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Is there print under a line read outside the tables? Tesseract read a 150 dpi
    grey scan's grain beside a table's right rule as に (sure of it: 82), where the page's
    ink has not a pixel; the table's rows after it were then no table."""
    x0, y0, x1, y1 = box
    area = ink[max(0, y0) : y1, max(0, x0) : x1]
    return area.size > 0 and np.count_nonzero(area) >= INKED * area.size


def _speck(line: engine.TextLine, scale: float) -> bool:
    """Is a line a speck: its box smaller every way than SPECK_SHARE of the smallest print
    looked for, or one full-width glyph boxed as a sliver (SLIVER of its height)? Tesseract
    reads a speck as a kanji or kana (還 in a box 1 by 4 pt, エ 1 by 6: what a receipt
    stamp left where its ring crossed a table's corner), and the layout set it in the
    rating of the row above, run on from the page before."""
    x0, y0, x1, y1 = line.box
    least = SPECK_SHARE * TEXT_PT / scale
    if x1 - x0 < least and y1 - y0 < least:
        return True
    text = "".join(g.text for g in line.glyphs)
    return len(text) == 1 and wide(text) and x1 - x0 < SLIVER * (y1 - y0)


def _blank_rules(grey: np.ndarray, ink: np.ndarray, grid: Grid, paper: int) -> None:
    """The page's rules made paper in grey, with their blurred rims (RIM pixels each side)
    where no print runs on beyond the rim: a heading printed a pixel under a table's rule
    keeps the top of its glyphs (主's dot, read 王 once blanked). A table's row rule runs
    across the table: where a pale scan broke it, pieces too short to be found (over
    `③地域` of such a heading) are blanked with it, else a grey line runs along the
    heading's top. (A legend frame standing on the table is in the table's box; its
    rules cross no row, and go no further.)"""
    for rule in grid.vrules:
        _blank(grey.T, ink.T, (rule.y0, rule.x0, rule.y1, rule.x1), paper)
    for rule in grid.hrules:
        spans = [
            (box[0], box[2])  # a rule across the table (not a legend frame's on its top)
            for box in grid.tables
            if within(rule, box) and rule.x1 - rule.x0 >= ACROSS * (box[2] - box[0])
        ]
        x0, x1 = min(spans, default=(rule.x0, rule.x1))
        _blank(grey, ink, (min(x0, rule.x0), rule.y0, max(x1, rule.x1), rule.y1), paper)


def _blank(grey: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int], paper: int) -> None:
    """A horizontal rule's box made paper in grey (a view: written through), and each row
    of its rims where the ink beyond the rim does not run on."""
    x0, y0, x1, y1 = max(0, box[0] - 1), box[1], min(box[2] + 1, grey.shape[1]), box[3]
    grey[y0:y1, x0:x1] = paper
    height = grey.shape[0]
    for rim, beyond in (
        (range(y1, y1 + RIM), range(y1 + RIM, y1 + RIM + BEYOND)),
        (range(y0 - RIM, y0), range(y0 - RIM - BEYOND, y0 - RIM)),
    ):
        rows = [y for y in rim if 0 <= y < height]
        further = [y for y in beyond if 0 <= y < height]
        runs_on = ink[further, x0:x1].any(axis=0) if further else np.zeros(x1 - x0, bool)
        for y in rows:
            grey[y, x0:x1][~runs_on] = paper


def _framed(grey: np.ndarray, box: tuple[int, int, int, int]) -> list[engine.TextLine]:
    """The lines inside a ruled box, read as one block of text, and any line of its ink
    the block's reading left out, read alone: every line, where the block's reading has
    fewer lines than the box has lines of ink (a 150 dpi scan's `△:未実施・` over
    `進捗遅れ`, set close to the box's foot, read as one line of junk, `PO`, and △ was
    missing from the legend)."""
    x0, y0 = box[0] + FRAME_INSET, box[1] + FRAME_INSET
    x1, y1 = box[2] - FRAME_INSET, box[3] - FRAME_INSET
    inside = grey[y0:y1, x0:x1]
    if inside.size == 0:
        return []
    ink = binarize(inside)
    lines = engine.read(inside, "block", (x0, y0))
    if len(lines) < len(ink_lines.ink_rows(ink)):
        lines = []
    return lines + unread_rows(inside, ink, (x0, y0), lines)


def _fill_areas(page: PageReading) -> list[tuple[int, int, int, int]]:
    """The boxes of the page's noisy shadings, grown by their blurred rim."""
    reach = round(FILL_PT / page.raster.scale)
    return [(x0 - reach, y0 - reach, x1 + reach, y1 + reach) for x0, y0, x1, y1 in page.fills]


def _on_shading(box: tuple[int, int, int, int], fills: list, tables: list) -> bool:
    """Does box lie within a shading (ON_SHADING of its area, the shading's rim counted),
    its middle level with a table's rows? (A heading above a table is not; a ruled
    table's box may hold headings between its parts, so the table's box says nothing.)"""
    x0, y0, x1, y1 = box
    middle = (y0 + y1) / 2
    if not any(t[1] <= middle <= t[3] for t in tables):
        return False
    area = max(1, (x1 - x0) * (y1 - y0))
    for f in fills:
        across = max(0, min(x1, f[2]) - max(x0, f[0])) * max(0, min(y1, f[3]) - max(y0, f[1]))
        if across >= ON_SHADING * area:
            return True
    return False


def read_once(lines: list[engine.TextLine]) -> list[engine.TextLine]:
    """lines with each stretch of print read once: Tesseract's page layout may read one
    line of thin print twice, whole and in parts (町田市住みよい read in two lines over
    each other, which layout merged glyph by glyph into 町町田田市市). The surer reading
    (more glyphs, read more surely: the sum of their confidences) keeps a stretch; the
    other loses its glyphs there. The lines stay in the order read."""
    kept: dict[int, engine.TextLine] = {}
    for i in sorted(range(len(lines)), key=lambda i: -sum(g.conf for g in lines[i].glyphs)):
        line = lines[i]
        taken = [k.box for k in kept.values() if _level(k.box, line.box)]
        glyphs = tuple(
            g
            for g in line.glyphs
            if not any(b[0] <= (g.box[0] + g.box[2]) / 2 <= b[2] for b in taken)
        )
        if len(glyphs) < len(line.glyphs) and glyphs:
            x0, x1 = min(g.box[0] for g in glyphs), max(g.box[2] for g in glyphs)
            glyphs = (replace(glyphs[0], word_start=True), *glyphs[1:])
            line = engine.TextLine((x0, line.box[1], x1, line.box[3]), glyphs)
        if glyphs:
            kept[i] = line
    return [kept[i] for i in sorted(kept)]


def _level(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Do two boxes stand on one line: overlapping by half the shorter one's height?"""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _missed_lines(
    page: PageReading, grey: np.ndarray, lines: list[engine.TextLine]
) -> list[engine.TextLine]:
    """Lines of print outside the tables that Tesseract's page layout passed over (a legend
    box's last line): ink smeared along the line into blobs, and each blob no line read
    covers read alone."""

    ink = binarize(grey)
    text = round(TEXT_PT / page.raster.scale)
    smear = cv2.getStructuringElement(cv2.MORPH_RECT, (text, 1))
    count, _, stats, _ = blobs(cv2.dilate(ink, smear))
    found = []
    for x, y, w, h, _ in stats[1:count]:
        if h < text // 2 or h > 3 * text or w < text:
            continue  # a speck, a rule's stub, a picture
        cx, cy = x + w / 2, y + h / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in (line.box for line in lines)):
            continue
        x0, x1 = x + text // 2, x + w - text // 2  # the smear reached half a character out
        band = grey[max(0, y - 3) : y + h + 3, max(0, x0 - 3) : x1 + 3]
        read = read_alone(band, (max(0, x0 - 3), max(0, y - 3)), _letter)
        if read:
            found.append(read[0])
    return found


def _letter(text: str) -> bool:
    """A kanji or kana (or a Latin letter run): what a page number never is."""
    return any(unicodedata.category(ch) == "Lo" for ch in text)


def _hiragana(text: str) -> bool:
    return all("ぁ" <= ch <= "ゖ" for ch in text)


def _folio(page: PageReading, line: engine.TextLine) -> engine.TextLine:
    """A short, unsure line in the top or bottom margin is a page number that the Japanese
    model cannot read (`- 14 -` comes out as `x D・`, `- 2 -` as `9のに`): read it again as
    digits and dashes, so running page numbers are found by their repetition like any
    PDF's. Kanji or katakana read surely (資料5-2) are text; kana beside a digit are
    a page number's dashes misread (a page number is never kana)."""
    h, w = page.raster.grey.shape
    x0, y0, x1, y1 = line.box
    margin = y1 < FOLIO_BAND * h or y0 > (1 - FOLIO_BAND) * h
    letters = [g for g in line.glyphs if _letter(g.text)]
    sure = [g for g in letters if g.conf >= FOLIO_SURE and not _hiragana(g.text)]
    number = any(g.text.isdecimal() for g in line.glyphs) and not letters
    if not margin or x1 - x0 > FOLIO_WIDTH * w or sure or number:
        return line
    pad = (y1 - y0) // 2
    band = page.raster.grey[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    text, _ = engine.read_number(*_without_dashes(band))
    if not text:
        return line
    return spread(text, (0, 0), line.box)


def _without_dashes(grey: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A page number's picture and ink without its dashes and dots (marks lower than
    DASH of its tallest), which the digit readers, that know no dash, read as digits
    (`- 2 -` as 22)."""

    ink = binarize(grey)
    count, labels, stats, _ = blobs(ink)
    tallest = max((int(stats[i][3]) for i in range(1, count)), default=0)
    low = [i for i in range(1, count) if stats[i][3] < DASH * tallest]
    if not low:
        return grey, ink
    marks = np.isin(labels, low)
    grey = grey.copy()
    grey[marks] = int(np.median(grey))
    return grey, np.where(marks, 0, ink).astype(np.uint8)
