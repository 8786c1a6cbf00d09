"""Heading numerals as OCR misreads them, numbered again by their order.

OCR reads Ⅰ as |, l or 1, Ⅱ as ll or nothing, Ⅲ as 山 or 出, ② as ⑫, and a label with a
character or two wrong (基本目:謀; 基本卓様1, known by a title another page reads). In
document order, a line that is plainly a 基本目標, 基本施策 or ① heading gets its label
back and the numeral its place gives: a title printed before keeps its number (page-top
repeats), a new one takes the next. Every change is an info finding with the reading
kept."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import regex

from hotplan import vocabulary as v
from hotplan.document.parse import SourceLine
from hotplan.findings import Finding, Severity
from hotplan.messages import t
from hotplan.sources.ocr.header_years import header_year_read, stated_years
from hotplan.sources.ocr.heading_numbers import LEAP, Numbers
from hotplan.sources.ocr.markers import Place, match_markers
from hotplan.sources.ocr.reread import letters
from hotplan.sources.ocr.titles import SAME_TITLE, agreed_titles, heading_read, title_key

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨ"
STROKES = "|lI1!！ｌＩiｉ｜丨[]［］"  # what one vertical stroke of a Roman numeral is read as
THREE = "山出川皿吊"  # Ⅲ read as one kanji
_NUMERAL = f"{ROMAN}{THREE}{STROKES}IVX"
_STROKES_SET, _NUMERAL_SET = regex.escape(STROKES), regex.escape(_NUMERAL)  # in a [...]
# 基 and 目 as OCR reads them where thin strokes vanish (a black-and-white scan of Mincho
# print: 基 loses its foot, 共; 目 a bar, 日)
BASE, EYE = "[基共]", "[目日]"
GOAL_RE = regex.compile(  # the label with up to two characters misread, before the numeral
    rf"^\s*{BASE}本{EYE}(?:標|[^\s{_NUMERAL_SET}]標|[^\s{_NUMERAL_SET}]{{1,2}}(?=[\s{_NUMERAL_SET}]))?\s*"
    rf"(?P<num>[{ROMAN}]|[{THREE}]|[{_STROKES_SET}]{{1,3}}|[IVX]+|[^\s\p{{Hiragana}}\p{{Katakana}}]{{1,2}}(?=\s))?"
    r"\s*(?P<title>[^\s|].*)$"
)
POLICY_RE = regex.compile(
    rf"^\s*{BASE}本施(?:策){{e<=1}}\s*(?P<num>\d+|[{_STROKES_SET}])?\s*(?P<title>\S.*)$",
    regex.BESTMATCH,
)
# A label misread beyond what those patterns know (基本卓様1, 花本目標四, 蒸本目標): at most
# this many of its four characters wrong, and one wrong only where a numeral follows or
# the title is one another reading of the label gives; two, only the latter.
TITLE_LETTERS = 2  # a title has this many kana and kanji at least (a subsection's: 広報 …)
# … and they are this share of its characters at least (a fax's transmit line, `2025/06/12
# 10:31 FAX 042-… 町田市地域福祉課 P.002/016`, is mostly digits)
TITLE_SHARE = 0.6
# A heading starts within this many line heights of where the page's headings start (a
# receipt stamp's lines read as print stand at the page's right edge)
ALIGN_LINES = 3.0
LABELS = (v.GOAL_LABEL, v.POLICY_LABEL)
LABEL_ERRORS = 2
# MeCab cost a goal title's first kanji adds where it is the numeral misread (邊必要な…
# 15,867, 息 7,740, 衛 10,614), and more than a title's own first kanji adds (人と人が
# 3,296; most read better with it)
NUMERAL_GAP = 6000


def _goal_number(read: str | None) -> int | None:
    if not read:
        return None
    if read in ROMAN:
        return ROMAN.index(read) + 1
    if read in THREE:
        return 3
    if all(ch in STROKES for ch in read):
        return len(read)
    try:
        return v.roman_to_int(read)
    except (ValueError, KeyError):  # another character read where the numeral is
        return None


# (3) as OCR reads it: `()3`, `(7`, `(④`, `3)`, its parenthesis as a bracket (`【1)`, `[7`
# on a 150 dpi scan of Calc's hairline grid); ① as `@②`, `⑧⑨`, `@` (a colon after it is
# a legend)
OPENING_READ = r"[(（【\[［{｛〔]"
SECTION_RE = regex.compile(  # either parenthesis may be lost, not both: `2)…` is (2)
    rf"^\s*(?:{OPENING_READ}\s*[)）]?\s*(?P<num>\d{{1,2}}|{v.CIRCLED})\s*[)）]?"
    rf"|(?P<num>\d{{1,2}})\s*[)）])\s*(?P<title>[^\s:：].*)$"
)
# A section heading with its numeral lost: the opening parenthesis (and the closing one,
# `()再犯…`), then the title
NUMERAL_LOST_RE = regex.compile(
    r"^\s*[(（]\s*[)）]?\s*(?P<title>[\p{Han}\p{Hiragana}\p{Katakana}].*)$"
)
SUBSECTION_RE = regex.compile(rf"^\s*(?P<marks>{v.CIRCLED_READ})\s*(?P<title>[^\s:：(（].*)$")
# A circled number read as a mark or two that are no letter of a title (④ as `|`)
_KANA_KANJI = r"\p{Han}\p{Hiragana}\p{Katakana}"
MARK_READ_RE = regex.compile(rf"^[^{_KANA_KANJI}]{{1,2}}(?=[{_KANA_KANJI}])")


_KNOWN = (SECTION_RE, SUBSECTION_RE, GOAL_RE, POLICY_RE, v.HEADER_RE, *v.BOILERPLATE_RES)


def number_headings(
    lines: list[SourceLine], planned: Mapping[str, Mapping[str, int]] | None = None
) -> tuple[list[SourceLine], list[Finding]]:
    """lines with their heading labels and numerals as the order gives them, and the year
    of a header row whose year OCR could not read as the other header rows state it
    (header_years.py).
    planned: the plan's subsection numbers by title, per section (catalog.py)."""
    read_goals = (GOAL_RE.match(line.text) for line in lines if line.cells is None)
    goal_titles = frozenset(title_key(m["title"]) for m in read_goals if m and m["title"])
    numbers = Numbers(goal_titles, planned)
    read_policies = (POLICY_RE.match(line.text) for line in lines if line.cells is None)
    numbers.policy_titles = frozenset(
        title_key(m["title"]) for m in read_policies if m and m["title"]
    )
    out, findings = [], []
    years = stated_years(lines)
    places: dict[int, Place] = {}  # each table row's heading place, by index
    sections = _sections_read(lines)
    left = _headings_left(lines)
    for index, line in enumerate(lines):
        if line.cells is not None and len(line.cells) > v.DIRECTION:
            line, finding = _relisted(line)
            findings += [finding] if finding else []
            places[index] = (numbers.goal, numbers.policy, numbers.section, numbers.subsection)
            measure = line.cells[v.MEASURE_NO].strip()
            numbers.row(int(measure) if measure.isdecimal() else None)
        if v.HEADER_RE.match(line.text):
            numbers.under_subsection = False  # the next table needs a heading of its own
            line, finding = header_year_read(line, years)
            findings += [finding] if finding else []
        fixed = line.text
        if line.cells is None:  # a heading's reading may depend on the line after it
            after = next((x.text for x in lines[index + 1 :] if x.text.strip()), "")
            fixed = _heading(line.text, numbers, after, _following(sections, index))
        if fixed == line.text and (lost := _lost_circle(lines, index, numbers, left)):
            fixed = lost
        if fixed != line.text:
            line, finding = heading_read(line, fixed)
            findings.append(finding)
        out.append(line)
    out, agreed = agreed_titles(out)
    out, matched = match_markers(out, places)
    return out, findings + agreed + matched


# The numeral, then the rest of a whole code: `1-(2)-①` alone is a code whose numeral
# and dash were lost (markers.py), not Ⅰ with its policy lost.
RELISTED_RE = regex.compile(
    rf"^(?P<open>\s*【\s*再掲\s*)(?P<num>[^\s{ROMAN}\-－‐−]{{1,3}})"
    r"(?=\s*[-－‐−]\s*\d+\s*[-－‐−]?\s*[(（])"
)


def _relisted(line: SourceLine) -> tuple[SourceLine, Finding | None]:
    """`【再掲吊-3-(1)-③】`: the goal numeral of a relisted marker read as the Roman numeral."""
    assert line.cells is not None
    cell = line.cells[v.DIRECTION]
    m = RELISTED_RE.match(cell)
    number = _goal_number(m["num"]) if m else None
    if m is None or number is None or number > len(ROMAN):
        return line, None
    fixed = f"{m['open']}{ROMAN[number - 1]}{cell[m.end() :]}"
    cells = (*line.cells[: v.DIRECTION], fixed, *line.cells[v.DIRECTION + 1 :])
    finding = Finding(
        Severity.INFO,
        "ocr.heading_read",
        t("msg.ocr.relisted_read", read=m.group().strip(), fixed=ROMAN[number - 1]),
        source_page=line.page,
        field="direction_raw",
        found=m.group().strip(),
        suggestion=f"{m['open'].strip()}{ROMAN[number - 1]}",
    )
    return replace(line, cells=cells, text="\t".join(cells)), finding


def _lost_circle(
    lines: list[SourceLine], index: int, numbers: Numbers, left: float | None = None
) -> str:
    """A subsection heading whose circled number OCR lost, or read as a mark (④ as `|`),
    numbered ('': the line is none): a plain line in a section that is the title the
    plan gives a subsection of it (a misread page number may stand between it and the
    table on the next page), or any plain line just above a table's header row (every
    table of the report sits under its heading), numbered by its order. A line that reads
    as no title (mostly digits: a fax's transmit line), or stands away from where the
    headings start (left: a receipt stamp's text at the page's edge), is none: over a
    table run on from the page before, it made that table's rows a new subsection."""
    line = lines[index]
    if line.cells is not None or line.furniture or not numbers.section_open:
        return ""
    if numbers.under_subsection:  # this table has its heading already
        return ""
    before = next((x for x in reversed(lines[:index]) if x.text.strip()), None)
    if before is not None and v.LEGEND_RE.match(before.text):  # a legend's second line
        return ""
    text = line.text.strip()
    if not text or any(p.match(text) for p in _KNOWN) or v.LEGEND_RE.match(text):
        return ""
    if len(letters(text)) < TITLE_LETTERS:
        return ""  # a page number misread (−1− as ー]一) above a page's repeated header
    if len(letters(text)) < TITLE_SHARE * len("".join(text.split())) or _astray(line, left):
        return ""
    title = MARK_READ_RE.sub("", text)
    planned = numbers.planned_subsection(title, None)
    title = title if planned is not None else text
    after = next((x for x in lines[index + 1 :] if x.text.strip()), None)
    if planned is None and (after is None or not v.HEADER_RE.match(after.text)):
        return ""
    number = numbers.subsection_of(planned or numbers.subsection + 1, title, planned is not None)
    return f"{chr(0x245F + number)}{title}"


def _headings_left(lines: list[SourceLine]) -> float | None:
    """Where the page's headings start: the median left edge of the lines read as one."""
    edges = sorted(
        line.bbox[0]
        for line in lines
        if line.cells is None
        and line.bbox is not None
        and any(p.match(line.text) for p in (SECTION_RE, SUBSECTION_RE, GOAL_RE, POLICY_RE))
    )
    return edges[len(edges) // 2] if edges else None


def _astray(line: SourceLine, left: float | None) -> bool:
    """Does line start more than ALIGN_LINES of its height away from where headings do?"""
    if left is None or line.bbox is None:
        return False
    x0, top, _, bottom = line.bbox
    return abs(x0 - left) > ALIGN_LINES * (bottom - top)


def _circled(char: str) -> int | None:
    return v.circled_to_int(char) if regex.match(v.CIRCLED, char) else None


def _opens_part(text: str) -> bool:
    """Is text a ① heading (what follows a (1) heading)?"""
    m = SUBSECTION_RE.match(text)
    return bool(m) and _circled(m["marks"][-1]) == 1


def _sections_read(lines: list[SourceLine]) -> list[tuple[int, str, int | None]]:
    """Each section heading line's index, title and number as read, in order."""
    found = []
    for index, line in enumerate(lines):
        if line.cells is None and (m := SECTION_RE.match(line.text)):
            read = int(m["num"]) if m["num"].isdecimal() else _circled(m["num"])
            found.append((index, title_key(m["title"]), read))
    return found


def _following(sections: list[tuple[int, str, int | None]], index: int) -> int | None:
    """The number read on the next section heading after line index with another title
    (a page-top repeat of its own title is no next section)."""
    own = next((title for at, title, _ in sections if at == index), None)
    return next((read for at, title, read in sections if at > index and title != own), None)


def _heading(text: str, numbers: Numbers, after: str = "", following: int | None = None) -> str:
    """text as the heading its place makes it (after: the next line's text; following:
    the number read on the next section heading)."""
    m = SECTION_RE.match(text)
    if (
        m
        and not m["num"].isdecimal()
        and (
            _circled(m["num"]) == numbers.subsection + 1
            or numbers.planned_subsection(m["title"], None) is not None
        )
        and not _opens_part(after)
    ):  # `(②虐待…`: a stray parenthesis before the next ②, or before a title the plan
        # gives a subsection here (its ② printed again); `(②…` over ① is (2)
        m = None
        text = regex.sub(rf"^\s*{OPENING_READ}", "", text)
    if m:
        read = int(m["num"]) if m["num"].isdecimal() else _circled(m["num"])
        clean = bool(v.SECTION_RE.match(text))
        number = numbers.section_of(read, m["title"], clean, following)
        fixed = f"({number}){m['title']}"
        return text if title_key(fixed) == title_key(text) else fixed
    if (m := NUMERAL_LOST_RE.match(text)) and _opens_part(after):
        # `(再犯防止に…` over a ① heading: a section whose numeral OCR lost
        number = numbers.section_of(None, m["title"], False, following)
        return f"({number}){m['title']}"
    m = SUBSECTION_RE.match(text)
    if m:
        # ② read as ⑫ (the circle's left read as a 1): a mark past reach is its units.
        circled = [
            n % 10 if n > numbers.subsection + LEAP and n % 10 else n
            for n in map(_circled, m["marks"])
            if n is not None
        ]
        # One mark read as two (②③): the one the order expects, else the last.
        following = numbers.subsection + 1
        read = following if following in circled else (circled[-1] if circled else None)
        clean = bool(v.SUBSECTION_RE.match(text))
        if (planned := numbers.planned_subsection(m["title"], read)) is not None:
            read, clean = planned, True
        number = numbers.subsection_of(read, m["title"], clean)
        fixed = f"{chr(0x245F + number)}{m['title']}"
        return text if title_key(fixed) == title_key(text) else fixed
    m = GOAL_RE.match(text)
    if m and m["title"] and not regex.search(r"[\p{Han}\p{Hiragana}\p{Katakana}]", m["title"]):
        # The label and its numeral alone (基本目7団1: 標Ⅰ read as 7団1), the title read
        # on a line of its own: the page-top repeat of the goal the pages are under.
        number = numbers.goal or numbers.goal_of(_goal_number(m["title"].strip()), "", False)
        return f"基本目標{ROMAN[number - 1]}"
    if m and m["title"]:
        read, title = m["num"], m["title"]
        if (
            not read
            and regex.match(r"\p{Han}", title)
            and (title_key(title)[1:] in numbers.goal_titles or _numeral_run_in(title))
        ):
            # Ⅲ read as a kanji run into the title (息必要な…), which other pages read
            # without it, or which reads far better without it: that kanji is the numeral
            read, title = title[0], title[1:].lstrip()
        clean = bool(read) and (read in ROMAN or regex.fullmatch("[IVX]+", read))
        number = numbers.goal_of(_goal_number(read), title, bool(clean))
        fixed = f"基本目標{ROMAN[number - 1]} {title}"
        return text if title_key(fixed) == title_key(text) else fixed
    m = POLICY_RE.match(text)
    if m and m["title"]:
        read = int(m["num"]) if m["num"] and m["num"].isdigit() else (1 if m["num"] else None)
        number = numbers.policy_of(read, m["title"])
        fixed = f"基本施策{number} {m['title']}"
        return text if title_key(fixed) == title_key(text) else fixed
    relabelled = _relabelled(text, numbers)
    return _heading(relabelled, numbers, after, following) if relabelled != text else text


def _numeral_run_in(title: str) -> bool:
    """Does a goal title read far more naturally without its first kanji (NUMERAL_GAP):
    its numeral misread as a kanji, with no space between (邊必要な人に…)?"""
    from hotplan.typos.lattice import grammar

    cost = grammar().cost
    return cost(title) - cost(title[1:]) >= NUMERAL_GAP


def _relabelled(text: str, numbers: Numbers) -> str:
    """text with a misread 基本目標 or 基本施策 label (LABEL_ERRORS) printed right, else
    text: the label with fewer characters wrong, the title deciding a tie."""
    head, rest = text.lstrip()[:4], text.lstrip()[4:]
    if len(head) < 4:
        return text
    numeral = rest.lstrip()[:1]
    numbered = bool(numeral) and (numeral in _NUMERAL or numeral.isdecimal())
    found = []
    for label, titles in zip(LABELS, (numbers.goal_titles, numbers.policy_titles), strict=True):
        wrong = sum(a != b for a, b in zip(head, label, strict=True))
        known = _known_title(rest, titles)
        if wrong <= LABEL_ERRORS and (known or (wrong <= 1 and numbered)):
            found.append((wrong, not known, label))
    return min(found)[2] + rest if found else text


def _known_title(rest: str, titles: frozenset[str]) -> bool:
    """Is rest, after a numeral of up to two characters, a title read elsewhere?"""
    from rapidfuzz import fuzz

    key = title_key(rest)
    return any(fuzz.ratio(key[skip:], title) >= SAME_TITLE for skip in range(3) for title in titles)
