"""Consistency inside the document: a 再掲 copy against its original, a heading printed on
many pages against its majority wording."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher

from hotplan import vocabulary as v
from hotplan.document.parse import Heading, Level
from hotplan.messages import t
from hotplan.typos.lattice import reads_worse
from hotplan.typos.suspects import Item, Spot, Suspect, as_text, span_diff

CLEARLY = 1500  # MeCab cost by which one of two versions reads worse for it to be the odd one


def relisted_suspects(items: list[Item], corpus: str) -> Iterator[Suspect]:
    """A 再掲 copy whose text differs from its original: report the side that is wrong —
    by default the copy; the original when the copy's wording is clearly the common one
    in the document, or clearly the more natural Japanese."""
    by_serial: dict[int | None, Item] = {}
    for row in items:
        by_serial.setdefault(row.serial, row)  # the first row of a serial: invalid docs too
    for row in items:
        if row.relisted_serial is None:
            continue
        original = by_serial[row.relisted_serial]
        copy_text, orig_text = as_text(row.direction), as_text(original.direction)
        if copy_text == orig_text:
            continue
        for copy_span, orig_span, copy_start, orig_start in differing_regions(copy_text, orig_text):

            def elsewhere(span: str, copy_text=copy_text, orig_text=orig_text) -> int:
                return corpus.count(span) - copy_text.count(span) - orig_text.count(span)

            copy_count, orig_count = elsewhere(copy_span), elsewhere(orig_span)
            worse = reads_worse(
                orig_text,
                orig_start,
                orig_start + len(orig_span),
                copy_text,
                copy_start,
                copy_start + len(copy_span),
            )
            common = copy_count >= 3 * max(orig_count, 1) and orig_count <= 1
            flip = common or worse >= CLEARLY
            by_grammar = abs(worse) >= CLEARLY and not common
            if flip:
                spot = Spot(
                    "direction",
                    orig_text,
                    original.serial,
                    original.source_line,
                    original.source_page,
                )
                found, suggestion, start = orig_span, copy_span, orig_start
            else:
                spot = Spot("direction", copy_text, row.serial, row.source_line, row.source_page)
                found, suggestion, start = copy_span, orig_span, copy_start
            yield Suspect(
                "relisted",
                spot,
                found,
                suggestion,
                (("consistency.relisted", 0.8),),
                t(
                    "evidence.relisted.grammar" if by_grammar else "evidence.relisted",
                    copy=row.serial,
                    original=original.serial,
                    odd=t("evidence.relisted.original" if flip else "evidence.relisted.copy"),
                    copy_count=copy_count,
                    orig_count=orig_count,
                ),
                start,
            )


def differing_regions(a: str, b: str, join: int = 3) -> Iterator[tuple[str, str, int, int]]:
    """Each place where a and b differ (places closer than `join` characters are one), as
    (span of a, span of b, start in a, start in b), each span at least two characters so
    a reader sees where it is. A copy and its original differing at two places are two
    problems, each judged on its own."""
    regions: list[list[int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if regions and i1 - regions[-1][1] < join:
            regions[-1][1], regions[-1][3] = i2, j2
        else:
            regions.append([i1, i2, j1, j2])
    for i1, i2, j1, j2 in regions:
        if i2 - i1 < 2 and j2 - j1 < 2:
            if i2 < len(a) and j2 < len(b):
                i2, j2 = i2 + 1, j2 + 1
            elif i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
        yield a[i1:i2], b[j1:j2], i1, j1


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
        by_grammar = False
        if tie and len(ranked) == 2:  # two wordings, as often each: the grammar may decide
            second = ranked[1][0]
            found, suggestion, start = span_diff(top, second)
            worse = reads_worse(
                top, start, start + len(found), second, start, start + len(suggestion)
            )
            if abs(worse) >= CLEARLY:
                tie, by_grammar = False, True
                top = second if worse > 0 else top
        for h in members:
            title = v.unwrap(h.title)
            if title == top and not tie:
                continue
            other = top if title != top else next(w for w, _ in ranked if w != top)
            found, suggestion, start = span_diff(title, other)
            spot = Spot.of_heading(h)
            yield Suspect(
                "heading",
                spot,
                found,
                suggestion,
                (("consistency.heading_vote", 0.5 if tie else 0.85),),
                t(
                    "evidence.heading.tie"
                    if tie
                    else "evidence.heading.grammar"
                    if by_grammar
                    else "evidence.heading",
                    count=len(members),
                    other_count=counts[other],
                    other=other,
                    this_count=counts[title],
                ),
                start,
            )
