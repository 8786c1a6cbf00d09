"""A line outside the tables (a heading, the report's title) that Tesseract's page layout
read unsure of a glyph, read again alone (as a block cut to its ink, and as a line,
larger); the reading that reads most naturally is kept. The page layout misreads a
heading's rarer kanji (災害 as 炎害, 促進 as 件進) that a reading alone gets right; where
every reading is wrong (困窮 as 困欠 and as 困徐) they differ. Where the enlarged reading
gives the same title with a clean numeral and the page's another (`②⑫`, `@②`, ⑫ for ②),
the enlarged one is kept: a small mark reads best enlarged. A line whose readings differ,
that keeps an unsure glyph, or that a glyph's runner-up turns from nonsense into Japanese
(地域こおける, に the runner-up of こ: natural.py) is recorded like a doubtful cell (role
"heading"), so it is reviewed with its picture."""

from __future__ import annotations

import unicodedata

import numpy as np
import regex
from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.sources.ocr import engine
from hotplan.sources.ocr.language import reads_better
from hotplan.sources.ocr.natural import natural_version
from hotplan.sources.ocr.page import DOUBT, OcrCell, PageReading, flat, least_conf, lines_text
from hotplan.sources.ocr.raster import binarize

SURE = 99.0  # a line with a glyph less sure than this is read again (most are 99–100)
GLYPH_GAP = 0.3  # × line height: the widest gap between two glyphs of one line
LETTERS = 4  # a line with fewer kana and kanji (a page number) is not
ZOOM = 1.5  # the second reading, this much larger (as a text cell's)
# A line's box that left out glyphs of its line, widened, is read again; the reading of
# the whole takes the line's place where its letters hold the line's this much alike
# (rapidfuzz partial ratio): its first glyphs lost, 成ホッ… was the 域ホッ… of 町田市地域ホッ….
SAME_PART = 80
LEGEND_COLON = 3  # a colon this early, after no letter, makes a line a legend entry (○:実施)
NUMERAL_SPAN = 5  # a section's `(12)` closes within this many characters
CIRCLED_RE = regex.compile(v.CIRCLED_READ)
NUMERAL_IN_TITLE_RE = regex.compile(rf"{v.CIRCLED}|[@＠©®]")
STRAY_RE = regex.compile(r"(?<=\p{Lo})[\x21-\x7e：；！＠｜＝＿]{1,2}(?=\p{Lo})")


def title(text: str) -> str:
    """A heading line's title, without its label and numeral (基本施策1, (1), ①), which
    the heading numbering weighs (OCR reads ② as ⑧): what two readings are compared and
    weighed by. A goal's numeral stays: OCR reads Ⅲ as a kanji (息, 衛) or not at all, so
    nothing tells it from the title's first character (same_title)."""
    read = flat(text)
    for label in (v.GOAL_LABEL, v.POLICY_LABEL):
        if read.startswith(label):
            rest = read[len(label) :]
            return rest.lstrip("0123456789") if label == v.POLICY_LABEL else rest
    close = max(read.find(")", 0, NUMERAL_SPAN), read.find("）", 0, NUMERAL_SPAN))
    if read[:1] in "(（" and close > 0:
        return read[close + 1 :]
    circled = CIRCLED_RE.match(read)  # ① as headings.py reads it, `@②` too
    return read[circled.end() :] if circled else read


def letters(text: str) -> str:
    """The kana and kanji of a heading's title (a bracket, a Roman numeral aside)."""
    return "".join(ch for ch in title(text) if unicodedata.category(ch) == "Lo")


def _spelled(text: str) -> str:
    """A heading's title as two readings are compared: its kana and kanji, and its digits
    and Latin letters (第2次, のICT活用; 動す5機会 for 動する機会 where another reading has
    no 5), without marks and spaces."""
    return "".join(
        ch
        for ch in title(text)
        if unicodedata.category(ch) in ("Lo", "Nd") or ("A" <= ch <= "Z" or "a" <= ch <= "z")
    )


def same_title(a: str, b: str) -> bool:
    """Do two readings of a heading line give one title? A goal's may differ in the one
    character before it (its numeral read as a kanji, or lost)."""
    x, y = _spelled(a), _spelled(b)
    if x == y:
        return True
    goal = flat(a).startswith(v.GOAL_LABEL)
    return goal and bool({x, x[1:]} & {y, y[1:]})


def _again(
    grey: np.ndarray, whole: tuple[int, int, int, int]
) -> tuple[engine.TextLine | None, engine.TextLine | None]:
    """A line's print (whole: its box widened to its glyphs) read again alone, two ways:
    cut to its ink as one block (as a table cell is read: the page layout misreads 災害 and
    避難 that this reads right), and as one line, enlarged (促進); each None where it gives
    other than one line."""
    x0, y0, x1, y1 = whole
    pad = max(2, (y1 - y0) // 4)
    top, left = max(0, y0 - pad), max(0, x0 - pad)
    band = grey[top : y1 + pad, left : x1 + pad]
    block: list[engine.TextLine] = []
    box = engine.ink_box(binarize(band), margin=3)
    if box is not None:
        crop = band[box[1] : box[3], box[0] : box[2]]
        block = engine.read(crop, "block", (left + box[0], top + box[1]))
    larger = engine.read(band, "line", (left, top), ZOOM)
    return (block[0] if len(block) == 1 else None, larger[0] if len(larger) == 1 else None)


def _reads_more(read: str, best: str) -> bool:
    """Does read, of a line's box widened over glyphs the page layout left out, read those
    glyphs too: more letters, with best's among them (as read, a glyph or so off)?"""
    more, fewer = letters(read), letters(best)
    return len(more) > len(fewer) and fuzz.partial_ratio(fewer, more) >= SAME_PART


def _whole(grey: np.ndarray, box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """box widened to the glyphs its sides cut through or leave out: the page layout's box
    of a line may end inside its last glyph (用 read as 月, the line cut there read 活 and
    活居) or leave out its first (基 of 基本目標), or its first words (町田市地 of a
    running title on a scan with the back page showing through), over gaps no wider than
    a gap between two glyphs (GLYPH_GAP)."""
    x0, y0, x1, y1 = box
    inked = binarize(grey[y0:y1]).any(axis=0)
    gap = max(1, round(GLYPH_GAP * (y1 - y0)))
    return (_edge(inked, x0, -1, gap), y0, _edge(inked, x1 - 1, 1, gap) + 1, y1)


def _edge(inked: np.ndarray, at: int, step: int, gap: int) -> int:
    """The last inked column reached from at, stepping by step, over runs of at most gap
    blank columns."""
    edge, blank, x = at, 0, at + step
    while 0 <= x < len(inked) and blank <= gap:
        if inked[x]:
            edge, blank = x, 0
        else:
            blank += 1
        x += step
    return edge


def _numbered(text: str) -> bool:
    """Is text a heading whose label and numeral read as printed ones do (②, (2), 基本施策2)?"""
    return any(
        pattern.match(text) for pattern in (v.SUBSECTION_RE, v.SECTION_RE, v.GOAL_RE, v.POLICY_RE)
    )


def stray_mark(text: str) -> str | None:
    """A mark or a lone Latin letter read between two kana or kanji of a heading's title
    (様な:E体と for 様な主体と, けた：援 for けた支援): OCR's reading of a kanji it could not
    read, as titles print none there (a number, 第2次, and a Latin word, のICT活用, do);
    a circled number or @ left in the title (its heading's numeral misread); or a
    bracket without its pair."""
    named = title(text)
    numeral = NUMERAL_IN_TITLE_RE.search(named)  # `(@②「わたし…`: a heading's numeral misread
    if numeral:
        return named[max(0, numeral.start() - 1) : numeral.end() + 1]
    for m in STRAY_RE.finditer(named):
        run = m.group()
        if not run.isalnum() or (len(run) == 1 and run.isalpha()):
            return named[max(0, m.start() - 1) : m.end() + 1]
    return _unpaired(named)


BRACKETS = {"「": "」", "『": "』", "【": "】", "(": ")", "（": "）"}


def _unpaired(named: str) -> str | None:
    """A bracket the title does not pair (福祉サービス』『業者 for サービス事業者: a kanji
    read as brackets), with a character either side; titles print theirs in pairs."""
    closing = {close: open_ for open_, close in BRACKETS.items()}
    opened: list[int] = []
    for i, ch in enumerate(named):
        if ch in BRACKETS:
            opened.append(i)
        elif ch in closing and not (opened and named[opened[-1]] == closing[ch]):
            return named[max(0, i - 1) : i + 2]
        elif ch in closing:
            opened.pop()
    return named[max(0, opened[0] - 1) : opened[0] + 2] if opened else None


def _legend_entry(line: engine.TextLine) -> bool:
    """Is line a legend's entry (○:実施): a colon among its first glyphs with no kana or
    kanji before it (②地区:電の懇談会 is a heading whose 別 OCR read as `:電`)?"""
    for glyph in line.glyphs[:LEGEND_COLON]:
        if glyph.text in (":", "："):
            return True
        if letters(glyph.text):
            return False
    return False


def _title_conf(line: engine.TextLine) -> float:
    """How sure Tesseract is of a heading's title: its least sure glyph after the label and
    numeral (基本目標 and Ⅰ read as `|`, ②), which headings.py numbers by their order and
    points out itself where it must."""
    text = lines_text([line])
    read, rest = flat(text), title(text)
    skip = len(read) - len(rest)
    if read.startswith(v.GOAL_LABEL) and rest[:1] and not letters(rest[:1]):
        skip += 1  # a goal's numeral, which title() keeps, read as no letter
    glyphs, seen = [], 0
    for glyph in line.glyphs:
        if seen >= skip:
            glyphs.append(glyph)
        seen += len(flat(glyph.text))
    return min((g.conf for g in glyphs), default=100.0)


def reread(page: PageReading, grey: np.ndarray, line: engine.TextLine) -> engine.TextLine:
    """line, or the reading of it that reads most naturally (grey: the page as the layout
    read it, tables blanked); recorded for review where the readings' titles differ."""
    text = lines_text([line])
    if _legend_entry(line) or len(letters(text)) < LETTERS:
        return line
    chosen = line
    whole = _whole(grey, line.box)
    lost = (whole[2] - whole[0]) - (line.box[2] - line.box[0]) >= whole[3] - whole[1]
    sure = least_conf([line]) >= SURE and not lost
    block, larger = (None, None) if sure else _again(grey, whole)
    others = [r for r in (block, larger) if r is not None]
    for other in others:
        read, best = lines_text([other]), lines_text([chosen])
        if not same_title(best, read) and (
            reads_better(title(read), title(best)) or (lost and _reads_more(read, best))
        ):
            chosen = other
    if larger is not None and chosen is line and _numbered(lines_text([larger])):
        # The same title, its numeral read otherwise (`②⑫`, `@②` or ⑫ for ②): a small
        # mark reads best enlarged, as a number cell's digits do.
        read = lines_text([larger])
        if same_title(text, read) and flat(text) != flat(read):
            chosen = larger
    best = lines_text([chosen])
    differing = [r for r in (line, *others) if not same_title(best, lines_text([r]))]
    conf = _title_conf(chosen)
    readings = (best, lines_text(differing[:1]))
    if differing:
        doubtful = "readings_differ"
    elif conf < DOUBT:
        doubtful = "low_confidence"
    elif stray_mark(best):
        doubtful = "stray_mark"
    elif (fluent := natural_version(best, [[r] for r in (chosen, *others)])) is not None:
        doubtful, readings = "unnatural", (best, fluent)
    else:
        return chosen
    image = page.crop(line.box)
    page.cells.append(
        OcrCell(page.number, "heading", page.pt(line.box), best, conf, doubtful, image, readings)
    )
    return chosen
