"""Scans of what office software prints (tests/office: LibreOffice Writer and Calc): text a
point under a cell's top rule, wrapped lines at the font's own height, white labels a
point from their dark fill's edge, a legend ruled as a column of cells standing on the
table. Our own fixtures pad every cell, so none of this was seen until these were
scanned; of seven office prints, two were read."""

from __future__ import annotations

import warnings
from pathlib import Path

import cv2
import numpy as np
import pytest

import hotplan
from conftest import require_tesseract
from hotplan.sources.ocr import engine, ink_lines, legend_symbols, margins, reader, unruled
from hotplan.sources.ocr.cell_edges import cleared
from hotplan.sources.ocr.dark_fills import lightened
from hotplan.sources.ocr.grid import Cell, Grid, Rule, find_grid, frames, walled
from hotplan.sources.ocr.hairlines import hairlines
from hotplan.sources.ocr.header_labels import read_as_labels
from hotplan.sources.ocr.leading import spaced, stacked, unspaced
from hotplan.sources.ocr.page import OcrCell, PageReading
from hotplan.sources.ocr.raster import Raster, binarize
from hotplan.sources.ocr.symbols import read_symbol
from hotplan.sources.ocr.unruled import unruled_grid
from scans import SCAN_STYLES, ScanStyle, fax_pdf, scan_pdf

require_tesseract()

OFFICE = Path(__file__).resolve().parent / "office"
SCALE = 72 / 200
GREY150 = ScanStyle("grey150", dpi=150, skew=-0.4, blur=0.5, noise=6, jpeg=60, grey=240)


@pytest.mark.parametrize(
    "name",
    [
        # Calc: grid on a navy header, Mincho at its own line height, the legend a column
        # of two ruled cells on the rating column; read: 3 of 55 rows
        "calc_borders_dark",
        # Writer: white labels on navy a point under the fill's top, the body text a point
        # under it; read: no table
        "writer_dark_fill",
        # Writer: ruled across only, each row's text a point under its rule; read: every
        # row's cells shifted a column
        "writer_hrules_portrait",
        # Writer: no rules, a grey header and zebra rows touching; read: no table
        "writer_unruled_zebra",
        # Calc printing its hairline gridlines: the legend (and 資料5-2) in rows of their
        # own in the rating column; read: every row, every rating an error (legend lost)
        "calc_gridlines_titles",
    ],
)
def test_a_scan_of_an_office_print_reads_as_its_pdf(name, tmp_path):
    source = OFFICE / f"{name}.pdf"
    scan = scan_pdf(source, tmp_path / "scan.pdf", SCAN_STYLES["office300"], [1])
    x, truth = hotplan.extract(scan, jobs=1), hotplan.extract(source)
    first = truth.items[truth.items["source_page"] == 1]
    for column in ("serial", "measure_no", "code", "rating"):
        assert x.items[column].tolist() == first[column].tolist(), column
    assert x.legend == truth.legend
    assert not [f for f in x.finding_list if f.severity.value == "error"]
    # a department misread (会 read twice, once per half) is there to review, never silent
    flagged = {f.serial for f in x.finding_list if f.check.startswith("ocr.")}
    wrong = [
        serial
        for serial, read, printed in zip(
            first["serial"], x.items["departments"], first["departments"], strict=True
        )
        if list(read) != list(printed)
    ]
    assert len(wrong) <= 1 and set(wrong) <= flagged


def test_a_150_dpi_scan_of_small_print_keeps_the_headers_year_and_the_legend(tmp_path):
    """A grey 150 dpi scan of Calc's navy header: the rating label `2024年度進/捗評価`,
    small and bold, turned, read as `の` on every header row, so no row had a year
    (156 fiscal_year errors); its darkest pixels alone, enlarged, read it. The legend's
    box `△:未実施・` over `進捗遅れ`, set close to its foot, read as one line of junk:
    △ was no legend symbol, and every △ rating an error. Read line by line, it is."""
    source = OFFICE / "calc_borders_dark.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", GREY150, [1]), jobs=1)
    truth = hotplan.extract(source).items
    first = truth[truth["source_page"] == 1]
    assert [str(year) for year in x.items["fiscal_year"]] == ["2024"] * len(first)
    assert set(x.legend) == {"○", "△"}
    assert not [f for f in x.finding_list if f.severity.value == "error"]
    for column in ("serial", "measure_no", "rating"):
        assert x.items[column].tolist() == first[column].tolist(), column


@pytest.mark.parametrize("inked", [margins.INKED, 0.0])
def test_grain_beside_a_table_read_as_a_glyph_neither_stays_nor_ends_the_table(
    inked, tmp_path, monkeypatch
):
    """A grey 150 dpi scan of Calc's hairline grid: its grain right of the table, where
    the page's ink has not a pixel, read as に (sure of it: 82) between two rows. Layout
    ended the table there, and the page's last 3 rows were lost. Such a reading is no
    print; and a line wholly beside a table (kept here with no ink asked for) does not
    end it."""
    monkeypatch.setattr(margins, "INKED", inked)
    source = OFFICE / "calc_gridlines_titles.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", GREY150, [13]), jobs=1)
    truth = hotplan.extract(source).items
    assert x.items["serial"].tolist() == truth[truth["source_page"] == 13]["serial"].tolist()
    found = [f.found for f in x.finding_list if f.check == "input.unparsed_line"]
    assert found == ([] if inked else ["に"])


def test_a_scanner_lids_shadow_on_a_shaded_scan_hides_no_table(tmp_path):
    """A scan with the lid's shadow along two edges, lit unevenly: through the median
    filter the page's corner joined the first table into one "fill" from the page's
    edge, the rules in it went unseen, and the table's 7 rows were lost. An area from
    the page's edge is the scanner's, not print."""
    lid = ScanStyle("lid200", skew=0.4, blur=0.7, noise=8, jpeg=60, grey=238, shade=0.2, border=8)
    source = OFFICE / "writer_spaced_mincho.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", lid, [2]), jobs=1)
    truth = hotplan.extract(source).items
    assert x.items["serial"].tolist() == truth[truth["source_page"] == 2]["serial"].tolist()


@pytest.mark.parametrize(
    ("name", "dpi", "number"),
    [
        # its zebra rows' dots read as junk glyphs (`町田市社会福祉摘議人23ク3`); of 156
        # rows, 109 were read, with 106 errors
        ("writer_unruled_zebra", 200, 1),
        # at 300 dpi the dots, rendered at 200, blend into a grey texture: a navy
        # header's labels read as junk, and the 5 rows of its table were lost
        ("writer_dark_fill", 300, 6),
    ],
)
def test_a_dithered_scans_dots_are_grey_again_and_its_rows_read(name, dpi, number, tmp_path):
    """A black-and-white scan in a scanner's photo mode dithers each shading into dots a
    pixel wide. The page is made grey again first, and reads as a grey scan."""
    dither = ScanStyle("dither", dpi, skew=0.3, blur=0.5, noise=5, jpeg=None, grey=252, dither=True)
    source = OFFICE / f"{name}.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", dither, [number]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"] == number]
    coded = ("code",) if number == 1 else ()  # later pages alone: no goal heading above
    for column in ("serial", "measure_no", "rating", "departments_raw", *coded):
        assert x.items[column].tolist() == page[column].tolist(), column


def test_a_misread_label_set_in_its_cell_does_not_run_into_the_next_label(tmp_path):
    """A black-and-white 150 dpi scan of Writer's portrait table: 通番 misread, its label
    was set across its cell, which the grid drew 2 pt into the next one, and ran into
    取組施策No.: the layout found no header row, and the 4 rows under it were read as the
    row before them (取組施策No. `5 6 7 8 9`). A label set where it was not read keeps
    clear of its cell's sides."""
    bw150 = ScanStyle("bw150", dpi=150, skew=0.3, blur=0.5, noise=4, jpeg=None, bitonal=150)
    source = OFFICE / "writer_hrules_portrait.pdf"
    x = hotplan.extract(scan_pdf(source, tmp_path / "scan.pdf", bw150, [6]), jobs=1)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"] == 6]
    for column in ("serial", "measure_no", "rating"):
        assert x.items[column].tolist() == page[column].tolist(), column


def test_print_a_point_under_a_dark_fill_keeps_its_top_and_a_label_at_its_edge_is_turned():
    grey = np.full((200, 600), 245, np.uint8)
    grey[40:100, 50:550] = 40  # a navy header row
    grey[43:60, 100:200] = 235  # a white label a pixel under the fill's top
    grey[103:120, 100:300] = 30  # the first row's text, 3 px under the fill
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[48:56, 120:180].max() < 60  # the label is dark: it was left white
    assert page.grey[48:56, 300:400].min() > 180  # on a light ground
    assert page.grey[103, 100:300].max() < 60  # the text's top row is still print …
    assert page.grey[102, 100:300].min() > 180  # … under paper, not under a drawn rule
    assert (page.grey[96:100, 60:540].max(axis=1) < 60).any()  # the fill's foot: a rule


def test_print_the_blur_joined_to_a_dark_fills_foot_in_thick_blobs_is_not_turned():
    """A tired scan of a navy header with a department's name a point under it: the blur
    joined the name's dense glyphs to the fill in blobs as thick as the fill, which were
    turned with it. Their tops went white, and 福祉総務課 read as 信佳稔務庄 (5 rows of
    writer_dark_fill). What hangs under a fill's foot by a line at most is print."""
    grey = np.full((220, 600), 245, np.uint8)
    grey[40:100, 50:550] = 40  # the navy header
    grey[100:118, 100:160] = 35  # glyphs joined to its foot, thicker than a stroke
    grey[104:110, 110:118] = 235  # paper inside them
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[60:90, 60:90].max() > 180  # the fill is turned
    assert page.grey[101:118, 125:160].max() < 60  # the print under it is not
    assert page.grey[105:109, 111:117].min() > 180


def test_bold_print_inked_down_two_lines_under_a_dark_fill_is_no_rule_through_it():
    """A 150 dpi scan swells bold print under a navy header into blobs, two lines joined:
    a column of them inked for RUN_PT from the fill's foot, and was drawn as a rule
    through the header, splitting 取組の方向性 into two cells: no header, and the rows
    under it lost. A rule's ink lies in runs no wider than a rule; a wall still runs on."""
    grey = np.full((260, 900), 245, np.uint8)
    grey[40:100, 50:851] = 40  # the navy header
    grey[103:150, 300:340] = 30  # two lines of bold print, joined: a blob 40 px wide
    grey[103:150, 600:602] = 20  # a column rule meeting the fill from below
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[60:90, 320].min() > 180  # no rule through the header at the print
    assert page.grey[60:90, 600:602].max() < 60  # the rule runs on through it


@pytest.mark.parametrize("black_and_white", [False, True])
def test_a_one_line_rows_walls_run_on_through_the_dark_header_above_it(black_and_white):
    """A page ending with a table's navy header and the first line of a measure (the rest
    printed on the next page): the row's walls, 9 pt, were too short to meet the fill
    (RUN_PT), so the header kept no column rules, and the row was found without it, or
    not at all, and read as loose lines. A black-and-white scan breaks the rule under
    the row, and a skew left over slants it."""
    grey = np.full((220, 900), 245, np.uint8)
    grey[60:120, 50:851] = 40  # the navy header
    foot = {x: 145 for x in range(50, 851)}
    if black_and_white:
        foot = {x: 145 + (x >= 450) * 2 for x in foot if x % 150 > 8}  # pieces, a step
    for x, y in foot.items():
        grey[y : y + 2, x] = 20
    for x in (50, 200, 600, 849):
        grey[120 : foot.get(x, 147), x : x + 2] = 20  # the row's walls, 25 px (9 pt)
    grey[120:138, 300:302] = 20  # a glyph's stroke from the fill, clear of the rule
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    for x in (200, 600):
        assert page.grey[70:110, x].max() < 60  # the walls run on through the header
    assert page.grey[70:110, 300].min() > 180  # the stroke does not
    grid = find_grid(page.ink, SCALE)
    assert [sum(c.row == row for c in grid.cells) for row in (0, 1)] == [3, 3]


def test_a_last_rows_walls_are_found_under_a_dark_header_its_print_hangs_from():
    """A 300 dpi dithered scan of a page ending with a navy header and one line of a
    measure: the line's bold print, blurred, joined the fill's foot in blobs, so the
    fill's box reached into the row, and its walls were looked for at the rule under it.
    The header kept no column rules and was left outside its table; its labels and the
    page number made a table of their own, read over the row (通番 read as 00130)."""
    grey = np.full((220, 900), 245, np.uint8)
    grey[60:120, 50:851] = 40  # the navy header
    grey[145:147, 50:851] = 20  # the rule under the row
    for x in (50, 200, 600, 849):
        grey[120:147, x : x + 2] = 20  # the row's walls, 27 px (under RUN_PT)
    grey[120:136, 300:340] = 30  # bold print joined to the fill's foot
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[70:110, 320].min() > 180  # the fill is turned, the print is not a wall
    for x in (200, 600):
        assert page.grey[70:110, x].max() < 60  # the walls run on through the header
    grid = find_grid(page.ink, SCALE)
    assert [sum(c.row == row for c in grid.cells) for row in (0, 1)] == [3, 3]


@pytest.mark.parametrize("edge", ["top", "foot"])
def test_a_dark_fill_at_the_pictures_edge_is_turned(edge):
    """A navy header cut off by the scan's edge (or a point from it): the strip of ink
    beyond the fill, where walls are looked for, was empty, and OpenCV stopped the page
    with an error."""
    grey = np.full((220, 900), 245, np.uint8)
    fill, rows = (
        (slice(1, 60), slice(60, 220)) if edge == "top" else (slice(160, 219), slice(0, 160))
    )
    grey[fill, 50:851] = 40  # the navy header
    grey[fill.start + 20 : fill.start + 35, 100:200] = 235  # a white label
    for x in (50, 200, 600, 849):
        grey[rows, x : x + 2] = 20  # the columns' walls, meeting it
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[fill.start + 22 : fill.start + 33, 110:190].max() < 60  # the label
    assert page.grey[fill.start + 10 : fill.stop - 10, 300:500].min() > 180  # on paper
    for x in (200, 600):
        assert page.grey[fill.start + 10 : fill.stop - 10, x].max() < 60  # walls run on


def test_a_dark_fill_with_nothing_on_it_is_turned_without_a_warning():
    """A fill black all over, no label on it (a strip of a navy header in a fax or a
    black-and-white scan, cut off from its labels): it has no light tone, and its
    median was taken of no values (numpy's RuntimeWarning on the terminal, and a fill
    stretched by NaN)."""
    grey = np.full((200, 600), 255, np.uint8)
    grey[140:, :] = 0  # from edge to edge, at the foot
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[150:190, 100:500].min() > 180  # turned to paper


@pytest.mark.parametrize("number", [2, 14])
def test_a_dark_headers_pieces_parted_by_its_labels_get_no_walls(number, tmp_path):
    """A black-and-white scan parts a navy header's rating cell into pieces along its
    two-line label; under the upper piece, the ground between the second line's glyphs
    is ink from the piece down to the fill's foot, and was taken for a one-line row's
    walls: the header got seven cells, and rows 12-18 were read as loose lines (page 2).
    Page 14 starts with the header and a row's last line, whose right wall the scan broke:
    the header, walled by that row of four cells, was no header, and row 131 was lost."""
    source = OFFICE / "writer_dark_fill.pdf"
    scan = scan_pdf(source, tmp_path / "scan.pdf", SCAN_STYLES["bw200"], [number])
    x, truth = hotplan.extract(scan), hotplan.extract(source).items
    page = truth[truth["source_page"] == number]
    for column in ("serial", "measure_no", "rating"):
        assert x.items[column].tolist() == page[column].tolist(), column


@pytest.mark.parametrize(("lines", "number"), [(196, 15), (98, 11)])
def test_a_faxed_dark_headers_table_is_found_and_its_rows_read(lines, number, tmp_path):
    """Faxes of navy headers. In fine mode (196 lines an inch) the walls under a header
    came through a pixel wide and grey, lighter than the threshold the header's black
    drew down, so the walls running on through it were not found: the header was left
    out of its table, whose rows were read as loose lines (page 15, rows 144-148; 27 of
    156 rows). Hairlines are walls too, as they are rules to the rule finder. In standard
    mode (98 lines an inch) the rating cell's two-line label parted a block of the ground
    right of it from the fill; too narrow to be a fill of its own, it was not turned,
    and hid the table's right wall: the table of row 107 (page 11) was not found."""
    source = OFFICE / "writer_dark_fill.pdf"
    x = hotplan.extract(fax_pdf(source, tmp_path / "fax.pdf", lines, [number]))
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"] == number]
    for column in ("serial", "measure_no", "rating"):
        assert x.items[column].tolist() == page[column].tolist(), column


def test_glyphs_under_a_cells_rule_are_in_its_box_and_the_rule_is_not():
    ink = np.zeros((120, 400), np.uint8)
    ink[10:12, :] = 255  # the row's top rule
    ink[13:30, 20:26] = ink[13:15, 10:40] = 255  # a glyph a pixel under it
    ink[40:45, 0:400:3] = 255  # a dense line of kanji, further in: no rule
    grid = Grid([], [], [Cell(0, 0, 0, (0, 17, 400, 120))], [])
    (cell,) = cleared(grid, ink, SCALE).cells
    assert cell.box[1] == 13  # out over the glyph, up to the rule
    # … and a line of text set right at the cell's edge is not cut as a rule
    ink[17:20, :] = 0
    ink[17:20, 0:400:2] = ink[17:20, 1:400:4] = 255  # 75% of the row, in short strokes
    (cell,) = cleared(Grid([], [], [Cell(0, 0, 0, (0, 17, 400, 120))], []), ink, SCALE).cells
    assert cell.box[1] <= 17


def test_a_dense_line_smeared_under_a_cells_rule_is_not_cut_as_a_rule():
    """A 150 dpi scan saved as a JPEG of quality 25: a dense line of kanji right under a
    row's rule smeared into runs as long as a rule's, over 0.64 of the row in most of its
    rows, and its top half was cut off as a rule the finder missed (the cell read as
    junk). A rule stands out of the rows after it; a line of text covers them as much."""
    ink = np.zeros((120, 400), np.uint8)
    ink[10:12, :] = 255  # the row's rule, found
    for y in range(13, 38):  # the line: 40-px runs, 20-px gaps, in every row
        for x in range(0, 400, 60):
            ink[y, x + (y % 3) : x + (y % 3) + 40] = 255
    cell = Cell(0, 0, 0, (0, 13, 400, 120))
    assert cleared(Grid([], [], [cell], []), ink, SCALE).cells[0].box[1] == 13
    ink[13:17, :] = 255  # a rule the finder missed, along the cell's top, over the line
    assert cleared(Grid([], [], [cell], []), ink, SCALE).cells[0].box[1] > 17


def test_lines_printed_touching_are_parted_and_a_short_last_line_kept():
    ink = np.zeros((70, 300), np.uint8)
    ink[0:20, 0:300:2] = 255  # line 1
    ink[19:22, 100:103] = 255  # a descender meets line 2
    ink[21:41, 0:300:2] = 255  # line 2
    ink[41:60, 0:20] = 255  # す。alone, touching line 2
    rows = ink_lines.ink_rows(ink)
    assert len(rows) == 3 and rows[0][0] == 0 and rows[2][1] == 60


def test_lines_set_so_tight_their_glyphs_join_are_parted_by_their_pitch():
    """A 150 dpi scan of Calc's Mincho set at its own height: the glyphs of eight lines
    of a 担当課 cell joined into blobs several lines tall (54 px against 19 px lines), so
    the glyph height said the lines were one or two, and six names were lost."""
    ink = np.zeros((190, 200), np.uint8)
    for top in range(0, 171, 19):  # nine lines, 17 px of glyphs, 2 px apart
        ink[top : top + 17, 0 : 40 + (top * 7) % 120 : 2] = 255
        ink[top + 2 : top + 4, 0:30] = 255  # a stroke across, as in 課
    for x in range(3, 120, 9):  # strokes that reach the next line down
        ink[:171, x] = 255
    assert ink_lines.line_pitch(np.count_nonzero(ink, axis=1)) == 19
    rows = ink_lines.ink_rows(ink)
    assert len(rows) == 9 and all(17 <= b - a <= 21 for a, b in rows)
    # one line has no pitch, and paper around the lines changes none
    assert ink_lines.line_pitch(np.count_nonzero(ink[:17], axis=1)) is None
    assert ink_lines.line_pitch(np.count_nonzero(np.pad(ink, ((60, 200), (0, 0))), axis=1)) == 19


def test_a_glyph_broken_into_its_top_and_foot_is_one_line():
    """A black-and-white scan of Writer's Mincho lost the thin strokes in the middle of 会,
    wrapped alone onto a line of its 担当課 cell: the two halves were read as two lines,
    会 and 去 (伝, 云), and a made-up name was added to the cell."""
    ink = np.zeros((80, 300), np.uint8)
    ink[0:20, 0:200:2] = 255  # 町田市社会福祉協議, 20 px tall
    ink[26:35, 0:18] = 255  # 会's roof …
    ink[36:45, 2:16] = 255  # … and its foot, a pixel apart
    ink[52:72, 0:60:2] = 255  # (P.58)
    assert ink_lines.ink_rows(ink) == [(0, 20), (26, 45), (52, 72)]
    close = np.zeros((60, 300), np.uint8)
    close[0:20, 0:300:2] = close[23:43, 0:300:2] = 255  # two lines, 3 px apart
    close[46:56, 0:40] = 255  # and a line of low kana after it (ーっ)
    assert ink_lines.ink_rows(close) == [(0, 20), (23, 43), (46, 56)]


def test_one_line_read_as_two_lines_one_over_the_other_is_found():
    """Tesseract's block layout read 会 (its middle lost) as 会 over 伝, each half a line
    tall; two label lines printed touching (2024年度 over 進捗評価) are each a line tall."""

    def line(text: str, y0: int, y1: int) -> engine.TextLine:
        glyphs = tuple(
            engine.Glyph(ch, (20 * i, y0, 20 * i + 20, y1), 90.0, i == 0)
            for i, ch in enumerate(text)
        )
        return engine.TextLine((0, y0, 20 * len(text), y1), glyphs)

    runs = [(0, 20), (26, 45), (52, 73)]
    halves = [line("町田市社会福祉協議", 100, 120), line("会", 126, 135), line("伝", 136, 145)]
    assert stacked(halves, runs, 100, low=16) == [(26, 45)]
    labels = [line("2024年度", 100, 118), line("進捗評価", 121, 139)]
    assert stacked(labels, [(0, 39)], 100, low=16) == []
    beside = [line("会", 126, 145), line("伝", 126, 145)]  # side by side: read right
    beside = [beside[0], engine.TextLine((40, 126, 60, 145), beside[1].glyphs)]
    assert stacked(beside, runs, 100, low=16) == []


def test_lines_set_apart_are_read_back_where_they_stand():
    grey = np.full((60, 300), 240, np.uint8)
    grey[0:20, 0:300:3] = grey[22:42, 0:300:3] = 20  # two lines 2 px apart
    ink = (grey < 128).astype(np.uint8) * 255
    wide, rows = spaced(grey, ink, ink_lines.ink_rows(ink))
    assert rows is not None and wide.shape[0] > grey.shape[0]
    assert (wide[20 : 20 + wide.shape[0] - 60] == 240).all()  # paper put between them
    top, bottom = 100 + wide.shape[0] - 38, 100 + wide.shape[0] - 18  # line 2, read
    line = engine.TextLine(
        (0, top, 300, bottom), (engine.Glyph("あ", (0, top, 10, bottom), 99, True),)
    )
    (back,) = unspaced([line], rows, 100)
    assert back.box == (0, 122, 300, 142) and back.glyphs[0].box == (0, 122, 10, 142)
    far = np.full((60, 300), 240, np.uint8)
    far[0:20, 0:300:3] = far[35:55, 0:300:3] = 20  # a word processor's spacing: left alone
    far_ink = (far < 128).astype(np.uint8) * 255
    assert spaced(far, far_ink, ink_lines.ink_rows(far_ink))[1] is None


def test_a_legend_ruled_as_cells_on_the_table_is_framed_cell_by_cell():
    """The legend box stands on the rating column, its sides running on as the column's
    rules: no frame was found, and its lines were read with the headings, ○ as ◎."""
    hrules = [Rule(700, 100, 900, 102), Rule(700, 160, 900, 162), Rule(0, 220, 900, 222)]
    hrules += [Rule(0, 300, 900, 302)]
    vrules = [Rule(x, 100, x + 2, 302) for x in (700, 898)] + [Rule(0, 220, 2, 302)]
    cells = [Cell(0, 0, 0, (3, 224, 698, 298)), Cell(0, 0, 1, (703, 224, 896, 298))]
    grid = Grid(hrules, vrules, cells, [(0, 100, 900, 302)])
    assert frames(grid, SCALE) == [(702, 100, 898, 160), (702, 162, 898, 221)]


def test_a_pale_gridline_broken_into_pieces_still_parts_two_rows():
    """Calc's grey gridlines scan pale: a row rule thresholded into pieces 10–26 pt apart
    (too far to join as one broken rule) made two measures one row."""
    ink = np.zeros((300, 1000), np.uint8)
    for x in (50, 150, 950):
        ink[40:262, x : x + 2] = 255
    ink[40:42, 50:952] = ink[260:262, 50:952] = 255
    for x0, x1 in ((50, 260), (300, 480), (550, 700), (760, 952)):  # gaps of 40–70 px
        ink[150:152, x0:x1] = 255
    grid = find_grid(ink, scale=SCALE)
    assert sorted({c.row for c in grid.cells}) == [0, 1]


def test_glyph_strokes_in_line_down_a_cells_lines_are_no_rule():
    """A black-and-white scan joins a stroke of each line's third glyph (働, 総) in a
    cell of two departments into one upright run of 15 pt under the row's top rule: a
    rule stopping short of the band's middle, which stood in no band, so layout split the
    cell by it (取組施策No. `市福1(P.7`, 担当課 `民協働推進課 祉総務課`)."""
    ink = np.zeros((400, 1000), np.uint8)
    for y in (40, 140, 260, 300):  # a header, a row, an empty band under it
        ink[y : y + 2, 40:962] = 255
    for x in (40, 100, 150, 320, 880, 960):
        ink[40:302, x : x + 2] = 255
    ink[143:186, 230:233] = 255  # 43 px hanging from the row's top, its middle at 201
    grid = find_grid(ink, SCALE)
    assert {c.row: c.column for c in grid.cells} == {0: 4, 1: 4, 2: 4}
    assert sorted(round(r.x) for r in grid.vrules) == [41, 101, 151, 321, 881, 961]


def test_a_row_missing_a_wall_takes_its_neighbours():
    below = [Cell(0, 2, i, (x, 300, x + 90, 400)) for i, x in enumerate((0, 100, 200, 300, 400))]
    merged = [
        Cell(0, 1, 0, (0, 200, 190, 290)),
        *[Cell(0, 1, i, (b.box[0], 200, b.box[2], 290)) for i, b in enumerate(below[2:], 1)],
    ]
    split = walled(merged, below, 5)
    assert [c.box for c in split] == [
        (0, 200, 90, 290),
        (100, 200, 190, 290),
        (200, 200, 290, 290),
        (300, 200, 390, 290),
        (400, 200, 490, 290),
    ]
    assert walled(merged, below[:4], 5) == merged  # a neighbour that is no measure row: as found
    # a B/W header whose first cell was not found at all: split by the row's columns, never
    # into a box that ends before it starts (which crashed the denoising of a label)
    assert [c.box for c in walled(merged[1:], below, 5)] == [c.box for c in split]


@pytest.mark.parametrize(
    ("style", "number"),
    [
        ("office300", 2),
        # the sheet's title rows repeated over a table's own header: the rule between the
        # two header rows lost in the tired scan's shading, the second header's labels were
        # read as a row of measures under the first (通番 0, its rating unknown)
        ("tired200", 7),
    ],
)
def test_a_spreadsheet_printed_with_its_gridlines_keeps_every_row(style, number, tmp_path):
    """Calc printing its pale gridlines: the page is one grid holding the headings and a
    header row per table. The second header was read as a row of measures, a wall a
    pale line lost made a row plain text, and a row rule broken into pieces made two
    measures one: 5 of 24 rows were read."""
    source = OFFICE / "calc_gridlines_titles.pdf"
    scan = scan_pdf(source, tmp_path / "scan.pdf", SCAN_STYLES[style], [number])
    x = hotplan.extract(scan)
    truth = hotplan.extract(source).items
    page = truth[truth["source_page"] == number]
    for column in ("serial", "measure_no", "rating"):
        assert x.items[column].tolist() == page[column].tolist(), column


def test_a_noisy_dark_fills_ground_is_turned_even():
    """A tired scan's navy header: its grain, turned light, was read as lines of junk
    around the labels (ei ee ee … for 取組の方向性), so no header and no table."""
    rng = np.random.default_rng(1)
    grey = np.full((200, 600), 235, np.uint8)
    grey[40:100, 50:550] = np.clip(rng.normal(45, 12, (60, 500)), 0, 255).astype(np.uint8)
    grey[60:80, 100:300] = 230  # a white label
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    ground = page.grey[50:95, 320:540]
    assert ground.std() < 3 and ground.min() > 180
    assert page.grey[65:75, 120:280].max() < 60  # the label, dark


def test_a_hairline_gridline_the_threshold_broke_is_a_rule_and_shading_is_none():
    """A spreadsheet's gridline a tenth of a point wide scans as a grey line a pixel or
    two wide (~175 on paper at 250): Otsu's threshold keeps it in pieces, too short to
    be rules, and the rows it parted were read as one."""
    rng = np.random.default_rng(3)
    grey = np.clip(rng.normal(250, 4, (300, 1000)), 0, 255).astype(np.uint8)
    grey[:, 40:42] = grey[:, 950:952] = 20  # the table's sides, printed black
    grey[40:42, 40:952] = grey[260:262, 40:952] = 20
    grey[150, 42:950] = 172  # the gridline between two rows, pale
    grey[151, 42:950] = 205
    grey[200:240, 300:700] = 215  # a flat grey fill: no hairline in it or at its edge
    ink = binarize(grey)
    assert len({c.row for c in find_grid(ink, SCALE).cells}) == 1  # the threshold alone
    lines = hairlines(grey)
    assert lines[150, 60:930].all()
    assert not lines[195:245, 290:710].any()
    assert sorted({c.row for c in find_grid(ink | lines, SCALE).cells}) == [0, 1]


def test_an_empty_rows_short_walls_in_line_with_the_columns_part_it():
    """A sheet's empty row a line high keeps its gridline walls, too short to be told from
    a glyph's stroke by length: read as one cell, they came out as junk (NN人NN)."""
    ink = np.zeros((400, 1000), np.uint8)
    for y in (40, 75, 300):  # the short row (40–75), a measure's row under it
        ink[y : y + 2, 50:952] = 255
    for x in (50, 150, 250, 500, 850, 950):
        ink[40:302, x : x + 2] = 255
    ink[44:72, 600:602] = 255  # a glyph's stroke in the short row, clear of its rules
    rows = {}
    for c in find_grid(ink, SCALE).cells:
        rows.setdefault(c.row, []).append(c)
    assert [len(rows[r]) for r in sorted(rows)] == [5, 5]
    ink[42:75, 700:702] = 255  # a stroke from rule to rule out of line with any column
    ink[40:75, 150:152] = 0  # … and a wall missing: the row keeps the walls it has
    found = [c for c in find_grid(ink, SCALE).cells if c.row == 0]
    assert [c.box[0] for c in found] == [55, 255, 505, 855]


def test_a_one_line_cells_bracket_by_its_rule_is_no_rule():
    """A heading a line high in a ruled row: its `(` a point inside the rule covers nine
    tenths of the side, and was cut off as a rule the finder missed ((1) read 1))."""
    ink = np.zeros((60, 400), np.uint8)
    ink[10:12, :] = ink[45:47, :] = 255
    ink[10:47, 0:2] = 255  # the cell's left rule
    ink[15:43, 5:7] = 255  # `(`, 28 of the side's 31 px
    grid = Grid([], [], [Cell(0, 0, 0, (3, 13, 400, 44))], [])
    (cell,) = cleared(grid, ink, SCALE).cells
    assert cell.box[0] <= 5


def test_a_pale_copys_grey_fill_is_turned_light_with_its_labels_dark():
    """A pale copy prints a navy header mid-grey (~165): turned as it was, its ground came
    out darker than its labels (or it was not turned, and the labels were holes)."""
    grey = np.full((200, 600), 250, np.uint8)
    grey[40:100, 50:550] = 166
    grey[60:80, 100:300] = 248  # a white label
    grey[120:134, 60:300:4] = grey[120:134, 61:300:4] = 170  # a line of pale body print
    page = lightened(Raster(grey, binarize(grey), SCALE, 0.0))
    assert page.grey[50:95, 320:540].min() > 200  # a light ground
    assert page.grey[65:75, 120:280].max() < 60  # the label, dark
    assert page.ink[65:75, 120:280].all() and not page.ink[50:95, 320:540].any()
    # the page thresholded as if the labels, now black, were not there: its print is ink
    assert page.ink[122:132, 60:300:4].all()


def test_specks_in_a_cell_do_not_part_its_lines():
    """A pale copy's glyphs break into specks: counted by number they made the glyph a
    pixel tall, and a line a pixel taller than that was cut, or crashed the cut."""
    rng = np.random.default_rng(5)
    ink = np.zeros((40, 400), np.uint8)
    ink[5:33, 10:390:12] = 255  # a line of glyphs' strokes, 28 px tall
    ink[5:33, 11:390:12] = 255
    specks = rng.integers(0, 400, (600, 2))
    ink[specks[:, 0] % 40, specks[:, 1]] = 255  # specks a pixel each
    assert len(ink_lines.ink_rows(ink)) == 1


def test_rows_as_close_as_their_lines_start_at_each_number():
    """A pale or black-and-white copy of rows told apart only by a zebra shading: the
    shading is gone, and the gaps between rows are those between a row's lines. Each
    measure has one 通番: a row starts at each."""
    ink = np.zeros((400, 1200), np.uint8)
    columns = [(50, 80), (150, 180), (250, 400), (450, 1000), (1080, 1110)]
    for k in range(6):
        y = 100 + 30 * k
        inked = columns if k in (0, 2, 3) else columns[2:4]  # numbers on lines 0, 2, 3
        for a, b in inked:
            ink[y : y + 20, a:b] = 255
    grid = unruled_grid(ink, SCALE, [])
    rows = sorted({c.row for c in grid.cells})
    assert rows == [0, 1, 2]
    tops = sorted({c.box[1] for c in grid.cells})
    assert tops[1] < 160 < tops[2] - 1 and tops[2] < 190  # rows start before lines 2 and 3


def test_a_fills_top_rule_broken_by_the_labels_under_it_is_kept():
    """A tired scan's grey header fill, its labels a point under the table's top rule:
    the rule breaks where they touch it, and each piece, lying in the fill and spanning
    no fill alone, was dropped as the fill's grain: the first table of the page lost its
    header and its first row."""
    ink = np.zeros((400, 1000), np.uint8)
    for x in (50, 150, 250, 500, 850, 950):
        ink[40:302, x : x + 2] = 255
    for x0, x1 in ((50, 200), (240, 450), (560, 952)):  # the top rule, in pieces
        ink[40:42, x0:x1] = 255
    ink[120:122, 50:952] = ink[300:302, 50:952] = 255
    grid = find_grid(ink, SCALE, [(50, 38, 952, 150)])  # the fill, found a little deep
    assert sorted({c.row for c in grid.cells}) == [0, 1]
    assert min(c.box[1] for c in grid.cells) < 50


def test_a_legend_symbols_frame_corner_the_rule_finder_missed_is_no_part_of_it():
    """A pale copy's legend frame, found only in part: its corner beside the ○, thresholded
    with it, made the symbol read as ▲, and every ○ rating an error."""
    grey = np.full((140, 240), 250, np.uint8)
    grey[10:12, 0:240] = grey[10:130, 4:6] = 190  # the frame's top and side, pale
    cv2.circle(grey, (30, 32), 9, 150, 2)  # ○, a point inside the corner
    page = PageReading(1, Raster(grey, binarize(grey), SCALE, 0.0))
    box = (0, 8, 44, 50)  # the symbol's crop, reaching over the corner
    assert read_symbol(legend_symbols._ink(page, box, None, 20), SCALE).text == "○"
    assert read_symbol(legend_symbols._ink(page, box, None), SCALE).text != "○"


def test_a_tables_top_rule_broken_by_the_grain_runs_the_tables_width():
    """A tired scan's grain broke a table's top rule where a label stands a point under
    it; the stub left beside the label, too short for a rule, was read with the label as
    a line across the corridors, and the table's header was no table's."""
    full = Rule(100, 600, 1500, 603)
    pieces = [Rule(242, 522, 376, 525), Rule(415, 522, 891, 525), Rule(920, 522, 1500, 525)]
    underline = Rule(100, 300, 400, 302)  # a heading's, a fifth as long: left alone
    whole = unruled._whole([full, *pieces, underline])
    assert Rule(100, 522, 1500, 525) in whole and underline in whole and full in whole
    # … and the table ruled across by it is as wide as the rule, the stub left of its text
    # in it (else read with the heading above: _①デジタル活用の場合)
    assert unruled._ruled_width(whole, (125, 530, 1480, 700), 60.0, 6) == (100, 1500)
    assert unruled._ruled_width(whole, (125, 900, 1480, 1000), 60.0, 6) == (125, 1480)


def test_a_pen_mark_beside_a_table_ruled_across_is_no_part_of_it():
    """A reader's pen tick in the margin, level with a row of a table ruled only across:
    the table reached out to it, the row's 通番 cell with it read as no number, and the
    row was run into the one above (7 rows lost in 12 pages). Ruled across, the table
    ends a margin past its rules' ends; without such rules its text says where."""
    rule = Rule(100, 522, 1500, 525)
    assert unruled._ruled_width([rule], (6, 530, 1480, 700), 60.0, 6) == (94, 1500)
    assert unruled._ruled_width([rule], (125, 530, 1560, 700), 60.0, 6) == (100, 1506)
    assert unruled._ruled_width([], (6, 530, 1480, 700), 60.0, 6) == (6, 1480)


@pytest.mark.parametrize(
    ("departments", "direction", "header"),
    [
        ("担当課/掲載P", "取組の方向性", True),
        ("担当課/掲載P", "取組の方向人性", True),  # a glyph made up in a tired scan's label
        ("市民協働推進課(P.57)", "取組の方向性を示します。", False),
        ("担当課", "地域の方向性を共有し、取組を進めます。", False),
        ("担当際/掲載", "取組の方向性", True),  # a 150 dpi scan: two glyphs off, one exact
        ("担当際/掲載", "取組の方向人性", True),  # … beside a label itself misread
        ("担当昌/掲載P", "取坦の方交性", True),  # black and white at 150 dpi
        ("担当課/掲載P", "地域の方向性を共有し、取組を進めます。", False),
        ("福祉総務課", "取組の方向性", False),  # … a department beside it
    ],
)
def test_a_row_whose_long_labels_read_as_the_headers_is_a_header(departments, direction, header):
    """A tired scan's navy header left its short labels (通番, the rating's) unreadable:
    too few labels were read for a header, and the table's rows were read with a header
    row among them as a measure, its later rows lost. Its long labels say what it is."""
    cells = [
        OcrCell(1, role, (0, 0, 1, 1), text, 90.0)
        for role, text in zip(
            ("serial", "measure_no", "departments", "direction", "rating"),
            ("", "", departments, direction, "?"),
            strict=True,
        )
    ]
    assert read_as_labels(cells) is header


def test_a_row_read_as_its_neighbours_columns_is_those_cells_in_the_grid():
    """A black-and-white scan's dark header row was found as three cells, 通番's missing;
    it was read split by the next row's walls, but the print outside the tables is read
    where the grid has no cell, so 通番 was read again there, and joined to the legend
    line above it (未実施・進捗遅れ通通番番): the table had no header, its first row lost."""
    below = [Cell(0, 1, i, (x, 300, x + 90, 400)) for i, x in enumerate((0, 100, 200, 300, 400))]
    found = [Cell(0, 0, i, (x, 200, x + 90, 290)) for i, x in enumerate((100, 200, 300))]
    grid = Grid([], [], [*found, *below], [(0, 200, 500, 400)])
    read = walled(found, below, 5)
    reader._rewalled(grid, found, read)
    assert sorted(c.box for c in grid.cells if c.row == 0) == sorted(c.box for c in read)
    assert (0, 200, 90, 290) in [c.box for c in grid.cells]


def test_a_measure_run_on_under_an_unshaded_header_keeps_its_text(tmp_path):
    """A black-and-white scan of Writer's unruled table lost its zebra and header shading:
    on page 3, the end of measure 27 (two departments, its last sentence) stands a line
    under the labels, and nothing parts the two. It was read as the labels and dropped."""
    source = OFFICE / "writer_unruled_zebra.pdf"
    scan = scan_pdf(source, tmp_path / "scan.pdf", SCAN_STYLES["bw200"], [2, 3])
    x, truth = hotplan.extract(scan, jobs=1), hotplan.extract(source)
    read = x.items.set_index("serial").loc[27]
    printed = truth.items.set_index("serial").loc[27]
    assert read["departments"] == printed["departments"]
    assert read["direction"] == printed["direction"]
