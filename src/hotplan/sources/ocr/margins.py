"""Text outside the tables of a scanned page (headings, legend, page numbers): the page
without its cells read by Tesseract's own page layout, with what that layout is known to
miss mended - lines it passed over, legend symbols it prints as 〇 or ム, page numbers the
Japanese model garbles."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

import cv2
import numpy as np

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.fills import FILL_PT
from hotplan.sources.ocr.grid import ACROSS, RULE_MAX_PT, Grid, frames, within
from hotplan.sources.ocr.page import APART, OcrCell, PageReading, read_alone, spread, unread_rows
from hotplan.sources.ocr.raster import binarize, degrained
from hotplan.sources.ocr.reread import reread
from hotplan.sources.ocr.symbols import PIECED, read_symbol

ROUND = set("〇◯Oo")  # what OCR prints for ○ alone before a legend's colon
SYMBOL_LOOKALIKES = set("〇OoQ0©◯○⚪@()△ΔムへヘAᐃ▲◎●□■×xX")  # what OCR makes of a legend symbol
TEXT_PT = 8.0  # the smallest print a line outside the tables is looked for in
FOLIO_BAND = 0.1  # share of the page's height at its top and bottom where page numbers sit
FOLIO_WIDTH = 0.12  # share of the page's width a page number is at most
FOLIO_SURE = 90.0  # a line with a non-Latin glyph this sure is text, not a page number
SYMBOL_SPAN = 1.5  # × line height: the widest a symbol read as several glyphs is
FRAME_INSET = 3  # px inside a ruled box's rules where its print is read
DASH = 0.4  # × the tallest mark of a page number: a lower one is a dash or a dot
ON_SHADING = 0.9  # share of a line's box on a table's shading: the shading's grain or rim
RIM = 2  # px each side of a rule that its blur darkens
FRAME_RUN = 1.5  # × line height: a straight run of ink this long by a legend symbol is a rule
BEYOND = 2  # px past a rule's rim where print that runs on from the rim is looked for


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
    lines = engine.read(unframed, "page") + framed
    lines = read_once(lines + _missed_lines(page, unframed, lines))
    # A line lying on a table's shading, beside the table's rows, is the grain or rim
    # of a noisy shading (`上Ll` beside a header label): every mark there is its cells'.
    # A line read inside a ruled box is print (a legend's last line a point above the
    # table's shaded header).
    fills = _fill_areas(page)
    lines = [
        line for line in lines if line in framed or not _on_shading(line.box, fills, grid.tables)
    ]
    # A heading and the legend box beside it are parted before an unsure line is read again
    # alone: read again whole, the legend's symbols would be read as letters once more.
    ruled = ruled_mask(grey.shape, grid)
    parts = [part for line in lines for part in legend_lines(page, line, ruled)]
    page.add_lines([_folio(page, reread(page, grey, part)) for part in parts])


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
    x0, y0, x1, y1 = max(0, box[0] - 1), box[1], box[2] + 1, box[3]
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
    the block's reading left out, read alone."""
    x0, y0 = box[0] + FRAME_INSET, box[1] + FRAME_INSET
    x1, y1 = box[2] - FRAME_INSET, box[3] - FRAME_INSET
    inside = grey[y0:y1, x0:x1]
    if inside.size == 0:
        return []
    lines = engine.read(inside, "block", (x0, y0))
    return lines + unread_rows(inside, binarize(inside), (x0, y0), lines)


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
    count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, smear), connectivity=8)
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
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tallest = max((int(stats[i][3]) for i in range(1, count)), default=0)
    low = [i for i in range(1, count) if stats[i][3] < DASH * tallest]
    if not low:
        return grey, ink
    marks = np.isin(labels, low)
    grey = grey.copy()
    grey[marks] = int(np.median(grey))
    return grey, np.where(marks, 0, ink).astype(np.uint8)


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
    read as ▲)."""
    x0, y0, x1, y1 = box
    grey = page.raster.grey[y0:y1, x0:x1]
    if page.grainy:
        grey = degrained(grey)
    level, ink = cv2.threshold(
        cv2.GaussianBlur(grey, (3, 3), 0), 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU
    )
    if ruled is not None:
        ink[ruled[y0:y1, x0:x1]] = 0
    if height:
        run = round(FRAME_RUN * height)
        h, w = page.raster.grey.shape
        wx0, wy0, wx1, wy1 = max(0, x0 - run), max(0, y0 - run), min(w, x1 + run), min(h, y1 + run)
        around = page.raster.grey[wy0:wy1, wx0:wx1]
        around = cv2.GaussianBlur(degrained(around) if page.grainy else around, (3, 3), 0)
        dark = np.where(around <= level, 255, 0).astype(np.uint8)
        straight = np.zeros_like(dark)
        for shape in ((run, 1), (1, run)):
            kernel = cv2.getStructuringElement(cv2.MORPH_RECT, shape)
            straight |= cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        straight = cv2.dilate(straight, np.ones((3, 3), np.uint8))  # with its blurred rim
        ink[straight[y0 - wy0 : y1 - wy0, x0 - wx0 : x1 - wx0] > 0] = 0
    return ink


def _symbol_ink(ink: np.ndarray, colon: tuple[int, int, int]) -> np.ndarray:
    """ink with only the blobs that may be the symbol: on the colon's rows (a glyph box
    Tesseract drew too tall lets the crop reach the entries above and below), starting
    left of the colon's middle, and larger than half the colon's height (its dots).
    colon: its middle x, top and bottom, in ink's pixels."""

    middle, top, bottom = colon
    least = (bottom - top) / 2
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = [
        i
        for i in range(1, count)
        if stats[i][1] <= bottom
        and stats[i][1] + stats[i][3] > top
        and stats[i][0] < middle
        and max(stats[i][2], stats[i][3]) > least
    ]
    return np.where(np.isin(labels, keep), ink, 0).astype(np.uint8)
