"""Two independent PDF readers: PDFium (the default) and pdfplumber (the oracle). On every
PDF fixture they must give the same items and findings; the geometry each hands to layout
(characters, rules, fills) must agree too, also where a PDF scales its text, rotates its
page, crops it or draws inside form XObjects."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from reportlab.pdfgen.canvas import Canvas

import hotplan
from conftest import PRINT_COLUMNS
from hotplan.sources.pdf import pdfium, plumber
from hotplan.sources.pdf.layout import layout_lines
from hotplan.sources.pdf.page import DEDUPE_TOLERANCE, Char, PdfPage, dedupe
from hotplan.sources.pdf.paths import Subpath, geometry
from hotplan.sources.pdf.readers import open_reader
from pdf_fixtures import STYLES, make_pdf, register_font

OFFICE = sorted((Path(__file__).resolve().parent / "office").glob("*.pdf"))
BBOX_TOLERANCE = 2.0  # pt: the readers take a font's descent from different tables


def _both(pdf: Path) -> tuple[hotplan.Extraction, hotplan.Extraction]:
    return tuple(hotplan.extract(pdf, registry=None, reader=r) for r in ("pdfium", "pdfplumber"))


@pytest.fixture(scope="module")
def readings(tmp_path_factory, default_extraction) -> dict[str, tuple]:
    folder = tmp_path_factory.mktemp("readers")
    records = default_extraction.items.to_dict("records")
    pdfs = {p.stem: p for p in OFFICE}
    for name, style in STYLES.items():
        pdfs[name] = make_pdf(records[:60], 2024, style, folder / f"{name}.pdf").path
    with ProcessPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        return dict(zip(pdfs, pool.map(_both, pdfs.values()), strict=True))


def test_the_oracle_covers_office_and_generated_pdfs(readings):
    assert len(readings) >= len(OFFICE) + len(STYLES) >= 9


@pytest.mark.parametrize("name", [p.stem for p in OFFICE] + sorted(STYLES))
def test_both_readers_give_the_same_items_and_findings(readings, name):
    fast, oracle = readings[name]
    assert len(fast.items) > 0
    pd.testing.assert_frame_equal(
        fast.items.drop(columns=PRINT_COLUMNS), oracle.items.drop(columns=PRINT_COLUMNS)
    )
    assert fast.items["source_page"].tolist() == oracle.items["source_page"].tolist()
    boxes = ["bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]
    gap = (fast.items[boxes] - oracle.items[boxes]).abs().to_numpy().max()
    assert gap <= BBOX_TOLERANCE
    keys = ["severity", "check", "serial", "source_page", "message", "found"]
    pd.testing.assert_frame_equal(fast.findings[keys], oracle.findings[keys])


# -- the geometry itself, on PDFs that place things the unusual ways -------------------------


def _pdf(path: Path, draw, rotate: int = 0, crop: tuple | None = None) -> Path:
    register_font("IPAexGothic")
    # reportlab writes a rotated page's MediaBox with the sides swapped: this keeps it A4
    # portrait (595 × 842), so that /Rotate 90 shows it as landscape
    canvas = Canvas(str(path), pagesize=(842, 595) if rotate % 180 else (595, 842))
    if rotate:
        canvas.setPageRotation(rotate)
    if crop:
        canvas.setCropBox(crop)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return path


def _scaled(canvas: Canvas) -> None:
    canvas.saveState()
    canvas.translate(50, 700)
    canvas.scale(10, 10)
    canvas.setFont("IPAexGothic", 1)  # 1 pt text on a ×10 matrix: 10 pt as printed
    canvas.drawString(0, 0, "通番 取組の方向性")
    canvas.restoreState()
    canvas.setFont("IPAexGothic", 12)
    canvas.drawString(50, 650, "担当課 地域福祉課")
    canvas.line(40, 640, 400, 640)


def _form(canvas: Canvas) -> None:
    canvas.beginForm("grid")
    canvas.setFont("IPAexGothic", 9)
    canvas.drawString(10, 10, "生活援護課")
    canvas.rect(0, 0, 200, 30, stroke=1, fill=0)
    canvas.line(100, 0, 100, 30)
    canvas.endForm()
    canvas.saveState()
    canvas.translate(60, 500)
    canvas.doForm("grid")
    canvas.restoreState()
    canvas.setFillGray(0.8)
    canvas.rect(60, 400, 200, 20, stroke=0, fill=1)  # a fill
    path = canvas.beginPath()  # an open polyline: three sides of a box
    path.moveTo(60, 300)
    path.lineTo(260, 300)
    path.lineTo(260, 350)
    path.lineTo(60, 350)
    canvas.drawPath(path, stroke=1, fill=0)


def _text(canvas: Canvas) -> None:
    canvas.setFont("IPAexGothic", 11)
    canvas.drawString(72, 700, "基本目標Ⅰ 今を生きる")
    canvas.line(72, 690, 500, 690)


def _landscape(canvas: Canvas) -> None:
    """A portrait page shown as landscape (/Rotate 90), its content turned to stand
    upright: how some software prints a landscape report."""
    canvas.rotate(90)
    canvas.setFont("IPAexGothic", 11)
    canvas.drawString(72, -500, "基本目標Ⅰ 今を生きる")
    canvas.line(72, -510, 500, -510)
    canvas.line(72, -520, 72, -300)


GEOMETRY = {
    "scaled text": lambda p: _pdf(p, _scaled),
    "form xobject": lambda p: _pdf(p, _form),
    "landscape by /Rotate": lambda p: _pdf(p, _landscape, rotate=90),
}


def _close(a: list[tuple], b: list[tuple], tol: float = 0.3) -> bool:
    a, b = sorted(a), sorted(b)
    return len(a) == len(b) and all(
        max(abs(x - y) for x, y in zip(p, q, strict=True)) <= tol for p, q in zip(a, b, strict=True)
    )


def _page(read, path: Path) -> PdfPage:
    return next(iter(read(path, None)))


@pytest.mark.parametrize("name", sorted(GEOMETRY))
def test_both_readers_hand_layout_the_same_geometry(tmp_path, name):
    path = GEOMETRY[name](tmp_path / "g.pdf")
    fast, oracle = _page(pdfium.read_pdf, path), _page(plumber.read_pdf, path)
    assert (fast.width, fast.height) == pytest.approx((oracle.width, oracle.height))
    assert "".join(c.text for c in fast.chars) == "".join(c.text for c in oracle.chars)
    for a, b in zip(fast.chars, oracle.chars, strict=True):
        assert (a.x0, a.x1, a.size) == pytest.approx((b.x0, b.x1, b.size), abs=0.3)
        assert (a.top, a.bottom) == pytest.approx((b.top, b.bottom), abs=BBOX_TOLERANCE)
    assert fast.hrules or fast.vrules
    for kind in ("hrules", "vrules", "fills"):
        assert _close(getattr(fast, kind), getattr(oracle, kind)), kind


def test_scaled_text_has_its_printed_size(tmp_path):
    page = _page(pdfium.read_pdf, GEOMETRY["scaled text"](tmp_path / "s.pdf"))
    assert {round(c.size) for c in page.chars if c.text != " "} == {10, 12}


def test_a_form_xobject_is_placed_by_its_matrix(tmp_path):
    page = _page(pdfium.read_pdf, GEOMETRY["form xobject"](tmp_path / "f.pdf"))
    assert "".join(c.text for c in page.chars) == "生活援護課"
    assert min(c.x0 for c in page.chars) == pytest.approx(70, abs=0.5)
    assert (160.0, 312.0, 342.0) in {tuple(round(v) for v in r) for r in page.vrules}
    assert len(page.fills) == 1
    open_sides = [r for r in page.hrules if round(r[2]) in (492, 542)]
    assert len(open_sides) == 2  # the polyline's two horizontal sides


def test_a_landscape_page_by_rotate_reads_upright(tmp_path):
    page = _page(pdfium.read_pdf, GEOMETRY["landscape by /Rotate"](tmp_path / "r.pdf"))
    assert (page.width, page.height) == (842, 595)
    assert "".join(c.text for c in page.chars) == "基本目標Ⅰ 今を生きる"
    assert all(c.x1 - c.x0 <= 11.5 and c.bottom - c.top == pytest.approx(11) for c in page.chars)


def test_coordinates_are_from_the_top_left_of_the_crop_box(tmp_path):
    page = _page(pdfium.read_pdf, _pdf(tmp_path / "c.pdf", _text, crop=(50, 40, 545, 800)))
    assert (page.width, page.height) == (495, 760)
    assert page.chars[0].x0 == pytest.approx(22)
    assert page.hrules == [pytest.approx((22, 450, 110))]


def test_the_reader_is_chosen_by_name():
    assert open_reader("pdfium") is pdfium.read_pdf
    assert open_reader("pdfplumber") is plumber.read_pdf
    with pytest.raises(ValueError, match="pdfium, pdfplumber"):
        open_reader("poppler")


# -- what a painted path is to layout ---------------------------------------------------------


def _path(*points, closed=False, stroke=True, fill=False, curved=False) -> Subpath:
    return Subpath(tuple(points), closed, curved, stroke, fill)


def test_paths_become_rules_and_fills():
    g = geometry(
        [
            _path((0, 10), (100, 10)),  # a line
            _path((0, 20), (100, 20), (100, 21), (0, 21), closed=True, stroke=False, fill=True),
            _path((0, 30), (100, 30), (100, 60), (0, 60), closed=True, fill=True, stroke=False),
            _path((0, 70), (100, 70), (100, 90), (0, 90), closed=True),  # a stroked box
            _path((200, 0), (300, 0), (300, 50)),  # an open polyline
            _path((0, 0), (50, 50)),  # a diagonal
            _path((0, 0), (10, 5), (20, 0), curved=True),  # a curve
            _path((0, 95), (100, 95), stroke=False, fill=False),  # not painted
        ]
    )
    assert sorted(g.hrules) == [
        (0, 100, 10),
        (0, 100, 20.5),
        (0, 100, 70),
        (0, 100, 90),
        (200, 300, 0),
    ]
    assert sorted(g.vrules) == [(0, 70, 90), (100, 70, 90), (300, 0, 50)]
    assert g.fills == [(0, 30, 100, 60)]


def test_a_rectangle_drawn_with_a_repeated_corner_is_still_a_rectangle():
    g = geometry(
        [_path((0, 0), (0, 0), (50, 0), (50, 40), (0, 40), (0, 0), stroke=False, fill=True)]
    )
    assert g.fills == [(0, 0, 50, 40)] and not g.hrules and not g.vrules


def _dedupe_by_definition(chars: list[Char]) -> list[Char]:
    """The rule itself, pair by pair: a glyph is a copy when a kept one has the same text
    and size and lies within the tolerance on both axes."""
    t, kept = DEDUPE_TOLERANCE, []
    for ch in chars:
        if not any(
            o.text == ch.text
            and o.size == ch.size
            and abs(o.x0 - ch.x0) <= t
            and abs(o.top - ch.top) <= t
            for o in kept
        ):
            kept.append(ch)
    return kept


# Positions on a grid of a quarter of the tolerance, from above the page to inside it: copies,
# near misses and band edges all occur; a few texts and sizes make same-text neighbours common.
_glyphs = st.builds(
    lambda text, size, x, y: Char(text, x * 0.25, x * 0.25 + size, y * 0.25, y * 0.25 + size, size),
    st.sampled_from(["の", "市", "A", "①"]),
    st.sampled_from([10.0, 10.5]),
    st.integers(-8, 40),
    st.integers(-12, 40),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_glyphs, max_size=60))
# above the page's top: int() truncated -0.5 to band 0, where floor() files it in band -1
@example([Char("の", 0.0, 10.0, -1.0, 9.0, 10.0), Char("の", 0.0, 10.0, -2.0, 8.0, 10.0)])
def test_dedupe_keeps_what_the_rule_keeps(chars):
    assert dedupe(chars) == _dedupe_by_definition(chars)


def _cyclic_garbage(pdf: Path, reader: str) -> int:
    """Cyclic objects left behind by reading and laying out a PDF with the collector off."""
    gc.collect()
    assert gc.isenabled()
    gc.disable()
    try:
        lines, _ = layout_lines(open_reader(reader)(pdf, None))
        assert lines and not gc.isenabled()
        gc.set_debug(gc.DEBUG_SAVEALL)
        return gc.collect()
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_layout_pauses_the_collector_without_letting_cycles_pile_up(tmp_path, default_extraction):
    """layout_lines pauses the cyclic collector: safe only while reading and laying out a
    page leaves little cyclic garbage (PDFium: ~4-9 objects a page), else memory would grow
    with the page count. Measured with the caches warm: a second pass over the PDF."""
    records = default_extraction.items.to_dict("records")
    pdf = make_pdf(records[:60], 2024, STYLES["word"], tmp_path / "r.pdf")
    _cyclic_garbage(pdf.path, "pdfium")
    assert _cyclic_garbage(pdf.path, "pdfium") <= 20 * pdf.pages
    assert gc.isenabled()
