"""Print the 2024 report the way office software does: tests/office/*.pdf (`make fixtures`).

The PDF reader must not depend on one look, so its test set includes real office output, not
only reportlab: Word documents (.docx, and .odt converted from them) and Excel workbooks
(.xlsx) built from the 2024 measures and printed to PDF by LibreOffice Writer and Calc. Each
variant turns on features seen in real renditions: per-cell header fills (white text on a dark
fill), letter-spaced or wrapped header labels, a legend box above the table's right end,
running page headers, page numbers in several styles, horizontal-only or no rules, zebra
fills, portrait/landscape, A4/A3, Gothic/Mincho, print titles and gridlines in Calc.

Needs LibreOffice (`apt-get install libreoffice-writer-nogui libreoffice-calc-nogui`, done by
`make fixtures`), python-docx and openpyxl. The PDFs are committed, so `make test` needs none.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

import hotplan
from hotplan import vocabulary as v

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "office"
TITLE = "町田市地域ホッとプラン 取組の進捗状況について"
RUNNING = "町田市地域ホッとプラン 進捗状況"
LEGEND = ("○:実施", "△:未実施・進捗遅れ")
GOTHIC, MINCHO = "IPAexGothic", "IPAexMincho"


@dataclass(frozen=True)
class Variant:
    name: str
    labels: tuple[str, ...]  # header labels; "\n" is a line break inside the cell
    font: str = GOTHIC
    size: float = 9.0
    landscape: bool = True
    paper: str = "A4"
    borders: str = "grid"  # grid | horizontal | none | double
    header_fill: str | None = "D9D9D9"
    header_white: bool = False  # white text on the fill
    repeat_header: bool = True
    zebra: str | None = None  # fill of every other body row
    footer: str = "- {PAGE} -"  # {PAGE}, {NUMPAGES}
    running: str | None = None  # "left" | "right": a running title in the page header
    widths: tuple[float, ...] = (12, 14, 38, 185, 20)  # mm
    via_odt: bool = False


LABELS = ("通番", "取組施策 No.", "担当課 / 掲載P", "取組の方向性", "2024年度進捗評価")
SPACED = ("通　番", "取組施策\nNo.", "担当課・掲載P", "取 組 の 方 向 性", "2024年度進捗\n評価")
WRAPPED = ("通番", "取組\n施策\nNo.", "担当課\n/掲載P", "取組の方向性", "2024年度\n進捗評価")

WRITER = (
    Variant(
        "writer_dark_fill",
        LABELS,
        header_fill="1F3864",
        header_white=True,
        running="right",
    ),
    Variant(
        "writer_spaced_mincho",
        SPACED,
        font=MINCHO,
        size=10.5,
        repeat_header=False,
        footer="P.{PAGE}",
        running="left",
        widths=(13, 17, 40, 180, 22),
    ),
    Variant(
        "writer_hrules_portrait",
        WRAPPED,
        size=8.0,
        landscape=False,
        borders="horizontal",
        footer="{PAGE} / {NUMPAGES}",
        widths=(11, 11, 30, 112, 16),
        via_odt=True,
    ),
    Variant(
        "writer_unruled_zebra",
        LABELS,
        size=7.5,
        landscape=False,
        borders="none",
        header_fill="BDD7EE",
        zebra="F2F2F2",
        footer="{PAGE}",
        widths=(11, 12, 30, 118, 17),
        via_odt=True,
    ),
    Variant(
        "writer_a3_double",
        SPACED,
        size=10.5,
        paper="A3",
        borders="double",
        footer="－{PAGE}－",
        running="right",
        widths=(16, 20, 52, 280, 30),
    ),
)


# -- Writer (.docx, optionally via .odt) -------------------------------------------------------


def _set_east_asian(run_or_style, font: str) -> None:
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), font)


def _shade(cell, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _borders(table, kind: str) -> None:
    """Table borders: a full grid, horizontal rules only, none, or a double frame."""
    edges = {
        "grid": dict.fromkeys(("top", "left", "bottom", "right", "insideH", "insideV"), "single"),
        "horizontal": {"top": "single", "bottom": "single", "insideH": "single"},
        "none": {},
        "double": {
            "top": "double",
            "left": "double",
            "bottom": "double",
            "right": "double",
            "insideH": "single",
            "insideV": "single",
        },
    }[kind]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), edges.get(edge, "nil"))
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _cell_text(cell, text: str, variant: Variant, *, bold=False, white=False, center=False):
    """Write text into a cell; "\n" starts a new paragraph (a printed line break)."""
    cell.paragraphs[0].text = ""
    for i, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.font.size = Pt(variant.size)
        run.bold = bold
        _set_east_asian(run, variant.font)
        if white:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _page_number(paragraph, pattern: str) -> None:
    """A footer like `- {PAGE} -` with live PAGE/NUMPAGES fields."""
    rest = pattern
    while rest:
        head, brace, tail = rest.partition("{")
        if head:
            paragraph.add_run(head)
        if not brace:
            break
        name, _, rest = tail.partition("}")
        _field(paragraph, name)


def _heading(document, text: str, variant: Variant) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run(text)
    run.font.size = Pt(variant.size + 1.5)
    run.bold = True
    _set_east_asian(run, variant.font)


def _legend(document, variant: Variant) -> None:
    """The legend, boxed, standing above the right end of the first table."""
    table = document.add_table(rows=len(LEGEND), cols=1)
    table.alignment = WD_TABLE_ALIGNMENT.RIGHT
    _borders(table, "grid")
    table.columns[0].width = Mm(45)
    for row, text in zip(table.rows, LEGEND, strict=True):
        row.cells[0].width = Mm(45)
        _cell_text(row.cells[0], text, variant)
    spacer = document.add_paragraph()  # two tables that touch would merge into one
    spacer.paragraph_format.space_after = Pt(0)


def _table(document, rows: list[dict], variant: Variant) -> None:
    table = document.add_table(rows=1, cols=5)
    table.autofit = False
    _borders(table, variant.borders)
    header = table.rows[0]
    if variant.repeat_header:
        tr_pr = header._tr.get_or_add_trPr()
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        tr_pr.append(repeat)
    for cell, label in zip(header.cells, variant.labels, strict=True):
        if variant.header_fill:
            _shade(cell, variant.header_fill)
        _cell_text(cell, label, variant, bold=True, white=variant.header_white, center=True)
    for k, r in enumerate(rows):
        cells = table.add_row().cells
        departments = "\n".join([*r["departments"], f"(P.{r['page_ref']})"])
        values = (str(r["serial"]), str(r["measure_no"]), departments, r["direction_raw"])
        for col, value in enumerate((*values, r["rating"])):
            _cell_text(cells[col], value, variant, center=col in (0, 1, 4))
            if variant.zebra and k % 2:
                _shade(cells[col], variant.zebra)
    for column, width in zip(table.columns, variant.widths, strict=True):
        column.width = Mm(width)  # the grid LibreOffice lays out by
    for row in table.rows:
        for cell, width in zip(row.cells, variant.widths, strict=True):
            cell.width = Mm(width)


def _section_setup(document, variant: Variant) -> None:
    section = document.sections[0]
    short, long_ = (Mm(210), Mm(297)) if variant.paper == "A4" else (Mm(297), Mm(420))
    if variant.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.page_width, section.page_height = short, long_
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer, variant.footer)
    if variant.running:
        header = section.header.paragraphs[0]
        header.text = RUNNING
        header.alignment = (
            WD_ALIGN_PARAGRAPH.RIGHT if variant.running == "right" else WD_ALIGN_PARAGRAPH.LEFT
        )
    normal = document.styles["Normal"]
    normal.font.size = Pt(variant.size)
    _set_east_asian(normal, variant.font)


def groups(records: list[dict]):
    """Records per subsection, with the headings that open before each group."""
    current: dict[str, tuple] = {}
    group: list[dict] = []
    opened: list[str] = []
    for r in records:
        keys = {
            "goal": (r["goal"], r["policy"]),
            "section": (r["goal"], r["policy"], r["section"]),
            "sub": (r["goal"], r["policy"], r["section"], r["subsection"], r["subsection_title"]),
        }
        if keys["sub"] != current.get("sub"):
            if group:
                yield opened, group
            opened, group = [], []
            if keys["goal"] != current.get("goal"):
                opened += [
                    f"基本目標{v.int_to_roman(r['goal'])} {r['goal_title']}",
                    f"基本施策{r['policy']} {r['policy_title']}",
                ]
            if keys["section"] != current.get("section"):
                opened.append(f"({r['section']}){r['section_title']}")
            if r["subsection"] is not None:
                opened.append(f"{v.int_to_circled(r['subsection'])}{r['subsection_title']}")
            current = keys
        group.append(r)
    if group:
        yield opened, group


def writer_document(records: list[dict], variant: Variant, path: Path) -> None:
    document = docx.Document()
    _section_setup(document, variant)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(TITLE)
    run.font.size = Pt(14)
    _set_east_asian(run, variant.font)
    for label in ("資料5-2", "参考資料①"):
        paragraph = document.add_paragraph(label)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for n, (headings, rows) in enumerate(groups(records)):
        for text in headings:
            _heading(document, text, variant)
        if n == 0:
            _legend(document, variant)
        _table(document, rows, variant)
        document.add_paragraph()
    document.save(path)


# -- Calc (.xlsx) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    name: str
    landscape: bool = True
    gridlines: bool = True  # printed gridlines instead of cell borders
    borders: bool = False
    header_fill: str = "DDEBF7"
    header_white: bool = False
    print_titles: bool = True
    footer: str = "&P / &N"
    running: str | None = None
    widths: tuple[float, ...] = (5, 6, 18, 80, 9)  # character widths
    font: str = GOTHIC
    size: float = 9.0


CALC = (
    Sheet("calc_gridlines_titles"),
    Sheet(
        "calc_borders_dark",
        landscape=False,
        gridlines=False,
        borders=True,
        header_fill="203864",
        header_white=True,
        print_titles=False,
        footer="- &P -",
        running="right",
        widths=(4, 5, 14, 60, 8),
        font=MINCHO,
    ),
)


def _row_height(values: tuple, sheet: Sheet) -> float:
    """Points for a row whose wrapped cells all show (Calc keeps the height it is given)."""
    lines = 1
    for value, width in zip(values, sheet.widths, strict=True):
        room = max(1, int(width * 5.6 / sheet.size))  # full-width characters per line
        pieces = str(value).split("\n")
        lines = max(lines, sum(-(-max(1, len(piece)) // room) for piece in pieces))
    return lines * sheet.size * 1.45 + 6


def calc_workbook(records: list[dict], sheet: Sheet, path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "進捗状況"
    font = Font(name=sheet.font, size=sheet.size)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin) if sheet.borders else Border()
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for col, width in zip("ABCDE", sheet.widths, strict=True):
        ws.column_dimensions[col].width = width
    row = 1

    def merged(text: str, size: float | None = None, align: str = "left") -> None:
        nonlocal row
        ws.cell(row, 1, text).font = Font(name=sheet.font, size=size or sheet.size + 1, bold=True)
        ws.cell(row, 1).alignment = Alignment(horizontal=align)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        row += 1

    merged(TITLE, 14, "center")
    ws.cell(row, 5, "資料5-2").font = font
    row += 1
    header_rows = []
    for n, (headings, rows) in enumerate(groups(records)):
        for text in headings:
            merged(text)
        if n == 0:
            for text in LEGEND:
                ws.cell(row, 5, text).font = font
                ws.cell(row, 5).border = Border(left=thin, right=thin, top=thin, bottom=thin)
                ws.cell(row, 5).alignment = Alignment(wrap_text=True)
                ws.row_dimensions[row].height = 2 * sheet.size * 1.4 + 2
                row += 1
        header_rows.append(row)
        fill = PatternFill("solid", fgColor=sheet.header_fill)
        for col, label in enumerate(LABELS, start=1):
            cell = ws.cell(row, col, label)
            cell.font = Font(
                name=sheet.font,
                size=sheet.size,
                bold=True,
                color="FFFFFF" if sheet.header_white else "000000",
            )
            cell.fill, cell.alignment, cell.border = fill, centre, box
        ws.row_dimensions[row].height = _row_height(LABELS, sheet)
        row += 1
        for r in rows:
            departments = "\n".join([*r["departments"], f"(P.{r['page_ref']})"])
            values = (r["serial"], r["measure_no"], departments, r["direction_raw"], r["rating"])
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row, col, value)
                cell.font = font
                cell.alignment = centre if col in (1, 2, 5) else wrap
                cell.border = box
            ws.row_dimensions[row].height = _row_height(values, sheet)
            row += 1
        row += 1
    setup = ws.page_setup
    setup.orientation = "landscape" if sheet.landscape else "portrait"
    setup.paperSize = ws.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = sheet.gridlines
    if sheet.print_titles:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[0]}"
    ws.oddFooter.center.text = sheet.footer
    if sheet.running:
        getattr(ws.oddHeader, sheet.running).text = RUNNING
    book.save(path)


# -- print ---------------------------------------------------------------------------------


def convert(source: Path, fmt: str, out: Path) -> Path:
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out / f"{source.stem}.{fmt.split(':')[0]}"


def main() -> int:
    if shutil.which("soffice") is None:
        print("make fixtures needs LibreOffice (soffice) on PATH", file=sys.stderr)
        return 2
    records = hotplan.extract(ROOT / "raw" / "hotplan_progress_2024.txt").items.to_dict("records")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for variant in WRITER:
            source = work / f"{variant.name}.docx"
            writer_document(records, variant, source)
            if variant.via_odt:
                source = convert(source, "odt", work)
            pdf = convert(source, "pdf", work)
            shutil.copy(pdf, OUT / f"{variant.name}.pdf")
            print(f"tests/office/{variant.name}.pdf ({pdf.stat().st_size // 1024} KiB)")
        for sheet in CALC:
            source = work / f"{sheet.name}.xlsx"
            calc_workbook(records, sheet, source)
            pdf = convert(source, "pdf", work)
            shutil.copy(pdf, OUT / f"{sheet.name}.pdf")
            print(f"tests/office/{sheet.name}.pdf ({pdf.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
