"""A goal's or policy's title as most of its readings give it. The report prints the goal
and policy headings again at the top of every page, so a scan holds several readings of
each title; OCR misreads one now and then (今を生きる as 今生きる), and the first reading
would otherwise name the goal of every row under it. A reading close to the others'
(SAME_TITLE) takes the title most readings give, with an `ocr.heading_read` finding (of
titles read equally often, the one that reads most naturally); a reading far from every
other is a title of its own and stays as read."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.document.parse import HEADING_PATTERNS, SourceLine
from hotplan.findings import Finding, Severity
from hotplan.messages import t

SAME_TITLE = 85  # rapidfuzz ratio at or above which two readings are one title


def title_key(title: str) -> str:
    """A title as compared: without the spaces OCR may read into it."""
    return "".join(title.split())


def _places(lines: list[SourceLine]) -> list[tuple[str, int, str] | None]:
    """Per line: the heading it is ("goal" or "policy", the goal and policy numbers as one
    key) and its title; None for other lines."""
    out: list[tuple[str, int, str] | None] = []
    goal = 0
    for line in lines:
        place = None
        if line.cells is None and (m := v.GOAL_RE.match(line.text)) and m["title"]:
            goal = v.roman_to_int(m["num"])
            place = ("goal", goal, m["title"])
        elif line.cells is None and (m := v.POLICY_RE.match(line.text)) and m["title"]:
            place = ("policy", goal * 1000 + int(m["num"]), m["title"])
        out.append(place)
    return out


def agreed_titles(lines: list[SourceLine]) -> tuple[list[SourceLine], list[Finding]]:
    """lines with each goal and policy heading's title as most of its readings give it."""
    places = _places(lines)
    readings: dict[tuple[str, int], Counter[str]] = {}
    first: dict[tuple[str, int, str], str] = {}  # a key's title as first printed
    for place in places:
        if place is not None:
            kind, number, title = place
            readings.setdefault((kind, number), Counter())[title_key(title)] += 1
            first.setdefault((kind, number, title_key(title)), title)
    out, findings = [], []
    for line, place in zip(lines, places, strict=True):
        if place is not None:
            kind, number, title = place
            counts = readings[(kind, number)]
            best, times = _best(counts)
            key = title_key(title)
            if key != best and times >= counts[key] and fuzz.ratio(key, best) >= SAME_TITLE:
                line, finding = heading_read(
                    line, line.text.replace(title, first[(kind, number, best)])
                )
                findings.append(finding)
        out.append(line)
    return out, findings


def _best(counts: Counter[str]) -> tuple[str, int]:
    """The title most readings give, and how often; of titles read equally often, the one
    that reads most naturally (今を生きる, not 今生きる with its を lost)."""
    from hotplan.sources.ocr.language import reads_better

    best, times = counts.most_common(1)[0]
    for other, n in counts.items():
        if n == times and other != best and reads_better(other, best):
            best = other
    return best, times


def heading_read(line: SourceLine, fixed: str) -> tuple[SourceLine, Finding]:
    """line with the heading text its reading is taken for, and the finding that says so,
    pointed at the title column of the heading's level."""
    field = next(
        (f"{level}_title" for level, pattern in HEADING_PATTERNS if pattern.match(fixed)), None
    )
    finding = Finding(
        Severity.INFO,
        "ocr.heading_read",
        t("msg.ocr.heading_read", read=line.text.strip(), fixed=fixed),
        source_page=line.page,
        field=field,
        found=line.text.strip(),
        suggestion=fixed,
    )
    return replace(line, text=fixed), finding
