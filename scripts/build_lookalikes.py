"""Build src/hotplan/data/lookalikes.tsv: characters that look alike, from rendered glyphs.

Run by hand (`make lookalikes`) when the character set or the method changes; the generated
table is committed, the font is not. Every JIS level-1 kanji, the kana and a few symbols
are drawn with IPAexGothic at 48 px, centred and blurred slightly; two glyphs' similarity
is the cosine of their pixel vectors. For each character the nearest few above a floor
are kept.

The same glyphs, at GLYPH × GLYPH pixels, go to data/glyphs.npz, so that the lint can
compare any two characters: a kanji swapped for one sharing a part of its shape (括/活,
呆/保) is rarely among the nearest few of whole-glyph similarity, yet nearer than the
other kanji a context allows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "hotplan" / "data" / "lookalikes.tsv"
GLYPHS = ROOT / "src" / "hotplan" / "data" / "glyphs.npz"
GLYPH = 12  # pixels a side: the coarsest size that still ranks 保 nearer to 呆 than 子
FONT = Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf")
SIZE = 48
NEIGHBOURS = 6
FLOOR = 0.80  # cosine similarity below this is not a look-alike


def charset() -> list[str]:
    """JIS X 0208 level-1 kanji (via CP932 rows 0x88–0x98), hiragana, katakana, ー・."""
    chars = []
    for lead in range(0x88, 0x99):
        for trail in list(range(0x40, 0x7F)) + list(range(0x80, 0xFD)):
            try:
                ch = bytes([lead, trail]).decode("cp932")
            except UnicodeDecodeError:
                continue
            if "\u4e00" <= ch <= "\u9fff":
                chars.append(ch)
    chars += [chr(c) for c in range(0x3041, 0x3097)]  # hiragana
    chars += [chr(c) for c in range(0x30A1, 0x30F7)]  # katakana
    chars += ["ー", "・"]
    return sorted(set(chars))


def render(chars: list[str], side: int = 24) -> np.ndarray:
    """One unit vector per character: its blurred glyph at side × side pixels."""
    font = ImageFont.truetype(str(FONT), SIZE)
    rows = []
    for ch in chars:
        image = Image.new("L", (SIZE + 8, SIZE + 8), 0)
        ImageDraw.Draw(image).text((4, 4), ch, fill=255, font=font)
        image = image.filter(ImageFilter.GaussianBlur(1.2)).resize((side, side))
        vector = np.asarray(image, dtype=np.float32).ravel()
        rows.append(vector / (np.linalg.norm(vector) or 1.0))
    return np.vstack(rows)


def write_glyphs(chars: list[str]) -> None:
    """Glyphs as bytes (0–255, each scaled to its brightest pixel), with their characters."""
    vectors = render(chars, GLYPH)
    pixels = np.round(255 * vectors / vectors.max(axis=1, keepdims=True)).astype(np.uint8)
    np.savez_compressed(GLYPHS, chars=np.array(chars), pixels=pixels)


def main() -> None:
    if not FONT.exists():
        sys.exit(f"{FONT} missing: apt-get install fonts-ipaexfont-gothic")
    chars = charset()
    vectors = render(chars)
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    lines = ["char\tlookalike\tsimilarity"]
    for i, ch in enumerate(chars):
        order = np.argsort(-similarity[i])[:NEIGHBOURS]
        for j in order:
            if similarity[i, j] >= FLOOR:
                lines.append(f"{ch}\t{chars[j]}\t{similarity[i, j]:.3f}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(lines) - 1} pairs over {len(chars)} characters")
    write_glyphs(chars)
    print(f"wrote {GLYPHS}: {len(chars)} glyphs of {GLYPH}×{GLYPH} pixels")


if __name__ == "__main__":
    main()
