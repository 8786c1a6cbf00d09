"""The parts of the OCR reader on their own: symbol shapes, heading numbering, turned
sheets, and the one-line error when Tesseract's data is missing (sources/ocr)."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections import Counter
from dataclasses import replace
from types import SimpleNamespace

import cv2
import numpy as np
import pandas as pd
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

import hotplan
from conftest import ROOT, require_tesseract
from hotplan.document.catalog import load_catalog, subsection_numbers
from hotplan.document.parse import SourceLine
from hotplan.sources.ocr import cell_reading, engine, legend_symbols, margins, reader
from hotplan.sources.ocr.blobs import blobs
from hotplan.sources.ocr.cell_edges import cleared
from hotplan.sources.ocr.dark_fills import lightened
from hotplan.sources.ocr.departments import all_named, fits_better, snap_departments
from hotplan.sources.ocr.doubled import doubled_glyph
from hotplan.sources.ocr.fills import unfilled
from hotplan.sources.ocr.grid import Cell, Grid, Rule, find_grid, frames
from hotplan.sources.ocr.header_labels import ROLES, header_roles, label_foot
from hotplan.sources.ocr.headings import number_headings
from hotplan.sources.ocr.ink import printed_only, unread_ink
from hotplan.sources.ocr.legend import match_legend
from hotplan.sources.ocr.legend_symbols import blocks, legend_lines
from hotplan.sources.ocr.margins import read_once
from hotplan.sources.ocr.marks import other_mark
from hotplan.sources.ocr.merged import split_merged, wide_glyphs
from hotplan.sources.ocr.misread_kanji import misread_kanji, swapped
from hotplan.sources.ocr.natural import natural_version
from hotplan.sources.ocr.page import OcrCell, PageReading, lines_text, spread
from hotplan.sources.ocr.page_refs import latin_page_refs
from hotplan.sources.ocr.raster import Raster, binarize, even, raster, unbordered
from hotplan.sources.ocr.reread import letters
from hotplan.sources.ocr.review import review_cells
from hotplan.sources.ocr.shapes import same_shape
from hotplan.sources.ocr.symbols import Symbol, read_symbol
from hotplan.sources.ocr.unruled import unruled_grid
from hotplan.sources.ocr.votes import in_place, voted, with_chars
from hotplan.sources.ocr.widths import full_width, narrow_among_wide
from hotplan.sources.ocr.wording import borne_titles, restored_titles
from hotplan.sources.pdf.furniture import Page, edge_lines, find_furniture
from hotplan.sources.pdf.lines import Line
from hotplan.sources.pdf.page import Char
from hotplan.typos.registry import load_registry
from layouts import random_style
from pdf_fixtures import FONT_FILES, STYLES, make_pdf
from scans import SCAN_STYLES, ScanStyle, scan_page, scan_pdf

require_tesseract()


@pytest.fixture(scope="module")
def digital(tmp_path_factory, default_extraction):
    """The first 12 measures printed (word style): a born-digital PDF and its extraction."""
    records = default_extraction.items.to_dict("records")[:12]
    path = make_pdf(records, 2024, STYLES["word"], tmp_path_factory.mktemp("d") / "r.pdf").path
    return path, hotplan.extract(path)


@pytest.mark.parametrize("turn", [90, 180])
def test_a_sheet_scanned_turned_is_read_upright(digital, tmp_path, turn):
    """Sideways (Tesseract's orientation detection) or upside down (its tables make no
    sense until turned round): the first page reads as when scanned upright."""
    style = replace(SCAN_STYLES["clean200"], name=f"turned{turn}", turn=turn)
    scan = scan_pdf(digital[0], tmp_path / "turned.pdf", style, pages=[1])
    x = hotplan.extract(scan, jobs=1)
    first = digital[1].items
    first = first[first["source_page"] == 1]
    assert x.items["serial"].tolist() == first["serial"].tolist()
    assert x.items["code"].tolist() == first["code"].tolist()
    assert x.items["departments"].tolist() == first["departments"].tolist()


def test_a_scan_with_the_lids_shadow_along_its_edges_is_read(digital, tmp_path):
    """A dark band along two edges (the scanner lid's shadow) joined the page into one
    shading, inside which no rule was a rule: no table was found. It is made paper first."""
    style = replace(SCAN_STYLES["office300"], name="shadowed", dpi=200, border=5.0)
    scan = scan_pdf(digital[0], tmp_path / "shadowed.pdf", style, pages=[1])
    x = hotplan.extract(scan, jobs=1)
    first = digital[1].items
    first = first[first["source_page"] == 1]
    for column in ("serial", "measure_no", "code", "rating", "departments"):
        assert x.items[column].tolist() == first[column].tolist(), column


@pytest.mark.parametrize(
    ("seed", "measures"),
    [
        (1, 8),  # ruled across only, letter-spaced labels (取 組 の 方 向 性), 7.5 pt
        (3, 8),  # ruled across only, white labels on navy, the legend's frame 3 pt over a table
        (5, 8),  # ruled grid on A3, white labels on navy (the column rules lost in it)
        (2, 8),  # the legend's frame standing on a table's top rule, beside the headings
        # unruled, the legend's △ read 人, the running title's page number read 2, ? or
        # not at all on its three pages
        (4, 12),
    ],
)
def test_a_scan_of_another_programs_print_is_read(default_extraction, tmp_path, seed, measures):
    """Scans of prints no test above makes: a navy header row was ink, so no header and
    no table was found (使える進捗の表がありません); letter-spaced labels, white between
    their letters across the widest column, outvoted the rows' text and cut it into
    columns that are not there, so no table either. A legend's frame level with the
    headings was read with them, line by line: the legend was lost, every rating unknown."""
    records = default_extraction.items.to_dict("records")[:measures]
    digital = make_pdf(records, 2024, random_style(seed), tmp_path / "print.pdf").path
    scan = scan_pdf(digital, tmp_path / "scan.pdf", replace(SCAN_STYLES["office300"], dpi=200))
    x, truth = hotplan.extract(scan, jobs=1), hotplan.extract(digital)
    assert len(x.items) == len(truth.items)
    for column in ("serial", "measure_no", "code", "rating", "departments"):
        assert x.items[column].tolist() == truth.items[column].tolist(), column
    assert not [f for f in x.finding_list if f.severity.value == "error"]


def test_a_ruled_box_outside_the_tables_cells_is_a_frame():
    """A legend's frame standing on a table's top rule: its foot is the table's rule. A
    column of the table, ruled the same way, holds cells and is no frame."""
    table = [Rule(0, 300, 1000, 302), Rule(0, 600, 1000, 602)]
    walls = [Rule(x, 300, x + 2, 602) for x in (0, 400, 1000)]
    legend = [Rule(700, 200, 900, 202), Rule(700, 200, 702, 301), Rule(898, 200, 900, 301)]
    cells = [Cell(0, 0, 0, (3, 304, 398, 598)), Cell(0, 0, 1, (404, 304, 998, 598))]
    grid = Grid(
        [r for r in table + legend if r.y1 - r.y0 < 5],
        [r for r in walls + legend if r.x1 - r.x0 < 5],
        cells,
        [(0, 300, 1000, 602)],
    )
    assert frames(grid, 72 / 200) == [(702, 200, 898, 301)]


def test_a_dark_fill_is_turned_light_with_its_print_dark():
    grey = np.full((300, 900), 245, np.uint8)
    grey[100:160, 50:850] = 40  # a navy band, its top and bottom edges the table's rules
    grey[120:140, 100:300] = 235  # a white label on it
    grey[160:260, 400:402] = 20  # a column rule meeting it from below
    grey[200:260, 600:800] = 200  # a light shading: left as it is
    page = lightened(Raster(grey, binarize(grey), 72 / 200, 0.0))
    out = page.grey
    assert out[125:135, 150:250].max() < 60  # the label is dark now
    assert out[105:115, 500:600].min() > 180  # its ground light
    for edge in (slice(96, 104), slice(156, 164)):  # top and bottom edges: rules
        assert (out[edge, 60:840].max(axis=1) < 60).any()
    assert out[110:150, 400:402].max() < 60  # the column rule runs on through it
    assert (out[200:260, 600:800] == 200).all()
    untouched = grey.copy()
    untouched[100:160, 50:850] = 235
    assert lightened(Raster(untouched, binarize(untouched), 72 / 200, 0.0)).grey is untouched


def test_a_border_is_made_paper_and_the_print_inside_kept():
    grey = np.full((800, 1200), 235, np.uint8)
    grey[:40, :] = grey[:, :30] = 40  # the lid's shadow, top and left
    grey[300:302, 100:1100] = 20  # a rule
    grey[500:540, 60:100] = 20  # a punch hole in the margin, cut by no edge
    grey[200:230, 400:403] = 20  # a stroke
    grey[600:800, 1197:1200] = 20  # a rule cut by the right edge: thin, no border
    out = unbordered(grey)
    assert (out[:40, :] >= 200).all() and (out[:, :30] >= 200).all()
    untouched = (slice(250, 800), slice(50, 1200))
    assert (out[untouched] == grey[untouched]).all()


def test_an_upside_down_page_is_turned_after_its_first_text_cell(digital, tmp_path, monkeypatch):
    """Each cell of an upside-down page was read before the page was turned round and read
    again (7 s a page): its first text cell, read as nonsense, now turns it."""
    style = replace(SCAN_STYLES["clean200"], name="turned180", turn=180)
    scan = scan_pdf(digital[0], tmp_path / "turned.pdf", style, pages=[1])
    read = reader.read_cell
    roles: list[str] = []
    monkeypatch.setattr(reader, "read_cell", lambda *a: (roles.append(a[2]), read(*a))[1])
    x = hotplan.extract(scan, jobs=1)
    rows = len(x.items)
    assert rows == (digital[1].items["source_page"] == 1).sum()
    # the upright page's cells, and the three of the probe: 通番, No. and 担当課 upside down
    assert len(roles) == 5 * rows + 3


@pytest.mark.parametrize(
    "style",
    [
        STYLES["excel"],  # no rules at all, a filled header not repeated, Mincho
        replace(STYLES["word"], name="rows", rules="horizontal"),  # rules between rows only
    ],
    ids=["unruled", "row-rules"],
)
def test_a_table_without_vertical_rules_is_read_by_its_corridors(
    default_extraction, tmp_path, style
):
    """Columns from the white corridors down the table, rows from the taller gaps (or the
    rules) between them: the same measures as the born-digital read, continuation pages
    without a header included."""
    records = default_extraction.items.to_dict("records")[:12]
    path = make_pdf(records, 2024, style, tmp_path / "r.pdf").path
    truth = hotplan.extract(path)
    x = hotplan.extract(scan_pdf(path, tmp_path / "scan.pdf", SCAN_STYLES["clean200"]), jobs=2)
    assert len(x.items) == len(truth.items) == 12
    for column in ("serial", "measure_no", "code", "rating"):
        assert x.items[column].tolist() == truth.items[column].tolist(), column
    pairs = zip(x.items["departments"], truth.items["departments"], strict=True)
    same = sum(a == b for a, b in pairs)
    assert same >= 11
    assert x.legend == truth.legend
    assert not [f for f in x.finding_list if f.severity == "error"]


def test_ocr_always_reads_a_born_digital_pdf_alike(digital):
    x = hotplan.extract(digital[0], ocr="always", jobs=2)
    for column in ("serial", "measure_no", "code", "rating", "departments"):
        assert x.items[column].tolist() == digital[1].items[column].tolist(), column
    assert [f.check for f in x.finding_list if f.check == "ocr.used"] == ["ocr.used"]


def test_missing_language_data_is_one_line_exit_2(digital, tmp_path):
    out = tmp_path / "out"
    scan = scan_pdf(digital[0], tmp_path / "scan.pdf", SCAN_STYLES["clean200"], pages=[1])
    run = subprocess.run(
        [sys.executable, "-m", "hotplan", "extract", str(scan), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TESSDATA_PREFIX": str(tmp_path / "none")},
    )
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1
    assert "jpn.traineddata" in run.stderr and "apt-get install tesseract-ocr-jpn" in run.stderr
    assert not out.exists() or list(out.iterdir()) == []


# -- the parts, on their own ----------------------------------------------------------------


def _shape(kind: str, size: int, stroke: int) -> np.ndarray:
    image = Image.new("L", (size * 2, size * 2), 0)
    draw = ImageDraw.Draw(image)
    a, b = size // 2, size // 2 + size
    if kind == "○":
        draw.ellipse((a, a, b, b), outline=255, width=stroke)
    elif kind == "△":
        draw.polygon([(size, a), (a, b), (b, b)], outline=255, width=stroke)
    elif kind == "▲":
        draw.polygon([(size, a), (a, b), (b, b)], fill=255)
    elif kind == "□":
        draw.rectangle((a, a, b, b), outline=255, width=stroke)
    elif kind == "●":
        draw.ellipse((a, a, b, b), fill=255)
    elif kind == "◎":
        draw.ellipse((a, a, b, b), outline=255, width=stroke)
        m = size // 4
        draw.ellipse((a + m, a + m, b - m, b - m), outline=255, width=stroke)
    return np.asarray(image)


@pytest.mark.parametrize("kind", ["○", "△", "▲", "●", "◎"])
@pytest.mark.parametrize(("size", "stroke"), [(22, 2), (30, 3), (60, 5)])
def test_symbols_are_read_by_shape(kind, size, stroke):
    symbol = read_symbol(_shape(kind, size, stroke), scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == (kind, False)


@pytest.mark.parametrize(("size", "stroke"), [(14, 3), (16, 4), (20, 4)])
def test_a_small_triangle_with_thick_strokes_is_hollow(size, stroke):
    """A portrait print's △ on a grey zebra row, scanned tired at 200 dpi: 16 px with
    4-pixel strokes, its hole a fifth of it. Ink against the outline's polygon area
    (which leaves out half the outline's pixels) filled 0.92 of it, as solid as a ▲:
    the rating read ▲, an error. A solid ▲ of that size stays solid."""
    for kind in ("△", "▲"):
        symbol = read_symbol(_shape(kind, size, stroke), scale=72 / 200)
        assert (symbol.text, symbol.doubtful) == (kind, False)


@pytest.mark.parametrize(("size", "stroke"), [(22, 2), (30, 3)])
def test_a_ring_a_speck_joined_to_a_dot_is_a_circle_not_a_triangle(size, stroke):
    """A legend's ○ on a dark, noisy scan came back joined by a speck to its colon's upper
    dot: the widened outline filled its box as a triangle does, the legend read △ twice
    and every ○ rating became an error. The ring's hole is round all the same."""
    image = Image.fromarray(_shape("○", size, stroke))
    draw = ImageDraw.Draw(image)
    right, middle = size // 2 + size, size
    dot = size // 4
    draw.line((right - stroke, middle - dot, right + dot * 2, middle - dot), fill=255, width=1)
    draw.rectangle((right + dot * 2, middle - dot - 1, right + dot * 2 + 3, middle - dot + 2), 255)
    symbol = read_symbol(np.asarray(image), scale=72 / 200)
    assert symbol.text == "○"
    assert symbol.doubtful  # read past its outline: a person may look
    # … while a triangle with the same speck is still a triangle
    image = Image.fromarray(_shape("△", size, stroke))
    ImageDraw.Draw(image).line((right, right - stroke, right + dot * 2, right - stroke), 255)
    assert read_symbol(np.asarray(image), scale=72 / 200).text == "△"


@pytest.mark.parametrize(("size", "stroke"), [(22, 2), (30, 3)])
def test_a_ring_broken_into_arcs_is_a_doubtful_circle(size, stroke):
    """Mincho's ○ scanned in black and white at a light threshold lost its hairline sides:
    two or three arcs, no one of them the shape, read as no symbol (every rating of the
    page an error). Arcs on one circle are a ○, for a person to confirm; a triangle's
    pieces a △, doubtful as well; and a lone flat arc is no ▲."""
    ring = _shape("○", size, stroke).copy()
    ring[size - size // 4 : size + size // 4, :] = 0  # the sides
    symbol = read_symbol(ring, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("○", True)
    triangle = _shape("△", size, stroke).copy()
    triangle[:, size - 2 : size + 2] = 0  # the apex and the base's middle
    symbol = read_symbol(triangle, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("△", True)
    c = _shape("○", size, stroke).copy()
    c[size : size + size // 2, : size - size // 4] = 0  # open at the lower left: one blob
    assert read_symbol(c, scale=72 / 200) == Symbol("○", True, read_symbol(c, 72 / 200).box)
    # Broken at a lighter threshold still: one arc long enough to count, the rest crumbs
    # (a lone arc read as a sure ▲ before).
    crumbs = _shape("○", size, stroke).copy()
    ys, xs = np.nonzero(crumbs)
    angle = np.arctan2(ys - crumbs.shape[0] / 2, xs - crumbs.shape[1] / 2)
    gaps = (np.degrees(angle) % 20 > 8) & ~((angle > -2.6) & (angle < -1.4))
    crumbs[ys[gaps], xs[gaps]] = 0
    symbol = read_symbol(crumbs, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("○", True)
    arc = _shape("○", size, stroke).copy()
    arc[: size + size // 3, :] = 0  # the bottom arc alone
    symbol = read_symbol(arc, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("?", True)


def _crumbs_of(ring: np.ndarray, angles: list[float], reach: int = 2) -> np.ndarray:
    """Only the ring's ink within reach pixels of the points at angles (degrees)."""
    h, w = ring.shape
    cy, cx, r = h / 2, w / 2, (h / 2) / 2
    keep = np.zeros_like(ring)
    for a in angles:
        x, y = int(cx + r * np.cos(np.radians(a))), int(cy + r * np.sin(np.radians(a)))
        keep[y - reach : y + reach + 1, x - reach : x + reach + 1] = 255
    return ring & keep


@pytest.mark.parametrize(
    "angles",
    [[45, 135, 225, 315], [-120, -60, 60, 120], [-100, 30, 150], [-90, 0, 100, 200]],
)
def test_a_ring_left_as_crumbs_is_a_doubtful_circle(angles):
    """A hairline ○ at a B/W scanner's light threshold: a few specks where its stroke
    was darkest, none large enough to count alone (read as an empty cell, every rating of
    the page missing). Specks on one circle, around its centre, are a ○ to confirm."""
    crumbs = _crumbs_of(_shape("○", 22, 2), angles)
    symbol = read_symbol(crumbs, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("○", True)


def test_crumbs_that_are_no_ring_are_dust():
    """Specks on one side of a circle only, specks spread over a cell, specks on a
    circle wider than a symbol, or two specks: dust, the cell empty."""
    one_side = _crumbs_of(_shape("○", 22, 2), [200, 240, 280, 320])
    assert read_symbol(one_side, scale=72 / 200).text == ""
    spread = np.zeros((80, 160), np.uint8)
    for y, x in [(10, 10), (70, 60), (15, 150), (60, 120)]:
        spread[y : y + 2, x : x + 2] = 255
    assert read_symbol(spread, scale=72 / 200).text == ""
    wide = _crumbs_of(_shape("○", 60, 3), [45, 135, 225, 315])  # 60 px: 22 pt across
    assert read_symbol(wide, scale=72 / 200).text == ""
    two = _crumbs_of(_shape("○", 22, 2), [-90, 90])
    assert read_symbol(two, scale=72 / 200).text == ""


def test_a_triangles_base_left_whole_with_a_crumb_of_its_apex_is_a_doubtful_triangle():
    """A △ whose thick base survived the threshold and whose sides left one speck at
    the apex: the base alone is no shape (a dash?), with the speck it is the triangle."""
    triangle = _shape("△", 22, 3).copy()
    base = triangle.copy()
    base[: 22 + 22 // 2 - 3, :] = 0  # the base alone
    assert read_symbol(base, scale=72 / 200) == Symbol("?", True, read_symbol(base, 72 / 200).box)
    with_apex = base.copy()
    with_apex[11:14, 21:24] = triangle[11:14, 21:24]
    symbol = read_symbol(with_apex, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("△", True)


# A ○ from a 200 dpi scan thresholded to black and white (an office scanner's B/W mode):
# its jagged outline simplifies to four corners, not the eight a drawn ring has.
THRESHOLDED_RING = """
..........######.........
.......###########.......
.....###############.....
....#####......######....
....####.........####....
...####...........####...
..####.............###...
..###...............###..
..###...............###..
..##.................##..
..##.................##..
..##.................##..
..##.................##..
..###...............###..
..###...............###..
..####.............###...
...####...........####...
....####.........####....
....######.....######....
.....##############......
.......###########.......
"""


def test_a_thresholded_ring_with_four_corners_is_a_circle():
    ring = np.array([[255 if c == "#" else 0 for c in row] for row in THRESHOLDED_RING.split()])
    ink = np.zeros((83, 146), np.uint8)
    ink[8 : 8 + ring.shape[0], 60 : 60 + ring.shape[1]] = ring
    symbol = read_symbol(ink, scale=72 / 200)
    assert (symbol.text, symbol.doubtful) == ("○", False)
    # … while a square stays a square, and a triangle a triangle, at that size
    for kind in ("□", "△"):
        assert read_symbol(_shape(kind, 22, 2), scale=72 / 200).text == kind


def test_a_rule_the_finder_missed_is_cut_from_the_cells_edge():
    """A header's thick border blurred into its fill is found by no rule finder; the cell
    under it starts below that ink, and a filled (shaded) cell keeps its box."""
    ink = np.zeros((120, 200), np.uint8)
    ink[0:5, :] = 255  # the border, along the top of the first cell
    ink[5, ::2] = 255  # its pale fringe
    ink[50:70, 40:46] = 255  # a thin 1, well inside
    ink[:, 100:] = 255  # a shaded cell: its fill is ink
    ink[40:60, 140:150] = 0  # a label on it
    grid = Grid([], [], [Cell(0, 0, 0, (0, 0, 100, 120)), Cell(0, 0, 1, (100, 0, 200, 120))], [])
    plain, shaded = cleared(grid, ink, scale=72 / 200).cells
    assert plain.box[1] >= 6 and plain.box[1] < 50  # below the border, above the digit
    assert (plain.box[0], plain.box[2], plain.box[3]) == (0, 100, 120)
    assert shaded.box == (100, 0, 200, 120)


def test_a_rule_broken_where_it_was_pale_still_closes_its_row():
    """A thin rule thresholded to black and white breaks where it is pale: the bottom rule
    of a table's last row in two pieces, neither crossing most of the table, one rule."""
    ink = np.zeros((300, 1000), np.uint8)
    for x in (50, 150, 950):
        ink[40:262, x : x + 2] = 255
    ink[40:42, 50:952] = ink[150:152, 50:952] = 255
    ink[260:262, 50:520] = ink[260:262, 526:952] = 255  # broken: a 6-pixel gap
    grid = find_grid(ink, scale=72 / 200)
    assert Counter(c.row for c in grid.cells) == {0: 2, 1: 2}
    # … while rules of two tables side by side, a column apart, stay two
    apart = np.zeros((300, 1000), np.uint8)
    apart[100:102, 50:450] = apart[100:102, 550:950] = 255
    assert len(find_grid(apart, scale=72 / 200).hrules) == 2


def test_a_stroke_printed_right_under_a_column_rule_is_not_part_of_it():
    """A heading printed just below a table, its 情's 忄 under the column rule: the stroke
    ran on as part of the rule, and blanking the rules erased it (地域情報 read 地域青報).
    A rule is cut at the last row rule it crosses where it runs on less than a rule's
    length; one that runs on longer keeps its length."""
    ink = np.zeros((400, 1000), np.uint8)
    for y in (40, 150, 260):
        ink[y : y + 2, 50:952] = 255
    for x in (50, 950):
        ink[40:262, x : x + 2] = 255
    ink[40:292, 300:302] = 255  # the column rule, and a 30-pixel stroke under it
    ink[40:362, 600:602] = 255  # a rule that runs on 100 pixels (36 pt) past the table
    grid = find_grid(ink, scale=72 / 200)
    ends = {round(r.x): r.y1 for r in grid.vrules}
    assert ends[301] <= 262 + 4 and ends[601] == 362  # 4: a rule's reach at 200 dpi
    assert Counter(c.row for c in grid.cells) == {0: 3, 1: 3}


def test_a_rule_is_blanked_with_its_rim_and_the_print_touching_it_kept():
    """A heading printed a pixel under a table's bottom rule: blanking the rule with a
    fixed margin cut 主's dot (read 王); a piece of the rule too pale to be found, over
    the heading's first glyphs, was left as a grey line along its top."""
    grey = np.full((300, 1000), 240, np.uint8)
    grey[100:102, 50:950] = 40  # the rule
    grey[99, 50:950] = grey[102:104, 50:950] = 170  # its blurred rim
    grey[100:102, 50:200] = 120  # pale at its left end: not found as a rule
    grey[103:110, 500:506] = 30  # a glyph's dot touching the rim
    # a legend frame standing on the table, level with a heading on its left: the frame's
    # top rule lies in the table's box, but crosses no row
    grey[30:32, 700:900] = 40
    grey[25:40, 100:300] = 30  # the heading
    legend = Rule(700, 30, 900, 32)
    grid = Grid([Rule(200, 100, 950, 102), legend], [], [], [(50, 30, 951, 280)])
    margins._blank_rules(grey, binarize(grey), grid, 240)
    # (the rim a pixel either side of the dot is the dot's, as thresholding smooths)
    assert (grey[97:104, 50:498] == 240).all() and (grey[97:104, 508:950] == 240).all()
    assert (grey[103:110, 500:506] == 30).all()
    assert (grey[30:32, 700:900] == 240).all() and (grey[25:40, 100:300] == 30).all()


def test_a_rule_at_the_pictures_edges_is_blanked():
    """A strip of a scan whose rules run to its edges, two pixels from them: a rule's
    box, a pixel longer at each end, reached past the picture, and with its rim on
    the picture but nothing beyond the rim the page stopped with an IndexError."""
    grey = np.full((60, 200), 240, np.uint8)
    grey[:, 195:198] = 40  # a wall two pixels from the right edge, top to foot
    grey[56:58, 20:200] = 40  # a rule two pixels from the foot, to the right edge
    grid = Grid([Rule(20, 56, 200, 58)], [Rule(195, 0, 198, 60)], [], [])
    margins._blank_rules(grey, binarize(grey), grid, 240)
    assert (grey[:, 195:198] == 240).all() and (grey[56:58, 20:] == 240).all()


def test_a_legend_box_just_above_a_table_is_no_part_of_it():
    """A legend box printed 4 pt above the table's top right: its bottom rule and the
    table's top rule run side by side, close, but touch nowhere; two boxes, not one."""
    ink = np.zeros((500, 1000), np.uint8)
    ink[40:42, 750:900] = ink[138:140, 750:900] = 255  # the legend box
    ink[40:140, 750:752] = ink[40:140, 898:900] = 255
    top = 151  # 11 pixels (4 pt at 200 dpi) below the box
    for y in (top, 300, 450):
        ink[y : y + 2, 50:952] = 255
    for x in (50, 150, 950):
        ink[top:452, x : x + 2] = 255
    grid = find_grid(ink, scale=72 / 200)
    legend, table = grid.tables
    assert legend[3] < top and 140 < table[1] <= top  # 140: the box's bottom rule
    assert Counter(c.table for c in grid.cells) == {0: 1, 1: 4}


def test_a_lone_row_carried_to_the_top_of_a_page_is_a_table():
    """A table's last row alone at the top of the next page, its lines touching (one run
    of ink rows), is a table of one row like the two-row table under the heading."""
    columns = [(50, 80), (110, 130), (160, 300), (330, 850), (900, 920)]
    ink = np.zeros((420, 1000), np.uint8)
    for top, bottom in [(100, 180), (280, 306), (340, 366)]:  # the lone row, then two rows
        for left, right in columns:
            ink[top:bottom, left:right] = 255
    ink[220:246, 50:920] = 255  # a heading across the page
    grid = unruled_grid(ink, 72 / 200, [])
    assert len(grid.tables) == 2
    rows = Counter((c.table, c.row) for c in grid.cells)
    assert rows == {(0, 0): 5, (1, 0): 5, (1, 1): 5}


def test_a_letter_spaced_label_over_a_column_of_short_names_parts_no_column():
    """An unruled table on A3 with 8 pt print: its header's 担 当 課 / 掲 載 P, letter-
    spaced across a wide column of short names, left white between its letters where no
    row prints: three corridors instead of one, six in all, and no table was found on
    the page (5 of 45 rows read). White parted only by the header's letters is one."""
    ink = np.zeros((420, 1000), np.uint8)
    for top, bottom in [(150, 176), (210, 236), (270, 296)]:  # three rows
        for left, right in [(50, 80), (110, 130), (160, 250), (560, 850), (900, 920)]:
            ink[top:bottom, left:right] = 255
    for left, right in [(50, 80), (110, 130), (650, 730), (900, 920)]:  # the header
        ink[90:116, left:right] = 255
    for left in range(160, 400, 50):  # its 担当課/掲載P, a letter's width apart
        ink[90:116, left : left + 20] = 255
    grid = unruled_grid(ink, 72 / 200, [])
    assert len(grid.tables) == 1
    assert Counter(c.row for c in grid.cells) == {0: 5, 1: 5, 2: 5, 3: 5}
    names = [c.box for c in grid.cells if c.column == 2]
    assert all(box[0] < 160 and 380 < box[2] < 560 for box in names)


def test_a_rating_column_of_faint_crumbs_is_a_column_of_an_unruled_table():
    """Excel's unruled table scanned black and white at a light threshold: each row's thin
    ○ came back as a few crumbs, under half a percent of the block's ink, and the rating
    column was trimmed away as a speck's: four corridors became three, no table was found
    at the top of the page and its rows were lost. Ink on three lines or more is a
    column; a speck beside one line is still no column."""

    def page(crumbs: tuple[int, ...]) -> np.ndarray:
        ink = np.zeros((700, 1000), np.uint8)
        for row, top in enumerate((100, 260, 420)):  # three rows of three lines
            for line in range(3):
                y = top + 34 * line
                for left, right in [(50, 80), (110, 130), (160, 300)] if line == 0 else []:
                    ink[y : y + 26, left:right] = 255
                ink[y : y + 26, 330:880] = 255
            if row in crumbs:
                ink[top + 10 : top + 13, 910:913] = 255  # what is left of its ○
        return ink

    grid = unruled_grid(page((0, 1, 2)), 72 / 200, [])
    assert len(grid.tables) == 1
    assert Counter(c.column for c in grid.cells) == {0: 3, 1: 3, 2: 3, 3: 3, 4: 3}
    assert unruled_grid(page((0,)), 72 / 200, []).tables == []


def test_a_letter_spaced_heading_over_an_unruled_table_is_no_row_of_it():
    """A page-top 基本施策2 heading in a letter-spaced bold Mincho, right above an unruled
    table, covered the corridors it reached over by 0.79 and 0.77, under the 0.9 that
    made a line run across one: it became the table's first row (通番 23 twice, a
    department 「と地域ニーズをマッチングする」). A line covering two corridors by half is a
    heading; a table line reaching into one corridor stays a row."""
    columns = [(50, 80), (110, 130), (160, 300), (330, 850), (900, 920)]
    ink = np.zeros((420, 1000), np.uint8)
    for top, bottom in [(150, 176), (210, 236), (270, 296)]:  # three rows
        for left, right in columns:
            ink[top:bottom, left:right] = 255
    ink[270:296, 300:312] = 255  # a long name reaching into the third corridor
    # the heading, 20 px above the table, its glyphs 20 px apart (wider than the gaps a
    # line's ink is closed over): it covers the corridors it reaches over by 0.8, 0.8, 0.67
    for left, right in [(50, 104), (124, 154), (174, 320), (340, 600)]:
        ink[110:136, left:right] = 255
    grid = unruled_grid(ink, 72 / 200, [])
    assert len(grid.tables) == 1 and grid.tables[0][1] > 136
    assert Counter(c.row for c in grid.cells) == {0: 5, 1: 5, 2: 5}


def test_a_fill_is_taken_off_the_ink_with_its_blurred_edge():
    """A shaded header the page's threshold took for ink: its labels stay, its fill and
    the dotted rim the fill's blur left (which would cut the table's columns) go."""
    grey = np.full((100, 300), 235, np.uint8)
    grey[20:80, 20:280] = 200  # the fill
    grey[19, 20:280:2] = grey[80, 20:280:2] = 212  # its blurred rim, in dots
    grey[20:80:2, 19] = grey[20:80:2, 280] = 212
    grey[40:60, 50:60] = grey[40:60, 150:160] = 40  # two labels
    ink = np.where(grey < 218, 255, 0).astype(np.uint8)
    out = unfilled(ink, grey, scale=72 / 200)
    assert out[40:60, 50:60].all() and out[40:60, 150:160].all()
    assert np.count_nonzero(out) == 2 * 20 * 10


def test_a_thin_one_alone_in_a_tall_cell_is_read():
    """Tesseract's line and word layouts often see nothing in a small 1 in a tall number
    cell of a worn scan; the single-character layout, at two sizes, reads it."""
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), 18)
    for seed in range(8):
        cell = Image.new("RGB", (80, 250), "white")
        ImageDraw.Draw(cell).text((34, 110), "1", font=font, fill="black")
        grey = np.asarray(scan_page(cell, SCAN_STYLES["tired200"], seed).convert("L"))
        assert engine.read_number(grey, binarize(grey))[0] == "1", seed


@pytest.mark.parametrize("rim", [180, 160])
def test_the_seam_of_the_paper_added_around_a_line_is_not_read_as_a_glyph(rim):
    """A 250 dpi grey scan's line of 担当課, its edges a little darker than its paper,
    read alone by the word layout as |生活揚護課: the | was boxed over the seam between
    the line's picture and the paper Tesseract is given around it."""
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 26)
    line = Image.new("L", (150, 30), 225)
    ImageDraw.Draw(line).text((4, 1), "生活援護課", font=font, fill=40)
    grey = np.asarray(line).copy()
    grey[:, :2] = grey[:, -2:] = rim
    for kind in ("word", "raw", "line"):
        assert lines_text(engine.read(grey, kind)) == "生活援護課", kind


def test_a_plain_reading_is_the_block_reading_without_its_candidates():
    """A reading only compared as text (the third size of a 取組の方向性 cell) goes without
    each glyph's other candidates, which cost a fifth of the reading: every glyph, box and
    confidence is the block reading's."""
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), 20)
    cell = Image.new("RGB", (460, 60), "white")
    ImageDraw.Draw(cell).text(
        (8, 6), "地域の見守り活動を広げ、\n相談窓口の周知に取り組みます。", font=font, fill="black"
    )
    grey = np.asarray(scan_page(cell, SCAN_STYLES["tired200"], 0).convert("L"))
    block, plain = engine.read(grey, "block", zoom=2.0), engine.read(grey, "plain", zoom=2.0)

    def glyphs(lines):
        return [(g.text, g.box, g.conf, g.word_start) for line in lines for g in line.glyphs]

    assert len(lines_text(block)) > 20 and glyphs(plain) == glyphs(block)
    assert any(g.others for line in block for g in line.glyphs)
    assert not any(g.others for line in plain for g in line.glyphs)


def _page_ref_scan(text: str, seed: int) -> np.ndarray:
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), 16)
    cell = Image.new("RGB", (200, 40), "white")
    ImageDraw.Draw(cell).text((10, 10), text, font=font, fill="black")
    return np.asarray(scan_page(cell, SCAN_STYLES["tired200"], seed).convert("L"))


@pytest.mark.parametrize("seed", range(3))
def test_a_page_references_number_is_read_by_the_latin_model(seed):
    """The Japanese model read every (P.74) of a 150 dpi scan as (P73), and (P.97) as
    (P.9); (P.77)'s end as ⑦. The Latin model, kept to a reference's characters, reads
    the number; where it reads what the Japanese model read, the line is left as read."""
    grey = _page_ref_scan("(P.74)", seed)
    japanese = engine.read(grey, "block")
    assert "74" in lines_text(latin_page_refs(grey, japanese))
    box = engine.ink_box(binarize(grey), 0)
    for printed, read, fixed in (
        ("(P.74)", "(P73)", "(P74)"),  # the number only: the dot is review.py's to restore
        ("(P.97)", "(P.9)", "(P.97)"),
        ("(P.77)", "(P7⑦", "(P.77)"),  # a reference begun and misread to its end: whole
    ):
        grey = _page_ref_scan(printed, seed)
        assert lines_text(latin_page_refs(grey, [spread(read, (0, 0), box)])) == fixed
    grey = _page_ref_scan("(P.58)", seed)
    same = [spread("(P58)", (0, 0), box), spread("福祉総務課", (0, 0), box)]
    assert latin_page_refs(grey, same) == same


def test_a_rules_stub_along_the_cells_edge_is_no_part_of_the_symbol():
    """What a rule or a fill's rim leaves at the cell's edge is not read with the ○."""
    ink = _shape("○", 30, 3).copy()
    ink[0:2, 20:50] = 255  # a stub of the header's rule along the top
    ink[10:40, -2:] = 255  # and of a wall on the right
    assert read_symbol(ink, scale=72 / 200) == read_symbol(_shape("○", 30, 3), scale=72 / 200)


def test_a_pen_ring_run_in_across_the_cells_edge_is_no_part_of_the_symbol():
    """A reader circled a row's ○ with a pen, the ring crossing the rules into the rows
    above and below: read with its arcs, the ○ was ◎ in its own cell and ? in the one
    above, two errors. An arc larger than a printed symbol, run in across the cell's
    edge, is left out; the ○ is read, doubtful, for review (or no symbol, doubtful, where
    the arc is all there is)."""
    scale = 72 / 200
    image = Image.new("L", (150, 85), 0)
    draw = ImageDraw.Draw(image)
    draw.ellipse((64, 0, 86, 22), outline=255, width=3)  # the ○, touching the cell's top
    ring = (40, 40, 110, 130)  # the pen ring round the next row's ○, its top arc here
    draw.ellipse(ring, outline=255, width=3)
    above = read_symbol(np.asarray(image), scale)
    assert (above.text, above.doubtful) == ("○", True)
    image = Image.new("L", (150, 85), 0)
    draw = ImageDraw.Draw(image)
    draw.ellipse((64, 8, 86, 30), outline=255, width=3)  # the ○ circled, in its cell
    draw.ellipse((40, -26, 110, 44), outline=255, width=3)  # the ring, over the rule above
    circled = read_symbol(np.asarray(image), scale)
    assert (circled.text, circled.doubtful) == ("○", True)
    # a tall cell (a Calc print's): the ring wholly inside it, round the ○, is no ◎
    image = Image.new("L", (150, 120), 0)
    draw = ImageDraw.Draw(image)
    draw.ellipse((64, 49, 86, 71), outline=255, width=3)
    draw.ellipse((40, 34, 110, 86), outline=255, width=3)
    inside = read_symbol(np.asarray(image), scale)
    assert (inside.text, inside.doubtful) == ("○", True)
    # the ring's arc alone (a row's part carried over to the next page): an empty cell
    image = Image.new("L", (150, 85), 0)
    ImageDraw.Draw(image).ellipse(ring, outline=255, width=3)
    assert read_symbol(np.asarray(image), scale) == Symbol("", True)
    # a ○ touching the cell's top, alone, is read as it was, sure
    image = Image.new("L", (150, 85), 0)
    ImageDraw.Draw(image).ellipse((64, 0, 86, 22), outline=255, width=3)
    assert read_symbol(np.asarray(image), scale) == Symbol("○", False, (64, 0, 87, 23))


def test_a_number_cells_glyphs_are_boxed_without_specks():
    """A dot of noise in a corner neither shrinks the digits in the crop the readers see
    nor moves where the number is placed."""
    ink = np.zeros((80, 80), np.uint8)
    ink[30:55, 36:42] = 255  # a 1
    ink[0, 75] = ink[78, 2] = 255  # specks
    assert engine.glyph_box(ink, margin=0) == (36, 30, 42, 55)
    assert engine.glyph_box(np.zeros((5, 5), np.uint8)) is None


@pytest.mark.parametrize(("stroke", "read"), [(140, "○"), (None, "")])
def test_a_rating_the_pages_threshold_lost_is_read_by_the_cells_own(stroke, read):
    """A thin Mincho ○ at 8 pt on grey paper: the page's threshold kept a few pixels of
    it, and the rating was read as ▲ or as an empty cell. Print the page's ink lost is
    read by the cell's own threshold; a cell of grainy paper alone stays empty."""
    rng = np.random.default_rng(1)
    grey = np.clip(rng.normal(222, 8, (80, 200)), 0, 255).astype(np.uint8)
    if stroke is not None:
        cv2.circle(grey, (100, 40), 14, stroke, 2)
    ink = np.zeros_like(grey)
    ink[40, 86:89] = 255  # what the page's threshold kept of it
    page = PageReading(1, Raster(grey, ink, 72 / 200, 0.0))
    cell_reading.read_cell(page, Cell(0, 0, 4, (5, 5, 195, 75)), "rating")
    assert page.cells[-1].text == read


@pytest.mark.parametrize("role", ["rating", "serial", "direction"])
def test_a_cell_with_no_pixels_is_read_as_empty(role):
    """Edges found a pixel apart leave a cell no pixels: reading its rating printed
    numpy's warning of an empty slice on the terminal (and a header cell's denoised
    reading stopped the run). It is an empty cell, read without a word."""
    grey = np.full((80, 200), 240, np.uint8)
    page = PageReading(1, Raster(grey, np.zeros_like(grey), 72 / 200, 0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        cell_reading.read_cell(page, Cell(0, 0, 4, (50, 60, 120, 60)), role)
    assert page.cells[-1].text == ""


def test_a_header_cell_with_no_pixels_reads_as_nothing():
    """A fax's header row, its cells' edges found a pixel apart: the denoised reading of
    its labels stopped the run with OpenCV's traceback."""
    grey = np.full((80, 200), 240, np.uint8)
    page = PageReading(1, Raster(grey, np.zeros_like(grey), 72 / 200, 0.0))
    empty = Cell(0, 0, 0, (50, 60, 50, 75))
    for reading in (cell_reading.read_denoised, cell_reading.read_thinned, reader._as_printed):
        assert reading(page, empty) == []


def test_blobs_of_a_picture_with_no_pixels_are_none():
    """OpenCV's connected components kill the process (a segfault, no Python error) on a
    picture with a side of length zero (opencv/opencv#29854): a fax's legend symbol,
    cropped left of its colon, did so in a worker. Every caller goes through blobs(),
    which finds the background alone there."""
    for shape in ((10, 0), (0, 10), (0, 0)):
        count, labels, stats, _ = blobs(np.zeros(shape, np.uint8))
        assert count == 1 and labels.shape == shape and len(stats) == 1
    assert legend_symbols._symbol_ink(np.zeros((10, 0), np.uint8), (0, 0, 5)).shape == (10, 0)
    # a legend's box left of a colon at the picture's edge: nothing, not the page's width
    grey = np.full((80, 200), 240, np.uint8)
    page = PageReading(1, Raster(grey, np.zeros_like(grey), 72 / 200, 0.0))
    ruled = np.zeros(grey.shape, bool)
    assert legend_symbols._ink(page, (0, 5, -1, 20), ruled).size == 0
    callers = [
        path.name
        for path in (ROOT / "src" / "hotplan").rglob("*.py")
        if "cv2.connectedComponents" in path.read_text(encoding="utf-8") and path.name != "blobs.py"
    ]
    assert callers == []


def test_junk_read_from_print_showing_through_is_left_out_and_said():
    """Thin paper printed on both sides: the back's print shows through, lighter than any
    ink, and Tesseract read it as a line of junk (唱Mt<で関口…) under a cell's text. A
    run of glyphs over no print goes, and what it read is said; a lone glyph over no
    print stays (Tesseract's box of a 。 is sometimes beside it)."""
    grey = np.full((120, 400), 245, np.uint8)
    grey[12:32, 20:175] = 30  # a line of print
    grey[60:80, 20:380] = 205  # the back's print showing through: 40 under the paper
    ink = np.where(grey < 120, 255, 0).astype(np.uint8)
    page = PageReading(1, Raster(grey, ink, 72 / 200, 0.0))

    def line(text: str, x: int, y: int) -> engine.TextLine:
        glyphs = tuple(
            engine.Glyph(ch, (x + 20 * i, y, x + 20 * i + 18, y + 20), 90.0, i == 0)
            for i, ch in enumerate(text)
        )
        return engine.TextLine((x, y, x + 20 * len(text), y + 20), glyphs)

    cell = Cell(0, 0, 3, (10, 5, 395, 110))
    read = [line("地域の方の見守り。", 20, 12), line("唱Mt<で関口", 20, 60)]
    kept, dropped = printed_only(page, cell, read)
    assert kept == read[:1]  # its 。 past the print, alone, is kept
    assert dropped == "唱Mt<で関口"
    # two glyphs over paper, two line heights wide, go too
    assert printed_only(page, cell, [line("実施", 320, 12)]) == ([], "実施")


def test_a_cell_read_without_junk_from_no_print_is_reviewed_with_what_was_left_out():
    items = _rows(["防災課 (P.1)"]).assign(direction_raw=["見守ります。"], direction=[""])
    cell = OcrCell(
        1, "direction", (160, 100, 400, 190), "見守ります。", 96.0, "unprinted", b"p",
        ("見守ります。", "唱Mt<で"),
    )  # fmt: skip
    out = review_cells(items, [cell], "_scope")
    assert [(f.check, f.serial, f.found) for f in out.findings] == [("ocr.unprinted", 1, "唱Mt<で")]
    assert "裏写り" in out.findings[0].message
    assert out.items["direction_raw"].tolist() == ["見守ります。"]


def test_an_empty_or_dusty_cell_has_no_symbol():
    dust = np.zeros((40, 80), np.uint8)
    dust[10, 10] = dust[30, 60] = 255
    assert read_symbol(dust, scale=72 / 200).text == ""


def _page_lines(printed: list[str]) -> list[SourceLine]:
    """Printed lines as one page of the reader's lines, numbered from 1."""
    return [SourceLine(i, text, page=1) for i, text in enumerate(printed, start=1)]


def test_headings_are_numbered_by_their_order():
    printed = [
        "基本目標| 今を生きる",  # Ⅰ read as |
        "基本施策l 地域への関心",  # 1 read as l
        "(1)情報発信",
        "①多様な広報",
        "⑫地域の支援",  # ② read as ⑫
        "基本目:謀| 今を生きる",  # the label misread, the title known: still Ⅰ
        "基本目標 つながりで",  # Ⅱ lost
        "基本施策1 多様な主体",
        "基本目標山 安心して",  # Ⅲ read as 山
        "(1)理解",
        "①福祉課題",
        "②支え合い",
        "①相談",  # cleanly printed: a part begins again (its (2) went unread)
        "共本日標 安心して",  # thin strokes lost: 基 read as 共, 目 as 日
        "共本施策2 相談",
        "基本日本！安心して",  # 標 read as 本, Ⅲ's last stroke as ！ (Mincho)
        "基本目標[ 安心して",  # Ⅲ's last stroke as [
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域への関心",
        "(1)情報発信",
        "①多様な広報",
        "②地域の支援",
        "基本目標Ⅰ 今を生きる",
        "基本目標Ⅱ つながりで",
        "基本施策1 多様な主体",
        "基本目標Ⅲ 安心して",
        "(1)理解",
        "①福祉課題",
        "②支え合い",
        "①相談",
        "基本目標Ⅲ 安心して",
        "基本施策2 相談",
        "基本目標Ⅲ 安心して",
        "基本目標Ⅲ 安心して",
    ]
    assert {f.found for f in findings} == {
        "基本目標| 今を生きる",
        "基本施策l 地域への関心",
        "⑫地域の支援",
        "基本目:謀| 今を生きる",
        "基本目標 つながりで",
        "基本目標山 安心して",
        "共本日標 安心して",
        "共本施策2 相談",
        "基本日本！安心して",
        "基本目標[ 安心して",
    }
    assert all(f.check == "ocr.heading_read" and f.severity == "info" for f in findings)


def test_a_section_number_misread_as_the_last_is_the_one_between():
    """A black-and-white scan read (4) as (3) (the rows under 自殺対策 got the code of the
    section before, with no OCR finding). Where the next section read is (5), it is (4);
    where the next is (4), the document printed (3) twice and that is kept for the
    document's checks. A page-top repeat keeps its section's number, however misread."""
    goal = ["基本目標Ⅰ 安心して", "基本施策1 支援", "(1)相談", "①相談"]
    misread = [*goal, "(2)住宅確保", "①住まい", "(2)自殺対策", "①自殺", "(4)暴力", "①虐待"]
    fixed, findings = number_headings(_page_lines(misread))
    assert [line.text for line in fixed][6:10:2] == ["(3)自殺対策", "(4)暴力"]
    assert [f.found for f in findings] == ["(2)自殺対策"]
    slip = [*goal, "(2)住宅確保", "①住まい", "(2)自殺対策", "①自殺", "(3)暴力", "①虐待"]
    fixed, findings = number_headings(_page_lines(slip))
    assert [line.text for line in fixed] == slip and not findings
    repeat = [*goal, "(2)住宅確保", "①住まい", "(8)住宅確保", "①住まい", "(3)自殺対策"]
    fixed, _ = number_headings(_page_lines(repeat))
    assert [line.text for line in fixed][6:] == ["(2)住宅確保", "①住まい", "(3)自殺対策"]


def _with_rows(printed: list[str | tuple[int, int]]) -> list[SourceLine]:
    """Printed lines as one page, a (serial, 取組施策No.) pair standing for a table row."""
    return [
        SourceLine(i, "", page=1, cells=(str(x[0]), str(x[1]), "福祉総務課(P.57)", "取組", "○"))
        if isinstance(x, tuple)
        else SourceLine(i, x, page=1)
        for i, x in enumerate(printed, start=1)
    ]


def test_a_section_number_read_one_past_the_next_is_the_next():
    """A scan of spaced Mincho read (2) cleanly as (3), the last section of its policy:
    its 13 rows got a code the plan has not, with no OCR finding. With no sign of a
    section heading lost between, (1) then (3) is (2), with a finding. Where rows under
    (1) start their numbering again, or ① comes again, a heading was lost and (3) stays;
    so it does where the next section read is (4)."""
    head = ["基本目標Ⅰ 安心して", "基本施策1 支援", "(1)相談", "①相談", (1, 1), (2, 2)]
    fixed, findings = number_headings(_with_rows([*head, "(3)人材", "①育成", (3, 1)]))
    assert fixed[6].text == "(2)人材" and [f.found for f in findings] == ["(3)人材"]
    lost_rows = [*head, (3, 1), (4, 2), "(3)人材", "①育成", (5, 1)]
    lost_circle = [*head, "①住まい", (3, 1), "(3)人材", "①育成", (4, 1)]
    then_four = [*head, "(3)人材", "①育成", (3, 1), "(4)虐待", "①虐待", (4, 1)]
    for lines in (lost_rows, lost_circle, then_four):
        fixed, findings = number_headings(_with_rows(lines))
        assert "(3)人材" in [line.text for line in fixed] and not findings


def test_a_section_whose_numeral_was_lost_is_numbered_by_its_place():
    """`(再犯防止に…`: the (7) of a section heading lost to OCR. The line was no heading,
    and the rows under it got the section before. Over a ① heading it is the next
    section; without one it stays as read."""
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 支援", "(1)権利擁護", "①権利擁護", (1, 1)]
    # the numeral alone lost, its parentheses read (a streak's scan: `()再犯…`)
    for read in ("(再犯防止の推進", "()再犯防止の推進", "（ ）再犯防止の推進"):
        fixed, findings = number_headings(_with_rows([*head, read, "①再犯防止"]))
        assert fixed[5].text == "(2)再犯防止の推進"
        assert [f.found for f in findings] == [read]
    fixed, findings = number_headings(_with_rows([*head, "(再犯防止の推進", (2, 2)]))
    assert fixed[5].text == "(再犯防止の推進" and not findings


def test_headings_numerals_read_as_brackets_and_marks_are_numbered():
    """A 150 dpi scan of Calc's hairline grid: (1) read as `【1)` and (7) as `[7`, so no
    section heading was found, and 6 rows got the section before; ④ read as `|` before a
    title the plan gives ④ (its 窓 read as 窟), and `(②` before a title the plan gives ②
    again, which was taken for a section (3). A title the plan does not have keeps its
    mark as read, and `(②` over one stays a section."""
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 質", "(1)人材", "①開発", (1, 1)]
    for read in ("【2)再犯防止", "[2再犯防止", "{2)再犯防止"):
        fixed, findings = number_headings(_with_rows([*head, read, "①再犯", (2, 1)]))
        assert fixed[5].text == "(2)再犯防止" and [f.found for f in findings] == [read]
    planned = {"Ⅰ-1-(1)": {"開発": 1, "研修": 2, "苦情相談窓口の運営": 3, "包括的支援": 3}}
    header = "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t2024年度進捗評価"
    lost = [*head, "②研修", header, (2, 1), "|苦情相談窟口の運営", "21/24", header, (3, 1)]
    fixed, findings = number_headings(_with_rows(lost), planned)
    assert fixed[8].text == "③苦情相談窟口の運営"
    assert [f.found for f in findings] == ["|苦情相談窟口の運営"]
    assert number_headings(_with_rows(lost))[0][8].text == "|苦情相談窟口の運営"
    repeated = [*head, "②研修", (2, 1), "③苦情相談窓口の運営", (3, 1), "(③包括的支援", (4, 1)]
    fixed, _ = number_headings(_with_rows(repeated), planned)
    assert fixed[9].text == "③包括的支援"
    assert number_headings(_with_rows(repeated))[0][9].text == "(2)包括的支援"  # a section


def test_a_fax_line_or_a_stamp_over_a_run_on_table_is_no_heading():
    """A line just above a table's header row is a subsection heading whose circled number
    OCR lost, numbered by its order. Over a table run on from the page before, a fax's
    transmit line and a receipt stamp's text (read as print, at the page's right edge)
    made that table's rows the next subsection, unflagged: they read as no title, or
    stand away from where the headings start."""
    header = "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t2024年度進捗評価"

    def page(read: str, x0: float) -> list[SourceLine]:
        printed = [
            ("基本目標Ⅰ 必要な人に", 42),
            ("基本施策1 質", 42),
            ("(1)人材", 42),
            ("①開発", 42),
            (header, 60),
            ((1, 1), 60),
            ("②研修", 42),
            (header, 60),
            ((1, 1), 60),
            (read, x0),
            (header, 60),
            ((2, 2), 60),
        ]
        lines = _with_rows([text for text, _ in printed])
        return [
            replace(line, page=1 + (i >= 9), bbox=(x, 100 + 14 * i, x + 200, 110 + 14 * i))
            for i, (line, (_, x)) in enumerate(zip(lines, printed, strict=True))
        ]

    for read, x0 in (
        ("2025/06/12 10:31 FAX 042・724・0000町田市地域福祉課 PO02/016", 13),
        ("\\導婦総務/", 742),  # the stamp's 福祉総務課, read at the page's edge
    ):
        fixed, findings = number_headings(page(read, x0))
        assert fixed[9].text == read and not findings
    fixed, findings = number_headings(page("苦情相談窓口の運営", 52))  # ③ lost
    assert fixed[9].text == "③苦情相談窓口の運営" and len(findings) == 1


def test_a_circled_number_read_past_reach_is_its_units():
    """② read as ⑫ where the 2024 report prints ② three times in a row: it is ②, which the
    document repeats, not ③ and ④. Where ⑫ can follow, it stays."""
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 質", "(1)人材", "①開発", (1, 1)]
    printed = [*head, "②研修", (2, 1), "⑫包括的支援", (3, 1), "⑫連携", (4, 1)]
    fixed, _ = number_headings(_with_rows(printed))
    assert [line.text for line in fixed][7::2] == ["②包括的支援", "②連携"]
    eleven = [*head] + [x for n in range(2, 12) for x in (chr(0x245F + n) + f"項{n}", (n, 1))]
    fixed, findings = number_headings(_with_rows([*eleven, "⑫項12"]))
    assert fixed[-1].text == "⑫項12" and not findings


def test_a_circled_number_read_as_no_number_takes_the_plans_for_its_title():
    """② read as `@` where the 2024 report prints ② three times in a row: numbered by its
    order, the rows under it got ③ and ④, codes the plan has not. The plan's catalog
    numbers the title; a title it does not list, or lists under another section, is
    numbered by its order."""
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 質", "(1)人材", "①開発", (1, 1)]
    printed = [*head, "②研修", (2, 1), "@包括的支援", (3, 1), "@連携・協働の推准", (4, 1)]  # 進
    planned = {"Ⅰ-1-(1)": {"開発": 1, "研修": 2, "包括的支援": 2, "連携・協働の推進": 2}}
    fixed, findings = number_headings(_with_rows(printed), planned)
    assert [line.text for line in fixed][7::2] == ["②包括的支援", "②連携・協働の推准"]
    assert [f.found for f in findings] == ["@包括的支援", "@連携・協働の推准"]
    elsewhere = {"Ⅰ-1-(2)": planned["Ⅰ-1-(1)"]}
    for plan in (None, elsewhere, {"Ⅰ-1-(1)": {"開発": 1, "研修": 2}}):
        fixed, _ = number_headings(_with_rows(printed), plan)
        assert [line.text for line in fixed][7::2] == ["③包括的支援", "④連携・協働の推准"]
    # the packaged plan numbers its subsections as the report prints them
    plan = subsection_numbers(load_catalog())
    assert plan["Ⅲ-3-(2)"]["地域における包括的支援体制の充実"] == 2
    assert plan["Ⅰ-1-(1)"]["地域情報発信の支援"] == 2


def test_a_circled_number_misread_as_another_takes_the_plans_where_the_order_expects_it():
    """③ read as ② after ② (kept as the document's own repeat), ⑤ read as ⑥ after ④
    (taken as one heading lost), ② read as ③ where the plan prints ② again: the rows got
    codes the plan has not. The plan's number for the title stands where the order
    expects it (the next, or the last again where the plan repeats it); a number read
    that the order allows and the plan's is not (a subsection this year dropped) stands."""
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 質", "(1)人材", "①開発", (1, 1)]
    plan = {"Ⅰ-1-(1)": {"開発": 1, "研修": 2, "窓口": 3, "苦情": 4, "横断": 5, "包括": 5}}
    printed = [*head, "②研修", (2, 1), "②窓口", (3, 1), "④苦情", (4, 1)]
    printed += ["⑥横断", (5, 1), "⑥包括", (6, 1)]  # ⑤ read as ⑥ twice; the plan repeats ⑤
    fixed, findings = number_headings(_with_rows(printed), plan)
    assert [line.text for line in fixed][5::2] == ["②研修", "③窓口", "④苦情", "⑤横断", "⑤包括"]
    assert [f.found for f in findings] == ["②窓口", "⑥横断", "⑥包括"]
    # without the plan, or with a title it does not know, the order alone numbers them
    for known in (None, {"Ⅰ-1-(1)": {"開発": 1, "研修": 2}}):
        fixed, _ = number_headings(_with_rows(printed), known)
        assert [line.text for line in fixed][5::2] == ["②研修", "②窓口", "④苦情", "⑥横断", "⑥包括"]
    # the plan's ③ read as ② right after ①: this year's report dropped the plan's ②
    dropped = [*head, "②窓口", (2, 1)]
    fixed, findings = number_headings(_with_rows(dropped), plan)
    assert fixed[5].text == "②窓口" and not findings


def test_a_label_misread_beyond_the_known_misreadings_is_known_by_its_title():
    """A black-and-white scan of Mincho print read 基本目標Ⅰ as `基本卓様1`: the line was
    left unparsed, the rows under it had no goal, and the page-top repeat on the next page
    opened goal Ⅰ anew, dropping the section its rows were under. A label with one
    character wrong before a numeral, or two where the title is one read elsewhere, is
    the label; a line that only begins like one stays as read."""
    printed = [
        "基本卓様1今を生きる自分に",  # 目標 misread, the title read so on the next page
        "共本施策1 地域への関心",
        "(1)情報発信",
        "①多様な広報",
        "共本日標 今を生きる自分に",
        "基木施策2 やりたいこと",  # 本 read as 木, before its number
        "基本方針 地域とともに",  # two characters off, a title read nowhere else
        "花本目標四必要な人に",  # 基 and Ⅲ misread; the title another page reads
        "基本目標Ⅱ 必要な人に",
        "蒸本目標 必要な人に",  # 基 misread, the numeral lost
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == [
        "基本目標Ⅰ 今を生きる自分に",
        "基本施策1 地域への関心",
        "(1)情報発信",
        "①多様な広報",
        "基本目標Ⅰ 今を生きる自分に",
        "基本施策2 やりたいこと",
        "基本方針 地域とともに",
        "基本目標Ⅱ 必要な人に",
        "基本目標Ⅱ 必要な人に",
        "基本目標Ⅱ 必要な人に",
    ]
    assert "基本方針 地域とともに" not in {f.found for f in findings}


def test_a_page_number_misread_above_a_repeated_header_is_no_subsection_heading():
    """A page's number `−1−` read as `ー]一`, left between the page's last row and the next
    page's repeated header row: taken for a ① heading whose numeral OCR lost, it became
    ③ and moved the rows after it to a subsection that does not exist. A title has two
    kana or kanji at least; a plain title there still is one."""
    header = "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t2024年度進捗評価"
    row = ("5", "1", "図書館(P.58)", "鶴川図書館の…", "○")
    printed = ["(1)情報発信", "①広報", header, None, "ー]一", header, "地域の支援", header]
    lines = [
        SourceLine(i, "\t".join(row), page=1, cells=row)
        if text is None
        else SourceLine(i, text, page=1)
        for i, text in enumerate(printed, start=1)
    ]
    fixed, _ = number_headings(lines)
    assert [line.text for line in fixed][4] == "ー]一"
    assert [line.text for line in fixed][6] == "②地域の支援"


def test_a_heading_whose_mark_was_lost_is_known_by_the_plans_title_over_a_page_break():
    """③災害ボランティアセンターの充実 printed last on a page, its table on the next: OCR
    lost the mark and read the page number 19/24 as `197 24` between the title and the
    next page's header, so the title was taken for no heading and its row kept ②'s code.
    A plain line that is the title the plan gives a subsection of its section is that
    subsection's heading; a line the plan does not know needs the header under it."""
    header = "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t2024年度進捗評価"
    head = ["基本目標Ⅰ 必要な人に", "基本施策1 安心", "(1)防災", "①情報提供", header, (1, 1)]
    printed = [*head, "②避難体制", header, (2, 1), "災害ボランティアセンターの充実", "197 24"]
    printed += [header, (3, 1)]
    plan = {"Ⅰ-1-(1)": {"情報提供": 1, "避難体制": 2, "災害ボランティアセンターの充実": 3}}
    fixed, findings = number_headings(_with_rows(printed), plan)
    assert [line.text for line in fixed][9:11] == ["③災害ボランティアセンターの充実", "197 24"]
    assert [f.found for f in findings] == ["災害ボランティアセンターの充実"]
    for known in (None, {"Ⅰ-1-(2)": plan["Ⅰ-1-(1)"]}):
        fixed, findings = number_headings(_with_rows(printed), known)
        assert fixed[9].text == "災害ボランティアセンターの充実" and not findings


def test_a_numeral_the_document_repeats_stays_after_a_doubtful_reading():
    """The 2024 report prints ② three times in a row. Where OCR reads the middle one
    doubtfully (`@②`), that one is numbered on by the order (③), but the next, read
    cleanly as ② again, keeps the document's numeral, not ④."""
    printed = ["(1)人材", "①開発", "②研修の充実", "@②包括的支援", "②相談支援機関", "③次"]
    fixed, _ = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == [
        "(1)人材", "①開発", "②研修の充実", "③包括的支援", "②相談支援機関", "③次",
    ]  # fmt: skip


def test_a_goal_numeral_read_as_strokes_skips_no_goal():
    """Ⅰ read as `1!` counts two strokes: the first goal is still Ⅰ, where a numeral read
    as itself may skip a goal whose headings OCR lost (Ⅲ straight after Ⅰ)."""
    printed = [
        "基本目標1! 今を生きる",
        "基本施策1 地域",
        "基本目標||| 安心して",  # Ⅱ, read with a stroke too many
        "基本目標Ⅳ 支え合う",  # Ⅲ lost: Ⅳ read as itself is kept
    ]
    fixed, _ = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "基本目標Ⅱ 安心して",
        "基本目標Ⅳ 支え合う",
    ]


def _margin_line(text: str, page: int, top: float) -> Line:
    return Line(_placed(text, 50, top), page)


def _placed(text: str, x: float, top: float) -> list[Char]:
    return [Char(ch, x + 10 * i, x + 10 + 10 * i, top, top + 10, 10) for i, ch in enumerate(text)]


def test_a_goal_heading_whose_numeral_ocr_misread_is_no_running_title():
    """基本目標Ⅰ repeated at the top of four pages, read 基本目標1: taken for a running
    title, it was moved to the end of each page, where it reopened goal Ⅰ after goal Ⅱ's
    rows and restarted their numbering (②⑫ read as ①)."""
    lines = ("町田市地域ホッとプラン", "基本目標1今を生きる")
    pages = [
        Page(n, 800, [_margin_line(x, n, 20 + 20 * i) for i, x in enumerate(lines)], [])
        for n in range(1, 5)
    ]
    edges = {page.number: edge_lines(page) for page in pages}
    found = find_furniture(edges)
    assert {line.text for n in edges for line in found[n]} == {"町田市地域ホッとプラン"}


def test_a_running_title_beside_a_page_number_misread_is_furniture():
    """A scan's running title `町田市地域ホッとプラン 進捗状況 - 2 -`, its page number read
    as 2, ? or not at all: no two lines were the same, none was furniture, and each page's
    title was taken for the last row of the page before, carried over (its rating ○2)."""
    title = "町田市地域ホッとプラン進捗状況"
    marks = {1: "1", 2: "?", 3: "", 4: "9の"}
    texts = ("会を創出します。", "地域活動についての", "知見を有する", "取組を推進します。")
    pages = []
    for n, mark in marks.items():
        line = _margin_line(title, n, 20)
        if mark:
            line = Line(line.chars + _placed(mark, 400, 20), n)
        # a row's line at the page's foot: its department recurs, its text does not
        row = (str(10 + n), "市民協働推進課(P.61)", texts[n - 1])
        parts = [_placed(text, x, 760) for text, x in zip(row, (40, 100, 300), strict=True)]
        foot = Line([ch for part in parts for ch in part], n)
        pages.append(Page(n, 800, [line, foot], []))
    edges = {page.number: edge_lines(page) for page in pages}
    found = find_furniture(edges)
    assert [[line.text for line in found[n]] for n in marks] == [
        [title + mark] for mark in marks.values()
    ]


@pytest.mark.parametrize(
    ("read", "furniture"),
    [
        ("町田市地域ホッとプラン信捗状況", True),  # 進 misread
        ("町田市地域ホッとプラン信捗伏況", True),  # two glyphs of fifteen
        ("町田市地域ホッとプラン", False),  # another text at its place
        ("地域ホッとプラン進捗状況一覧", False),
    ],
)
def test_a_running_title_ocr_misread_on_one_page_is_furniture(read, furniture):
    """The running title read a glyph off on one page of a scan (進捗 as 信捗): no other
    page printed that text, so it was no furniture, and was read as the last row of the
    page before, run on (its rating ○ラン信捗状況)."""
    title = "町田市地域ホッとプラン進捗状況"
    texts = {1: title, 2: title, 3: read, 4: title}
    pages = [Page(n, 800, [_margin_line(text, n, 20)], []) for n, text in texts.items()]
    edges = {page.number: edge_lines(page) for page in pages}
    found = find_furniture(edges)
    assert [line.text for line in found[3]] == ([read] if furniture else [])
    assert all([line.text for line in found[n]] == [title] for n in (1, 2, 4))


@pytest.mark.parametrize("read", ["9のに", "のに"])
def test_a_page_number_read_as_kana_is_read_again_as_digits(read):
    """`- 2 -` read `9のに` (kana sure of themselves): kept, it was no page number, and the
    digit readers, that know no dash, read the dashes as 2s (22)."""
    image = Image.new("L", (1000, 1400), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 28)
    draw.text((800, 30), "- 2 -", font=font, fill=0)
    x0, y0, x1, y1 = draw.textbbox((800, 30), "- 2 -", font=font)
    page = SimpleNamespace(raster=raster(np.asarray(image)), grainy=False)
    step = (x1 - x0) // len(read)
    glyphs = tuple(
        engine.Glyph(ch, (x0 + i * step, y0, x0 + (i + 1) * step, y1), 95.0, i == 0)
        for i, ch in enumerate(read)
    )
    fixed = margins._folio(page, engine.TextLine((x0, y0, x1, y1), glyphs))
    assert "".join(g.text for g in fixed.glyphs) == "2"
    # kanji read surely there are text (資料5-2), not a page number
    words = tuple(replace(g, text="資") for g in glyphs)
    kept = margins._folio(page, engine.TextLine((x0, y0, x1, y1), words))
    assert kept.glyphs == words


def _heading_page(text: str, font: str, size: int) -> tuple[PageReading, tuple[int, ...]]:
    """A page with one line of text printed on it, and the line's box."""
    image = Image.new("L", (1200, 200), 255)
    draw = ImageDraw.Draw(image)
    face = ImageFont.truetype(str(FONT_FILES[font]), size)
    draw.text((60, 80), text, font=face, fill=0)
    box = tuple(round(v) for v in draw.textbbox((60, 80), text, font=face))
    return PageReading(1, raster(np.asarray(image))), box


def test_a_heading_numeral_read_as_two_marks_on_the_page_is_read_again_alone():
    """The page's layout read a bold heading's ② as `②⑫`, sure of neither; read again
    enlarged, it reads ②: the numbering took ⑫ for ③, as the order gave, where the
    2024 report prints ② twice."""
    require_tesseract()
    from hotplan.sources.ocr.reread import reread

    text = "②地域における相談支援機関の連携"
    page, (x0, y0, x1, y1) = _heading_page(text, "IPAexGothic", 34)
    read = "②⑫" + text[1:]
    step = (x1 - x0) / len(read)
    glyphs = tuple(
        engine.Glyph(ch, (round(x0 + i * step), y0, round(x0 + (i + 1) * step), y1), 92.0, i < 2)
        for i, ch in enumerate(read)
    )
    fixed = reread(page, page.raster.grey, engine.TextLine((x0, y0, x1, y1), glyphs))
    assert "".join(g.text for g in fixed.glyphs) == text


def test_a_line_whose_first_words_the_page_layout_left_out_is_read_whole():
    """On a scan with the back page showing through, the page layout read a running
    title as 成ホッとプラン進捗状況, sure of each glyph it read: 町田市地 was left out (域
    read 成). The title was then no furniture, and was run on into the last row of the
    page before as its 取組施策No. and 担当課. The line's print is read again whole."""
    require_tesseract()
    from hotplan.sources.ocr.reread import reread

    text = "町田市地域ホッとプラン進捗状況"
    page, (x0, y0, x1, y1) = _heading_page(text, "IPAexMincho", 28)
    step = (x1 - x0) / len(text)
    start = round(x0 + 4 * step)  # the box begins at 域
    read = "成" + text[5:]
    glyphs = tuple(
        engine.Glyph(
            ch, (round(start + i * step), y0, round(start + (i + 1) * step), y1), 99.0, i == 0
        )
        for i, ch in enumerate(read)
    )
    fixed = reread(page, page.raster.grey, engine.TextLine((start, y0, x1, y1), glyphs))
    assert "".join(g.text for g in fixed.glyphs) == text
    # a line read whole, as sure of itself, is not read again
    whole = engine.TextLine(
        (x0, y0, x1, y1), tuple(engine.Glyph(ch, (x0, y0, x1, y1), 99.0, False) for ch in text)
    )
    assert reread(page, page.raster.grey, whole) is whole


def test_a_line_box_cutting_a_glyph_is_widened_to_the_glyphs_it_cut_or_left_out():
    """The page layout's box of `②地域活動の場の活用` ended inside 用 (read 月; the line
    read again alone, cut there, read 活 and 活居), and a box of 基本目標 left out 基.
    Widened over gaps between glyphs, it takes them in; not a legend box two line
    heights off."""
    from hotplan.sources.ocr.reread import _whole

    grey = np.full((100, 1200), 245, np.uint8)
    for x in range(100, 700, 34):  # glyphs 30 px wide, 4 px apart, on a 30-px line
        grey[35:65, x : x + 30] = 30
    grey[35:65, 760:800] = 30  # a legend box's print, 60 px (two line heights) off
    assert _whole(grey, (134, 35, 680, 65)) == (100, 35, 708, 65)
    assert _whole(grey, (100, 35, 708, 65)) == (100, 35, 708, 65)


def test_a_goal_label_read_without_its_title_repeats_the_goal_it_is_under():
    """基本目標Ⅰ read as `基本目7団1`, its title on a line of its own: the page-top repeat
    of goal Ⅰ, not a goal Ⅱ titled `1`."""
    printed = ["基本目標Ⅰ 今を生きる", "基本施策1 地域", "基本目7団1", "基本施策2 やりたいこと"]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed][2:] == ["基本目標Ⅰ", "基本施策2 やりたいこと"]
    assert [f.found for f in findings] == ["基本目7団1"]


def test_a_goal_numeral_read_as_a_kanji_run_into_its_title_is_the_numeral():
    """Ⅲ read as 息 with no space before the title (基本目標息必要な人に): the title is the
    one other pages read without it, not 息必要な人に; a title no page reads shorter
    keeps its first kanji."""
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本目標息必要な人に",
        "基本施策1 支援",
        "基本目標 必要な人に",
        "基本目標衛必要な人に",
        "基本目標地域で",
    ]
    fixed, _ = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == [
        "基本目標Ⅰ 今を生きる",
        "基本目標Ⅱ 必要な人に",
        "基本施策1 支援",
        "基本目標Ⅱ 必要な人に",
        "基本目標Ⅱ 必要な人に",
        "基本目標Ⅲ 地域で",
    ]


def test_a_goal_numeral_read_as_a_rare_kanji_is_known_by_the_title_without_it():
    """Ⅲ read as 邊 run into a title no other page reads (a short document): the title
    reads far more naturally without it, so it is the numeral; a title's own first kanji
    (人と人が) is not. The finding points at the goal title."""
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本目標Ⅱ つながりで",
        "基本目標邊必要な人に必要な支援が届く仕組みを作る",
        "基本目標人と人が支え合う",
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed][2:] == [
        "基本目標Ⅲ 必要な人に必要な支援が届く仕組みを作る",
        "基本目標Ⅳ 人と人が支え合う",
    ]
    assert {f.field for f in findings} == {"goal_title"}


def test_a_goal_title_takes_what_most_of_its_page_top_readings_give():
    """基本目標Ⅰ read 今生きる on page 1 only: the first reading named the goal of every row
    under it; the pages after read 今を生きる. Of a title read once each way, the reading
    that reads more naturally (MeCab's lattice) is taken for both."""
    printed = [
        "基本目標Ⅰ 今生きる自分に合ったつながり",
        "基本施策1 地域への意識・関心が高まる",
        "基本目標Ⅰ 今を生きる自分に合ったつながり",
        "基本施策1 地域への意識・関心が高まる",
        "基本目標Ⅰ 今を生きる自分に合ったつながり",
        "基本施策1 地域への意識・関心か高まる",
        "基本目標Ⅱ 地域で支え合う",
        "基本施策1 地域への意識・関心が高まる",  # goal Ⅱ's own policy 1: not outvoted
        "基本施策2 多様な主体の参加",
        "基本目標Ⅱ 地域で支え合う",
        "基本施策2 多様な主体が参加",
    ]
    lines = [SourceLine(i, text, page=i) for i, text in enumerate(printed, start=1)]
    fixed, findings = number_headings(lines)
    assert [line.text for line in fixed] == [
        "基本目標Ⅰ 今を生きる自分に合ったつながり",
        *printed[1:5],
        "基本施策1 地域への意識・関心が高まる",
        *printed[6:10],
        "基本施策2 多様な主体の参加",
    ]
    agreed = [(f.check, f.source_page, f.found) for f in findings]
    assert agreed == [
        ("ocr.heading_read", 1, printed[0]),
        ("ocr.heading_read", 6, printed[5]),
        ("ocr.heading_read", 11, printed[10]),
    ]
    # two readings, one on a page each: the more natural one, whichever page it is on
    tie = ["基本目標Ⅰ 今生きる自分に合ったつながり", "基本目標Ⅰ 今を生きる自分に合ったつながり"]
    lines = [SourceLine(i, text, page=i) for i, text in enumerate(tie, start=1)]
    assert {line.text for line in number_headings(lines)[0]} == {tie[1]}


def test_a_parenthesis_before_a_circled_number_is_read_by_what_follows():
    """`(②` is (2) read with its 2 circled when a ① heading follows it, and a stray
    parenthesis before the next ② when a table does."""
    printed = [
        "基本目標Ⅱ つながりで",
        "基本施策2 地域で",
        "(1)新たな取組",
        "①課題解決",
        "(②地域課題の解決",
        "①地区協議会",
        "(②わたしの地区",
        "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t2024年度進捗評価",
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed][4:7] == [
        "(2)地域課題の解決",
        "①地区協議会",
        "②わたしの地区",
    ]
    assert [f.found for f in findings] == ["(②地域課題の解決", "(②わたしの地区"]


def test_one_circled_number_read_as_two_is_the_one_the_order_expects():
    """②③ after ① is ②; the document's own second ② after it stays as printed."""
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)人材",
        "①研修",
        "②③事業者向け",
        "②包括",
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed][4:] == ["②事業者向け", "②包括"]
    assert [f.found for f in findings] == ["②③事業者向け"]


def test_headings_read_right_are_left_alone():
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)発信",
        "①広報",
        "②支援",
        "基本目標Ⅰ 今を生きる",
    ]
    fixed, findings = number_headings(_page_lines(printed))
    assert [line.text for line in fixed] == printed and findings == []


def test_a_title_glyph_misread_is_set_right_by_the_words_the_cells_print():
    """A section or subsection title is printed once, so no other reading outvotes its
    misread glyph; where OCR doubted the title and the cells print its word, often, with
    another glyph, and never as read, the title takes it, with a finding on its title
    column. A word the cells print only once, a title word that is a word as read (活力
    beside the cells' 活動), a title word the cells print as read, a glyph that could
    stand for two of the cells' words, and a title read surely (a misprint) stay."""
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)生活困欠者等への支援",  # 窮 read as 欠
        "①市民:雪見人の育成",  # 後 split in two
        "②苦情相談窓|の運営",  # 口 read as |
        "③地区の森来ビジョン",  # 未来 and 将来 both printed below: which?
        "④地域の活力の場",  # 活力 is a word: the cells' 活動の場 does not replace it
        "⑤自殺対策の推追",  # 推進 printed once below: not enough
        "⑥虐待の防施",  # 実施 or 防止, both printed below: which glyph is misread?
        "⑦福活の取組",  # no word, but the cells print it too (beside many 福祉の)
        "⑧生活困欠者への相談",  # read surely: the report misprints it
    ]
    directions = [
        "生活困窮者の自立を支える。市民後見人を養成する。",
        "生活困窮者の相談窓口の運営。市民後見人の活動を支える。",
        "地区の未来を考える。相談窓口の場で地区の将来を語る。",
        "地区の未来と地区の将来。地域の活動の場を支える。要配慮者の支援を行う。",
        "地域の活動の場。要配慮者の支援。自殺対策の推進を図る。",
        "研修の実施。虐待の防止。",
        "相談の実施。暴力の防止。",
        "福祉の相談。福祉の窓口。福活の取組。",
    ]
    lines = _page_lines(printed) + [_row(i, d) for i, d in enumerate(directions, start=1)]
    doubted = frozenset((1, letters(text)) for text in printed[:-1])
    fixed, findings = borne_titles(number_headings(lines)[0], doubted)
    assert [line.text for line in fixed[: len(printed)]] == [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)生活困窮者等への支援",
        "①市民後見人の育成",
        "②苦情相談窓口の運営",
        *printed[5:],
    ]
    assert {(f.check, f.field, f.found, f.suggestion) for f in findings} == {
        ("ocr.heading_read", "section_title", "(1)生活困欠者等への支援", "(1)生活困窮者等への支援"),
        ("ocr.heading_read", "subsection_title", "①市民:雪見人の育成", "①市民後見人の育成"),
        ("ocr.heading_read", "subsection_title", "②苦情相談窓|の運営", "②苦情相談窓口の運営"),
    }


HEADER = "通番\t取組施策No.\t担当課/掲載P\t取組の方向性\t{}進捗評価"


@pytest.mark.parametrize(
    ("years", "filled"),
    [
        (["2024年度", "", "2024年度"], True),
        (["", ""], False),
        (["2024年度", "2084年度", "2024年度"], True),  # one digit misread
        (["2024年度", "2084年度"], False),  # one against one: which is it?
        (["2024年度", "2084年度", "2084年度", "2024年度", "2024年度"], True),  # decades apart
        (["2024年度", "2084年度", "2084年度", "2024年度"], False),  # decades, as often
        (["2024年度", "2023年度", "2023年度", "2024年度"], False),  # two years, each twice
        (["2024年度", "1994年度", "2024年度"], False),  # two digits off a year: not misread
        (["2024年度", "2624年度", "2624年度", "2624年度"], True),  # no year a report names
        (["2024年度", "2945年度", "2024年度"], True),  # … however many digits are off
        (["2624年度", "2624年度"], False),  # and no year to take instead
    ],
)
def test_a_header_year_ocr_could_not_read_is_the_other_headers_year(years, filled):
    """The rating label's year unreadable, or one digit off on one header row (2084 among
    2024s), on fewer rows where decades apart, or on any row where it is no year a
    report names (2624, 2945): it takes the year the other header rows state, with a finding;
    where they do not say it, nothing is made up."""
    lines = [SourceLine(i, HEADER.format(y), page=i) for i, y in enumerate(years, start=1)]
    fixed, findings = number_headings(lines)
    expected = [HEADER.format("2024年度" if filled else y) for y in years]
    assert [line.text for line in fixed] == (
        expected if filled else [HEADER.format(y) for y in years]
    )
    changed = [i for i, y in enumerate(years, start=1) if y != "2024年度"]
    assert [(f.check, f.source_page) for f in findings] == (
        [("ocr.header_year", page) for page in changed] if filled else []
    )


@pytest.mark.parametrize(
    ("first", "larger", "year"),
    [
        ("2024年度進", "2024年度進", "2024"),
        ("2023年度進", "2024年度進", None),  # one reading off: which is it?
        ("2024年度進", "年度進捗", None),  # the larger reading no year at all
        ("2084年度進", "2084年度進", "2084"),  # read alike twice: headings.py weighs it
    ],
)
def test_a_header_year_is_read_where_a_larger_reading_agrees(first, larger, year):
    """A halftoned navy header, scanned, read 2023 and 2033 for 2024 at 99% confidence
    (an error on each: the header rows disagree); read 1.5 times larger, 2024. The year
    is the label's where a larger reading, made the same way, agrees; else unread (the
    document's, with a finding)."""
    cell = Cell(0, 0, 4, (0, 0, 90, 30))
    zooms = []

    def line(text: str) -> engine.TextLine:
        glyphs = [
            engine.Glyph(ch, (9 * i, 0, 9 * i + 8, 20), 99.0, i == 0) for i, ch in enumerate(text)
        ]
        return engine.TextLine((0, 0, 9 * len(text), 20), tuple(glyphs))

    def read(page, cell, zoom=1.0):
        zooms.append(zoom)
        return [line(larger)]

    assert reader._header_year(None, cell, [line(first)], read) == year
    assert zooms == [cell_reading.SECOND_ZOOM]


def _row(number: int, direction: str) -> SourceLine:
    cells = (str(number), "1", "福祉総務課 (P.60)", direction, "○")
    return SourceLine(number, "\t".join(cells), page=1, cells=cells)


ORIGINAL_TEXT = "多様化する地域課題に対応するため、社会福祉法人の連絡会と連携します。"
OTHER_TEXT = "地域の見守り活動を広げるため、民生委員と協力して訪問を続けます。"


@pytest.mark.parametrize(
    "marker",
    [
        "【再掲四-1-(2)-①】",  # the numeral a glyph no look-alike table has
        "(再掲邊-1-(2)①】",  # another bracket, a dash lost
        "【再掲[1-(2)-①】",  # the numeral and its dash read as one bracket
        "【再掲-1-(2)-①】",  # the numeral lost
        "【再掲1-(2)-①】",  # the numeral lost with its dash
        "【再掲Ⅲ-1-(2)①-】",  # the numeral read, the last dash moved after ①
    ],
)
def test_an_unreadable_relisted_numeral_takes_the_goal_of_the_row_it_repeats(marker):
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)発信",
        "①広報",
        "(2)連携",
        "①法人",
        _row(1, OTHER_TEXT),  # Ⅰ-1-(2)-①, another text
        "基本目標Ⅱ つながりで",
        "基本施策1 主体",
        "(1)理解",
        "①相談",
        _row(2, marker + ORIGINAL_TEXT),  # the copy, under Ⅱ-1-(1)-①
        "基本目標Ⅲ 安心して",
        "基本施策1 体制",
        "(1)協働",
        "①見守り",
        "(2)法人",
        "①連絡会",
        _row(3, ORIGINAL_TEXT.replace("連携", "連絡")),  # the original, Ⅲ-1-(2)-①
    ]
    lines = [
        x if isinstance(x, SourceLine) else SourceLine(i, x, page=1)
        for i, x in enumerate(printed, 1)
    ]
    fixed, findings = number_headings(lines)
    assert fixed[11].cells[3] == "【再掲Ⅲ-1-(2)-①】" + ORIGINAL_TEXT
    (finding,) = [f for f in findings if f.field == "direction_raw"]
    assert finding.found == marker.strip() and finding.suggestion == "【再掲Ⅲ-1-(2)-①】"
    assert finding.severity == "info"
    assert ("基本目標番号が読めません" in finding.message) == ("Ⅲ" not in marker)


def test_a_relisted_numeral_no_single_goal_explains_is_left_as_read():
    copy = "【再掲四-1-(1)-①】" + ORIGINAL_TEXT
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)発信",
        "①広報",
        _row(1, ORIGINAL_TEXT),
        "基本目標Ⅱ つながりで",
        "基本施策1 主体",
        "(1)理解",
        "①相談",
        _row(2, ORIGINAL_TEXT),  # the same text under Ⅱ: which one is repeated?
        "基本目標Ⅲ 安心して",
        "基本施策1 体制",
        "(1)協働",
        "①法人",
        _row(3, copy),
        _row(4, "【再掲四-2-(1)-①】" + OTHER_TEXT),  # no row under 2-(1)-① at all
    ]
    lines = [
        x if isinstance(x, SourceLine) else SourceLine(i, x, page=1)
        for i, x in enumerate(printed, 1)
    ]
    fixed, findings = number_headings(lines)
    assert fixed[14].cells[3] == copy
    assert fixed[15].cells[3] == "【再掲四-2-(1)-①】" + OTHER_TEXT
    assert not [f for f in findings if f.field == "direction_raw"]


# -- 担当課 names matched to the registry ------------------------------------------------


@pytest.fixture(scope="module")
def registry_names() -> frozenset[str]:
    return frozenset(load_registry().entries)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ("健康推進課\nP.73)", "健氷推進課(\nE.73)"),  # a registry name beats a near one
        ("介護保険課\n保育幼稚園課\n(P.95)", "介護保険謀\n保人幼稚園課\n(P.95)"),
        ("子ども家庭支援\n課\n(P.79)", "子ども家庭支援\n了\n(P.79)"),  # a wrapped name
        ("町田市社会福祉\n協議会\n(P.98)", "が社会福祉\n町田市富\n(P.98)"),  # garbage
    ],
)
def test_the_reading_of_a_department_cell_the_registry_bears_out_is_preferred(
    better, worse, registry_names
):
    assert fits_better(better, worse, registry_names)
    assert not fits_better(worse, better, registry_names)
    assert not fits_better(better, better, registry_names)  # a tie keeps the first reading
    assert not fits_better(better, worse, frozenset())  # no registry: no preference
    assert all_named(better, registry_names) and not all_named(worse, registry_names)


@pytest.mark.parametrize(
    ("read", "printed", "found"),
    [
        ("馬災課 福祉総務課 (P.91)", "防災課 福祉総務課 (P.91)", ["馬災課"]),  # one glyph off
        ("生活介護課 陸がい福視課 (P.90)", "生活介護課 障がい福祉課 (P.90)", ["陸がい福視課"]),
        ("福祉総務課。町田市社会福祉協議会(P.67)", "福祉総務課 町田市社会福祉協議会(P.67)", None),
        ("子育て推進課 子ども 発達支援課 (P.95)", "子育て推進課 子ども発達支援課 (P.95)", None),
        # equally near 生活援護課 and 生活介護課: 拓 looks like 援
        ("生活拓護課 (P.83)", "生活援護課 (P.83)", ["生活拓護課"]),
        ("広隊間 住宅課 (P.73)", "広聴課 住宅課 (P.73)", ["広隊間"]),  # short: 隊~聴, 間~課
        # two names joined where the first one's end was misread
        ("高齢者支宜保育・幼稚園課 (P.96)", "高齢者支援課 保育・幼稚園課 (P.96)", None),
        ("広隊間福祉総務課 (P.73)", "広聴課 福祉総務課 (P.73)", None),
        # its end read as Latin letters or digits (ンター lost in thin print)
        ("男女平等推進セmm (P.72)", "男女平等推進センター (P.72)", ["男女平等推進セmm"]),
        ("防災課 男女平等推進セ2 (P.87)", "防災課 男女平等推進センター (P.87)", None),
    ],
)
def test_department_names_a_glyph_off_are_matched_with_a_snap_each(
    registry_names, read, printed, found
):
    snapped, snaps = snap_departments(read, registry_names)
    assert snapped == printed
    assert snaps and all(s.found in read and s.suggestion in printed for s in snaps)
    if found is not None:
        assert [s.found for s in snaps] == found


@pytest.mark.parametrize(
    "read",
    [
        "指導査課 障がい福祉課 (P.95)",  # as near 指導課 as 指導監査課: left for a person
        "2 SO6N市民協働推進課 (P.92)",  # nothing near: kept as read
        "新設推進室 (P.3)",  # a department the registry does not know
        "人宅際 (P.90)",  # short, two glyphs off, 人 unlike 住: left for a person
        "子ども家庭支援課指導課 (P.73)",  # two names printed together: the typo lint's
        "防災課 P.62)",  # the page reference is never touched
        "男女平S2 (P.72)",  # too little of a name read before the Latin letters
    ],
)
def test_department_names_without_one_near_registry_name_are_kept(registry_names, read):
    assert snap_departments(read, registry_names) == (read, [])


def test_a_name_ended_in_latin_junk_is_matched_only_to_the_one_name_it_starts():
    names = frozenset({"男女平等推進センター", "男女平等推進セミナー室"})
    assert snap_departments("男女平等推進セmm (P.72)", names) == ("男女平等推進セmm (P.72)", [])
    one = names - {"男女平等推進セミナー室"}
    assert snap_departments("男女平等推進セmm (P.72)", one)[0] == "男女平等推進センター (P.72)"


def _rows(raws: list[str], first: int = 1, page_refs: list[int] | None = None) -> pd.DataFrame:
    """Parsed rows as review_cells sees them: one per 担当課 cell, 100 pt apart on page 1
    (取組の方向性 empty unless a test sets it)."""
    serials = list(range(first, first + len(raws)))
    return pd.DataFrame(
        {
            "serial": serials,
            "measure_no": serials,
            "departments_raw": raws,
            "departments": [[raw.split(" ")[0]] for raw in raws],
            "page_ref": page_refs or list(range(1, len(raws) + 1)),
            "direction": [None] * len(raws),
            "direction_raw": [None] * len(raws),
            "source_page": [1] * len(raws),
            "bbox_top": [100.0 * (i + 1) for i in range(len(raws))],
            "_scope": ["a"] * len(raws),
        }
    )


def test_a_matched_department_changes_the_row_and_is_a_finding_with_the_picture(
    registry_names,
):
    items = _rows(["馬災課。福祉総務課 (P.91)", "防災課 (P.92)"], page_refs=[91, 92])
    cells = [
        OcrCell(
            1, "departments", (80, 100, 160, 190), "馬災課。福祉総務課 (P.91)", 97.0, None, b"png1"
        ),
        OcrCell(1, "departments", (80, 200, 160, 290), "防災課 (P.92)", 99.0, None, b"png2"),
    ]
    out = review_cells(items, cells, "_scope", registry_names)
    assert out.items["departments_raw"].tolist() == ["防災課 福祉総務課 (P.91)", "防災課 (P.92)"]
    assert out.items["departments"].iloc[0] == ["防災課", "福祉総務課"]
    assert {f.check for f in out.findings} == {"ocr.department_snapped"}
    assert {(f.serial, f.found) for f in out.findings} == {
        (1, "馬災課"),
        (1, "馬災課。福祉総務課"),
    }
    assert all(r["image"] for r in out.rows) and list(out.images.values()) == [b"png1"]
    # Without a registry nothing is matched.
    assert review_cells(items, cells, "_scope").items.equals(items)


def test_a_lost_page_reference_dot_is_restored_where_the_document_prints_it():
    items = _rows(["a (P.1)", "b (P.2)", "c (P3)", "d (P.4)", "e (P.5)"])
    cells = [
        OcrCell(1, "departments", (80, y, 160, y + 90), raw, 99.0, None, b"png")
        for y, raw in zip(items["bbox_top"], items["departments_raw"], strict=True)
    ]
    out = review_cells(items, cells, "_scope")
    assert out.items["departments_raw"].iloc[2] == "c (P.3)"
    assert [(f.check, f.serial, f.found, f.suggestion) for f in out.findings] == [
        ("ocr.page_ref_restored", 3, "(P3", "(P.3")
    ]
    # A document that prints (P3) as its own style keeps it.
    undotted = items.assign(departments_raw=["a (P1)", "b (P2)", "c (P3)", "d (P4)", "e (P.5)"])
    assert review_cells(undotted, cells, "_scope").findings == []


def _glyph(text: str, x0: int, x1: int) -> engine.Glyph:
    return engine.Glyph(text, (x0, 0, x1, 20), 95.0, False)


@pytest.mark.parametrize(
    ("glyphs", "read"),
    [
        # ！ in its em box: い's ink ends at 18, 」's begins at 42 (room 24 ≥ 0.85 × 20)
        ([("い", 0, 18), ("!", 27, 31), ("」", 42, 48)], "い！」"),
        # a Latin ! packed between its neighbours (チャレンジ!): room 9
        ([("ェ", 0, 18), ("!", 20, 23), ("」", 27, 33)], "ェ!」"),
        # “ hugs the next character, ” the one before
        ([("の", 0, 18), ('"', 30, 36), ("生", 40, 58)], "の“生"),
        ([("得", 0, 18), ('"', 20, 26), ("を", 38, 56)], "得”を"),
        ([("等", 0, 18), ("~", 22, 36), ("中", 40, 58)], "等～中"),
        ([("!", 0, 4), ("あ", 20, 38)], "!あ"),  # one neighbour: left as read
        # ！ read where a Latin ! is packed (まちカフェ!」): room 9, read back as Latin
        ([("ェ", 0, 18), ("！", 20, 23), ("」", 27, 33)], "ェ!」"),
        ([("い", 0, 18), ("！", 27, 31), ("」", 42, 48)], "い！」"),  # in its em box: kept
    ],
)
def test_latin_marks_in_a_full_width_room_are_read_full_width(glyphs, read):
    line = engine.TextLine((0, 0, 60, 20), tuple(_glyph(*g) for g in glyphs))
    assert "".join(g.text for g in full_width(line).glyphs) == read


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('を“獲得"を目指す', '得"を'),  # a closing ” the room test left Latin
        ("開始時刻は10:00です", None),  # among Latin characters: as printed
        ("チャレンジ!", None),  # at the end of the text: one wide neighbour only
        ("時間:分", "間:分"),
    ],
)
def test_a_latin_mark_among_wide_characters_is_shown_to_the_reviewer(text, found):
    assert narrow_among_wide(text) == found
    if found is not None:
        finding = _direction_finding(text, "mark_width")
        assert finding.check == "ocr.low_confidence" and found in finding.message


def _direction_finding(text: str, doubtful: str):
    """The one finding review gives a doubtful 取組の方向性 cell read as text."""
    items = _rows(["a (P.1)"]).assign(direction=[text])
    cells = [OcrCell(1, "direction", (160, 100, 400, 190), text, 96.0, doubtful, b"p")]
    (finding,) = review_cells(items, cells, "_scope").findings
    return finding


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("利用者0G等の協力", "0G"),  # OG read with a zero
        ("第1O回", "1O"),  # 10 read with a letter O
        ("市内l0か所", "l0"),
        ("2024年度にNPO、SNSやLINEで5G", None),  # letters and digits apart, or no look-alike
        ("(P.57)", None),
    ],
)
def test_a_digit_and_letter_of_one_shape_side_by_side_are_shown_to_the_reviewer(text, found):
    assert same_shape(text) == found
    if found is not None:
        finding = _direction_finding(text, "same_shape")
        assert finding.check == "ocr.low_confidence" and found in finding.message


def test_an_unsure_number_under_a_row_without_one_is_pointed_out_not_repaired():
    """取組施策No. unreadable in the row above too: no sequence to repair from (this
    crashed on an Excel-style scan), so the cell is a finding with its picture."""
    items = _rows(["a (P.1)", "b (P.1)"], first=7).assign(measure_no=pd.NA)
    items = items.astype({"measure_no": "Int64"})
    cells = [
        OcrCell(1, "measure_no", (60, 200, 80, 290), "", 50.0, "unreadable_number", b"p", ("",) * 3)
    ]
    out = review_cells(items, cells, "_scope")
    assert out.items["measure_no"].isna().all()
    assert [(f.check, f.serial, f.field) for f in out.findings] == [
        ("ocr.low_confidence", 8, "measure_no")
    ]
    assert "前の行にも番号がない" in out.findings[0].message and out.rows[0]["image"]


@pytest.mark.parametrize(
    ("read", "restored"),
    [
        ("保健予防課(E.72)", "保健予防課(P.72)"),  # a thin Mincho P read as E
        ("福祉総務課(PE.88)", "福祉総務課(P.88)"),  # its serif read as a letter of its own
        ("住宅課 (P 58)", "住宅課 (P.58)"),
        ("住宅課 (P.58)", "住宅課 (P.58)"),
        ("(仮称)まちだ防災カレッジ", "(仮称)まちだ防災カレッジ"),  # no page reference
        ("福祉総務課P.83)", "福祉総務課(P.83)"),  # its thin opening parenthesis lost
        ("介護保険課(P9.8)", "介護保険課(P.98)"),  # its dot read among the digits
        ("介護保険課(P.9.8)", "介護保険課(P.98)"),
        ("福祉総務課 P.83）", "福祉総務課 （P.83）"),  # …in the closing one's width
        ("福祉総務課\nP.62)", "福祉総務課\n(P.62)"),  # …at a line's start
        ("NPO法人LAN2)", "NPO法人LAN2)"),  # Latin letters and a number: no page
        ("(Ver.2)", "(Ver.2)"),
        ("子育て推進課(P?78)", "子育て推進課(P.78)"),  # its dot read as ?
        ("福祉総務課(P.73})", "福祉総務課(P.73)"),  # a speck before the parenthesis
        ("市民協働推進課 (P.67?)", "市民協働推進課 (P.67)"),
        ("介護保険課(P.77", "介護保険課(P.77)"),  # the closing parenthesis lost at the end
        ("防災課 A1", "防災課 A1"),  # no parenthesis at all: no page reference
        ("介護保険課(P.77 福祉総務課", "介護保険課(P.77 福祉総務課"),  # not at the end
        # the opening parenthesis read twice, as a bracket and itself
        ("高齢者支援課 {(P.63)", "高齢者支援課 (P.63)"),
        ("町田市社会福祉協議会 《(P.62)", "町田市社会福祉協議会 (P.62)"),
        ("町田市社会福祉協議会 《P.62)", "町田市社会福祉協議会 (P.62)"),  # … or as a bracket
        ("防災課 [仮称](P.62)", "防災課 [仮称](P.62)"),  # a bracket of the name's own
    ],
)
def test_page_references_are_restored_to_the_documents_form(read, restored):
    from hotplan.sources.ocr.departments import restore_page_ref

    assert restore_page_ref(read)[0] == restored


def test_a_space_read_for_a_lost_parenthesis_follows_the_documents_style():
    """Where the document prints its page references right after the name (福祉総務課(P.90))
    more often than not, the space OCR read in the lost parenthesis' place is that
    parenthesis; where it prints a space before them, the space stays. Without a (P.57)
    rule nothing moves."""
    from hotplan.sources.ocr.departments import page_ref_style, restore_page_ref

    tight = page_ref_style(["住宅課(P.58)", "指導課(P.61)", "防災課(P.62)", "広聴課 (P.63)"])
    spaced = page_ref_style(["住宅課 (P.58)", "指導課 (P.61)", "防災課(P.62)", "広聴課(P.63)"])
    assert tight is not None and tight.tight and spaced is not None and not spaced.tight
    assert page_ref_style(["住宅課(P58)", "指導課(P61)"]) is None
    read = "福祉総務課 P.90)"
    assert restore_page_ref(read, tight)[0] == "福祉総務課(P.90)"
    assert restore_page_ref(read, spaced)[0] == "福祉総務課 (P.90)"
    assert restore_page_ref("福祉総務課\nP.90)", tight)[0] == "福祉総務課\n(P.90)"  # a line break


def test_of_two_readings_of_a_direction_cell_the_one_that_reads_as_japanese_is_kept():
    """児童 read as 児音 at one size, right at the other: the lattice prefers the word; a
    glyph read into a gap (人簡単) loses too. A 担当課 cell goes by the registry instead."""
    from hotplan.sources.ocr.language import better_reading

    assert better_reading("direction", "民生委員・児童委員の", "民生委員・児音委員の", frozenset())
    assert not better_reading(
        "direction", "民生委員・児音委員の", "民生委員・児童委員の", frozenset()
    )
    assert better_reading("direction", "より簡単に", "より人簡単に", frozenset())
    assert not better_reading("direction", "同じ\n読み", "同じ読み", frozenset())  # the same text
    names = frozenset({"防災課", "住宅課"})
    assert better_reading("departments", "防災課 (P.62)", "馬災課 (P.62)", names)
    assert not better_reading("rating", "○", "〇", names)


# -- two glyphs read as one ----------------------------------------------------------------


def test_a_glyph_with_the_room_of_two_is_wide_among_its_neighbours():
    tight = engine.TextLine(
        (0, 0, 120, 20),
        (_glyph("本", 0, 44), _glyph("総", 46, 66), _glyph("務", 68, 88), _glyph("課", 90, 110)),
    )
    assert wide_glyphs(tight) == [0]
    even = engine.TextLine(
        (0, 0, 90, 20), tuple(_glyph(ch, 22 * i, 22 * i + 20) for i, ch in enumerate("福祉総務"))
    )
    assert wide_glyphs(even) == []
    # Latin glyphs are narrow by nature; two wide glyphs are too few to measure by.
    latin = engine.TextLine(
        (0, 0, 90, 20), (_glyph("本", 0, 44), _glyph("(", 46, 50), _glyph("P", 52, 60))
    )
    assert wide_glyphs(latin) == []


def _printed_line(text: str, read: str, size: int = 28) -> tuple[np.ndarray, engine.TextLine]:
    """text printed in a grey picture, and a line as OCR read it: read has one glyph per
    printed character except its first, which stands for the first two."""
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), size)
    picture = Image.new("L", (size * (len(text) + 2), size * 3), 255)
    draw = ImageDraw.Draw(picture)
    boxes = []
    for i, ch in enumerate(text):
        x = size + i * size
        draw.text((x, size), ch, font=font, fill=0)
        left, _, right, _ = draw.textbbox((x, size), ch, font=font)
        boxes.append((left, size, right, 2 * size))
    merged = [(boxes[0][0], size, boxes[1][2], 2 * size), *boxes[2:]]
    pairs = enumerate(zip(read, merged, strict=True))
    glyphs = tuple(engine.Glyph(ch, box, 90.0, i == 0) for i, (ch, box) in pairs)
    line = engine.TextLine((size - 2, size, size * (len(text) + 1), 2 * size), glyphs)
    return np.asarray(picture), line


def test_two_glyphs_read_as_one_are_read_apart_where_the_registry_bears_it_out(registry_names):
    grey, line = _printed_line("福祉総務課", "本総務課")
    split = split_merged(grey, [line], "departments", registry_names)
    assert split is not None
    (again,) = split
    assert "".join(g.text for g in again.glyphs) == "福祉総務課"
    # boxes back in the picture's place: left to right, inside the line
    lefts = [g.box[0] for g in again.glyphs]
    assert lefts == sorted(lefts) and line.box[0] <= lefts[0] and lefts[-1] < line.box[2]
    # Only where a registry judges: a 取組の方向性 cell, or no registry, keeps its reading.
    assert split_merged(grey, [line], "direction", registry_names) is None
    assert split_merged(grey, [line], "departments", frozenset()) is None


def test_a_glyph_read_apart_is_kept_only_where_the_registry_bears_it_out(registry_names):
    grey, line = _printed_line("福祉総務課", "本総務課")
    # A registry near neither reading, or one with the name as read: as read.
    assert split_merged(grey, [line], "departments", frozenset({"住宅課"})) is None
    assert split_merged(grey, [line], "departments", registry_names | {"本総務課"}) is None


def test_a_cell_read_apart_is_a_finding_with_both_readings():
    items = _rows(["福祉総務課 (P.1)"])
    cell = OcrCell(
        1, "departments", (60, 100, 160, 190), "福祉総務課\n(P.1)", 96.0, "glyph_split", b"p",
        ("福祉総務課\n(P.1)", "本総務課\n(P.1)"),
    )  # fmt: skip
    (finding,) = review_cells(items, [cell], "_scope").findings
    assert finding.check == "ocr.readings_differ"
    assert "「本総務」" in finding.message and "「福祉総務」" in finding.message


# -- uneven light, pale print --------------------------------------------------------------


def _page_with_print() -> np.ndarray:
    """A grey page: white paper, a ruled box and lines of text."""
    page = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), 28)
    draw.rectangle((100, 100, 1100, 800), outline=0, width=2)
    for y in range(150, 750, 60):
        draw.text((130, y), "地域の支え合いを推進します。" * 2, font=font, fill=0)
    return np.asarray(page)


def test_uneven_light_is_divided_out_and_even_light_left_alone():
    page = _page_with_print()
    assert even(page) is page  # evenly lit: read as it is
    across = np.linspace(0.0, 1.0, page.shape[1])[None, :] ** 2
    shaded = (page * (1.0 - 0.45 * across)).astype(np.uint8)
    evened = even(shaded)
    paper = evened[page == 255]
    ink = evened[page == 0]
    assert np.percentile(paper, 5) >= 215  # the paper white again at the dark edge too
    assert np.percentile(ink, 95) <= 60  # the print still dark
    # one threshold now parts them: Otsu finds the print and nothing of the shadow
    found = binarize(evened) == 255
    assert (found & (page == 255)).mean() < 0.01 and found[page == 0].mean() > 0.9


def test_light_falling_off_to_the_sheets_edge_is_divided_out_up_to_the_edge():
    """A sheet lit less toward its right and bottom edges, the scanner's bright lid showing
    past it: the paper's level, held at its value further in near the edge, left the
    margin grey, and the grain there read as ink (a table's first row lost on a page)."""
    page = _page_with_print().astype(np.float32)
    h, w = page.shape
    across = np.linspace(0.0, 1.0, w)[None, :] ** 2
    down = np.linspace(0.0, 1.0, h)[:, None]
    shaded = page * (1.0 - 0.4 * across - 0.2 * down)
    shaded[:, -4:] = 255  # the lid past the sheet's edge
    evened = even(shaded.astype(np.uint8))
    margin = (slice(None), slice(1110, w - 4))  # paper right of the ruled box
    assert np.percentile(evened[margin], 5) >= 225
    assert (binarize(evened)[margin] == 255).mean() < 0.01


def test_leptonica_complaints_are_not_printed_on_the_terminal():
    """A speck at a cell's edge made leptonica print `Error in boxClipToRectangle: box
    outside rectangle` dozens of times per page of a noisy scan: noise to a reader."""
    script = (
        "import ctypes, glob, os, tesserocr\n"
        "from hotplan.sources.ocr import engine\n"
        "engine._api('block')\n"
        "libs = os.path.join(os.path.dirname(tesserocr.__file__), '..', 'tesserocr.libs')\n"
        "lib = ctypes.CDLL(sorted(glob.glob(libs + '/libleptonica*.so*'))[0])\n"
        "lib.boxClipToRectangle(None, 10, 10)  # complains: no box\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    noisy = subprocess.run(  # without hotplan's setting it does complain: the test can fail
        [sys.executable, "-c", script.replace("engine._api('block')", "pass")],
        capture_output=True,
        text=True,
    )
    assert "boxClipToRectangle" in noisy.stderr


def test_grey_paper_evenly_lit_is_made_white():
    """Recycled or photocopied grey paper (200 of 255) read as it was lost the legend's
    symbols (○ read as O, 実施 as 捧施): the page is divided by its paper's level."""
    page = _page_with_print()
    grey = (page.astype(np.float32) * 200 / 255).astype(np.uint8)
    evened = even(grey)
    assert np.percentile(evened[page == 255], 5) >= 250
    assert np.percentile(evened[page == 0], 95) <= 10


def test_a_header_label_read_twice_takes_its_place_in_the_order():
    """Specks in the wide 取組の方向性 header cell of a noisy scan read as letters (…NO…)
    matched 取組施策No.'s label: the table got two No. columns and lost its rows."""
    specks = "NRHG022H00ARANDIANNMA本OO06NO0{6{ll"
    labels = ["通番", "取組施策No.", "担当課/掲載P", specks, "2024年度進捗評価"]
    order = ["serial", "measure_no", "departments", "direction", "rating"]
    assert header_roles(labels) == order
    labels[1] = "取組施策Oo."  # the real label misread too: the specks come first
    assert header_roles(labels) == order
    assert header_roles(["通番", "担当課/掲載P", "取組施策No.", "取組の方向性", "進捗評価"]) == [
        "serial", "departments", "measure_no", "direction", "rating",
    ]  # fmt: skip


def test_a_header_with_two_labels_read_in_their_own_columns_is_a_header():
    """A standard-mode fax of a navy header read three of its five labels as junk: the
    row was read as a measure, and the six rows of its table were lost. Two labels read
    in their own columns of a row of label-short cells make a header; a measure's row
    reads long text in its 取組の方向性, and two labels out of their columns are none."""
    order = ["serial", "measure_no", "departments", "direction", "rating"]
    faxed = ["ET", "租廊尋No.", "担当課/掲載P", "取過の万同性", "yi"]
    assert header_roles(faxed) == order
    assert header_roles(["", "No.", "担当課/掲載P", "", ""]) == order
    prose = "地域の防災リーダーを育成するため、防災カレッジにおいて受講者を募ります。"
    assert header_roles(["ET", "租廊尋No.", "担当課/掲載P", prose, "yi"]) is None
    assert header_roles(["ET", "担当課/掲載P", "租廊尋No.", "取過の万同性", "yi"]) is None
    assert header_roles(["ET", "租廊尋", "担当課/掲載P", "取過の万同性", "yi"]) is None


def _lines(*rows: tuple[str, int]) -> list[engine.TextLine]:
    """A cell's lines: (text, top), each a glyph per character, 20 px tall."""
    return [
        engine.TextLine(
            (0, top, 20 * len(text), top + 20),
            tuple(
                engine.Glyph(ch, (20 * i, top, 20 * i + 20, top + 20), 95.0, i == 0)
                for i, ch in enumerate(text)
            ),
        )
        for text, top in rows
    ]


FIRST_LABELS = [("通番", 0)], [("取組施", 0), ("策No.", 24)], [("担当課/掲載P", 0)]


@pytest.mark.parametrize(
    ("departments", "direction", "rating", "foot"),
    [
        # labels only: nothing to part off
        ([], [], [("2024年度", 0), ("進捗評価", 24)], None),
        # a measure run on from the page before, a line under the labels
        ([("福祉総務課", 60), ("(P.67)", 84)], [("幅広い世代の参加", 60)], [], 60),
        # a label misread (担当晶) is still one: the row under it is parted off
        ([("担当晶/掲載P", 0), ("福祉総務課", 60)], [], [], 60),
        # a label read as nothing like it runs to its cell's foot: nothing is parted off
        ([("担当晶/掲載区分", 0), ("福祉総務課", 60)], [], [], None),
        # a row's line level with a label's second line is no row of its own
        ([("福祉総務課", 24)], [], [("2024年度", 0), ("進捗評価", 24)], None),
        # a speck read as a mark under the labels is no row
        ([("、", 60)], [("-", 60)], [], None),
    ],
)
def test_a_row_printed_under_the_labels_is_parted_from_them(departments, direction, rating, foot):
    """A black-and-white copy of an unruled table lost the shading that parted its header
    from the first row: the text of a measure run on from the page before was read as
    the labels' and dropped. The header's cells are parted under the labels."""
    serial, measure, dept = FIRST_LABELS
    if departments and departments[0][0].startswith("担当"):
        dept = []
    cells = [
        _lines(*serial),
        _lines(*measure),
        _lines(*dept, *departments),
        _lines(("取組の方向性", 0), *direction),
        _lines(*(rating or [("2024年度", 0), ("進捗評価", 24)])),
    ]
    assert label_foot(cells, list(ROLES)) == foot


def test_a_row_under_the_labels_is_parted_though_a_label_reads_as_nothing_like_it():
    """A yellow highlighter over a row's first line, run onto the navy header above it,
    hid the rule between them: the row was read as the header's labels and dropped, as
    取組施策No. read 議EX) _供No. and no label could be said to end. The labels read
    whole say where the row starts; the label read as nothing is its lines above that.
    The highlighter made the row's first line box taller (up into the labels' second
    line): lines are placed by their middles."""
    tall = _lines(("稚川図書館のコミュニティ機能", 54))
    tall[0] = replace(tall[0], box=(0, 48, 280, 74))
    cells = [
        _lines(("通番", 0), ("5", 60)),
        _lines(("議EX)", 0), ("_供No.", 24), ("1", 60)),
        _lines(("担当課/掲載P", 0), ("図書館", 60), ("(P.58)", 84)),
        _lines(("取組の方向性", 0)) + tall,
        _lines(("2024年央", 0), ("進捗評滞", 24), ("ーーでーー", 60)),
    ]
    assert label_foot(cells, list(ROLES)) == 48
    # without a label read whole with a line after it, no row is parted off
    labels_only = [cells[0][:1], cells[1], cells[2][:1], cells[3][:1], cells[4]]
    assert label_foot(labels_only, list(ROLES)) is None
    assert label_foot([cells[1], cells[4]], ["measure_no", "rating"]) is None


def test_a_read_line_has_blocks_apart_and_only_a_legend_block_is_made_a_line():
    glyphs = [_glyph(ch, 22 * i, 22 * i + 20) for i, ch in enumerate("基本施策1")]
    glyphs += [_glyph(ch, 400 + 22 * i, 420 + 22 * i) for i, ch in enumerate("〇:実施")]
    heading, legend = blocks(engine.TextLine((0, 0, 486, 20), tuple(glyphs)))
    assert "".join(g.text for g in heading.glyphs) == "基本施策1"
    assert "".join(g.text for g in legend.glyphs) == "〇:実施"
    assert legend.glyphs[0].word_start and legend.box == (400, 0, 486, 20)
    line = engine.TextLine((0, 0, 130, 20), tuple(glyphs[:5]))
    assert blocks(line) == [line]
    # A heading printed with a wide gap (Excel: number and title in two cells) stays one
    # line: only a block that starts with a legend symbol is made a line of its own.
    gapped = engine.TextLine((0, 0, 486, 20), tuple(glyphs[:5] + glyphs[7:]))
    assert len(blocks(gapped)) == 2 and legend_lines(None, gapped) == [gapped]


@pytest.mark.parametrize("tall", [0, 30])
@pytest.mark.parametrize("into", [0, 14])
@pytest.mark.parametrize("read", ["ムへ", "へム", "ム", "へ"])
def test_a_legend_symbol_read_as_glyphs_of_which_one_is_no_symbol_is_read_by_shape(
    read, into, tall
):
    """△ on a grey scan came back as `ムへ` or `へ`, one glyph a symbol's look-alike, one a
    kana, the first glyph's box reaching into the legend's lines above and below, the
    colon's box `into` pixels into the symbol: the legend lost △ (or read it as ▲) and
    both △ ratings became errors. On a black-and-white scan the colon's box reached `tall`
    pixels over the lines above and below, and the △ was taken for one of its dots."""
    image = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 40)
    for y, text in ((32, "○:実施"), (80, "△:未実施・"), (128, "進捗遅れ")):
        draw.text((40, y), text, font=font, fill=0)
    page = SimpleNamespace(raster=raster(np.asarray(image)), grainy=False)
    # Each glyph's box where it is printed (its advance across, the line's ink down).
    boxes = [draw.textbbox((40 + round(font.getlength("△:未実施"[:i])), 80), ch, font=font)
             for i, ch in enumerate("△:未実施")]  # fmt: skip
    top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
    (s0, _, s1, _), *rest = boxes
    cut = [s0 + (s1 - s0) * i // len(read) for i in range(len(read) + 1)]
    glyphs = []
    for i, ch in enumerate(read):  # the first glyph's box drawn too tall, as Tesseract did
        y0, y1 = (top - 14, bottom + 14) if i == 0 else (top, bottom)
        glyphs.append(engine.Glyph(ch, (cut[i], y0, cut[i + 1], y1), 40.0, i == 0))
    glyphs += [
        engine.Glyph(ch, (b[0], top, b[2], bottom), 90.0, False)
        for ch, b in zip(":未実施", rest, strict=True)
    ]
    colon = glyphs[len(read)]
    x0, y0, x1, y1 = colon.box
    glyphs[len(read)] = replace(colon, box=(x0 - into, y0 - tall, x1, y1 + tall))
    left, right = s0, rest[-1][2]
    (line,) = legend_lines(page, engine.TextLine((left, top, right, bottom), tuple(glyphs)))
    assert "".join(g.text for g in line.glyphs) == "△:未実施"
    # Read as a kanji no list of look-alikes holds (人 for △): its shape still tells.
    words = [replace(g, text="人" if i < len(read) else g.text) for i, g in enumerate(glyphs)]
    (line,) = legend_lines(page, engine.TextLine(line.box, tuple(words)))
    assert "".join(g.text for g in line.glyphs) == "△:未実施"


def test_a_legend_ring_broken_into_arcs_is_read_and_sent_to_review():
    """Mincho's ○ in a legend scanned black and white at a light threshold: its sides
    dropped, Tesseract read `の`, and no shape was read from the two arcs, so the legend
    lost ○ and every ○ rating was an error. The arcs on one circle make the legend's ○;
    the line goes to review with its picture."""
    image = Image.new("L", (600, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 40)
    draw.text((40, 40), "○:実施", font=font, fill=0)
    boxes = [draw.textbbox((40 + round(font.getlength("○:実施"[:i])), 40), ch, font=font)
             for i, ch in enumerate("○:実施")]  # fmt: skip
    ring = boxes[0]
    middle = (ring[1] + ring[3]) // 2
    draw.rectangle((ring[0], middle - 6, ring[2], middle + 6), fill=255)  # the sides
    grey = np.asarray(image)
    page = SimpleNamespace(
        raster=raster(grey), grainy=False, number=1, cells=[], pt=lambda box: box,
        crop=lambda box: b"png",
    )  # fmt: skip
    glyphs = [
        engine.Glyph(ch, (b[0], 40, b[2], 90), 90.0, i == 0)
        for i, (ch, b) in enumerate(zip("の:実施", boxes, strict=True))
    ]
    (line,) = legend_lines(
        page, engine.TextLine((boxes[0][0], 40, boxes[-1][2], 90), tuple(glyphs))
    )
    assert "".join(g.text for g in line.glyphs) == "○:実施"
    (cell,) = page.cells
    assert (cell.doubtful, cell.text, cell.image) == ("doubtful_symbol", "○:実施", b"png")


def _line(text: str, x0: int, y0: int, conf: float = 90.0) -> engine.TextLine:
    glyphs = tuple(
        engine.Glyph(ch, (x0 + 20 * i, y0, x0 + 20 * i + 18, y0 + 20), conf, i == 0)
        for i, ch in enumerate(text)
    )
    return engine.TextLine((x0, y0, x0 + 20 * len(text), y0 + 20), glyphs)


def test_a_stretch_of_print_read_twice_outside_the_tables_is_kept_once():
    """On a black-and-white scan of thin print Tesseract's page layout read a line whole
    and its right half again as a line over it; layout merged the two glyph by glyph
    (町町田田市市民民) and the rows under it were lost. The surer reading keeps the stretch."""
    whole = _line("町田市住みよい街づくり条例", 100, 50)
    again = _line("住みよい街づくり条例に基づき", 160, 52, conf=80.0)
    beside = _line("資料5-2", 900, 50)  # on the same line, apart: kept
    below = _line("住みよい街", 160, 90)  # the next line: kept
    out = read_once([again, whole, beside, below])
    assert ["".join(g.text for g in ln.glyphs) for ln in out] == [
        "に基づき", "町田市住みよい街づくり条例", "資料5-2", "住みよい街",
    ]  # fmt: skip
    assert out[0].glyphs[0].word_start and out[0].box[0] == out[0].glyphs[0].box[0]


def test_a_line_drawn_on_to_a_mark_far_across_the_page_is_parted():
    """Tesseract's page layout drew a heading's line on to a mark at the far side of an
    A3 page, level with the running title there; read again in its box, the line took in
    half the title (ププラランン 進進捗捗状状況況), and the heading was lost."""
    heading = _line("(1)地域ニーズをマッチング", 100, 110)
    mark = engine.Glyph("-", (3000, 112, 3020, 128), 88.0, True)
    drawn = engine.TextLine((100, 110, 3020, 130), (*heading.glyphs, mark))
    parts = margins._apart(drawn)
    end = heading.glyphs[-1].box[2]
    # each part as tall as the line (a part of a dash alone, a pixel tall, broke the
    # layout of a faxed page: its table's rows were read as lines of text)
    assert [("".join(g.text for g in p.glyphs), p.box) for p in parts] == [
        ("(1)地域ニーズをマッチング", (100, 110, end, 130)),
        ("-", (3000, 110, 3020, 130)),
    ]
    assert parts[1].glyphs[0].word_start
    # words a few glyphs apart stay one line: the running title, a heading's number
    title = _line("町田市地域ホッとプラン", 2000, 40)
    words = _line("進捗状況", title.box[2] + 3 * 20, 40)
    one = engine.TextLine((2000, 40, words.box[2], 60), title.glyphs + words.glyphs)
    assert margins._apart(one) == [one]


def test_a_line_layout_split_in_two_and_read_again_whole_is_kept_once(monkeypatch):
    """On a clean 300 dpi scan Tesseract's page layout read a heading as two lines side by
    side (①福祉サービス第三者評 and 『価の受審促進); each, read again in the band it lies
    in, was the whole heading, and the two were merged glyph by glyph
    (福福祉祉ササーービビスス…)."""
    grey = np.full((400, 1200), 245, np.uint8)
    grey[202:218, 100:440] = 30  # the heading's ink
    page = PageReading(1, Raster(grey, binarize(grey), 72 / 200, 0.0))
    whole = _line("①福祉サービス第三者評価の受審促進", 100, 200)
    halves = [
        engine.TextLine((100, 200, 320, 220), whole.glyphs[:11]),
        engine.TextLine((320, 200, 440, 220), whole.glyphs[11:]),
    ]
    monkeypatch.setattr(engine, "read", lambda *_, **__: list(halves))
    monkeypatch.setattr(margins, "reread", lambda page, grey, line: whole)
    margins.read_outside(page, Grid([], [], [], []))
    assert "".join(c.text for c in page.chars) == "①福祉サービス第三者評価の受審促進"


def test_a_word_before_a_colon_outside_the_tables_stays_as_read():
    """備考: (a note, not a legend entry) has no symbol's shape: the line is kept."""
    image = Image.new("L", (600, 120), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT_FILES["IPAexGothic"]), 40)
    draw.text((40, 40), "備考:未実施", font=font, fill=0)
    page = SimpleNamespace(raster=raster(np.asarray(image)), grainy=False)
    glyphs = []
    for i, ch in enumerate("備考:未実施"):
        x = 40 + round(font.getlength("備考:未実施"[:i]))
        box = draw.textbbox((x, 40), ch, font=font)
        glyphs.append(engine.Glyph(ch, (box[0], 40, box[2], 90), 90.0, i == 0))
    line = engine.TextLine((glyphs[0].box[0], 40, glyphs[-1].box[2], 90), tuple(glyphs))
    (kept,) = legend_lines(page, line)
    assert [g.text for g in kept.glyphs] == list("備考:未実施")


def test_a_shaded_scan_is_read_as_an_even_one(digital, tmp_path):
    """A third of the light lost toward the right edge: one threshold alone took the
    shadow for ink, and no table was found."""
    style = ScanStyle("shaded", noise=6, blur=0.6, shade=0.4)
    _assert_first_page_read(digital, scan_pdf(digital[0], tmp_path / "s.pdf", style, pages=[1]))


def test_a_pale_copy_has_its_legend_read(digital, tmp_path):
    """A pale photocopy (ink at 45%, the sheet 20 levels lighter, then noise and blur):
    Tesseract's page layout read the heading and the legend beside it as one line, the
    legend was not found, and every rating was unknown."""
    page = pdfium.PdfDocument(digital[0])[0].render(scale=200 / 72).to_pil().convert("L")
    pixels = 255 - (255 - np.asarray(page, dtype=np.float32)) * 0.45 + 20
    pixels += np.random.default_rng(3).normal(0, 6, pixels.shape)
    pale = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(0.6)
    )
    pale.save(tmp_path / "pale.pdf", "PDF", resolution=200)
    _assert_first_page_read(digital, tmp_path / "pale.pdf")


def test_a_dark_noisy_blurred_scan_has_its_header_and_legend_read(digital, tmp_path):
    """Grey paper (200), blur, heavy noise and JPEG: the legend's △ was read from a crop
    that reached into the entries above and below it (doubtful, so every △ rating was
    unknown), and specks in the header's wide cell took another column's label."""
    style = ScanStyle("dark", grey=200, blur=1.2, noise=14, jpeg=60)
    _assert_first_page_read(digital, scan_pdf(digital[0], tmp_path / "d.pdf", style, pages=[1]))


def test_a_dark_noisy_scan_of_an_excel_print_has_its_shaded_headers_read(
    default_extraction, tmp_path
):
    """The same dark scan of an Excel print (shaded header rows, no vertical rules): the
    shading near the page's threshold came out as speckle, not a fill, so no white
    corridor ran down the table and no table was found (the whole report refused); and
    header labels under the grain read as junk lines anywhere in their cells, so the
    layout saw no header row on the second page."""
    records = default_extraction.items.to_dict("records")[:12]
    digital = make_pdf(records, 2024, STYLES["excel"], tmp_path / "excel.pdf").path
    truth = hotplan.extract(digital).items
    truth = truth[truth["source_page"] <= 2]
    style = ScanStyle("dark", grey=200, blur=1.2, noise=14, jpeg=60)
    x = hotplan.extract(scan_pdf(digital, tmp_path / "d.pdf", style, pages=[1, 2]), jobs=2)
    for column in ("serial", "measure_no", "code"):
        assert x.items[column].tolist() == truth[column].tolist(), column


@pytest.mark.parametrize(
    ("legend", "ratings", "fixed"),
    [
        (["○:実施", "▲:未実施"], ["○", "△", "○"], ["○:実施", "△:未実施"]),  # the hole closed
        (["●:実施", "△:未実施"], ["○", "△"], ["○:実施", "△:未実施"]),
        (["○:実施", "▲:未実施"], ["○", "▲"], ["○:実施", "▲:未実施"]),  # the table says ▲
        (["○:実施", "△:未実施", "▲:中止"], ["○", "△"], ["○:実施", "△:未実施", "▲:中止"]),
        # a thin ○ a black-and-white scan left as one arc, read as a letter
        (["ご:実施", "△:未実施"], ["○", "△", "○"], ["○:実施", "△:未実施"]),
        (["ご:実施", "△:未実施"], ["○", "●"], ["ご:実施", "△:未実施"]),  # ○ or ●?
        (["備考:実施", "△:未実施"], ["○", "△"], ["備考:実施", "△:未実施"]),  # a word
    ],
)
def test_a_legend_symbol_read_in_the_other_fill_takes_the_tables(legend, ratings, fixed):
    """A dark, blurred scan closed the legend triangle's hole: ▲ in the legend, △ in the
    table, and every △ rating was an error. The one legend glyph is outvoted where no
    rating uses it and the legend lacks its other fill; never otherwise."""
    lines = [SourceLine(i, text, page=1) for i, text in enumerate(legend, 1)]
    for n, rating in enumerate(ratings, 1):
        cells = (str(n), "1", "福祉総務課 (P.60)", "地域の見守りを進めます。", rating)
        lines.append(SourceLine(10 + n, "\t".join(cells), page=1, cells=cells))
    out, findings = match_legend(lines)
    assert [line.text for line in out[: len(legend)]] == fixed
    changed = [(a, b) for a, b in zip(legend, fixed, strict=True) if a != b]
    assert [(f.check, f.found + ":" + f.suggestion) for f in findings] == [
        ("ocr.legend_symbol", a[0] + ":" + b[0]) for a, b in changed
    ]
    assert all(f.severity == "warning" for f in findings)


def test_a_speck_left_in_a_corridor_does_not_split_it():
    """A speck on a heavy line of a noisy scan (or a scanner's streak down the page)
    voted for one pixel column inside the white corridor between two columns: two
    corridors, six columns, no table."""
    ink = np.zeros((400, 1000), np.uint8)
    columns = [(20, 60), (100, 140), (180, 400), (440, 900), (940, 980)]
    for top in range(40, 360, 60):  # six rows of five cells, each two lines of text
        for x0, x1 in columns:
            for line in (top, top + 16):
                ink[line : line + 12, x0:x1] = 255
    ink[40:350, 920] = 255  # a streak one pixel wide down the table
    grid = unruled_grid(ink, 72 / 200, [])
    assert len(grid.tables) == 1
    assert {c.column for c in grid.cells} == set(range(5))


def _assert_first_page_read(digital, scan) -> None:
    x = hotplan.extract(scan, jobs=1)
    first = digital[1].items
    first = first[first["source_page"] == 1]
    for column in ("serial", "code", "departments", "rating"):
        assert x.items[column].tolist() == first[column].tolist()
    assert not [f for f in x.finding_list if f.severity.name == "ERROR"]


# -- a third reading of a direction cell ---------------------------------------------------


def _reading(text: str) -> list[engine.TextLine]:
    """One line of glyphs 20 px apart over the ink _cell_page prints."""
    glyphs = tuple(
        engine.Glyph(ch, (20 + 20 * i, 20, 38 + 20 * i, 40), 95.0, i == 0)
        for i, ch in enumerate(text)
    )
    return [engine.TextLine((20, 20, 20 + 20 * len(text), 40), glyphs)]


def _cell_page() -> tuple[PageReading, Cell]:
    """A page with one cell of print, its ink under the glyphs _reading places."""
    grey = np.full((60, 200), 255, np.uint8)
    grey[24:36, 22:186] = 0  # ink along the line to the cell's end, under the glyphs
    ink = np.where(grey < 128, 255, 0).astype(np.uint8)
    return PageReading(1, Raster(grey, ink, 72 / 200, 0.0)), Cell(0, 0, 3, (10, 10, 190, 50))


def _read_direction(monkeypatch, read_block) -> OcrCell:
    """The 取組の方向性 cell of _cell_page as the reader records it, each reading of it
    given by read_block(page, cell, zoom, smooth)."""
    monkeypatch.setattr(cell_reading, "read_block", read_block)
    monkeypatch.setattr(cell_reading, "unread_ink", lambda *a: False)
    page, cell = _cell_page()
    cell_reading.read_cell(page, cell, "direction")
    return page.cells[-1]


@pytest.mark.parametrize(("dot", "unread"), [(150, True), (215, False), (None, False)])
def test_a_faint_mark_no_glyph_covers_is_found_in_the_cells_grey(dot, unread):
    """A thin 。 on grey paper, gone from the page's ink, that Tesseract left out (ます for
    ます。): it is print (60 grey levels under the paper), so the cell is doubtful; grain a
    few levels under the paper is none."""
    grey = np.full((60, 200), 222, np.uint8)
    grey[24:36, 22:136] = 60  # the line the glyphs cover
    if dot is not None:
        grey[30:36, 150:156] = dot  # past the last glyph
    ink = np.where(grey < 100, 255, 0).astype(np.uint8)  # the page's ink: no dot
    page = PageReading(1, Raster(grey, ink, 72 / 200, 0.0))
    assert unread_ink(page, Cell(0, 0, 3, (10, 10, 190, 50)), _reading("ございます")) is unread


@pytest.mark.parametrize(
    ("third", "doubtful"), [("検討できる", "readings_differ"), ("検討でひきる", None)]
)
def test_a_direction_cell_two_sizes_read_alike_is_read_at_a_third(monkeypatch, third, doubtful):
    """Both sizes made up the same glyph (でひきる for できる): a third size that reads the
    cell otherwise makes it doubtful, with both readings; the text stays as read."""

    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        return _reading(third if zoom == cell_reading.THIRD_ZOOM else "検討でひきる")

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "検討でひきる"
    assert read.doubtful == doubtful
    if doubtful:
        assert read.readings == ("検討でひきる", "検討できる") and read.image is not None


@pytest.mark.parametrize(
    ("ink_rows", "read", "doubtful"),
    [(8, "区人", "small_ink"), (30, "区人", None), (8, "。", None)],
)
def test_print_far_shorter_than_the_lines_read_as_kanji_is_doubtful(
    monkeypatch, ink_rows, read, doubtful
):
    """A 。 wrapped alone onto a row of its own was read as 区人, sure of both glyphs:
    print far shorter than the page's lines read as kana or kanji makes the cell doubtful;
    print as tall as a line, or read as a mark, does not."""
    monkeypatch.setattr(cell_reading, "read_block", lambda *a, **k: _reading(read))
    monkeypatch.setattr(cell_reading, "unread_ink", lambda *a: False)
    grey = np.full((60, 200), 255, np.uint8)
    grey[20 : 20 + ink_rows, 22:30] = 0
    ink = np.where(grey < 128, 255, 0).astype(np.uint8)
    page = PageReading(1, Raster(grey, ink, 72 / 200, 0.0))
    page.chars.append(Char("地", 0.0, 12.0, 100.0, 112.0, 10.0))  # a line above: 12 pt high
    cell_reading.read_cell(page, Cell(0, 0, 3, (10, 10, 190, 55)), "direction")
    assert page.cells[-1].doubtful == doubtful
    assert page.cells[-1].text == read


# -- the other voicing mark -----------------------------------------------------------------


def _marked(text: str, others: dict[int, tuple[tuple[str, float], ...]]) -> list[engine.TextLine]:
    """_reading(text) with the model's other candidates on the glyphs at the given places."""
    [line] = _reading(text)
    glyphs = tuple(replace(g, others=others.get(i, ())) for i, g in enumerate(line.glyphs))
    return [replace(line, glyphs=glyphs)]


def test_the_other_voicing_mark_given_a_fair_chance_is_the_alternative():
    printed = _marked("シティプロモーション", {3: (("ブ", 27.5), ("ゴ", 0.0))})
    assert other_mark("シティプロモーション", [printed]) == "シティブロモーション"
    # the text's lines are broken elsewhere than the reading's: the place is the same
    assert other_mark("シティプ\nロモーション", [printed]) == "シティブ\nロモーション"
    faint = _marked("シティプロモーション", {3: (("ブ", 0.0),)})
    assert other_mark("シティプロモーション", [faint]) is None
    not_a_mark = _marked("シティプロモーション", {3: (("ゴ", 60.0),)})
    assert other_mark("シティプロモーション", [not_a_mark]) is None
    # a reading of other text says nothing of this text's glyphs
    assert other_mark("シティプロモーショソ", [printed]) is None
    later = _marked("ボランティアのパイプ役", {7: (("バ", 15.0),)})
    assert other_mark("ボランティアのパイプ役", [faint, later]) == "ボランティアのバイプ役"


def test_a_cell_whose_mark_could_be_the_other_is_reviewed_as_read(monkeypatch):
    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        return _marked("するプレリーダー", {2: (("ブ", 40.0),)} if zoom == 1.0 else {})

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "するプレリーダー"  # the text stays as read
    assert read.doubtful == "voicing_mark"
    assert read.readings == ("するプレリーダー", "するブレリーダー") and read.image is not None


def test_a_text_cells_reading_keeps_the_models_other_candidates():
    """The block reading of a text cell carries each glyph's other candidates (never the
    glyph itself); the other readers carry none."""
    font = ImageFont.truetype(str(FONT_FILES["IPAexMincho"]), 28)
    image = Image.new("RGB", (420, 60), "white")
    ImageDraw.Draw(image).text((10, 12), "シティプロモーションのパイプ役", font=font, fill="black")
    grey = np.asarray(scan_page(image, SCAN_STYLES["tired200"], 3).convert("L"))
    glyphs = [g for line in engine.read(grey, "block") for g in line.glyphs]
    assert len(glyphs) >= 12
    assert any(g.others for g in glyphs)
    assert all(g.text not in dict(g.others) for g in glyphs)
    assert all(0.0 <= c <= 100.0 for g in glyphs for _, c in g.others)
    lines = [g for line in engine.read(grey, "line") for g in line.glyphs]
    assert lines and not any(g.others for g in lines)


@pytest.mark.parametrize(("larger_conf", "doubtful"), [(78.0, "low_confidence"), (90.0, None)])
def test_a_glyph_the_enlarged_reading_doubts_makes_the_cell_doubtful(
    monkeypatch, larger_conf, doubtful
):
    """Both sizes made up 上 from the left of 既, sure of it at 1x: the enlarged reading's
    doubt about it sends the cell to review, with that confidence."""

    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        [line] = _reading("や、上既存")
        if zoom == cell_reading.SECOND_ZOOM:
            glyphs = list(line.glyphs)
            glyphs[2] = replace(glyphs[2], conf=larger_conf)
            line = replace(line, glyphs=tuple(glyphs))
        return [line]

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "や、上既存" and read.doubtful == doubtful
    assert read.conf == (larger_conf if doubtful else 95.0)


# -- one character read as two glyphs -------------------------------------------------------


def test_two_glyphs_naming_each_other_are_one_character_read_twice():
    doubled = _marked("検討やむ、モデル", {2: (("む", 83.5),), 3: (("や", 93.4),)})
    doubled = [
        replace(
            line, glyphs=tuple(replace(g, conf=92.7) if g.text == "む" else g for g in line.glyphs)
        )
        for line in doubled
    ]
    # the less sure of the two is left out of the suggestion; the line break is kept
    assert doubled_glyph("検討やむ、モデル", [doubled]) == "検討や、モデル"
    assert doubled_glyph("検討やむ、\nモデル", [doubled]) == "検討や、\nモデル"
    one_way = _marked("検討やむ、モデル", {2: (("む", 83.5),)})
    assert doubled_glyph("検討やむ、モデル", [one_way]) is None  # a runner-up alone is not
    faint = _marked("検討やむ、モデル", {2: (("む", 20.0),), 3: (("や", 30.0),)})
    assert doubled_glyph("検討やむ、モデル", [faint]) is None
    assert doubled_glyph("検討やむ。モデル", [doubled]) is None  # a reading of other text


def test_a_cell_read_with_a_doubled_glyph_is_reviewed_as_read(monkeypatch):
    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        return _marked("検討やむ、", {2: (("む", 83.5),), 3: (("や", 93.4),)})

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "検討やむ、" and read.doubtful == "doubled_glyph"
    assert read.readings == ("検討やむ、", "検討や、") and read.image is not None


# -- a runner-up that reads as Japanese where the reading does not ------------------------


def test_a_runner_up_that_makes_sense_of_the_cell_is_its_other_version():
    text = "子どもの発達に影響び大きいこと"
    read = _marked(text, {9: (("が", 94.1),)})
    assert natural_version(text, [read]) == "子どもの発達に影響が大きいこと"
    # the line break stays where the text has it
    assert natural_version("子どもの発達に影響\nび大きいこと", [read]) == (
        "子どもの発達に影響\nが大きいこと"
    )
    faint = _marked(text, {9: (("が", 20.0),)})
    assert natural_version(text, [faint]) is None  # the model barely considered it
    # a runner-up that reads no better: the reading stands
    right = "いことが懸念される"
    assert natural_version(right, [_marked(right, {4: (("信", 94.1),)})]) is None
    # digits and marks are not weighed by grammar (【再掲1-2】 read better as |-2)
    code = "【再掲1-2-(1)】を参照"
    assert natural_version(code, [_marked(code, {3: (("|", 92.1),)})]) is None
    assert natural_version("子どもの発達に影響び大きいこと。", [read]) is None  # other text


def test_two_neighbours_naming_one_runner_up_are_one_character_read_as_two():
    """でひきる for できる: で and ひ both name む; without ひ the cell reads as Japanese,
    without で it does not."""
    text = "解決策を検討でひきるようにする"
    split = _marked(text, {6: (("む", 85.2),), 7: (("む", 82.2),)})
    assert natural_version(text, [split]) == "解決策を検討できるようにする"
    alone = _marked(text, {7: (("む", 82.2),)})  # one runner-up alone proposes no loss
    assert natural_version(text, [alone]) is None
    # a word read right whose two glyphs share a runner-up keeps both
    right = "地域の公衆衛生に関する"
    shared = _marked(right, {4: (("和", 60.0),), 5: (("和", 60.0),)})
    assert natural_version(right, [shared]) is None


def test_a_cell_read_as_unnatural_japanese_is_reviewed_as_read(monkeypatch):
    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        return _marked("発達に影響び大きい", {5: (("が", 94.1),)} if zoom == 1.0 else {})

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "発達に影響び大きい" and read.doubtful == "unnatural"
    assert read.readings == ("発達に影響び大きい", "発達に影響が大きい") and read.image is not None


@pytest.mark.parametrize(
    ("read", "printed"),
    [
        ("居場所づくりを日指します。", "居場所づくりを目指します。"),
        ("地域の担い下にもなることができ、", "地域の担い手にもなることができ、"),
        ("多様な王体がつながる", "多様な主体がつながる"),
        ("、作民が主体となって立ち上げる", "、住民が主体となって立ち上げる"),
    ],
)
def test_a_kanji_thin_print_made_ocr_misread_is_set_right_by_its_word(read, printed):
    """Thin Mincho strokes lost in a B/W scan: 目 read 日, 手 下, 主 王, 住 作, surely
    and every time. The word read is none; the kanji it is confused with makes one, of
    them the one the document prints (住民 and 官民 are both words)."""
    document = "地域の住民と行政が目指す姿。"
    swaps = misread_kanji(read, document)
    assert swapped(read, swaps) == printed
    assert [(s.read, s.printed) for s in swaps] == [
        (a, b) for a, b in zip(read, printed, strict=True) if a != b
    ]


def test_of_two_words_a_swap_makes_the_one_the_document_prints_more_is_taken():
    read = "、作民が主体となって立ち上げる"
    for document, word in [
        ("住民の会", "住民"),
        ("官民の会", "官民"),
        ("住民の会。官民の会。住民の声", "住民"),  # both printed: the one printed more
        ("官民の会。官民の会。住民の声", "官民"),
    ]:
        [swap] = misread_kanji(read, document)
        assert read[: swap.at] + swap.printed == "、" + word[0]


def test_a_compound_the_dictionary_parts_is_still_a_word():
    """第三者 is 第, 三, 者 to the dictionary: 第：者 (三's strokes lost) is set right."""
    [swap] = misread_kanji("サービス第：者評価の受審", "")
    assert (swap.read, swap.printed) == ("：", "三")


def test_a_kanji_the_first_swap_puts_in_a_word_is_not_swapped_too():
    """炎害時: once 炎 is 災, 災害時 reads right, and 時 is no misread for 悪 (害悪), though
    害時 alone is no word."""
    read = "②炎害時に備えた避難体制・医療救護体制の整備"
    swaps = misread_kanji(read, "")
    assert swapped(read, swaps) == "②災害時に備えた避難体制・医療救護体制の整備"
    assert [(s.read, s.printed) for s in swaps] == [("炎", "災")]


def test_no_kanji_of_a_report_read_right_is_swapped(default_extraction):
    """Every 取組の方向性 of the 2024 report as printed: a word read right is a word, and a
    rare one (外国人市民, 互近助) is left as it is."""
    items = default_extraction.items
    swapped_cells = {
        text: swaps for text in items["direction"].dropna() if (swaps := misread_kanji(text))
    }
    assert swapped_cells == {}


def test_a_restored_kanji_changes_the_row_and_is_a_finding_with_the_picture():
    items = _rows(["防災課 (P.1)", "防災課 (P.2)"]).assign(
        direction_raw=["居場所づくりを日\n指します。", "居場所づくりを目指します。"],
        direction=["居場所づくりを日指します。", "居場所づくりを目指します。"],
    )
    cells = [
        OcrCell(1, "direction", (160, 100, 400, 190), items["direction_raw"][0], 97.0, None, b"p"),
        OcrCell(1, "direction", (160, 200, 400, 290), items["direction_raw"][1], 99.0),
    ]
    out = review_cells(items, cells, "_scope")
    assert out.items["direction"].tolist() == ["居場所づくりを目指します。"] * 2
    # the cell's lines as read, the word wrapped between them set right where it was read
    assert out.items["direction_raw"].tolist() == [
        "居場所づくりを目\n指します。",
        "居場所づくりを目指します。",
    ]
    assert [(f.check, f.serial, f.found, f.suggestion) for f in out.findings] == [
        ("ocr.kanji_restored", 1, "日指し", "目指し")
    ]
    assert "「日指し」" in out.findings[0].message and "「目指し」" in out.findings[0].message
    assert list(out.images.values()) == [b"p"]


def test_a_bracket_read_as_a_look_alike_is_set_right_by_its_pair_with_a_finding():
    """A Gothic 「 is a thin hook Tesseract reads as ！ or |, at 99% (writer_dark_fill
    scanned dithered at 300 dpi: 11 of its 85 wrong characters in 取組の方向性). The 」
    printed after it, which then closes nothing, says what it was; a ！ just before 」
    ends an exclamation whose 「 was lost, and a pair read right is left alone."""
    items = _rows(["防災課 (P.1)", "防災課 (P.2)", "防災課 (P.3)"]).assign(
        direction_raw=[
            "「自助」!共助」を広め、！み\nんなの」へ",
            "がんばろう！」と",
            "「便利帳」！",
        ],
        direction=["", "", ""],
    )
    cells = [
        OcrCell(1, "direction", (160, y, 400, y + 90), items["direction_raw"][k], 97.0, None, b"p")
        for k, y in enumerate((100, 200, 300))
    ]
    out = review_cells(items, cells, "_scope")
    assert out.items["direction_raw"].tolist() == [
        "「自助」「共助」を広め、「み\nんなの」へ",
        "がんばろう！」と",
        "「便利帳」！",
    ]
    assert out.items["direction"][0] == "「自助」「共助」を広め、「みんなの」へ"
    assert [(f.check, f.serial, f.found, f.suggestion) for f in out.findings] == [
        ("ocr.bracket_restored", 1, "助」!共助", "助」「共助"),
        ("ocr.bracket_restored", 1, "め、！みん", "め、「みん"),
    ]
    assert "「!」" in out.findings[0].message and "「「」" in out.findings[0].message


# -- readings voted glyph by glyph ---------------------------------------------------------


def _voted(text: str, others: list[str]) -> str:
    return in_place(text, voted(text, others))


def test_a_glyph_the_other_readings_read_otherwise_is_voted_by_the_grammar():
    read = "居場所づくりを日指します。"
    right = "居場所づくりを目指します。"
    assert _voted(read, [right, right]) == right  # outvoted
    assert _voted(read, [read, right]) == right  # one reading alone, far more natural
    assert _voted(right, [right, read]) == right  # one reading alone, less natural
    assert _voted(right, [read, read]) == right  # outvoted, but far less natural
    # the line breaks stay where the text has them, wherever the others break
    assert _voted("居場所づくりを日\n指します。", [right, "居場所づくり\nを目指します。"]) == (
        "居場所づくりを目\n指します。"
    )
    # beside a glyph gained or lost, which glyph stands for which is a guess: no vote
    assert _voted("地域て活動", ["地域での活動", "地域での活動"]) == "地域て活動"
    assert _voted(read, []) == read


def test_a_glyph_the_other_readings_have_not_is_voted_out():
    """A speck read as a kanji (人 in 等の人気づき): both other readings have nothing
    there, and the sentence reads no worse without it."""
    read, right = "地域住民等の人気づきを促す", "地域住民等の気づきを促す"
    assert voted(read, [right, right])[6] == ""
    assert _voted(read, [right, right]) == right
    assert _voted(right, [read, read]) == right  # a glyph one reading lost is not added
    # a glyph only one other reading lacks stays, unless far better left out
    assert _voted("地域の活動を支える", ["地域の活を支える", "地域の活動を支える"]) == (
        "地域の活動を支える"
    )


def test_the_voted_text_keeps_each_glyphs_place():
    lines = _reading("日指す") + _reading("人")
    voted_lines = with_chars(lines, ["目", "指", "す", ""])
    assert [g.text for line in voted_lines for g in line.glyphs] == list("目指す")
    assert [g.box for line in voted_lines for g in line.glyphs] == [g.box for g in lines[0].glyphs]
    assert len(voted_lines) == 1  # a line voted out entirely is gone


def test_a_cell_the_script_model_reads_otherwise_is_voted_and_reviewed(monkeypatch):
    """jpn reads 日指す at both sizes; the Japanese script model reads 目指す, which MeCab
    finds far more natural: the cell takes it, and is reviewed with both versions."""

    def read_block(page, cell, zoom=1.0, smooth=True, kind="block"):
        return _reading("地域を目指す" if kind == "script" else "地域を日指す")

    read = _read_direction(monkeypatch, read_block)
    assert read.text == "地域を目指す"
    assert read.doubtful == "readings_differ"
    assert read.readings == ("地域を目指す", "地域を日指す") and read.image is not None


def test_the_script_model_is_found_beside_jpn_or_in_script(tmp_path, monkeypatch):
    for lang in ("jpn", "eng"):
        (tmp_path / f"{lang}.traineddata").touch()
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(engine.EngineMissing):
        engine.tessdata()  # jpn and eng alone: the script model is missing
    (tmp_path / "script").mkdir()
    (tmp_path / "script" / "Japanese.traineddata").touch()
    assert engine.tessdata() == tmp_path


def test_a_title_kanji_thin_print_made_ocr_misread_is_set_right_by_its_word():
    """A heading title read surely with a kanji whose hairlines were lost (王体 for 主体)
    takes the kanji its word needs, with a finding on its title column; a title read
    right, and a table row, stay as read."""
    printed = [
        "基本目標Ⅰ 今を生きる",
        "基本施策1 地域",
        "(1)多様な王体の参画",
        "①地域の担い下の育成",
        "②地域の担い手の育成",
    ]
    lines = [*_page_lines(printed), _row(1, "多様な王体がつながる")]
    fixed, findings = restored_titles(lines)
    assert [line.text for line in fixed[: len(printed)]] == [
        *printed[:2],
        "(1)多様な主体の参画",
        "①地域の担い手の育成",
        "②地域の担い手の育成",
    ]
    assert fixed[-1] == lines[-1]
    assert {(f.check, f.field, f.found, f.suggestion, f.source_page) for f in findings} == {
        ("ocr.kanji_restored", "section_title", "王体", "主体", 1),
        ("ocr.kanji_restored", "subsection_title", "担い下", "担い手", 1),
    }


def test_a_misread_labels_place_is_within_its_cell():
    """A fax's 通番, read as `E直` in a line boxed from above the table's top rule, was set
    there: the layout found no header row under the page's running title, and the
    table's one row was lost. A label set where a misread line stood stays in its cell."""
    page = SimpleNamespace(raster=SimpleNamespace(scale=72 / 200))
    cell = Cell(0, 0, 0, (108, 127, 193, 181))  # 通番's cell, its top the table's rule
    glyphs = (engine.Glyph("E", (111, 115, 140, 166), 40.0, True),)
    misread = engine.TextLine((111, 115, 178, 166), glyphs)  # 12 px above the rule
    assert reader._label_box(page, cell, [misread], "通番") == (111, 127, 178, 166)
    inside = engine.TextLine((111, 130, 178, 160), glyphs)
    assert reader._label_box(page, cell, [inside], "通番") == inside.box


def test_a_speck_outside_the_tables_is_no_line_of_print():
    """A receipt stamp lifted off a page left specks where its ring crossed the table's
    corner; Tesseract read them as 還 in a box 1 by 4 pt and エ in one 1 by 6, and the
    layout set each in the rating of the row above, run on from the page before (○還).
    Print outside the tables is 8 pt at least: a box under 60% of that every way is a
    speck, and so is a lone kanji or kana boxed as a sliver. A page number's one digit,
    and a line of small print, are not."""

    def line(box: tuple[int, int, int, int], text: str) -> engine.TextLine:
        return engine.TextLine(box, (engine.Glyph(text, box, 90.0, True),))

    scale = 72 / 200
    assert margins._speck(line((2122, 201, 2125, 212), "還"), scale)  # 1 by 4 pt
    assert margins._speck(line((2122, 288, 2125, 304), "エ"), scale)  # 1 by 6 pt
    assert not margins._speck(line((1130, 1528, 1140, 1548), "5"), scale)  # 4 by 7 pt
    assert not margins._speck(line((100, 300, 125, 324), "課"), scale)  # 9 by 9 pt
    assert not margins._speck(line((100, 300, 900, 312), "町田市地域ホッとプラン"), scale)
