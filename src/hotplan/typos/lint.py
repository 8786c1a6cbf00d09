"""Find the document's OCR and typing errors: ranked suspects for a person to review.

Independent signals, each a small detector; a suspect seen by two raises its score
(score = 1 - Π(1 - s)). Nothing here changes the text: suspects become `typo.*` warnings
and rows of review.csv; only reviewed corrections (corrections.py) change anything.

Signals: the department registry (edit distance, look-alike kanji, names run together);
consistency inside the document (a 再掲 copy against its original, a heading printed on
many pages against its majority); the dictionary (unknown katakana words one or two kana
edits from common words, isolated kanji whose look-alike makes a word); printing
conventions (Latin I for Ⅰ, repeated ①② numbering). Not caught: errors that leave real,
well-formed words (wrong particles, word order, a real word in the wrong place in prose).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

import pandas as pd
import regex
from rapidfuzz.distance import Levenshtein

from hotplan import columns as c
from hotplan import vocabulary as v
from hotplan.document.parse import Heading, Level
from hotplan.findings import Finding, Severity
from hotplan.typos import dictionary as d
from hotplan.typos.lookalikes import kana_edits, lookalikes, similarity
from hotplan.typos.registry import Registry

REVIEW_COLUMNS = c.names(c.REVIEW)
KATAKANA_RE = regex.compile(r"[\p{Katakana}ー]{3,}")  # shorter runs are mostly stylistic (ゴト)
COMMON_WORD = 3.0  # zipf: a suggested word must be at least this common
WEAK_WORD = 2.5  # katakana_segments strength below which printed katakana is suspicious
CLEARLY_BETTER = 1.0  # …or a kana edit must make it this much stronger
RARE_PAIR = 1.0  # zipf: a two-kanji string below this is not a word
KANJI_LOOKALIKE = 0.82  # glyph similarity for a kanji swap to be proposed
# Kanji that stand alone by nature (ordinal prefixes, productive suffixes): never a typo
# just for standing alone.
STANDALONE_KANJI = frozenset("第各約計全等的化性者時後内外別型中用上下毎")


@dataclass(frozen=True)
class Spot:
    """A piece of printed text to check, and where it is."""

    field: str
    text: str
    serial: int | None = None
    source_line: int | None = None
    source_page: int | None = None
    level_number: int | None = None  # headings: which goal/policy/… it is

    @classmethod
    def of_heading(cls, h: Heading, field: str | None = None, text: str | None = None) -> Spot:
        """A heading's title (or another of its parts), located by line or page."""
        return cls(
            field or f"{h.level.value}_title",
            h.title if text is None else text,
            None,
            h.line if h.page is None else None,
            h.page,
            h.number,
        )


@dataclass(frozen=True)
class Suspect:
    kind: str  # department, katakana, kanji, relisted, heading, latin_numeral, numbering …
    spot: Spot
    found: str
    suggestion: str
    signals: tuple[tuple[str, float], ...]  # (signal, its own score)
    evidence: str
    start: int | None = None  # offset of found in spot.text

    @property
    def score(self) -> float:
        miss = 1.0
        for _, s in self.signals:
            miss *= 1.0 - s
        return round(1.0 - miss, 3)

    @property
    def id(self) -> str:
        s = self.spot
        where = s.serial if s.serial is not None else f"{s.level_number}@{s.source_line}"
        key = f"{s.field}|{where}|{self.found}|{self.suggestion}"
        return "T" + hashlib.sha1(key.encode()).hexdigest()[:10]

    @property
    def context(self) -> str:
        text, start = self.spot.text, self.start
        if start is None:
            start = text.find(self.found)
        if start < 0:
            return text[:40]
        end = start + len(self.found)
        before = ("…" if start > 15 else "") + text[max(0, start - 15) : start]
        after = text[end : end + 15] + ("…" if end + 15 < len(text) else "")
        return f"{before}【{self.found}】{after}"


def merge(suspects: Iterable[Suspect]) -> list[Suspect]:
    """One suspect per place and proposal; signals of different detectors add up."""
    merged: dict[tuple, Suspect] = {}
    for s in suspects:
        key = (s.spot.field, s.spot.serial, s.spot.source_line, s.found, s.suggestion)
        if key in merged:
            old = merged[key]
            signals = dict(old.signals)
            for name, score in s.signals:
                signals[name] = max(score, signals.get(name, 0.0))
            merged[key] = replace(
                old,
                signals=tuple(signals.items()),
                evidence="; ".join(dict.fromkeys([old.evidence, s.evidence])),
            )
        else:
            merged[key] = s
    return sorted(
        merged.values(),
        key=lambda s: (-s.score, s.spot.serial or 0, s.spot.source_line or 0, s.found),
    )


# -- departments ---------------------------------------------------------------------------


def department_suspects(items: pd.DataFrame, registry: Registry) -> Iterator[Suspect]:
    if not registry.entries:
        return  # no registry to compare with
    official = registry.official
    for row in items.itertuples(index=False):
        spot = Spot(
            "departments",
            row.departments_raw,
            int(row.serial),
            _int(row.source_line),
            _int(row.source_page),
        )
        for name in row.departments:
            yield from _department(name, spot, registry, official)


def _department(name: str, spot: Spot, registry: Registry, official: list[str]):
    entry = registry.get(name)
    if entry is not None and entry.status == "current":
        return
    if entry is not None:
        signal = "registry.alias" if entry.status == "alias" else "registry.former"
        yield Suspect(
            "department",
            spot,
            name,
            entry.canonical,
            ((signal, 0.95 if entry.status == "alias" else 0.6),),
            f"registry: {name} → {entry.canonical} ({entry.status}; {entry.evidence})",
        )
        return
    for i in range(2, len(name) - 1):
        left, right = name[:i], name[i:]
        if left in official and right in official:
            yield Suspect(
                "department_joined",
                spot,
                name,
                f"{left};{right}",
                (("registry.joined", 0.9),),
                f"{left} and {right} are both registry names, printed with no separator",
            )
            return
    near = sorted(
        ((Levenshtein.distance(name, o), -_visual(name, o), o) for o in official),
    )
    distance, neg_visual, best = near[0]
    if distance == 1 or (distance == 2 and len(best) >= 6):
        signals = [("registry.edit_distance", 0.85 if distance == 1 else 0.7)]
        if -neg_visual >= 0.85:
            signals.append(("lookalike", 0.5))
        yield Suspect(
            "department",
            spot,
            name,
            best,
            tuple(signals),
            f"not in the registry; {distance} edit(s) from the registry name {best}",
        )
        return
    yield Suspect(
        "department_unknown",
        spot,
        name,
        "",
        (("registry.unknown", 0.3),),
        "unknown department: add it to schemas/departments.csv if real",
    )


def _visual(a: str, b: str) -> float:
    """Look-alike similarity of the one character that differs, if exactly one does."""
    if len(a) != len(b):
        return 0.0
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return similarity(*diffs[0]) if len(diffs) == 1 else 0.0


# -- dictionary: katakana and kanji -------------------------------------------------------


def katakana_suspects(spots: Iterable[Spot], document_words: Counter) -> Iterator[Suspect]:
    """Katakana that reads as no common word where one or two kana edits make one, or that
    is one kana edit from katakana printed elsewhere in the same document (a rare variant
    of its own term: ヤンクケアラー beside ヤングケアラー)."""
    spots = list(spots)
    runs = Counter(m.group() for spot in spots for m in KATAKANA_RE.finditer(spot.text))
    for spot in spots:
        for m in KATAKANA_RE.finditer(spot.text):
            run = m.group()
            variant = _document_variant(run, runs)
            printed = d.katakana_segments(run)[0]
            best = _katakana_candidate(run, document_words, two_edits=printed < WEAK_WORD)
            signals = []
            if best is not None and (printed < WEAK_WORD or best[3] - printed >= CLEARLY_BETTER):
                candidate, edits, kinds, strength = best
                signals.append(("dictionary.katakana", 0.8 if edits == 1 else 0.7))
                evidence = (
                    f"reads as no common word; {{}} does ({' + '.join(kinds)}, zipf {strength:.1f})"
                )
            if variant is not None and (not signals or variant[0] == best[0]):
                candidate, kind = variant
                signals.append(("document.variant", 0.75))
                evidence = (
                    f"printed {runs[run]}×; one {kind} edit from {{}}, printed "
                    f"{runs[candidate]}× in this document"
                )
            if not signals:
                continue
            found, suggestion, offset = _token_span(run, candidate)
            yield Suspect(
                "katakana",
                spot,
                found,
                suggestion,
                tuple(signals),
                f"{found} " + evidence.format(suggestion),
                m.start() + offset,
            )


def _document_variant(run: str, runs: Counter) -> tuple[str, str] | None:
    """The katakana of this document one kana edit from run and printed at least as often."""
    options = [
        (runs[candidate], candidate, kind)
        for candidate, kind in kana_edits(run)
        if candidate != run and runs[candidate] >= max(1, runs[run])
    ]
    if not options:
        return None
    _, candidate, kind = max(options)
    return candidate, kind


def _common_ends(a: str, b: str) -> tuple[int, int]:
    """Lengths of the common prefix and (non-overlapping) common suffix of a and b."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    j = 0
    while j < min(len(a), len(b)) - i and a[-1 - j] == b[-1 - j]:
        j += 1
    return i, j


def _token_span(run: str, candidate: str) -> tuple[str, str, int]:
    """The words of candidate that the edits touched, and the printed text they replace."""
    i, tail = _common_ends(run, candidate)
    start, position, end = 0, 0, len(candidate)
    for word in d.katakana_segments(candidate)[1]:
        word_end = position + len(word)
        if word_end <= i:
            start = word_end
        elif position >= len(candidate) - tail:
            end = min(end, position)
        position = word_end
    return run[start : end - len(candidate) + len(run)], candidate[start:end], start


def _katakana_candidate(word: str, document_words: Counter, two_edits: bool):
    """Best (candidate, edits, kinds, strength) within two kana edits, or None; a word
    used elsewhere in the document is preferred."""
    frontier = [(word, ())]
    for edits in (1, 2) if two_edits else (1,):
        found, next_frontier = [], []
        for base, kinds in frontier:
            for candidate, kind in kana_edits(base):
                strength = d.katakana_segments(candidate)[0]
                if strength >= COMMON_WORD:
                    bonus = 1.0 if document_words[candidate] else 0.0
                    found.append((strength + bonus, candidate, (*kinds, kind), strength))
                elif edits == 1:
                    next_frontier.append((candidate, (*kinds, kind)))
        if found:
            _, candidate, kinds, strength = max(found)
            return candidate, edits, kinds, strength
        frontier = next_frontier[:400]
    return None


def kanji_suspects(spots: Iterable[Spot]) -> Iterator[Suspect]:
    """A kanji left alone by the tokenizer whose look-alike makes a common word with its
    neighbour, where the printed pair is no word at all (受審動奨 → 勧奨)."""
    for spot in spots:
        text = spot.text
        tokens = d.tokenize(text)
        # Kanji the tokenizer could not fit into any longer word (numerals, 第, 等 … stand
        # alone by nature).
        alone = {
            t.begin
            for t in tokens
            if len(t.surface) == 1
            and _is_kanji(t.surface)
            and t.pos[1] != "数詞"
            and t.surface not in STANDALONE_KANJI
        }
        pairs = [(i, i + 1) for i in sorted(alone) if i + 1 in alone]
        # …and two-kanji strings it could only guess at.
        pairs += [
            (t.begin, t.begin + 1)
            for t in tokens
            if t.oov and len(t.surface) == 2 and all(map(_is_kanji, t.surface))
        ]
        for j, k in pairs:
            pair = text[j : k + 1]
            if d.zipf(pair) >= RARE_PAIR or d.is_word(pair):
                continue
            options = []
            for pos in (j, k):
                for alt, sim in lookalikes(text[pos], floor=KANJI_LOOKALIKE).items():
                    candidate = pair[: pos - j] + alt + pair[pos - j + 1 :]
                    strength = d.zipf(candidate)
                    if strength >= 2.0 and d.is_word(candidate):
                        options.append((strength * sim, text[pos], alt, sim, candidate))
            if options:
                _, old, alt, sim, candidate = max(options)
                yield Suspect(
                    "kanji",
                    spot,
                    pair,
                    candidate,
                    (("dictionary.kanji", 0.6), ("lookalike", round(sim - 0.5, 2))),
                    f"{pair} is no word; {old}→{alt} (look-alike {sim:.2f}) gives {candidate}",
                    j,
                )


def _is_kanji(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


# -- consistency inside the document -------------------------------------------------------


def relisted_suspects(items: pd.DataFrame, corpus: str) -> Iterator[Suspect]:
    """A 再掲 copy whose text differs from its original: report the side that is wrong —
    by default the copy; the original when the copy's wording is clearly the common one."""
    by_serial = items.drop_duplicates("serial").set_index("serial")  # invalid docs too
    for row in items[items["relisted_serial"].notna()].itertuples(index=False):
        original = by_serial.loc[int(row.relisted_serial)]
        copy_text, orig_text = row.direction or "", original["direction"] or ""
        if copy_text == orig_text:
            continue
        copy_span, orig_span, start = _span_diff(copy_text, orig_text)

        def elsewhere(span: str, copy_text=copy_text, orig_text=orig_text) -> int:
            return corpus.count(span) - copy_text.count(span) - orig_text.count(span)

        copy_count, orig_count = elsewhere(copy_span), elsewhere(orig_span)
        flip = copy_count >= 3 * max(orig_count, 1) and orig_count <= 1
        if flip:
            spot = Spot(
                "direction",
                orig_text,
                int(original.name),
                _int(original["source_line"]),
                _int(original["source_page"]),
            )
            found, suggestion = orig_span, copy_span
        else:
            spot = Spot(
                "direction",
                copy_text,
                int(row.serial),
                _int(row.source_line),
                _int(row.source_page),
            )
            found, suggestion = copy_span, orig_span
        yield Suspect(
            "relisted",
            spot,
            found,
            suggestion,
            (("consistency.relisted", 0.8),),
            f"再掲 通番 {row.serial} and its original 通番 {int(original.name)} differ here; "
            f"the {'original' if flip else 'copy'} is the odd one (the copy's wording is "
            f"used {copy_count}× elsewhere, the original's {orig_count}×)",
            start,
        )


def heading_suspects(headings: list[Heading]) -> Iterator[Suspect]:
    """A heading printed on many pages: the majority wording wins; a 1–1 tie flags both."""
    groups: dict[tuple, list[Heading]] = defaultdict(list)
    goal = None
    for h in headings:
        if h.level is Level.GOAL:
            goal = h.number
            groups[(goal,)].append(h)
        elif h.level is Level.POLICY:
            groups[(goal, h.number)].append(h)
    for members in groups.values():
        counts = Counter(v.unwrap(h.title) for h in members)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        top, top_n = ranked[0]
        tie = len(ranked) > 1 and ranked[1][1] == top_n
        for h in members:
            title = v.unwrap(h.title)
            if title == top and not tie:
                continue
            other = top if title != top else ranked[1][0]
            found, suggestion, start = _span_diff(title, other)
            spot = Spot.of_heading(h)
            yield Suspect(
                "heading",
                spot,
                found,
                suggestion,
                (("consistency.heading_vote", 0.5 if tie else 0.85),),
                f"printed {len(members)} times: {counts[other]}× as {other!r}, "
                f"{counts[title]}× like this" + (" (a tie: check both)" if tie else ""),
                start,
            )


def _span_diff(a: str, b: str) -> tuple[str, str, int]:
    """The smallest differing spans of a and b, grown to two characters for readability."""
    i, j = _common_ends(a, b)
    a_end, b_end = len(a) - j, len(b) - j
    if a_end - i < 2 and b_end - i < 2:
        if a_end < len(a) and b_end < len(b):
            a_end, b_end = a_end + 1, b_end + 1
        elif i > 0:
            i -= 1
    return a[i:a_end], b[i:b_end], i


def latin_numeral_suspects(headings: list[Heading], items: pd.DataFrame) -> Iterator[Suspect]:
    """Latin letters where the document prints Roman-numeral characters (I for Ⅰ)."""
    for h in headings:
        if h.level is Level.GOAL and not regex.fullmatch(v.ROMAN_CHARS, h.printed):
            spot = Spot.of_heading(h, field="goal", text=h.printed)
            yield Suspect(
                "latin_numeral",
                spot,
                h.printed,
                v.int_to_roman(h.number),
                (("convention.roman_numeral", 0.6),),
                "the goal number is printed in Latin letters, elsewhere as Ⅰ Ⅱ Ⅲ",
            )
    for row in items.itertuples(index=False):
        m = v.RELISTED_RE.match(row.direction_raw or "")
        if m and not regex.fullmatch(v.ROMAN_CHARS, m["goal"]):
            spot = Spot(
                "relisted_code",
                row.direction_raw,
                int(row.serial),
                _int(row.source_line),
                _int(row.source_page),
            )
            yield Suspect(
                "latin_numeral",
                spot,
                m["goal"],
                v.int_to_roman(v.roman_to_int(m["goal"])),
                (("convention.roman_numeral", 0.6),),
                "the 再掲 code's goal is printed in Latin letters",
                m.start("goal"),
            )


def numbering_suspects(findings: list[Finding]) -> Iterator[Suspect]:
    """Headings numbered out of sequence (the same ② printed for two subsections)."""
    for f in findings:
        if f.check == "heading.numbering":
            spot = Spot(f.field or "", f.found or "", None, f.source_line, f.source_page)
            yield Suspect(
                "numbering",
                spot,
                f.found or "",
                f.suggestion or "",
                (("consistency.numbering", 0.5),),
                f.message,
            )


# -- the lint ------------------------------------------------------------------------------


@dataclass
class Lint:
    suspects: list[Suspect] = field(default_factory=list)

    def review(self) -> pd.DataFrame:
        rows = [
            {
                "id": s.id,
                "score": s.score,
                "serial": s.spot.serial,
                "field": s.spot.field,
                "source_page": s.spot.source_page,
                "source_line": s.spot.source_line,
                "found": s.found,
                "suggestion": s.suggestion,
                "context": s.context,
                "signals": " ".join(name for name, _ in s.signals),
                "evidence": s.evidence,
                "decision": "",
            }
            for s in self.suspects
        ]
        frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
        for col in ("serial", "source_page", "source_line"):
            frame[col] = frame[col].astype("Int64")
        return frame

    def findings(self) -> list[Finding]:
        return [
            Finding(
                Severity.WARNING,
                f"typo.{s.kind}",
                f"possible typo ({s.score:.2f}): {s.evidence}",
                serial=s.spot.serial,
                field=s.spot.field,
                source_page=s.spot.source_page,
                source_line=s.spot.source_line,
                found=s.found,
                suggestion=s.suggestion,
            )
            for s in self.suspects
        ]


def text_spots(items: pd.DataFrame, headings: list[Heading]) -> list[Spot]:
    spots = [
        Spot(
            "direction",
            row.direction,
            int(row.serial),
            _int(row.source_line),
            _int(row.source_page),
        )
        for row in items.itertuples(index=False)
        if isinstance(row.direction, str)
    ]
    seen: set[tuple] = set()
    for h in headings:
        key = (h.level, h.number, h.title)
        if key not in seen:
            seen.add(key)
            spots.append(Spot.of_heading(h))
    return spots


def lint_typos(
    items: pd.DataFrame,
    headings: list[Heading],
    findings: list[Finding],
    registry: Registry,
    rejected: frozenset[str] = frozenset(),
) -> Lint:
    spots = text_spots(items, headings)
    corpus = "\n".join(s.text for s in spots)
    words = Counter(t.surface for s in spots for t in d.tokenize(s.text))
    suspects = merge(
        [
            *department_suspects(items, registry),
            *katakana_suspects(spots, words),
            *kanji_suspects(spots),
            *relisted_suspects(items, corpus),
            *heading_suspects(headings),
            *latin_numeral_suspects(headings, items),
            *numbering_suspects(findings),
        ]
    )
    return Lint([s for s in suspects if s.id not in rejected])


def _int(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)
