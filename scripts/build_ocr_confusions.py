"""Build data/ocr_confusions.tsv: which kanji Tesseract reads for which, in Mincho print a
scan made thin (a black-and-white scanner's light threshold drops the hairline strokes:
自 is read 白, 目 日, 手 下). The OCR reader's kanji repair (sources/ocr/misread_kanji.py) proposes
only these swaps, where the word read is none and the swap makes a common one.

Lines of 12,000 common kanji words (wordfreq's Japanese list, zipf ≥ MIN_ZIPF), joined
with 、 as prose joins them, are drawn in fonts the test fixtures do not use (the Mincho
of IPA, BIZ UD, Ume and Noto Serif CJK, and IPA Gothic; not IPAex), at 200 dpi in three
sizes, blurred as a sharp or a soft scanner does, and read grey and at three B/W
thresholds. Each kanji read as another kanji or as a mark prose has no use for (口 as |),
where the rest of the line lines up, counts once; the table keeps the pairs read so at
least MIN_COUNT times.

Usage: python scripts/build_ocr_confusions.py [--words N] [--jobs N]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

from hotplan.sources.ocr import engine
from hotplan.sources.ocr.misread_kanji import mark_in_prose
from hotplan.typos.dictionary import _zipf_table
from hotplan.typos.phrasing import is_kanji

OUT = Path(__file__).resolve().parent.parent / "src" / "hotplan" / "data" / "ocr_confusions.tsv"
FONTS = (
    "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/bizud-mincho/BIZUDMincho-Regular.ttf",
    "/usr/share/fonts/truetype/horai-umefont/ume-tmo3.ttf",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",  # its first face: JP
)
DPI, POINTS, OVERSAMPLE = 200, (8.0, 9.0, 10.5), 4
BLURS = (0.4, 0.7)  # a sharp and a soft scanner, one or the other a line
THRESHOLDS = (None, 150, 130, 115)  # grey, then B/W from dark to light
PER_LINE = 8  # words a line
MIN_ZIPF, MIN_COUNT = 3.0, 2


def words(count: int) -> list[str]:
    """The count commonest all-kanji words of two to four characters."""
    table = _zipf_table()
    found = [
        w for w, z in table.items() if 2 <= len(w) <= 4 and z >= MIN_ZIPF and all(map(is_kanji, w))
    ]
    return sorted(found, key=lambda w: -table[w])[:count]


def draw(text: str, font_path: str, points: float, threshold: int | None, seed: int) -> np.ndarray:
    """text printed and scanned: drawn OVERSAMPLE times finer and averaged down, as a
    scanner's sensor sees a hairline (grey, not a pixel of black), then blurred, grained
    and thresholded."""
    size = round(points / 72 * DPI * OVERSAMPLE)
    font = ImageFont.truetype(font_path, size)
    width = int(font.getlength(text)) + 2 * size
    image = Image.new("L", (width, 2 * size), 255)
    ImageDraw.Draw(image).text((size, size // 2), text, font=font, fill=0)
    image = image.resize((width // OVERSAMPLE, 2 * size // OVERSAMPLE), Image.Resampling.BOX)
    image = image.filter(ImageFilter.GaussianBlur(BLURS[seed % len(BLURS)]))
    grey = np.asarray(image, dtype=np.float32)
    grey = grey + np.random.default_rng(seed).normal(0, 4, grey.shape)
    grey = np.clip(grey, 0, 255)
    if threshold is not None:
        grey = np.where(grey > threshold, 255, 0)
    return grey.astype(np.uint8)


def confusions(job: tuple[str, str, float, int | None, int]) -> Counter[tuple[str, str]]:
    """(read, printed) pairs in one line drawn and read back: a kanji read as another, or
    as a mark prose has no use for (口 as |, its thin strokes lost)."""
    text, font, points, threshold, seed = job
    lines = engine.read(draw(text, font, points, threshold, seed), "line")
    read = "".join(g.text for line in lines for g in line.glyphs)
    found: Counter[tuple[str, str]] = Counter()
    ops = Levenshtein.editops(read, text)
    if len(ops) > len(text) // 3:  # the line fell apart: nothing lines up
        return found
    for op in ops:
        if op.tag == "replace":
            a, b = read[op.src_pos], text[op.dest_pos]
            if is_kanji(b) and (is_kanji(a) or mark_in_prose(a)):
                found[(a, b)] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=12000)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    vocabulary = words(args.words)
    random.Random(0).shuffle(vocabulary)
    lines = ["、".join(vocabulary[i : i + PER_LINE]) for i in range(0, len(vocabulary), PER_LINE)]
    jobs = [
        (line, font, points, threshold, i)
        for i, line in enumerate(lines)
        for font in FONTS
        for points in POINTS
        for threshold in THRESHOLDS
    ]
    total: Counter[tuple[str, str]] = Counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        for found in pool.map(confusions, jobs, chunksize=16):
            total.update(found)
    kept = sorted((p, n) for p, n in total.items() if n >= MIN_COUNT)
    OUT.write_text(
        "read\tprinted\tcount\n" + "".join(f"{a}\t{b}\t{n}\n" for (a, b), n in kept),
        encoding="utf-8",
    )
    print(f"wrote {OUT}: {len(kept)} pairs from {len(jobs)} lines of {len(vocabulary)} words")


if __name__ == "__main__":
    main()
