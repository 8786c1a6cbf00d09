"""Parse the report's lines into table rows that know their place in the heading hierarchy.

Input is a sequence of SourceLine: a text dump gives one per physical line; the PDF reader
gives one per visual line or table row (with its cells already split). Every non-blank
line is classified; a line that is nothing known becomes an `input.unparsed_line` finding,
so nothing the document contains is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.findings import Finding, Severity
from hotplan.messages import label, t


class Level(StrEnum):
    GOAL = "goal"
    POLICY = "policy"
    SECTION = "section"
    SUBSECTION = "subsection"


class LineKind(StrEnum):
    BLANK = "blank"
    BOILERPLATE = "boilerplate"
    LEGEND = "legend"
    HEADING = "heading"
    REPEATED_HEADING = "repeated_heading"
    HEADER = "header"
    ROW = "row"
    UNPARSED = "unparsed"


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line in the text, or running line number in a PDF
    text: str
    page: int | None = None
    cells: tuple[str, ...] | None = None  # pre-split cells (PDF table rows)
    bbox: tuple[float, float, float, float] | None = None  # x0, top, x1, bottom on the page
    furniture: bool = False  # a running title or page number, found by repetition

    @property
    def source_line(self) -> int | None:
        """Line number a person can look up: the text dump's line; none in a PDF."""
        return self.number if self.page is None else None


@dataclass(frozen=True)
class Heading:
    level: Level
    number: int
    title: str
    line: int
    page: int | None = None
    printed: str = ""  # the number as printed: "I", "Ⅱ", "3", "②"

    @property
    def where(self) -> str:
        if self.page is not None:
            return t("where.page", page=self.page)
        return t("where.line", line=self.line)


@dataclass(frozen=True)
class Scope:
    """The headings in force; `id` changes whenever a heading opens a new part."""

    id: int = 0
    goal: Heading | None = None
    policy: Heading | None = None
    section: Heading | None = None
    subsection: Heading | None = None


@dataclass(frozen=True)
class RawRow:
    line: SourceLine
    serial: int
    cells: tuple[str, ...]  # exactly ROW_CELLS, missing ones as ""
    scope: Scope
    year: int | None  # fiscal year of the header row in force


@dataclass
class ParsedDocument:
    rows: list[RawRow] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)
    years: list[tuple[int, SourceLine]] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)  # every heading printed, repeats too
    title: str | None = None
    kinds: dict[int, LineKind] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def fiscal_year(self) -> int | None:
        """The year most header rows state (they must all agree; a mismatch is an error)."""
        if not self.years:
            return None
        counts: dict[int, int] = {}
        for year, _ in self.years:
            counts[year] = counts.get(year, 0) + 1
        return max(counts, key=lambda y: (counts[y], -y))


HEADING_PATTERNS = (  # each heading level and the line it is printed as
    (Level.GOAL, v.GOAL_RE),
    (Level.POLICY, v.POLICY_RE),
    (Level.SECTION, v.SECTION_RE),
    (Level.SUBSECTION, v.SUBSECTION_RE),
)


def printed_number(level: Level, number: int) -> str:
    """A heading number in the document's style: Ⅱ, 2, (2), ②."""
    if level is Level.GOAL:
        return v.int_to_roman(number)
    if level is Level.SECTION:
        return f"({number})"
    if level is Level.SUBSECTION:
        return v.int_to_circled(number)
    return str(number)


def heading_number(level: Level, printed: str) -> int:
    if level is Level.GOAL:
        return v.roman_to_int(printed)
    if level is Level.SUBSECTION:
        return v.circled_to_int(printed)
    return int(printed)


def match_heading(text: str, line: SourceLine) -> Heading | None:
    for level, pattern in HEADING_PATTERNS:
        m = pattern.match(text)
        if m:
            if m["num"].isdecimal() and v.domain_number(m["num"]) is None:
                return None  # `基本施策` with 25 digits: no heading (an unparsed line)
            number = heading_number(level, m["num"])
            return Heading(level, number, m["title"], line.number, line.page, m["num"])
    return None


def header_year(text: str) -> int | None:
    m = v.YEAR_RE.search(text)
    if m:
        return int(m["year"])
    m = v.ERA_YEAR_RE.search(text)
    if m:
        return v.REIWA_OFFSET + (1 if m["era"] == "元" else int(m["era"]))
    return None


def _similar(a: str, b: str) -> float:
    return fuzz.ratio(v.unwrap(a), v.unwrap(b)) / 100.0


def is_repeat(current: Heading, h: Heading) -> bool:
    """Is h the heading in force printed again (at a page top)?

    Goals and policies are repeated at every page top: the same number is the same heading,
    whatever typo its title has there. Deeper levels count as repeated only with the same or
    nearly the same title, because a document may misnumber two different subsections ②.
    """
    if current.number != h.number:
        return False
    if h.level in (Level.GOAL, Level.POLICY):
        return True
    return _similar(current.title, h.title) >= v.REPEAT_TITLE_SIMILARITY


class _Parser:
    def __init__(self) -> None:
        self.doc = ParsedDocument()
        self.scope = Scope()
        self.year: int | None = None
        self.last_legend: str | None = None  # symbol of the legend entry just read

    # -- findings -------------------------------------------------------------------------
    def finding(self, severity: Severity, check: str, line: SourceLine, message: str, **kw) -> None:
        self.doc.findings.append(
            Finding(
                severity, check, message, source_line=line.source_line, source_page=line.page, **kw
            )
        )

    # -- one line -------------------------------------------------------------------------
    def feed(self, line: SourceLine) -> None:
        kind = self.classify(line)
        self.doc.kinds[line.number] = kind
        if kind is not LineKind.BLANK:
            self.last_legend = self.last_legend if kind is LineKind.LEGEND else None

    def classify(self, line: SourceLine) -> LineKind:
        text = line.text
        if line.cells is None and not text.strip():
            return LineKind.BLANK
        if line.furniture:
            return LineKind.BOILERPLATE
        if line.cells is not None or v.ROW_RE.match(text):
            return self.row(line)
        if v.HEADER_RE.match(text):
            return self.header(line)
        heading = match_heading(text, line)
        if heading is not None:
            return self.heading(heading, line)
        if any(p.search(text) for p in v.BOILERPLATE_RES):
            if v.TITLE_RE.search(text) and self.doc.title is None:
                self.doc.title = text.strip()
            return LineKind.BOILERPLATE
        if v.LEGEND_PREFIX_RE.fullmatch(text):  # `凡例` on a line of its own
            return LineKind.LEGEND
        entries = v.legend_entries(text)
        for symbol, meaning in entries:
            self.legend(symbol, meaning, line)
        if entries:
            self.last_legend = None  # a one-line legend has no continuation
            return LineKind.LEGEND
        m = v.LEGEND_RE.match(text)
        if m:
            return self.legend(m["symbol"], m["label"], line)
        if self.legend_continues(text):
            assert self.last_legend is not None
            self.doc.legend[self.last_legend] += text.strip()
            if not text.strip().endswith(v.LEGEND_JOINERS):
                self.last_legend = None
            return LineKind.LEGEND
        self.finding(
            Severity.WARNING,
            "input.unparsed_line",
            line,
            t("msg.input.unparsed_line"),
            found=text.strip(),
        )
        return LineKind.UNPARSED

    def legend_continues(self, text: str) -> bool:
        """Is this short line the rest of the legend label just read (`進捗遅れ`)?"""
        if self.last_legend is None:
            return False
        text = text.strip()
        return len(text) <= v.LEGEND_CONTINUATION_MAX and not any(c in text for c in ":：")

    def legend(self, symbol: str, label: str, line: SourceLine) -> LineKind:
        known = self.doc.legend.get(symbol)
        if known is not None and known != label:
            self.finding(
                Severity.WARNING,
                "legend.conflict",
                line,
                t("msg.legend.conflict", symbol=symbol, label=label, known=known),
                found=label,
                suggestion=known,
            )
        else:
            self.doc.legend.setdefault(symbol, label)
        self.last_legend = symbol if known is None else None
        return LineKind.LEGEND

    def header(self, line: SourceLine) -> LineKind:
        year = header_year(line.text)
        if year is None:
            self.finding(
                Severity.ERROR,
                "header.year_missing",
                line,
                t("msg.header.year_missing"),
                found=line.text.strip(),
            )
            return LineKind.HEADER
        first = self.doc.years[0][0] if self.doc.years else None
        if first is not None and year != first:
            self.finding(
                Severity.ERROR,
                "header.year_mismatch",
                line,
                t("msg.header.year_mismatch", year=year, first=first),
                field="fiscal_year",
                found=str(year),
                suggestion=str(first),
            )
        self.doc.years.append((year, line))
        self.year = year
        return LineKind.HEADER

    def heading(self, h: Heading, line: SourceLine) -> LineKind:
        self.doc.headings.append(h)
        current: Heading | None = getattr(self.scope, h.level.value)
        if current is not None and is_repeat(current, h):
            if v.unwrap(current.title) != v.unwrap(h.title):
                self.finding(
                    Severity.WARNING,
                    "heading.title_variant",
                    line,
                    t(
                        "msg.heading.title_variant",
                        level=label("level", h.level.value),
                        number=printed_number(h.level, h.number),
                        where=current.where,
                    ),
                    field=f"{h.level.value}_title",
                    found=h.title,
                    suggestion=current.title,
                )
            return LineKind.REPEATED_HEADING
        self.check_numbering(h, current, line)
        self.open(h)
        return LineKind.HEADING

    def check_numbering(self, h: Heading, current: Heading | None, line: SourceLine) -> None:
        expected = 1 if current is None else current.number + 1
        if h.number != expected:
            found, wanted = printed_number(h.level, h.number), printed_number(h.level, expected)
            self.finding(
                Severity.WARNING,
                "heading.numbering",
                line,
                t(
                    "msg.heading.numbering",
                    level=label("level", h.level.value),
                    found=found,
                    wanted=wanted,
                ),
                field=h.level.value,
                found=found,
                suggestion=wanted,
            )

    def open(self, h: Heading) -> None:
        s = self.scope
        new_id = s.id + 1
        if h.level is Level.GOAL:
            self.scope = Scope(new_id, goal=h)
        elif h.level is Level.POLICY:
            self.scope = Scope(new_id, goal=s.goal, policy=h)
        elif h.level is Level.SECTION:
            self.scope = Scope(new_id, goal=s.goal, policy=s.policy, section=h)
        else:
            self.scope = Scope(new_id, s.goal, s.policy, s.section, subsection=h)

    def row(self, line: SourceLine) -> LineKind:
        cells = line.cells if line.cells is not None else tuple(line.text.split(v.CELL_SEPARATOR))
        cells = tuple(c.strip() for c in cells)
        serial = v.domain_number(cells[0])
        if serial is None:
            beyond = cells[0].isdecimal()
            self.finding(
                Severity.ERROR,
                "row.serial_invalid",
                line,
                t(
                    "msg.row.serial_beyond",
                    serial=cells[0][:12] + ("…" if len(cells[0]) > 12 else ""),
                    limit=v.MAX_NUMBER,
                )
                if beyond
                else t("msg.row.serial_missing"),
                found=cells[0][:80],
            )
            return LineKind.ROW
        if len(cells) < v.ROW_CELLS:
            self.finding(
                Severity.ERROR,
                "row.missing_cells",
                line,
                t("msg.row.missing_cells", cells=len(cells), expected=v.ROW_CELLS),
                serial=serial,
                found=line.text.strip()[:80],
            )
            cells = cells + ("",) * (v.ROW_CELLS - len(cells))
        elif len(cells) > v.ROW_CELLS:
            self.finding(
                Severity.ERROR,
                "row.extra_cells",
                line,
                t("msg.row.extra_cells", cells=len(cells), expected=v.ROW_CELLS),
                serial=serial,
                found=line.text.strip()[:80],
            )
            cells = (*cells[:3], "".join(cells[3:-1]), cells[-1])
        self.doc.rows.append(RawRow(line, serial, cells, self.scope, self.year))
        return LineKind.ROW


def parse_lines(lines: list[SourceLine]) -> ParsedDocument:
    parser = _Parser()
    for line in lines:
        parser.feed(line)
    return parser.doc
