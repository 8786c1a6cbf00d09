"""Characters that look alike (data/lookalikes.tsv, built from rendered glyphs by
scripts/build_lookalikes.py), how alike any two are (data/glyphs.npz, the same glyphs,
coarse), and the kana edits that typos and OCR make."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import numpy as np


@cache
def lookalike_table() -> dict[str, dict[str, float]]:
    """char → {look-alike char: similarity 0..1}, symmetric."""
    table: dict[str, dict[str, float]] = {}
    text = files("hotplan").joinpath("data/lookalikes.tsv").read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        a, b, sim = line.split("\t")
        table.setdefault(a, {})[b] = float(sim)
        table.setdefault(b, {})[a] = float(sim)
    return table


def lookalikes(char: str, floor: float = 0.85) -> dict[str, float]:
    return {c: s for c, s in lookalike_table().get(char, {}).items() if s >= floor}


def similarity(a: str, b: str) -> float:
    return lookalike_table().get(a, {}).get(b, 0.0)


@cache
def _glyphs() -> tuple[dict[str, int], np.ndarray]:
    with files("hotplan").joinpath("data/glyphs.npz").open("rb") as f, np.load(f) as data:
        pixels = data["pixels"].astype(np.float32)
        chars = [str(c) for c in data["chars"]]
    pixels /= np.linalg.norm(pixels, axis=1, keepdims=True)
    return {c: i for i, c in enumerate(chars)}, pixels


def drawn(char: str) -> bool:
    """Is char in the glyph table (JIS level-1 kanji, kana, ー・)? A kanji that is not is a
    rare one."""
    return char in _glyphs()[0]


def glyph_similarity(a: str, b: str) -> float:
    """Cosine of two characters' coarse glyphs, 0..1; 0.0 for a character not drawn (only
    JIS level-1 kanji, kana and ー・ are). Coarse, so it ranks neighbours by shared parts
    (括 is nearer to 活 than to 啓) where the nearest-few table has no entry."""
    index, pixels = _glyphs()
    i, j = index.get(a), index.get(b)
    if i is None or j is None:
        return 0.0
    return float(pixels[i] @ pixels[j])


def nearest_glyphs(char: str, count: int, floor: float) -> list[str]:
    """The count characters whose coarse glyphs are nearest char's, at least floor alike:
    look-alikes the nearest-few table misses (力/刀, 子/予, 方/万)."""
    index, pixels = _glyphs()
    i = index.get(char)
    if i is None:
        return []
    alike = pixels @ pixels[i]
    alike[i] = -1.0
    top = np.argpartition(-alike, count)[:count]  # the count nearest, then in order
    chars = _chars()
    return [chars[j] for j in top[np.argsort(-alike[top])] if alike[j] >= floor]


@cache
def _chars() -> list[str]:
    """The drawn characters in the glyph table's order."""
    return list(_glyphs()[0])


_VOICING_GROUPS = [
    "カガ",
    "キギ",
    "クグ",
    "ケゲ",
    "コゴ",
    "サザ",
    "シジ",
    "スズ",
    "セゼ",
    "ソゾ",
    "タダ",
    "チヂ",
    "ツヅ",
    "テデ",
    "トド",
    "ハバパ",
    "ヒビピ",
    "フブプ",
    "ヘベペ",
    "ホボポ",
    "ウヴ",
]
_SIZE_PAIRS = [
    "アァ",
    "イィ",
    "ウゥ",
    "エェ",
    "オォ",
    "ツッ",
    "ヤャ",
    "ユュ",
    "ヨョ",
    "ワヮ",
    "カヵ",
    "ケヶ",
]


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def _groups(groups: list[str], hiragana: bool = True) -> dict[str, str]:
    """Each character → the others of every group it is in (a group of katakana stands for
    its hiragana too, unless hiragana is False)."""
    out: dict[str, str] = {}
    for group in groups:
        for script in (group, _hiragana(group)) if hiragana else (group,):
            for ch in script:
                out[ch] = out.get(ch, "") + script.replace(ch, "")
    return out


VOICING = _groups(_VOICING_GROUPS)  # ブ → フプ, で → て …
SIZE = _groups(_SIZE_PAIRS)  # ッ → ツ, ょ → よ …
# Katakana OCR and hurried reading confuse by their strokes' direction and length, which
# pixel similarity (lookalikes.tsv) ranks low: ソ/ン 0.78, シ/ツ 0.73, ク/ケ 0.69.
_KATAKANA_GROUPS = ["ソン", "シツ", "クケタ", "クワ", "ウワ", "コロ", "チテ", "ヌス", "ロ口"]
KATAKANA_LOOKALIKES = _groups(_KATAKANA_GROUPS, hiragana=False)


def kana_edits(word: str) -> list[tuple[str, str]]:
    """Single edits a typo or OCR makes in katakana: (candidate, kind of edit), the kind a
    code of the message catalog's `edit.*` labels."""
    out = []
    for i, ch in enumerate(word):
        for other in VOICING.get(ch, ""):
            out.append((word[:i] + other + word[i + 1 :], "voicing"))
        for other in SIZE.get(ch, ""):
            out.append((word[:i] + other + word[i + 1 :], "small_kana"))
        for other in KATAKANA_LOOKALIKES.get(ch, ""):
            out.append((word[:i] + other + word[i + 1 :], "lookalike"))
        if ch == "ー":
            out.append((word[:i] + word[i + 1 :], "long_vowel"))
        elif "ァ" <= ch <= "ヶ" and (i + 1 == len(word) or word[i + 1] != "ー"):
            out.append((word[: i + 1] + "ー" + word[i + 1 :], "long_vowel"))
        # Two kana typed in the wrong order (ボラティンア).
        after = word[i + 1 : i + 2]
        if after and after != ch and "ー" not in (ch, after):
            out.append((word[:i] + after + ch + word[i + 2 :], "kana_swapped"))
        # A kana read twice, with and without its dakuten (フェイスプブック): OCR's second
        # reading of one glyph.
        if after and len(word) > 3 and (after == ch or after in VOICING.get(ch, "")):
            out.append((word[:i] + word[i + 1 :], "extra_kana"))
            out.append((word[: i + 1] + word[i + 2 :], "extra_kana"))
    return out
