"""Tesseract, in process (tesserocr): the model loads once per worker, each cell is read
with its own settings, and every glyph comes back with its box and confidence.

The language data is Debian's (`tesseract-ocr-jpn`, `tesseract-ocr-eng`,
`tesseract-ocr-script-jpan`); a machine without it gets one line saying how to install it."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from hotplan.sources.ocr.widths import full_width

TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
# The jpn and eng models, and the Japanese script model (trained on other text, it misreads
# other glyphs than jpn: votes.py): Debian installs it beside them, upstream in script/.
SCRIPT = "Japanese"
LANGUAGES = ("jpn", "eng", SCRIPT)
PAD = 12  # px of paper added around a cell: Tesseract misreads glyphs that touch the edge
# A glyph less than this share of its width on the picture itself is the seam between the
# picture and the paper added around it: the word layout read a | there on a 250 dpi grey
# scan's lines (|生活揚護課, 福祉総務課|: 18% and none inside), a 「 on a darker rim (50%).
INSIDE = 0.6
# Three readings of a number cell that fail differently (measured on scans of the 2024
# report: each alone 88–94% of cells right, their agreement never wrong): line and word
# layout of the Latin model, word layout of the Japanese one.
DIGIT_READERS = {"digits_line": ("eng", 7), "digits_word": ("eng", 8), "digits_jpn": ("jpn", 8)}
SPECK_SHARE = 0.3  # a blob lower than this share of a number cell's tallest is a speck
DIGIT_ZOOM = 2  # number cells are read at twice the size: a lone digit is then found
# A 担当課 cell's page reference, (P.74), read by the Latin model as one line, kept to
# its characters (page_refs.py)
PAGE_REF = {"page_ref": ("eng", 7, "()P.0123456789")}
DIGIT_CHAR = {"digit_char": ("jpn", 10)}  # a lone glyph most readers missed: one-glyph layout
# A line Tesseract's block reading skipped, read alone: its line layout misses some short
# kanji names at any size (福祉総務課), its word and raw-line layouts read them.
TEXT_LINE_READERS = {"line": 7, "word": 8, "raw": 13}
# A text cell's block reading keeps each glyph's other candidates, from the network's own
# output (lstm_choice_mode 2, one iteration: 5 give the same candidates, 1.5 times slower).
# A reading only compared as text (kind "plain") goes without: the same glyphs, boxes and
# confidences (on 96 cells of two scans), 15-20% faster.
CHOICES = {"lstm_choice_mode": "2", "lstm_choice_iterations": "1"}
LEPTONICA_SILENT = 6  # L_SEVERITY_NONE: leptonica prints no messages


class EngineMissing(RuntimeError):
    """Tesseract or its language data is not installed; str() says what to install."""


@dataclass(frozen=True)
class Glyph:
    text: str
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in the page's pixels
    conf: float  # 0–100
    word_start: bool
    # The model's other candidates for the glyph, (text, confidence 0–100), in a text
    # cell's block reading (CHOICES); () elsewhere.
    others: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class TextLine:
    box: tuple[int, int, int, int]
    glyphs: tuple[Glyph, ...]


def tessdata() -> Path:
    """The folder holding the LANGUAGES' traineddata; EngineMissing if there is none.
    TESSDATA_PREFIX, when set, is the only place looked in (as Tesseract itself does)."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in [prefix] if prefix else TESSDATA_DIRS:
        path = Path(folder)
        if all(_model(path, lang) for lang in LANGUAGES):
            return path
    raise EngineMissing("jpn")


def _model(path: Path, lang: str) -> str | None:
    """The name Tesseract loads lang by from path (a script model may be in script/)."""
    return next(
        (name for name in (lang, f"script/{lang}") if (path / f"{name}.traineddata").is_file()),
        None,
    )


@cache
def _api(kind: str):
    try:
        import tesserocr
    except ImportError as exc:  # pragma: no cover - a dependency of hotplan
        raise EngineMissing("tesserocr") from exc
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one core per worker: --jobs decides
    _quiet_leptonica(tesserocr.__file__)
    path = str(tessdata()) + "/"
    if kind in DIGIT_READERS or kind in DIGIT_CHAR:
        lang, psm = {**DIGIT_READERS, **DIGIT_CHAR}[kind]
        api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=psm)
        api.SetVariable("tessedit_char_whitelist", "0123456789")
    elif kind in PAGE_REF:
        lang, psm, chars = PAGE_REF[kind]
        api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=psm)
        api.SetVariable("tessedit_char_whitelist", chars)
    elif kind in ("block", "plain"):
        api = tesserocr.PyTessBaseAPI(path=path, lang="jpn", psm=tesserocr.PSM.SINGLE_BLOCK)
        for name, value in CHOICES.items() if kind == "block" else ():
            api.SetVariable(name, value)
    elif kind == "script":
        lang = _model(Path(path), SCRIPT) or SCRIPT
        api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=tesserocr.PSM.SINGLE_BLOCK)
    elif kind in TEXT_LINE_READERS:
        api = tesserocr.PyTessBaseAPI(path=path, lang="jpn", psm=TEXT_LINE_READERS[kind])
    elif kind == "osd":
        api = tesserocr.PyTessBaseAPI(path=path, lang="osd", psm=tesserocr.PSM.OSD_ONLY)
    else:  # a whole page region: Tesseract finds the blocks and lines itself
        api = tesserocr.PyTessBaseAPI(path=path, lang="jpn", psm=tesserocr.PSM.AUTO)
    api.SetVariable("preserve_interword_spaces", "1")
    return api


@cache
def _quiet_leptonica(module: str) -> None:
    """Leptonica, under Tesseract, prints its internal complaints (`Error in
    boxClipToRectangle: box outside rectangle` for a speck at a cell's edge) on the
    terminal: they say nothing to a reader and are not the document's problems. Its
    message level is set to none in the copy tesserocr loaded (its wheel's own, else the
    system's); where neither is found, the messages stay."""
    import ctypes
    import ctypes.util

    bundled = sorted(Path(module).parent.parent.glob("tesserocr.libs/libleptonica*.so*"))
    name = (
        str(bundled[0])
        if bundled
        else ctypes.util.find_library("leptonica") or (ctypes.util.find_library("lept"))
    )
    if not name:
        return
    try:
        ctypes.CDLL(name).setMsgSeverity(LEPTONICA_SILENT)
    except (OSError, AttributeError):
        return


def ink_box(ink: np.ndarray, margin: int = 2) -> tuple[int, int, int, int] | None:
    """The box around a picture's ink (255 = ink), a little margin kept; None if blank."""
    ys, xs = np.nonzero(ink)
    if not len(ys):
        return None
    h, w = ink.shape
    return (
        max(0, int(xs.min()) - margin),
        max(0, int(ys.min()) - margin),
        min(w, int(xs.max()) + 1 + margin),
        min(h, int(ys.max()) + 1 + margin),
    )


def glyph_box(ink: np.ndarray, margin: int = 2) -> tuple[int, int, int, int] | None:
    """The box around a number cell's glyphs, specks left out (a dot of noise in a
    corner would make the digits a small part of the crop, and place them wrongly):
    blobs less than SPECK_SHARE of the tallest blob's height do not count."""
    import cv2

    from hotplan.sources.ocr.blobs import blobs

    count, _, stats, _ = blobs(ink)
    if count < 2:
        return None
    found = stats[1:count]
    kept = found[found[:, cv2.CC_STAT_HEIGHT] >= SPECK_SHARE * found[:, cv2.CC_STAT_HEIGHT].max()]
    x0, y0 = kept[:, cv2.CC_STAT_LEFT].min(), kept[:, cv2.CC_STAT_TOP].min()
    x1 = (kept[:, cv2.CC_STAT_LEFT] + kept[:, cv2.CC_STAT_WIDTH]).max()
    y1 = (kept[:, cv2.CC_STAT_TOP] + kept[:, cv2.CC_STAT_HEIGHT]).max()
    h, w = ink.shape
    return (
        max(0, int(x0) - margin),
        max(0, int(y0) - margin),
        min(w, int(x1) + margin),
        min(h, int(y1) + margin),
    )


def read(
    image: np.ndarray, kind: str, origin: tuple[int, int] = (0, 0), zoom: float = 1.0
) -> list[TextLine]:
    """The text lines Tesseract reads in a grey image (kind: block, plain, script, line,
    digits, page_ref or page), enlarged zoom times first; boxes are in the page's pixels
    (moved by origin)."""
    import tesserocr
    from PIL import Image

    if zoom != 1.0:
        import cv2

        image = cv2.resize(image, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    pad = PAD if kind != "page" else 0
    padded = np.pad(image, pad, constant_values=int(np.median(image))) if pad else image

    api = _api(kind)
    api.SetImage(Image.fromarray(padded))
    api.Recognize()
    h, w = image.shape[:2]
    inside = (pad, pad, pad + w, pad + h)  # the picture within its paper

    def place(box: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
        x0, y0, x1, y1 = ((v - pad) / zoom for v in box)
        return (
            round(x0) + origin[0],
            round(y0) + origin[1],
            round(x1) + origin[0],
            round(y1) + origin[1],
        )

    lines: list[TextLine] = []
    glyphs: list[Glyph] = []
    line_box: tuple[int, int, int, int] | None = None
    it = api.GetIterator()
    symbol, word, textline = tesserocr.RIL.SYMBOL, tesserocr.RIL.WORD, tesserocr.RIL.TEXTLINE
    if it is None:  # nothing on the picture
        return []
    new_line = new_word = False  # a skipped blank glyph may open the line or the word
    for r in tesserocr.iterate_level(it, symbol):
        if r.Empty(symbol):
            continue
        new_line = new_line or r.IsAtBeginningOf(textline)
        new_word = new_word or r.IsAtBeginningOf(word)
        text = r.GetUTF8Text(symbol)
        box = r.BoundingBox(symbol)
        if not text or not text.strip() or box is None:
            continue  # a blank "glyph" (Tesseract's, over a speck or a stub of rule)
        if _share_inside(box, inside) < INSIDE:
            continue  # the edge of the paper added, read as | (word layout)
        if new_line:
            if glyphs and line_box is not None:
                lines.append(full_width(TextLine(line_box, tuple(glyphs))))
            glyphs = []
            line_box = place(r.BoundingBox(textline))
        others = _others(r, text) if kind == "block" else ()
        glyphs.append(Glyph(text, place(box), float(r.Confidence(symbol)), new_word, others))
        new_line = new_word = False
    if glyphs and line_box is not None:
        lines.append(full_width(TextLine(line_box, tuple(glyphs))))
    return lines


def _share_inside(box: tuple[int, int, int, int], inside: tuple[int, int, int, int]) -> float:
    """The share of box's width within inside (0 where it lies above or below it): the
    word layout boxes some glyphs from the paper's top to its foot, not their width."""
    if min(box[3], inside[3]) <= max(box[1], inside[1]):
        return 0.0
    width = min(box[2], inside[2]) - max(box[0], inside[0])
    return max(0, width) / (box[2] - box[0]) if box[2] > box[0] else 1.0


def _others(result, text: str) -> tuple[tuple[str, float], ...]:
    """The glyph's other candidates (its own text left out)."""
    import tesserocr

    return tuple(
        (choice.GetUTF8Text(), round(choice.Confidence(), 1))
        for choice in tesserocr.iterate_choices(result.GetChoiceIterator())
        if choice.GetUTF8Text() != text
    )


def read_number(grey: np.ndarray, ink: np.ndarray) -> tuple[str, tuple[str, ...]]:
    """A number cell: the reading most of the three digit readers give, and all the
    readings. The cell is cut to its ink and enlarged first. Where most readers see no
    number in ink one glyph wide (a thin 1 alone in a tall cell), Tesseract's
    single-character layout reads it at two sizes, and two readings alike are the
    number."""
    box = glyph_box(ink)
    if box is None:
        return "", ()
    crop = grey[box[1] : box[3], box[0] : box[2]]
    paper = int(np.median(grey))
    readings = _digit_readings(crop, paper, DIGIT_ZOOM, DIGIT_READERS)
    best = _vote(readings)
    if not best and box[2] - box[0] <= box[3] - box[1]:
        readings += _digit_readings(crop, paper, DIGIT_ZOOM, DIGIT_CHAR)
        readings += _digit_readings(crop, paper, DIGIT_ZOOM + 1, DIGIT_CHAR)
        best = _vote([r for r in readings if r])
    return best, tuple(readings)


def _digit_readings(crop: np.ndarray, paper: int, zoom: int, kinds: Iterable[str]) -> list[str]:
    """What each digit reader makes of crop enlarged zoom times on a margin of paper."""
    import cv2
    from PIL import Image

    big = cv2.resize(crop, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
    image = Image.fromarray(np.pad(big, PAD * zoom, constant_values=paper))
    readings = []
    for kind in kinds:
        api = _api(kind)
        api.SetImage(image)
        readings.append("".join(api.GetUTF8Text().split()))
    return readings


def _vote(readings: list[str]) -> str:
    """The reading two or more readers agree on that no other outnumbers ('' if none)."""
    counts = Counter(readings)
    if not counts:
        return ""
    best = max(counts, key=lambda r: (counts[r], bool(r)))
    return best if counts[best] >= 2 else ""


def version() -> str:
    """Tesseract's version, for the report."""
    import tesserocr

    return tesserocr.tesseract_version().split()[1]


def orientation(grey: np.ndarray) -> int:
    """Degrees to turn a sideways page counter-clockwise so it stands upright (90 or 270),
    by Tesseract's orientation detection (osd.traineddata); 90 when that is missing."""
    from PIL import Image

    if not (tessdata() / "osd.traineddata").is_file():
        return 90
    api = _api("osd")
    api.SetImage(Image.fromarray(grey))
    found = api.DetectOrientationScript()
    degrees = int(found["orient_deg"]) if found else 90
    return degrees if degrees in (90, 270) else 90
