"""Rebuild the report's lines and table rows from PDF page geometry.

Output is the same SourceLine stream the text dump gives the parser: one line per heading
or other text, one per header row, one per table row with its five cells already split.

- Columns come from the header row (header.py): its labels name them, the rules and fills
  the page draws around it or the text-free gutters of the body place their boundaries.
- Running titles and page numbers are found by repetition (furniture.py): they are kept as
  boilerplate lines, never put in a cell, and never close a table.
- Rows: horizontal rules where present, otherwise vertical gaps; a band without a 通番 is
  the rest of the previous row, broken across a page.
- A table stays open across page breaks: page-top 基本目標/基本施策 repeats, page numbers and
  other boilerplate do not close it, any other text line does.
- Wrapped lines are joined without spaces (one space only where two Latin words meet);
  department cells break between names, so their lines are joined with a space unless a
  line ends inside a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from hotplan import vocabulary as v
from hotplan.collector import collector_paused
from hotplan.document.parse import SourceLine
from hotplan.errors import LayoutError
from hotplan.findings import Finding, Severity
from hotplan.messages import t
from hotplan.sources.pdf.furniture import Page as FurniturePage
from hotplan.sources.pdf.furniture import edge_lines, find_furniture
from hotplan.sources.pdf.header import Header, read_header
from hotplan.sources.pdf.labels import anchor_char
from hotplan.sources.pdf.lines import Line, bbox_of, cluster_lines, reading_order, split_segments
from hotplan.sources.pdf.page import Char, PdfPage
from hotplan.sources.pdf.rows import RowBuilder, bands, is_serial, separators, serial_free
from hotplan.sources.pdf.table_columns import Columns

BLOCK = 16  # pages laid out at a time (see layout_lines)
SAME_HEADING = 85  # rapidfuzz ratio: a line this like a 基本目標/基本施策 heading repeats it


@dataclass(frozen=True)
class Drawing:
    """What a page draws for one table layout: the y of its row separators, and the
    bottom of the grid its vertical rules draw (None: fewer than two rules)."""

    separators: list[float]
    floor: float | None

    @classmethod
    def of(cls, page: PdfPage, columns: Columns) -> Drawing:
        left, right = columns.left, columns.right
        walls = [r for r in page.vrules if left - 2 <= r[0] <= right + 2]
        floor = max(r[2] for r in walls) + 1.0 if len(walls) >= 2 else None
        return cls(separators(page, columns), floor)


class _Reader:
    def __init__(self) -> None:
        self.out: list[SourceLine | RowBuilder] = []
        self.row: RowBuilder | None = None  # the row that text may still be added to
        self.findings: list[Finding] = []
        self.columns: Columns | None = None
        self.layouts: list[Columns] = []
        self.pending: list[Line] = []  # text lines not yet emitted
        self.table_open = False
        self.rejected: list[tuple[int, tuple[str, ...]]] = []  # unusable header rows
        self.headings: set[str] = set()  # 基本目標/基本施策 lines so far, without spaces
        self.drawing: tuple[tuple[int, int], Drawing] | None = None  # page_drawing's

    def text_line(self, line: Line) -> None:
        self.pending.append(line)

    def flush_text(self) -> None:
        """Emit pending text lines block by block (a boxed legend stays together)."""
        for line in reading_order(self.pending):
            self.out.append(SourceLine(0, line.text, page=line.page, bbox=bbox_of(line.chars)))
            self.mapped_characters(line.chars, line.page)
        self.pending = []

    def mapped_characters(self, chars: list[Char], page: int) -> None:
        """Findings for characters read as another code point than the one printed."""
        mapped = [c for c in chars if c.printed]
        kangxi = [c for c in mapped if "\u2f00" <= (c.printed or "") <= "\u2fdf"]
        jis = [c for c in mapped if not "\u2f00" <= (c.printed or "") <= "\u2fdf"]
        for group, check in ((kangxi, "pdf.kangxi_radical"), (jis, "pdf.jis_variant")):
            if not group:
                continue
            found = "".join(c.printed or "" for c in group)
            self.findings.append(
                Finding(
                    Severity.INFO,
                    check,
                    t(
                        f"msg.{check}",
                        count=len(group),
                        code=f"{ord(found[0]):04X}",
                        char=found[0],
                    ),
                    source_page=page,
                    found=found,
                    suggestion="".join(c.text for c in group),
                )
            )

    def keeps_table_open(self, text: str) -> bool:
        """Page furniture that may stand between two parts of one table: a 基本目標 or
        基本施策 heading, or a line much like one printed before (a page-top repeat that
        OCR misread: 基本月標四 for 基本目標Ⅲ), and boilerplate."""
        if v.GOAL_OR_POLICY_START_RE.match(text):
            return True
        if any(p.search(text) for p in v.BOILERPLATE_RES):
            return True
        from rapidfuzz import fuzz, process

        flat = "".join(text.split())
        return (
            process.extractOne(flat, self.headings, scorer=fuzz.ratio, score_cutoff=SAME_HEADING)
            is not None
        )

    def note_heading(self, line: Line, loose: bool = False) -> None:
        """Remember a 基本目標 or 基本施策 heading, for its page-top repeats. loose: a line
        read as text outside a table, whose label OCR may have misread (共本日標): a
        table's own lines are never taken for one (a cell's line may start 基本構想)."""
        pattern = v.GOAL_OR_POLICY_LOOSE_RE if loose else v.GOAL_OR_POLICY_START_RE
        if pattern.match(line.text):
            self.headings.add("".join(line.text.split()))

    def page(self, view: PageView, furniture: list[Line]) -> None:
        page, lines, headers = view.page, view.lines, view.headers
        self.rejected += [(page.number, seen) for seen in view.rejected]
        if furniture:  # never inside a header row: the headers stand
            drop = {id(c) for line in furniture for c in line.chars}
            page = replace(page, chars=[c for c in page.chars if id(c) not in drop])
            lines = [without(line, drop) for line in lines]
            lines = [line for line in lines if line is not None and line.text.strip()]
        table: list[Line] = []
        for line in lines:
            self.note_heading(line)
            middle = (line.top + line.bottom) / 2
            header = next((h for h in headers if h.top - 0.5 <= middle <= h.bottom + 0.5), None)
            if header is not None:
                if not header.seen:  # first line of this header row
                    header.seen = True
                    self.flush(table, page)
                    table = []
                    self.flush_text()
                    self.columns, self.table_open = self.layout(header.columns), True
                    self.out.append(SourceLine(0, "\t".join(header.texts), page=page.number))
                for seg in self.split_by_table(line)[1]:  # text beside the header row
                    self.text_line(seg)
                continue
            if self.table_open and self.columns is not None and self.below_grid(line, page, lines):
                self.flush(table, page)  # the rows above it come first
                table = []
                self.text_line(line)  # under the drawn grid: a page number, a note
                continue
            if self.table_open and self.columns is not None:
                inside, outside = self.split_by_table(line)
                if inside is None:  # wholly beside the table (a note; grain OCR read as
                    for seg in outside:  # a glyph): the table's rows go on under it
                        self.text_line(seg)
                    continue
                if (
                    inside
                    and serial_free(inside, self.columns)
                    and not self.keeps_table_open(inside.text)
                ):
                    table.append(inside)
                    for seg in outside:
                        self.text_line(seg)
                    continue
                if not self.keeps_table_open(line.text):
                    self.table_open = False
            self.flush(table, page)
            table = []
            for seg in split_segments(line):
                self.note_heading(seg, loose=True)
                self.text_line(seg)
        self.flush(table, page)
        self.flush_text()
        for line in furniture:
            self.out.append(
                SourceLine(0, line.text, page.number, bbox=bbox_of(line.chars), furniture=True)
            )

    def below_grid(self, line: Line, page: PdfPage, lines: list[Line]) -> bool:
        """Is the line wholly under the grid that the table's vertical rules draw on this
        page, with no table row under the grid either? Text there is no cell's (a cell's
        text lies between its rules), though the table goes on."""
        assert self.columns is not None
        floor = self.page_drawing(page).floor
        if floor is None or line.top <= floor:
            return False
        return not any(x.top > floor and is_serial(x, self.columns) for x in lines)

    def page_drawing(self, page: PdfPage) -> Drawing:
        """What the page draws for the table's layout, measured once per page and layout
        (a page is flushed and asked about line by line)."""
        assert self.columns is not None
        key = (page.number, id(self.columns))
        if self.drawing is None or self.drawing[0] != key:
            self.drawing = key, Drawing.of(page, self.columns)
        return self.drawing[1]

    def layout(self, columns: Columns) -> Columns:
        """The document's earlier layout when this header has the same columns."""
        for known in self.layouts:
            if known.same_layout(columns):
                return known
        self.layouts.append(columns)
        return columns

    def split_by_table(self, line: Line) -> tuple[Line | None, list[Line]]:
        assert self.columns is not None
        left, right = self.columns.left, self.columns.right
        inside, outside = [], []
        for c in line.chars:
            (inside if left <= (c.x0 + c.x1) / 2 <= right else outside).append(c)
        segs = split_segments(Line(outside, line.page)) if outside else []
        return (Line(inside, line.page) if inside else None), segs

    def flush(self, table: list[Line], page: PdfPage) -> None:
        if not table or self.columns is None:
            return
        self.flush_text()
        self.columns.observe(table)
        for band in bands(table, self.columns, self.page_drawing(page).separators):
            chars = [c for line in band for c in line.chars]
            if any(is_serial(line, self.columns) for line in band):
                self.close_row()
                self.row = RowBuilder(page.number, self.columns)
                self.out.append(self.row)
            row = self.row
            if row is None:  # table text with no row to continue: keep it visible as lines
                for line in band:
                    self.text_line(line)
                continue
            row.add(chars, page.number)

    def close_row(self) -> None:
        """The open row is complete: its mapped characters become findings; it is packed."""
        if self.row is not None:
            self.mapped_characters(self.row.chars(), self.row.page)
            self.row.pack()
            self.row = None

    def lines(self) -> list[SourceLine]:
        self.close_row()
        result = []
        for number, item in enumerate(self.out, start=1):
            if isinstance(item, RowBuilder):
                cells, bbox = item.finish()
                result.append(
                    SourceLine(number, "\t".join(cells), page=item.page, cells=cells, bbox=bbox)
                )
            else:
                result.append(replace(item, number=number))
        return result


def without(line: Line, drop: set[int]) -> Line | None:
    """The line less the characters whose ids are in drop (the same line if none are)."""
    kept = [c for c in line.chars if id(c) not in drop]
    if len(kept) == len(line.chars):
        return line
    return Line(kept, line.page) if kept else None


def text_lines(page: PdfPage) -> list[Line]:
    return [line for line in cluster_lines(page.chars, page.number) if line.text.strip()]


@dataclass
class PageView:
    """A page read once: its visual lines and header rows (and the unusable ones)."""

    page: PdfPage
    lines: list[Line]
    headers: list[Header]
    rejected: list[tuple[str, ...]]  # labels found in each unusable 通番 header row


def view_page(page: PdfPage) -> PageView:
    lines = text_lines(page)
    headers: list[Header] = []
    rejected: list[tuple[str, ...]] = []
    for line in lines:
        middle = (line.top + line.bottom) / 2
        if any(h.top - 0.5 <= middle <= h.bottom + 0.5 for h in headers):
            continue
        if v.HEADER_ANCHOR[0] not in line.text or anchor_char(line, page.chars) is None:
            continue
        header, seen = read_header(page, lines, line)
        if header is None:
            rejected.append(seen)
        else:
            headers.append(header)
    return PageView(page, lines, headers, rejected)


@collector_paused()
def layout_lines(pages: Iterable[PdfPage]) -> tuple[list[SourceLine], list[Finding]]:
    """The document's lines and table rows; LayoutError when no header row can be used.

    Reading and layout build a few hundred thousand short-lived objects, none in a cycle of
    their own (the readers close each page; a 25-page report leaves ~9 cyclic objects a
    page, pypdfium2's; pdfplumber keeps its pages until the document closes anyway), so
    the cyclic collector, paused here, would only scan them: 10-20% of the stage's time,
    and most of its spread from run to run.

    Pages flow through in blocks of BLOCK: a block is laid out once the next block has been
    read, its furniture judged on the margin lines of the pages around it (up to BLOCK
    before and after), so memory does not grow with the page count; a document of fewer
    than 2 × BLOCK pages is judged as a whole."""
    reader = _Reader()
    views: list[PageView] = []  # read, not yet laid out
    edges: dict[int, list[Line]] = {}  # margin lines of the pages around them
    for page in pages:
        view = view_page(page)
        views.append(view)
        edges[page.number] = edge_lines(
            FurniturePage(
                page.number, page.height, view.lines, [(h.top, h.bottom) for h in view.headers]
            )
        )
        if len(views) == 2 * BLOCK:
            _lay_out(reader, views[:BLOCK], edges)
            views = views[BLOCK:]
            edges = {n: e for n, e in edges.items() if n >= views[0].page.number - BLOCK}
    _lay_out(reader, views, edges)
    if reader.rejected and not reader.layouts:
        number, seen = reader.rejected[0]
        raise LayoutError(
            t(
                "input.header_labels",
                page=number,
                seen=len(seen),
                expected=v.ROW_CELLS,
                labels=f": {', '.join(seen)}" if seen else "",
                wanted=", ".join(name for name, _ in v.HEADER_LABELS),
            )
        )
    for number, seen in reader.rejected:
        reader.findings.append(
            Finding(
                Severity.WARNING,
                "pdf.header_unreadable",
                t(
                    "msg.pdf.header_unreadable",
                    seen=len(seen),
                    expected=v.ROW_CELLS,
                    labels=f" ({', '.join(seen)})" if seen else "",
                ),
                source_page=number,
            )
        )
    return reader.lines(), reader.findings


def _lay_out(reader: _Reader, views: list[PageView], edges: dict[int, list[Line]]) -> None:
    furniture = find_furniture(edges)
    for view in views:
        reader.page(view, furniture.get(view.page.number, []))
