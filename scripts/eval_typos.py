"""Measure the typo lint (`make eval-typos`): print figures, assert nothing.

1. The real 2024 report: how many suspects, and how many are real errors (the reviewed
   list in scripts/typo_eval/known_errors_2024.csv).
2. A corrected copy of it (those errors fixed) gets errors of every class injected at
   random (seeded, several trials, ≥ 500 in all); per class: recall (a suspect at the
   injected place), and how often its suggestion restores the original; overall precision
   (suspects that point at an injected error / all suspects).

The injected confusions come from lists written here from common OCR and typing mistakes,
not from the look-alike table the lint uses, so the lint is not graded on its own data.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import regex

import hotplan
from hotplan.cli import ONE_BLAS_THREAD
from hotplan.typos.dictionary import tokenize
from hotplan.typos.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "raw" / "hotplan_progress_2024.txt"
KNOWN = ROOT / "scripts" / "typo_eval" / "known_errors_2024.csv"
TRIALS = 13
PER_CLASS = 8  # per trial, for classes with many places to inject

# Kanji pairs OCR and hurried typing confuse (from the examples and common lists).
KANJI_CONFUSIONS = [
    ("課", "謀"),
    ("防", "妨"),
    ("域", "城"),
    ("勧", "動"),
    ("援", "緩"),
    ("祉", "社"),
    ("健", "建"),
    ("推", "准"),
    ("協", "恊"),
    ("導", "遵"),
    ("護", "穫"),
    ("談", "淡"),
    ("策", "築"),
    ("施", "旋"),
    ("設", "説"),
    ("待", "侍"),
    ("績", "積"),
    ("輪", "輸"),
    ("末", "未"),
    ("土", "士"),
    ("己", "已"),
    ("識", "織"),
    ("活", "括"),
    ("援", "暖"),
    ("議", "儀"),
    ("談", "炎"),
    ("調", "週"),
    ("整", "整"),
    ("保", "呆"),
    ("進", "准"),
]
# Kanji OCR misreads where one stands alone between kana (の人が → の入が).
LONE_KANJI_CONFUSIONS = [
    ("人", "入"),
    ("力", "刀"),
    ("図", "団"),
    ("関", "闘"),
    ("子", "予"),
    ("方", "万"),
    ("場", "揚"),
    ("受", "愛"),
    ("見", "貝"),
    ("生", "主"),
    ("上", "土"),
    ("目", "日"),
    ("向", "尚"),
    ("広", "応"),
    ("持", "特"),
    ("若", "苦"),
    ("寄", "奇"),
    ("知", "和"),
    ("抱", "泡"),
    ("担", "坦"),
    ("暮", "墓"),
    ("増", "僧"),
    ("行", "衍"),
    ("取", "耴"),
    ("対", "杖"),
]
# Words an input method converts wrongly: another word of the same reading.
HOMOPHONES = [
    ("機会", "機械"), ("関心", "感心"), ("対象", "対照"), ("体制", "態勢"), ("適正", "適性"),
    ("作成", "作製"), ("制度", "精度"), ("交流", "拘留"), ("連携", "連係"), ("機関", "期間"),
    ("検討", "健闘"), ("周知", "衆知"), ("向上", "工場"), ("家庭", "過程"), ("構成", "厚生"),
    ("課題", "過大"), ("実施", "実子"), ("保健", "保険"), ("自立", "自律"), ("講座", "口座"),
    ("意思", "意志"), ("開放", "解放"), ("以上", "異常"), ("支持", "指示"), ("普及", "不朽"),
]  # fmt: skip
REAL_WORD_SWAPS = list("介生活会部室支援総合福祉推進協働")
VOICING_SWAPS = {
    "プ": "ブ",
    "ブ": "プ",
    "ポ": "ボ",
    "ボ": "ポ",
    "パ": "バ",
    "バ": "パ",
    "ピ": "ビ",
    "ビ": "ピ",
    "ペ": "ベ",
    "ベ": "ペ",
    "ガ": "カ",
    "カ": "ガ",
    "ド": "ト",
    "ト": "ド",
    "ダ": "タ",
    "タ": "ダ",
    "ジ": "シ",
    "シ": "ジ",
    "ズ": "ス",
    "ス": "ズ",
    "グ": "ク",
    "ク": "グ",
}
SMALL_SWAPS = {
    "ッ": "ツ",
    "ャ": "ヤ",
    "ュ": "ユ",
    "ョ": "ヨ",
    "ィ": "イ",
    "ェ": "エ",
    "ォ": "オ",
    "ァ": "ア",
}
# Kana read at the other size (行って as 行つて, しょう as しよう, and back).
KANA_SIZES = dict(zip("っゃゅょぁぃぅぇぉつやゆよ", "つやゆよあいうえおっゃゅょ", strict=True))
# A voicing mark read apart from its kana: the spacing forms of the combining marks.
SPACING_MARKS = {"\u3099": "゛", "\u309a": "゜"}
# Kanji OCR reads as two: a radical's own code point and the rest (活 as 氵舌).
SPLIT_KANJI = {
    "活": "氵舌", "体": "亻本", "情": "忄青", "院": "阝完", "法": "氵去", "係": "亻系",
    "価": "亻西", "祉": "礻止", "福": "礻畐", "援": "扌爰", "携": "扌隽", "推": "扌隹",
    "提": "扌是", "指": "扌旨", "談": "訁炎", "防": "阝方", "例": "亻列", "付": "亻寸",
    "相": "木目", "児": "旧儿", "性": "忄生", "消": "氵肖", "域": "土或", "地": "土也",
}  # fmt: skip
# Katakana OCR reads for one another (from common OCR lists, not the lint's tables).
KATAKANA_OCR = dict(
    zip("ラノレヌアクテユナルスマワチコメン", "ヲンルスマワチコメレヌアクテユナノ", strict=True)
)
# Katakana and their half-width forms (a voiced one as two: ﾃﾞ).
HALF_WIDTH = {
    unicodedata.normalize("NFKC", chr(c) + mark): chr(c) + mark
    for c in range(0xFF66, 0xFF9E)
    for mark in ("", "ﾞ", "ﾟ")
    if len(unicodedata.normalize("NFKC", chr(c) + mark)) == 1
}
HIRAGANA_VOICING = {"で": "て", "が": "か", "ば": "は", "ど": "と", "じ": "し", "ぶ": "ふ"}
VOICED = dict(
    zip(
        "がぎぐげござじずぜぞだぢづでどばびぶべぼ",
        "かきくけこさしすせそたちつてとはひふへほ",
        strict=True,
    )
)
UNVOICED = {plain: voiced for voiced, plain in VOICED.items()}
# Kana that OCR and handwriting confuse, written here from common lists, not the lint's table.
KANA_CONFUSIONS = [
    ("る", "ろ"),
    ("ろ", "る"),
    ("ぬ", "め"),
    ("め", "ぬ"),
    ("ね", "れ"),
    ("れ", "わ"),
    ("は", "ほ"),
    ("さ", "ち"),
    ("ち", "さ"),
    ("い", "り"),
    ("り", "い"),
    ("ソ", "ン"),
    ("ン", "ソ"),
    ("シ", "ツ"),
    ("ツ", "シ"),
    ("ク", "ケ"),
    ("う", "ら"),
]
I_TO_E = dict(zip("みきしちりいにびぎ", "めけせてれえねべげ", strict=True))
PARTICLES = "がをにではとの"
KATAKANA_RUN = regex.compile(r"[\p{Katakana}ー]{3,}")
LATIN_RUN = regex.compile(r"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")


@dataclass(frozen=True)
class Injected:
    kind: str
    line: int  # 1-based line in the document
    original: str  # the line before
    mutated: str  # the line after
    span: str  # the damaged text as printed now


def load_known() -> list[dict]:
    with KNOWN.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def corrected_lines(known: list[dict]) -> list[str]:
    lines = DOC.read_text(encoding="utf-8").split("\n")
    for k in known:
        i = int(k["line"]) - 1
        assert k["found"] in lines[i], k
        lines[i] = lines[i].replace(k["found"], k["correct"], 1)
    return lines


def row_cells(line: str) -> list[str] | None:
    cells = line.split("\t")
    return cells if len(cells) == 5 and cells[0].isdecimal() else None


class Injector:
    def __init__(self, lines: list[str], seed: int) -> None:
        self.lines = list(lines)
        self.rng = random.Random(seed)
        self.used: set[int] = set()
        self.registry = load_registry()

    def free_rows(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if row_cells(line) and i not in self.used]

    def put(self, kind: str, i: int, cell: int | None, old: str, new: str) -> Injected | None:
        line = self.lines[i]
        if cell is None:
            if old not in line:
                return None
            mutated = line.replace(old, new, 1)
        else:
            cells = line.split("\t")
            if old not in cells[cell]:
                return None
            cells[cell] = cells[cell].replace(old, new, 1)
            mutated = "\t".join(cells)
        self.used.add(i)
        self.lines[i] = mutated
        return Injected(kind, i + 1, line, mutated, new)

    # -- departments ---------------------------------------------------------------------
    def department(self) -> Injected | None:
        i = self.rng.choice(self.free_rows())
        names = [n for n in row_cells(self.lines[i])[2].split(" ") if not n.startswith("(")]
        names = [n.split("(")[0] for n in names]
        name = self.rng.choice(names)
        style = self.rng.choice(["lookalike", "real_word", "dot", "kodomo"])
        if style == "dot" and "・" in name:
            return self.put("department", i, 2, name, name.replace("・", "", 1))
        if style == "kodomo" and ("子ども" in name or "こども" in name):
            swapped = (
                name.replace("子ども", "こども")
                if "子ども" in name
                else name.replace("こども", "子ども")
            )
            return self.put("department", i, 2, name, swapped)
        if style == "lookalike":
            options = [(a, b) for a, b in KANJI_CONFUSIONS if a in name and a != b]
            if options:
                a, b = self.rng.choice(options)
                return self.put("department", i, 2, name, name.replace(a, b, 1))
        positions = [k for k, ch in enumerate(name[:-1]) if "\u4e00" <= ch <= "\u9fff"]
        k = self.rng.choice(positions)
        other = self.rng.choice([c for c in REAL_WORD_SWAPS if c != name[k]])
        return self.put("department", i, 2, name, name[:k] + other + name[k + 1 :])

    def joined(self) -> Injected | None:
        rows = [i for i in self.free_rows() if row_cells(self.lines[i])[2].count(" ") >= 2]
        if not rows:
            return None
        i = self.rng.choice(rows)
        names = [n for n in row_cells(self.lines[i])[2].split(" ") if n and not n.startswith("(")]
        k = self.rng.randrange(len(names) - 1)
        pair = f"{names[k]} {names[k + 1]}"
        return self.put("department_joined", i, 2, pair, pair.replace(" ", ""))

    # -- text ----------------------------------------------------------------------------
    def katakana(self) -> Injected | None:
        for _ in range(50):
            i = self.rng.choice(self.free_rows())
            runs = KATAKANA_RUN.findall(row_cells(self.lines[i])[3])
            if not runs:
                continue
            run = self.rng.choice(runs)
            edits = []
            for k, ch in enumerate(run):
                if ch in VOICING_SWAPS:
                    edits.append(run[:k] + VOICING_SWAPS[ch] + run[k + 1 :])
                if ch in SMALL_SWAPS:
                    edits.append(run[:k] + SMALL_SWAPS[ch] + run[k + 1 :])
                if ch == "ー":
                    edits.append(run[:k] + run[k + 1 :])
            if edits:
                return self.put("katakana", i, 3, run, self.rng.choice(edits))
        return None

    def latin_word(self) -> Injected | None:
        """Two adjacent letters of a Latin word swapped (NPO → NOP)."""
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            words = LATIN_RUN.findall(row_cells(self.lines[i])[3])
            edits = [
                (w, w[:k] + w[k + 1] + w[k] + w[k + 2 :])
                for w in words
                for k in range(len(w) - 1)
                if w[k] != w[k + 1]
            ]
            if edits:
                return self.put("latin_word", i, 3, *self.rng.choice(edits))
        return None

    def latin_ocr(self) -> Injected | None:
        """A letter of a Latin word read as the digit drawn like it, or I as l (NPO → NP0)."""
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            words = LATIN_RUN.findall(row_cells(self.lines[i])[3])
            edits = [
                (w, w[:k] + LETTER_DIGITS[c] + w[k + 1 :])
                for w in words
                for k, c in enumerate(w)
                if c in LETTER_DIGITS
            ]
            if edits:
                return self.put("latin_ocr", i, 3, *self.rng.choice(edits))
        return None

    def kanji(self) -> Injected | None:
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            text = row_cells(self.lines[i])[3]
            words = [
                t.surface
                for t in tokenize(text)
                if len(t.surface) == 2 and all("\u4e00" <= c <= "\u9fff" for c in t.surface)
            ]
            options = [(w, a, b) for w in words for a, b in KANJI_CONFUSIONS if a in w and a != b]
            if options:
                word, a, b = self.rng.choice(options)
                return self.put("kanji", i, 3, word, word.replace(a, b, 1))
        return None

    def homophone(self) -> Injected | None:
        """A word typed as another of its reading (an input method's wrong conversion)."""
        table = dict(HOMOPHONES)
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            words = [t.surface for t in tokenize(row_cells(self.lines[i])[3])]
            options = [w for w in words if w in table]
            if options:
                word = self.rng.choice(options)
                return self.put("homophone", i, 3, word, table[word])
        return None

    def kanji_lone(self) -> Injected | None:
        table = dict(LONE_KANJI_CONFUSIONS)
        kanji = lambda ch: "\u4e00" <= ch <= "\u9fff"  # noqa: E731

        def pick(t: str, k: int):
            if t[k] in table and not kanji(t[k - 1]) and not kanji(t[k + 1]):
                return t[k], table[t[k]]
            return None

        return self._prose("kanji_lone", pick)

    def hiragana(self) -> Injected | None:
        for _ in range(50):
            i = self.rng.choice(self.free_rows())
            text = row_cells(self.lines[i])[3]
            spots = [k for k, ch in enumerate(text[1:-1], 1) if ch in HIRAGANA_VOICING]
            if spots:
                k = self.rng.choice(spots)
                old = text[k - 1 : k + 2]
                return self.put(
                    "hiragana_voicing", i, 3, old, old[0] + HIRAGANA_VOICING[old[1]] + old[2]
                )
        return None

    # -- prose: kana edits inside 取組の方向性 ---------------------------------------------
    def _draws(self) -> Iterator[tuple[int, str]]:
        """Up to 100 rows drawn at random with their 取組の方向性, while a row holds no error."""
        for _ in range(100):
            rows = self.free_rows()
            if not rows:
                return
            i = self.rng.choice(rows)
            yield i, row_cells(self.lines[i])[3]

    def _prose(self, kind: str, pick) -> Injected | None:
        """One edit at a random place where pick(text, k) offers (old, new) for text[k];
        None once every row holds an error."""
        for i, text in self._draws():
            options = [(k, o) for k in range(2, len(text) - 2) if (o := pick(text, k))]
            if options:
                k, (old, new) = self.rng.choice(options)
                span = text[k - 1 : k + 1 + len(old)]
                edited = text[k - 1] + new + text[k + len(old) : k + 1 + len(old)]
                return self.put(kind, i, 3, span, edited)
        return None

    def voicing_dropped(self) -> Injected | None:
        return self._prose(
            "voicing_dropped", lambda t, k: (t[k], VOICED[t[k]]) if t[k] in VOICED else None
        )

    def voicing_added(self) -> Injected | None:
        return self._prose(
            "voicing_added", lambda t, k: (t[k], UNVOICED[t[k]]) if t[k] in UNVOICED else None
        )

    def kana_lookalike(self) -> Injected | None:
        table = dict(KANA_CONFUSIONS)
        return self._prose(
            "kana_lookalike", lambda t, k: (t[k], table[t[k]]) if t[k] in table else None
        )

    def dropped_kana(self) -> Injected | None:
        hiragana = lambda ch: "ぁ" <= ch <= "ゖ"  # noqa: E731
        return self._prose("dropped_kana", lambda t, k: (t[k], "") if hiragana(t[k]) else None)

    def verb_form(self) -> Injected | None:
        return self._prose(
            "verb_form",
            lambda t, k: (t[k], I_TO_E[t[k]]) if t[k] in I_TO_E and t[k + 1] == "ま" else None,
        )

    def particle(self) -> Injected | None:
        def pick(t: str, k: int):
            if t[k] in PARTICLES and "\u4e00" <= t[k - 1] <= "\u9fff":
                return t[k], self.rng.choice([p for p in PARTICLES if p != t[k]])
            return None

        return self._prose("particle", pick)

    # Slips of the hand, measured since the lint looks for them (they were first measured
    # as kinds the lint had never seen).
    def doubled_kana(self) -> Injected | None:
        return self._prose(
            "doubled_kana", lambda t, k: (t[k], t[k] * 2) if _hiragana(t[k]) else None
        )

    def doubled_kanji(self) -> Injected | None:
        def pick(t: str, k: int):
            if _kanji(t[k]) and t[k - 1] != t[k] != t[k + 1]:
                return t[k], t[k] * 2
            return None

        return self._prose("doubled_kanji", pick)

    def swapped_kana(self) -> Injected | None:
        def pick(t: str, k: int):
            if _hiragana(t[k]) and _hiragana(t[k + 1]) and t[k] != t[k + 1]:
                return t[k : k + 2], t[k + 1] + t[k]
            return None

        return self._prose("swapped_kana", pick)

    def stray_kana(self) -> Injected | None:
        def pick(t: str, k: int):
            if _hiragana(t[k]):
                return t[k], t[k] + self.rng.choice(STRAY_KANA)
            return None

        return self._prose("stray_kana", pick)

    def kanji_dropped(self) -> Injected | None:
        return self._prose(
            "kanji_dropped", lambda t, k: (t[k], "") if all(map(_kanji, t[k - 1 : k + 2])) else None
        )

    # A character printed in the script that draws it alike (OCR): a kanji in katakana
    # (センタ一), a katakana among kanji (協カ), a katakana among hiragana (地域ヘ).
    def twin_kanji(self) -> Injected | None:
        def pick(t: str, k: int):
            if t[k] in KATAKANA_TO_KANJI and _katakana(t[k - 1]):
                return t[k], KATAKANA_TO_KANJI[t[k]]
            return None

        return self._prose("twin_kanji", pick)

    def twin_katakana(self) -> Injected | None:
        return self._prose(
            "twin_katakana",
            lambda t, k: (t[k], KANJI_TO_KATAKANA[t[k]]) if t[k] in KANJI_TO_KATAKANA else None,
        )

    def twin_hiragana(self) -> Injected | None:
        return self._prose(
            "twin_hiragana",
            lambda t, k: (
                (t[k], HIRAGANA_TO_KATAKANA[t[k]]) if t[k] in HIRAGANA_TO_KATAKANA else None
            ),
        )

    def repeated_word(self) -> Injected | None:
        """A word printed twice over (a copy pasted twice, OCR reading a line's end again)."""
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            text = row_cells(self.lines[i])[3]
            words = [t for t in tokenize(text) if 2 <= len(t.surface) <= 4 and t.begin > 0]
            if words:
                word = self.rng.choice(words)
                start, end = word.begin, word.begin + len(word.surface)
                old = text[start - 1 : end + 1]
                new = text[start - 1] + word.surface * 2 + text[end : end + 1]
                return self.put("repeated_word", i, 3, old, new)
        return None

    def width(self) -> Injected | None:
        """A digit or Latin letter typed in full width (５地域 where the report prints 5地域)."""

        def pick(t: str, k: int):
            coded = t.rfind("【", 0, k) > t.rfind("】", 0, k)  # a 再掲 code: read as a code
            if t[k].isascii() and t[k].isalnum() and not coded:
                return t[k], chr(ord(t[k]) + 0xFEE0)
            return None

        return self._prose("width", pick)

    def katakana_ocr(self) -> Injected | None:
        """A katakana inside a katakana word read as one OCR confuses it with (ボヲンティア)."""

        def pick(t: str, k: int):
            if t[k] in KATAKANA_OCR and _katakana(t[k - 1]) and _katakana(t[k + 1]):
                return t[k], KATAKANA_OCR[t[k]]
            return None

        return self._prose("katakana_ocr", pick)

    def iteration_mark(self) -> Injected | None:
        """々 read as a look-alike (様夕な, 人クの)."""
        return self._prose(
            "iteration_mark",
            lambda t, k: (t[k], self.rng.choice("夕クタ")) if t[k] == "々" else None,
        )

    def repeated_phrase(self) -> Injected | None:
        """A stretch of 7 to 30 characters printed twice over (OCR reading a line twice)."""
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            text = row_cells(self.lines[i])[3]
            n = self.rng.randrange(7, 31)
            if len(text) > n + 2:
                k = self.rng.randrange(1, len(text) - n)
                old = text[k - 1 : k + n + 1]
                new = text[k - 1] + text[k : k + n] * 2 + text[k + n : k + n + 1]
                return self.put("repeated_phrase", i, 3, old, new)
        return None

    def kanji_swapped(self) -> Injected | None:
        def pick(t: str, k: int):
            if _kanji(t[k]) and _kanji(t[k + 1]) and t[k] != t[k + 1]:
                return t[k : k + 2], t[k + 1] + t[k]
            return None

        return self._prose("kanji_swapped", pick)

    def katakana_swapped(self) -> Injected | None:
        def pick(t: str, k: int):
            if "ァ" <= t[k] <= "ヶ" and "ァ" <= t[k + 1] <= "ヶ" and t[k] != t[k + 1]:
                return t[k : k + 2], t[k + 1] + t[k]
            return None

        return self._prose("katakana_swapped", pick)

    def katakana_dropped(self) -> Injected | None:
        def pick(t: str, k: int):
            if "ァ" <= t[k] <= "ヶ" and _katakana(t[k - 1]) and _katakana(t[k + 1]):
                return t[k], ""
            return None

        return self._prose("katakana_dropped", pick)

    def twin_digit(self) -> Injected | None:
        """A digit read as the letter drawn like it (2O24年, l8歳)."""

        def pick(t: str, k: int):
            if t[k] in DIGIT_TO_LATIN and (t[k - 1].isdigit() or t[k + 1].isdigit()):
                return t[k], DIGIT_TO_LATIN[t[k]]
            return None

        return self._prose("twin_digit", pick)

    def twin_inside(self) -> Injected | None:
        """A katakana inside a katakana word read as its hiragana (ボランテぃア)."""

        def pick(t: str, k: int):
            if all(map(_katakana, t[k - 1 : k + 2])) and "ァ" <= t[k] <= "ヶ":
                return t[k], chr(ord(t[k]) - 0x60)
            return None

        return self._prose("twin_inside", pick)

    # OCR slips measured since 2026-12 (first measured as kinds the lint had never seen):
    # a kana read at the other size, a comma read as a full stop or back, a mark read
    # twice, a voicing mark read apart from its kana, a kanji read as its two parts.
    def kana_size(self) -> Injected | None:
        def pick(t: str, k: int):
            if t[k] in KANA_SIZES and (t[k] not in "つやゆよ" or _hiragana(t[k + 1])):
                return t[k], KANA_SIZES[t[k]]
            return None

        return self._prose("kana_size", pick)

    def punctuation(self) -> Injected | None:
        other = {"、": "。", "。": "、"}
        return self._prose(
            "punctuation", lambda t, k: (t[k], other[t[k]]) if t[k] in other else None
        )

    def doubled_mark(self) -> Injected | None:
        return self._prose(
            "doubled_mark", lambda t, k: (t[k], t[k] * 2) if t[k] in "、。・" else None
        )

    def dropped_stop(self) -> Injected | None:
        """A full stop lost between two sentences (しますまた、) or at a cell's end: the three
        characters before it (and the one after) make the span, printed once in the cell."""
        for i, text in self._draws():
            stops = [
                k
                for k in range(3, len(text))
                if text[k] == "。" and text.count(text[k - 3 : k + 2]) == 1
            ]
            if stops:
                k = self.rng.choice(stops)
                return self.put(
                    "dropped_stop", i, 3, text[k - 3 : k + 2], text[k - 3 : k] + text[k + 1 : k + 2]
                )
        return None

    def split_mark(self) -> Injected | None:
        def pick(t: str, k: int):
            base = unicodedata.normalize("NFD", t[k])
            if len(base) == 2 and (_hiragana(t[k]) or _katakana(t[k])):
                return t[k], base[0] + SPACING_MARKS[base[1]]
            return None

        return self._prose("split_mark", pick)

    def split_kanji(self) -> Injected | None:
        return self._prose(
            "split_kanji", lambda t, k: (t[k], SPLIT_KANJI[t[k]]) if t[k] in SPLIT_KANJI else None
        )

    # A character in another form: half-width katakana, a dash for the long-vowel mark,
    # a Latin or full-width comma or full stop among the document's 、 and 。.
    def half_width(self) -> Injected | None:
        def pick(t: str, k: int):
            wide = t[k : k + 3]
            if len(wide) == 3 and all(c in HALF_WIDTH for c in wide):
                return wide, "".join(HALF_WIDTH[c] for c in wide)
            return None

        return self._prose("half_width", pick)

    def long_vowel_dash(self) -> Injected | None:
        return self._prose(
            "long_vowel_dash",
            lambda t, k: (t[k], self.rng.choice("-−‐－")) if t[k] == "ー" else None,
        )

    def stop_form(self) -> Injected | None:
        other = {"、": ",，", "。": ".．"}
        return self._prose(
            "stop_form",
            lambda t, k: (t[k], self.rng.choice(other[t[k]])) if t[k] in other else None,
        )

    def mark_form(self) -> Injected | None:
        """A bracket, middle dot or stop in another form: half width (･ ｢ ､ ｡), full
        width where the report prints half, or the Latin middle dot OCR reads for ・."""
        other = {"(": "（", ")": "）", "・": "･·", "「": "｢", "」": "｣", "、": "､", "。": "｡"}
        return self._prose(
            "mark_form",
            lambda t, k: (t[k], self.rng.choice(other[t[k]])) if t[k] in other else None,
        )

    def comma_misread(self) -> Injected | None:
        """A faint 、 read as a quote, a backslash or the dot radical (丶)."""
        return self._prose(
            "comma_misread",
            lambda t, k: (t[k], self.rng.choice("'`\\丶ヽ")) if t[k] == "、" else None,
        )

    def bracket(self) -> Injected | None:
        """A closing bracket lost, misread as a letter (」 → J), or of another kind."""
        for _ in range(100):
            i = self.rng.choice(self.free_rows())
            text = row_cells(self.lines[i])[3]
            pairs = [m.span() for m in regex.finditer(r"「[^「」]*」|（[^（）]*）", text)]
            if pairs:
                start, end = self.rng.choice(pairs)
                close = text[end - 1]
                new = self.rng.choice(
                    ["", "J" if close == "」" else "]", "）" if close == "」" else "」"]
                )
                old = text[max(0, start - 1) : end + 1]
                edited = old[: end - 1 - max(0, start - 1)] + new + old[end - max(0, start - 1) :]
                return self.put("bracket", i, 3, old, edited)
        return None

    def heading(self) -> Injected | None:
        goals = [
            i
            for i, line in enumerate(self.lines)
            if line.lstrip().startswith("基本目標") and i not in self.used
        ]
        i = self.rng.choice(goals)
        title = self.lines[i].split(" ", 1)[1] if " " in self.lines[i] else self.lines[i]
        k = self.rng.randrange(1, len(title) - 1)
        other = self.rng.choice([c for c in "のをにがでと所場化" if c != title[k]])
        old = title[max(0, k - 1) : k + 2]
        return self.put("heading", i, None, old, old[0] + other + old[2:])

    def relisted(self) -> Injected | None:
        rows = [i for i in self.free_rows() if "再掲" in row_cells(self.lines[i])[3]]
        if not rows:
            return None
        i = self.rng.choice(rows)
        text = row_cells(self.lines[i])[3].split("】", 1)[1]
        k = self.rng.randrange(5, len(text) - 5)
        old = text[k - 1 : k + 2]
        other = self.rng.choice([c for c in "のをにがでと所場化" if c != old[1]])
        return self.put("relisted", i, 3, old, old[0] + other + old[2])

    def latin(self) -> Injected | None:
        goals = [
            i
            for i, line in enumerate(self.lines)
            if regex.match(r"\s*基本目標[ⅠⅡⅢ]", line) and i not in self.used
        ]
        if not goals:
            return None
        i = self.rng.choice(goals)
        roman = regex.search(r"[ⅠⅡⅢ]", self.lines[i]).group()
        return self.put(
            "latin_numeral",
            i,
            None,
            f"基本目標{roman}",
            "基本目標 " + {"Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III"}[roman],
        )


def _hiragana(ch: str) -> bool:
    return "ぁ" <= ch <= "ゖ"


def _katakana(ch: str) -> bool:
    return "ァ" <= ch <= "ヺ" or ch == "ー"


# Characters OCR reads in another script (common confusions, not the lint's own table).
KATAKANA_TO_KANJI = dict(zip("ーロエニタトハカオチ", "一口工二夕卜八力才千", strict=True))
KANJI_TO_KATAKANA = dict(zip("力口工二一八夕", "カロエニーハタ", strict=True))
LETTER_DIGITS = {"O": "0", "I": "l", "S": "5", "B": "8", "Z": "2", "l": "1"}
DIGIT_TO_LATIN = dict(zip("01528", "OlSZB", strict=True))
HIRAGANA_TO_KATAKANA = dict(zip("へべぺりかくも", "ヘベペリカクモ", strict=True))


def _kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


STRAY_KANA = (
    "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん"
)

PLAN = [  # (class, injector method, per trial)
    ("department", "department", PER_CLASS),
    ("department_joined", "joined", 2),
    ("katakana", "katakana", PER_CLASS),
    ("kanji", "kanji", PER_CLASS),
    ("hiragana_voicing", "hiragana", PER_CLASS),
    ("heading", "heading", 2),
    ("relisted", "relisted", 2),
    ("latin_numeral", "latin", 2),
    ("voicing_dropped", "voicing_dropped", PER_CLASS),
    ("voicing_added", "voicing_added", PER_CLASS),
    ("kana_lookalike", "kana_lookalike", PER_CLASS),
    ("dropped_kana", "dropped_kana", PER_CLASS),
    ("verb_form", "verb_form", PER_CLASS // 2),
    ("particle", "particle", PER_CLASS // 2),
    ("kanji_lone", "kanji_lone", PER_CLASS // 2),
    ("latin_word", "latin_word", 2),  # added last: the classes above keep their places
    ("doubled_kana", "doubled_kana", PER_CLASS // 2),
    ("doubled_kanji", "doubled_kanji", PER_CLASS // 2),
    ("swapped_kana", "swapped_kana", PER_CLASS // 2),
    ("stray_kana", "stray_kana", PER_CLASS // 2),
    ("kanji_dropped", "kanji_dropped", PER_CLASS // 2),
    ("twin_kanji", "twin_kanji", PER_CLASS // 2),
    ("twin_katakana", "twin_katakana", PER_CLASS // 4),
    ("twin_hiragana", "twin_hiragana", PER_CLASS // 2),
    ("homophone", "homophone", PER_CLASS // 2),
    ("bracket", "bracket", 2),
    ("twin_digit", "twin_digit", 2),
    ("twin_inside", "twin_inside", PER_CLASS // 2),
    ("repeated_word", "repeated_word", PER_CLASS // 4),
    ("kanji_swapped", "kanji_swapped", PER_CLASS // 4),
    ("katakana_swapped", "katakana_swapped", PER_CLASS // 4),
    ("katakana_dropped", "katakana_dropped", PER_CLASS // 4),
    ("latin_ocr", "latin_ocr", 2),
]
# OCR slips and characters in another form, injected into a copy of their own in each
# trial: the rows of PLAN's copy are all taken by its end.
SLIP_PLAN = [
    ("kana_size", "kana_size", PER_CLASS),
    ("punctuation", "punctuation", PER_CLASS),
    ("doubled_mark", "doubled_mark", PER_CLASS // 2),
    ("split_mark", "split_mark", PER_CLASS // 2),
    ("split_kanji", "split_kanji", PER_CLASS // 2),
    ("half_width", "half_width", PER_CLASS // 2),
    ("long_vowel_dash", "long_vowel_dash", PER_CLASS // 2),
    ("stop_form", "stop_form", PER_CLASS // 2),
    ("repeated_phrase", "repeated_phrase", PER_CLASS // 2),
    ("width", "width", PER_CLASS // 2),
    ("iteration_mark", "iteration_mark", PER_CLASS // 2),
    ("katakana_ocr", "katakana_ocr", PER_CLASS // 2),
    ("dropped_stop", "dropped_stop", PER_CLASS // 2),
    ("mark_form", "mark_form", PER_CLASS // 2),
    ("comma_misread", "comma_misread", PER_CLASS // 2),
]
PLANS = (PLAN, SLIP_PLAN)
SLIP_SEEDS = 100_000  # added to a trial's seed for SLIP_PLAN's copy
# Classes injected by Injector._prose: their span is the character before, the edit, the
# character after.
PROSE_KINDS = {
    "voicing_dropped", "voicing_added", "kana_lookalike", "dropped_kana", "verb_form",
    "particle", "kanji_lone", "doubled_kana", "doubled_kanji", "swapped_kana", "stray_kana",
    "kanji_dropped", "twin_kanji", "twin_katakana", "twin_hiragana", "bracket",
    "twin_digit", "twin_inside", "repeated_word", "kanji_swapped", "katakana_swapped",
    "katakana_dropped", "kana_size", "punctuation", "doubled_mark", "split_mark",
    "split_kanji", "half_width", "long_vowel_dash", "stop_form", "repeated_phrase", "width",
    "iteration_mark", "katakana_ocr", "mark_form", "comma_misread",
}  # fmt: skip
EDITED_KINDS = PROSE_KINDS | {"kanji"}
# Thresholds are tuned on the tuning seeds; the measuring seeds are the figures to quote.
SEEDS = {"tuning": range(0, TRIALS), "measuring": range(1000, 1000 + TRIALS)}


def extract_text(lines: list[str], folder: Path, name: str):
    path = folder / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return hotplan.extract(path)


def matches(suspect, injected: Injected) -> bool:
    if suspect.source_line != injected.line:
        return False
    return (
        restores_in_place(suspect, injected)
        or suspect.found in injected.span
        or injected.span in suspect.found
        or any(part and part in injected.span for part in str(suspect.found).split(" "))
        or (injected.kind in EDITED_KINDS and _covers(str(suspect.found), injected))
    )


def _covers(found: str, injected: Injected) -> bool:
    """Does found, where the line prints it, cover the edited characters of a prose
    injection (its span is the character before, the edit, the character after) or of a
    kanji one (its span is the word)? A word suspect (デザイソ → デザイン) holds the edit but
    not the character after it; a lone-kanji suspect (の謀 → の課) holds a kanji of a word."""
    line, span = injected.mutated, injected.span
    at = line.find(span)
    start, end = (at, at + len(span)) if injected.kind == "kanji" else (at + 1, at + len(span) - 1)
    if start == end:  # a deletion: the two characters it joined
        start, end = at, at + 2
    k = line.find(found) if found else -1
    while k >= 0:
        if k < end and k + len(found) > start:
            return True
        k = line.find(found, k + 1)
    return False


def restores_in_place(suspect, injected: Injected) -> bool:
    """Does the suspect's suggestion, applied where its context places it, give back the
    original line? One of two like kana lost (するとともに as するともに) is restored by
    adding と after る as well as after と: either place is the error's."""
    suggestion = str(suspect.suggestion or "")
    context = str(suspect.context or "").replace("…", "")
    if not suggestion or "【" not in context:
        return False
    before, rest = context.split("【", 1)
    found, after = rest.split("】", 1)
    at = injected.mutated.find(before + found + after)
    if at < 0:
        return False
    at += len(before)
    repaired = injected.mutated[:at] + suggestion + injected.mutated[at + len(found) :]
    return repaired == injected.original


def restores(suspect, injected: Injected) -> bool:
    suggestion = str(suspect.suggestion or "").replace(";", " ")
    if not suggestion:
        return False
    repaired = injected.mutated.replace(str(suspect.found), suggestion, 1)
    # A space around a goal number is a printing variant, not content.
    return repaired.replace(" ", "") == injected.original.replace(" ", "")


def real_document() -> None:
    known = load_known()
    x = hotplan.extract(DOC)
    real = 0
    for s in x.review.itertuples():
        line = s.source_line
        if any(
            int(k["line"]) == line and (s.found in k["found"] or k["found"] in s.found)
            for k in known
        ):
            real += 1
    caught = sum(
        any(
            int(k["line"]) == s.source_line and (s.found in k["found"] or k["found"] in s.found)
            for s in x.review.itertuples()
        )
        for k in known
    )
    print(
        f"2024 report: {len(x.review)} suspects, {real} of them real errors "
        f"({real / max(len(x.review), 1):.0%}); {caught} of the {len(known)} known errors caught"
    )
    by_class = Counter(k["class"] for k in known)
    print("  known errors by class: " + ", ".join(f"{c} {n}" for c, n in by_class.items()))
    rank = next(
        (i for i, s in enumerate(x.review.itertuples(), 1) if s.found == "生活介護課"), None
    )
    print(f"  生活介護課 → 生活援護課 at rank {rank}")


def injected_trials(seeds: range, label: str) -> None:
    clean = corrected_lines(load_known())
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # injected, found, right
    true_suspects = all_suspects = 0
    lint_seconds = []
    with tempfile.TemporaryDirectory() as tmp:
        baseline = extract_text(clean, Path(tmp), "clean.txt")
        print(
            f"corrected copy: {len(baseline.review)} suspects left "
            f"({', '.join(baseline.review['found'].astype(str)) or 'none'})"
        )
        for trial, (k, plan) in itertools.product(seeds, enumerate(PLANS)):
            injector = Injector(clean, seed=trial + k * SLIP_SEEDS)
            injected = []
            for _kind, method, count in plan:
                for _ in range(count):
                    item = getattr(injector, method)()
                    if item is not None:
                        injected.append(item)
            start = time.perf_counter()
            x = extract_text(injector.lines, Path(tmp), f"trial{trial}-{k}.txt")
            lint_seconds.append(time.perf_counter() - start)
            suspects = list(x.review.itertuples())
            for item in injected:
                hits = [s for s in suspects if matches(s, item)]
                stats = recall[item.kind]
                stats[0] += 1
                stats[1] += bool(hits)
                stats[2] += any(restores(s, item) or restores_in_place(s, item) for s in hits)
            all_suspects += len(suspects)
            true_suspects += sum(any(matches(s, item) for item in injected) for s in suspects)
    total = sum(v[0] for v in recall.values())
    print(
        f"\n{label} seeds {seeds.start}–{seeds.stop - 1}: {total} errors in {len(seeds)} "
        "trials, two copies each"
    )
    print(f"{'class':<20}{'injected':>9}{'recall':>9}{'suggestion right':>18}")
    for kind, _, _ in (*PLAN, *SLIP_PLAN):
        n, found, right = recall[kind]
        if n:
            print(f"{kind:<20}{n:>9}{found / n:>9.0%}{right / n:>18.0%}")
    print(
        f"precision: {true_suspects}/{all_suspects} = {true_suspects / max(all_suspects, 1):.1%}"
        " of suspects point at an injected error"
    )
    print(
        f"extract + lint per document, caches warm from earlier trials: median "
        f"{sorted(lint_seconds)[len(lint_seconds) // 2]:.2f} s"
    )


COLD_LINT = """
import pickle, sys, time
from hotplan.typos.lint import lint_typos, load_dictionaries
job = pickle.loads(open(sys.argv[1], "rb").read())
load_dictionaries()
start = time.perf_counter()
lint_typos(**job)
print(time.perf_counter() - start)
"""


def cold_lint(runs: int = 3) -> None:
    """The lint of the 2024 report alone, in a fresh process after its dictionaries load
    (no cache warm from an earlier document): median of runs."""
    import pickle
    import subprocess

    import hotplan.pipeline as pipeline

    jobs: list[dict] = []
    lint = pipeline.lint_typos
    pipeline.lint_typos = lambda **job: (jobs.append(job), lint(**job))[1]
    try:
        hotplan.extract(DOC)
    finally:
        pipeline.lint_typos = lint
    # As the command runs it: one BLAS thread (hotplan.cli), else idle BLAS threads spin
    # on the other core and the figure is the machine's, not the lint's.
    env = {**os.environ, **{name: "1" for name in ONE_BLAS_THREAD}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "job.pickle"
        path.write_bytes(pickle.dumps(jobs[0]))
        seconds = sorted(
            float(
                subprocess.check_output(
                    [sys.executable, "-c", COLD_LINT, str(path)], text=True, env=env
                )
            )
            for _ in range(runs)
        )
    print(
        f"lint of the 2024 report, fresh process, dictionaries loaded: {seconds[runs // 2]:.2f} s"
    )


def main() -> None:
    real_document()
    cold_lint()
    which = sys.argv[1:] or list(SEEDS)
    for name in which:
        injected_trials(SEEDS[name], name)


if __name__ == "__main__":
    sys.exit(main())
