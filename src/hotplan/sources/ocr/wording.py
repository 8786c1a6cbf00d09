"""A heading title's misread glyph set right by the document's own words, or by the word
it belongs to.

A section or subsection heading is printed once, so no second reading outvotes a glyph OCR
misread in it (生活困欠者 for 生活困窮者; 市民:雪見人 for 市民後見人, 後 split in two). But a
title's words are its measures' words, and the table cells, read cell by cell and far more
surely, print them again. Where OCR doubted a title, and the cells never print a glyph of
it (or two glyphs) with the characters read around it, but print those characters, often,
around another kanji that makes a word with its neighbour where the one read makes none,
the title takes it, with an `ocr.heading_read` finding. A word the cells do not print, or
print with two kanji (未来 and 将来 for 森来), is left as read, and so is a title read
surely: a misprint in it is what the report prints. A kanji thin print made OCR misread
surely (白殺 for 自殺) is set right in any title, as in the cells, by the word it belongs
to (misread_kanji.py), each with an `ocr.kanji_restored` finding."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import replace
from functools import cache

import regex

from hotplan.document.parse import HEADING_PATTERNS, Level, SourceLine
from hotplan.findings import Finding, Severity
from hotplan.sources.ocr.misread_kanji import misread_kanji, restorations, swapped
from hotplan.sources.ocr.page import flat
from hotplan.sources.ocr.reread import letters
from hotplan.sources.ocr.titles import heading_read
from hotplan.typos.phrasing import is_kanji

SPAN = 2  # glyphs one misread may take (a kanji split in two: 後 as :雪)
SURE = 2  # times the cells print the new wording, one character either side of it
FIXES = 3  # misreads one title may have set right


class _Words:
    """The cells' text, and what it prints around short runs of characters (each asked
    for once per document: titles repeat their neighbourhoods)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.count = cache(lambda run: _overlapping(text, run))
        self.between = cache(self._between)

    def _between(self, left: str, right: str) -> Counter[str]:
        """The kanji the cells print between left and right, and how often."""
        pattern = regex.escape(left) + rf"(\p{{Han}})(?={regex.escape(right)})"
        return Counter(m[1] for m in regex.finditer(pattern, self.text, overlapped=True))


def _overlapping(text: str, run: str) -> int:
    count, start = 0, text.find(run)
    while start >= 0:
        count, start = count + 1, text.find(run, start + 1)
    return count


def borne_title(title: str, words: _Words) -> str:
    """title with each glyph (or pair) the cells never print where it stands, but print
    another in its place SURE times or more, replaced by that one."""
    for _ in range(FIXES):
        fixed = _one_fix(title, words)
        if fixed is None:
            break
        title = fixed
    return title


def _one_fix(title: str, words: _Words) -> str | None:
    """The title with its first misread the cells bear out set right, if they bear one
    out. A glyph two wordings the cells print could stand for (森来: 未来 or 将来) stays as read,
    and so do two glyphs side by side the cells could each stand for another one (防施 may
    be 実施 or 防止): which of them is misread?"""
    spans: dict[tuple[int, int], list[str]] = {}
    for start in range(len(title)):
        for end in range(start + 1, min(start + SPAN, len(title)) + 1):
            left, right = _context(title, start, end)
            if len(left) + len(right) < 2 or words.count(left + title[start:end] + right):
                continue
            glyphs = [
                glyph
                for glyph, times in words.between(left, right).items()
                if times >= SURE and _misread(title, start, end, glyph)
            ]
            if glyphs:
                spans[(start, end)] = glyphs
    for (start, end), glyphs in spans.items():
        alone = not any(s <= end and start <= e for s, e in spans if (s, e) != (start, end))
        if alone and len(glyphs) == 1:
            return title[:start] + glyphs[0] + title[end:]
    return None


def _misread(title: str, start: int, end: int, glyph: str) -> bool:
    """Could OCR have read kanji glyph as title[start:end]? As another kanji, where the
    read one makes no word with the kanji beside it and glyph makes one; as a kanji and a
    stray mark, or marks (a kanji split in two: 後 as :雪), where glyph makes a word."""
    span = title[start:end]
    if not is_kanji(glyph) or not _pairs(title, start, end, glyph):
        return False
    if len(span) == 1 and is_kanji(span):
        return not _pairs(title, start, end, span)
    return any(_stray(ch) for ch in span)


def _pairs(title: str, start: int, end: int, glyph: str) -> bool:
    """Does glyph, put in place of title[start:end], make a word with a kanji beside it?"""
    from hotplan.typos.dictionary import zipf

    before, after = title[start - 1 : start], title[end : end + 1]
    return any(
        is_kanji(ch) and zipf(pair) > 0
        for ch, pair in ((before, before + glyph), (after, glyph + after))
        if ch
    )


def _stray(char: str) -> bool:
    """A mark no title prints inside a word: not a bracket, not 、 or 。"""
    kind = unicodedata.category(char)
    return kind[0] in "PS" and kind not in ("Ps", "Pe", "Pi", "Pf") and char not in "、。"


def _context(title: str, start: int, end: int) -> tuple[str, str]:
    """The characters either side of title[start:end] a wording is matched by: one each
    side, or two on the one side a title's edge leaves."""
    left, right = title[max(0, start - 1) : start], title[end : end + 1]
    if not left:
        right = title[end : end + 2]
    if not right:
        left = title[max(0, start - 2) : start]
    return left, right


def borne_titles(
    lines: list[SourceLine], doubted: frozenset[tuple[int, str]]
) -> tuple[list[SourceLine], list[Finding]]:
    """lines with the misreads the table cells bear out set right in each heading title OCR
    doubted (doubted: the page and kana and kanji of each heading read doubtfully). A
    title read surely stays as read: a misprint in it is what the report prints."""
    words = _Words("\n".join(flat(c) for line in lines if line.cells for c in line.cells))
    out, findings = [], []
    for line in lines:
        _, m = _heading(line)
        if m and m["title"] and (line.page, letters(line.text)) in doubted:
            title = flat(m["title"])
            fixed = borne_title(title, words)
            if fixed != title:
                text = line.text[: m.start("title")] + fixed + line.text[m.end("title") :]
                line, finding = heading_read(line, text)
                findings.append(finding)
        out.append(line)
    return out, findings


def restored_titles(lines: list[SourceLine]) -> tuple[list[SourceLine], list[Finding]]:
    """lines with each heading title's kanji thin print made OCR misread set right by its
    word (the one the table cells print most often first), each swap a finding on the
    title's column. A title repeated on every page is weighed once."""
    cells = "\n".join(flat(c) for line in lines if line.cells for c in line.cells)
    weighed: dict[str, list] = {}
    out, findings = [], []
    for line in lines:
        level, m = _heading(line)
        if level and m["title"]:
            title = flat(m["title"])
            if title not in weighed:
                weighed[title] = misread_kanji(title, cells)
            swaps = weighed[title]
            for read, word, message in restorations(title, swaps):
                findings.append(
                    Finding(
                        Severity.WARNING,
                        "ocr.kanji_restored",
                        message,
                        source_page=line.page,
                        field=f"{level}_title",
                        found=read,
                        suggestion=word,
                    )
                )
            if swaps:
                fixed = swapped(title, swaps)
                text = line.text[: m.start("title")] + fixed + line.text[m.end("title") :]
                line = replace(line, text=text)
        out.append(line)
    return out, findings


def _heading(line: SourceLine) -> tuple[Level, regex.Match] | tuple[None, None]:
    """The heading level a line outside the tables is, and its match; (None, None) for
    any other line."""
    if line.cells is not None:
        return None, None
    return next(
        ((level, m) for level, p in HEADING_PATTERNS if (m := p.match(line.text))), (None, None)
    )
