"""A 担当課 cell as OCR read it, matched to the department registry: a name one or two
glyphs off a registry name (馬災課 for 防災課, 指導査課 for 指導監査課; a short one two
look-alike glyphs off, 広隊間 for 広聴課), a gap between two names read as a mark
(福祉総務課。町田市社会福祉協議会) or lost (高齢者支宜保育・幼稚園課), a name broken by a
space (子ども 発達支援課). Each match is a `Snap` that review.py turns into a finding with the
cell's picture: the registry decides only what the scan left in doubt, and never silently.

Only names within reach of one registry name, or looking clearly more like one of those
equally near, are matched; a name the registry does not know and no OCR slip explains (a
new department) is kept as read, for the typo lint to point out."""

from __future__ import annotations

from dataclasses import dataclass

import regex
from rapidfuzz.distance import Levenshtein

from hotplan import vocabulary as v
from hotplan.typos.lookalikes import glyph_similarity

STRAY_MARKS = "。｡=＝"  # what OCR makes of a speck in the gap between two names
PIECE_RE = regex.compile(rf"([\s{STRAY_MARKS}]+)")
# A page reference as OCR may read it: its P as another Latin letter (E for a thin
# Mincho P) or as two (PE, PF: the serif read apart), its dot lost or put among the
# digits (P9.8), its opening parenthesis lost (課P.83, 課 P.83: a thin stroke beside a
# glyph is the first thing OCR drops, and the gap it leaves may be read as a space), its
# dot read as ?, a speck before the closing parenthesis read as ? or }, or the closing
# parenthesis lost at the cell's end; the opening parenthesis read as a bracket, or as a
# bracket and itself ({(P.63), 《P.62): a black-and-white copy's ragged stroke).
STRAY_OPEN = r"[{｛《〈\[［]"
PAGE_READ_RE = regex.compile(
    rf"(?:(?P<stray>{STRAY_OPEN})?(?P<open>{v.OPEN_PAREN})\s*|(?P<bracket>{STRAY_OPEN})\s*"
    rf"|(?P<gap>[ \u3000]*)(?<![A-Za-zＡ-Ｚａ-ｚ0-9０-９.．]))"
    rf"(?P<letters>[A-Za-zＡ-Ｚａ-ｚ]{{1,2}})(?P<dot>\s*[.．?？]?\s*)(?P<page>\d+(?:[.．]\d+)?)"
    rf"(?P<junk>[?？}}｝\]］|｜]?)(?=\s*(?P<close>{v.CLOSE_PAREN})|\s*\Z)"
)
# Share of a document's page references read (P.57) for that to be its style: OCR drops a
# thin dot or parenthesis far more often than it adds one (a dark scan loses half of them).
STYLED = 0.5
# … or this many of them, whatever their share: OCR never made up a dot that often, and a
# 150 dpi scan's small print kept the dot in about a quarter of them
STYLED_SEEN = 10
# Share of them printed right after the name (課(P.57)) for that to be its style. OCR reads
# the gap a lost parenthesis leaves as a space whether or not one was printed (every such
# loss on the test scans), so the space tells nothing and the document's majority decides.
TIGHT = 0.5
# A name whose end OCR read as Latin letters or digits (男女平等推進セmm: ンター lost in thin
# print): the Japanese read before them must be this share of one registry name's start.
LATIN = "A-Za-zＡ-Ｚａ-ｚ0-9０-９"
TAIL_JUNK_RE = regex.compile(rf"(?P<start>[^\x00-\x7f{LATIN}]{{4,}})[{LATIN}]{{1,3}}")
STARTED = 0.6
LOOKALIKE = 0.85  # coarse glyph similarity of two kanji that OCR takes one for the other
CLEARLY = 0.15  # how much more alike one of two equally near names must look


@dataclass(frozen=True)
class Snap:
    found: str
    suggestion: str
    check: str = "ocr.department_snapped"  # or ocr.page_ref_restored


def reach(name: str) -> int:
    """Glyphs a read name may be off: one in a short name, two in a longer one."""
    return 1 if len(name) <= 4 else 2


def alike(read: str, name: str) -> float:
    """How much the glyphs read look like the name's where the two differ: the least
    glyph similarity of a substituted pair (1.0 where none differ, 0.0 where a glyph was
    lost or added)."""
    pairs = [
        glyph_similarity(read[op.src_pos], name[op.dest_pos]) if op.tag == "replace" else 0.0
        for op in Levenshtein.editops(read, name)
    ]
    return min(pairs, default=1.0)


def nearest(read: str, names: frozenset[str]) -> str | None:
    """The one registry name within reach of read, or, for a short name, one glyph
    further where every glyph read differently looks like the name's (広隊間 for
    広聴課: coarse glyphs, too loose to trust over a longer name); of names equally
    near, the one whose glyphs the reading looks like clearly more (生活拓護課 is
    生活援護課, not 生活介護課); None if there is none or no such one."""
    limit = reach(read)
    further = limit + (limit == 1)  # a short name: one glyph further, all of them alike
    found = [
        (d, name)
        for name in names
        if abs(len(name) - len(read)) <= further
        and (d := Levenshtein.distance(read, name, score_cutoff=further)) <= further
        and (d <= limit or alike(read, name) >= LOOKALIKE)
    ]
    if not found:
        return None
    best = min(d for d, _ in found)
    closest = sorted((alike(read, name), name) for d, name in found if d == best)
    if len(closest) == 1 or closest[-1][0] - closest[-2][0] >= CLEARLY:
        return closest[-1][1]
    return None


NOT_NAME_RE = regex.compile(r"[()（）.．:：\dA-Za-zＡ-Ｚａ-ｚ]+")  # a page reference's marks


def _piece_scores(reading: str, names: frozenset[str]) -> list[int]:
    """Each piece of a reading of a 担当課 cell (the page reference left out), alone or
    joined with the next (a name wrapped at the cell's edge): 2 when it is a registry
    name, 1 when it is near exactly one, -1 when it is neither."""
    pieces = [p.strip(STRAY_MARKS) for p in PIECE_RE.split(NOT_NAME_RE.sub(" ", reading))]
    pieces = [p for p in pieces if p and not p.isspace()]
    scores, i = [], 0
    while i < len(pieces):
        joined = pieces[i] + pieces[i + 1] if i + 1 < len(pieces) else None
        if pieces[i] in names or joined in names:
            scores.append(2)
            i += 1 if pieces[i] in names else 2
        elif nearest(pieces[i], names) is not None:
            scores.append(1)
            i += 1
        elif joined is not None and nearest(joined, names) is not None:
            scores.append(1)
            i += 2
        else:
            scores.append(-1)
            i += 1
    return scores


def registry_fit(reading: str, names: frozenset[str]) -> int:
    """How far a reading of a 担当課 cell agrees with the registry (_piece_scores summed):
    of two readings of one cell, the one the registry bears out more is the better."""
    return sum(_piece_scores(reading, names))


def all_named(reading: str, names: frozenset[str]) -> bool:
    """Is every piece of a reading of a 担当課 cell a registry name (nothing left for
    another reading of it to mend)?"""
    return all(score == 2 for score in _piece_scores(reading, names))


def fits_better(a: str, b: str, names: frozenset[str]) -> bool:
    """Does reading a of a 担当課 cell agree with the registry more than reading b?"""
    return bool(names) and registry_fit(a, names) > registry_fit(b, names)


def _as_name(token: str, names: frozenset[str]) -> str | None:
    """token as a registry name: itself, or its one near name."""
    return token if token in names else nearest(token, names)


def _split(token: str, names: frozenset[str]) -> str | None:
    """Two names read as one (the line break between them lost where OCR misread the
    first name's end, 高齢者支宜保育・幼稚園課): one part a registry name, the other
    near exactly one, given as the two names; None if no such parting. Two registry
    names printed together stay as printed: that is the typo lint's to point out."""
    for k in range(2, len(token) - 1):
        first, second = token[:k], token[k:]
        if (first in names) != (second in names):
            a, b = _as_name(first, names), _as_name(second, names)
            if a is not None and b is not None:
                return f"{a} {b}"
    return None


def _ended_in_junk(token: str, names: frozenset[str]) -> str | None:
    """The one registry name a token starts as, its end read as Latin letters or digits
    (TAIL_JUNK_RE, STARTED); None where no one name starts so."""
    m = TAIL_JUNK_RE.fullmatch(token)
    if m is None:
        return None
    start = m["start"]
    found = [n for n in names if n.startswith(start) and len(start) >= STARTED * len(n)]
    return found[0] if len(found) == 1 else None


def _segment(text: str, names: frozenset[str]) -> tuple[str, list[Snap]]:
    """Names and separators outside the page reference, matched one by one."""
    parts = PIECE_RE.split(text)  # name, separator, name, …
    tokens, seps = parts[0::2], parts[1::2]
    snaps: list[Snap] = []
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        sep = seps[i] if i < len(seps) else ""
        # A name broken by a space: two pieces that are no names, joined a registry name.
        if (
            i + 1 < len(tokens)
            and token
            and tokens[i + 1]
            and sep.isspace()
            and token not in names
            and tokens[i + 1] not in names
            and token + tokens[i + 1] in names
        ):
            joined = token + tokens[i + 1]
            snaps.append(Snap(f"{token}{sep}{tokens[i + 1]}", joined))
            out += [joined, seps[i + 1] if i + 1 < len(seps) else ""]
            i += 2
            continue
        matched = _as_name(token, names) if token else None
        if matched is None and token:
            matched = _split(token, names) or _ended_in_junk(token, names)
        if matched is not None and matched != token:
            snaps.append(Snap(token, matched))
        out.append(matched or token)
        if any(mark in sep for mark in STRAY_MARKS):
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if matched is not None and after and _as_name(after, names) is not None:
                snaps.append(Snap(f"{token}{sep}{after}", f"{matched} {after}"))
                sep = " "
        out.append(sep)
        i += 1
    return "".join(out), snaps


def snap_departments(raw: str, names: frozenset[str]) -> tuple[str, list[Snap]]:
    """raw with its near-registry names matched; the page reference is left as read."""
    pieces: list[str] = []
    snaps: list[Snap] = []
    at = 0
    for m in v.PAGE_REF_RE.finditer(raw):
        text, found = _segment(raw[at : m.start()], names)
        pieces += [text, m.group()]
        snaps += found
        at = m.end()
    text, found = _segment(raw[at:], names)
    return "".join([*pieces, text]), snaps + found


def _styled(m: regex.Match) -> bool:
    dot = "." in m["dot"] or "．" in m["dot"]
    printed = m["open"] is not None and m["close"] is not None and not m["junk"]
    return printed and m["letters"] in "PpＰｐ" and dot and m["page"].isdigit()


@dataclass(frozen=True)
class PageStyle:
    """How a document prints its page references, where it prints them (P.57) as a rule."""

    tight: bool  # right after the name, no space: 福祉総務課(P.90)


def page_ref_style(raws: list[str]) -> PageStyle | None:
    """The document's page reference style, if it prints them as (P.57) as a rule."""
    found = [(raw, m) for raw in raws for m in PAGE_READ_RE.finditer(raw)]
    styled = sum(_styled(m) for _, m in found)
    if not found or (styled < STYLED * len(found) and styled < STYLED_SEEN):
        return None
    after_name = [raw[m.start() - 1] for raw, m in found if m["open"] and m.start() > 0]
    tight = sum(not ch.isspace() for ch in after_name)
    return PageStyle(bool(after_name) and tight > TIGHT * len(after_name))


def restore_page_ref(raw: str, style: PageStyle = PageStyle(False)) -> tuple[str, list[Snap]]:
    """(P57), (E.72), P.83), (P9.8) → (P.57), (P.72), (P.83), (P.98) in a document whose
    page references are (P.57); a space read where the parenthesis was lost is the
    parenthesis in a document that prints it right after the name (課 P.83) → 課(P.83))."""
    snaps: list[Snap] = []

    def restore(m: regex.Match) -> str:
        if (_styled(m) and not m["stray"]) or not (m["open"] or m["bracket"] or m["close"]):
            return m.group(0)
        opening = m["open"] or ("(" if m["close"] == ")" else "（")  # as it closes
        gap = "" if m["open"] or m["bracket"] or style.tight else m["gap"]
        page = m["page"].replace(".", "").replace("．", "")
        closing = "" if m["close"] else (")" if opening == "(" else "）")  # lost at the end
        restored = f"{gap}{opening}P.{page}{closing}"
        snaps.append(Snap(m.group(0), restored, "ocr.page_ref_restored"))
        return restored

    return PAGE_READ_RE.sub(restore, raw), snaps
