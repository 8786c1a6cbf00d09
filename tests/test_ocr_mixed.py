"""PDFs whose pages hold no text as text: pages scanned among printed pages, scans carrying
another OCR's invisible text layer, text turned into outlines. Each such page is read by
hotplan's OCR, each printed page from its text layer (pipeline, pdf/text_layer.py)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from PIL import Image
from rapidfuzz.distance import Levenshtein

import hotplan
from conftest import require_tesseract
from hotplan.errors import InputError, NoTextLayer, PartlyScanned
from hotplan.sources.pdf.readers import open_reader
from hotplan.sources.pdf.text_layer import scanned_page
from pdf_fixtures import STYLES, make_pdf
from scans import SCAN_STYLES, joined, scan_pdf, searchable

require_tesseract()

EXACT = ["serial", "measure_no", "code", "rating", "departments", "source_page"]
MISREAD = {"地": "埊", "市": "巿"}  # the other OCR's errors in its hidden layer: rare forms


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory, default_extraction) -> dict:
    """The first 20 measures printed (word style, 4 pages); their scan; pages 1, 3 and 4
    printed with page 2 scanned; the scan with a hidden text layer; and the printed report
    with a picture behind every page (a letterhead), whose text is print."""
    folder = tmp_path_factory.mktemp("mixed")
    records = default_extraction.items.to_dict("records")[:20]
    digital = make_pdf(records, 2024, STYLES["word"], folder / "report.pdf").path
    scan = scan_pdf(digital, folder / "scan.pdf", SCAN_STYLES["clean200"])
    return {
        "digital": digital,
        "truth": hotplan.extract(digital),
        "mixed": joined([(digital, [1]), (scan, [2]), (digital, [3, 4])], folder / "mixed.pdf"),
        "hidden": searchable(scan, digital, folder / "hidden.pdf", MISREAD),
        "numbered": searchable(scan, None, folder / "numbered.pdf", stamped="資料5-2 {n}"),
        "backed": _backed(digital, folder / "backed.pdf"),
        "outlined": _outlined(digital, folder / "outlined.pdf"),
    }


def _outlined(source, target):
    """source with its text drawn as shapes, as a print shop outlines fonts (Ghostscript,
    which `make test` installs); None where it is missing outside `make test`."""
    if shutil.which("gs") is None:
        if os.environ.get("HOTPLAN_REQUIRE_OCR"):
            raise RuntimeError("make test needs apt-get install ghostscript")
        return None
    command = ["gs", "-q", "-o", str(target), "-sDEVICE=pdfwrite", "-dNoOutputFonts"]
    subprocess.run([*command, str(source)], check=True)
    return target


def _backed(source, target):
    """source with a pale picture over the whole of each page (the text stays visible)."""
    doc = pdfium.PdfDocument(source)
    picture = Image.new("L", (200, 280), 245)
    for page in doc:
        image = pdfium.PdfImage.new(doc)
        image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
        width, height = page.get_size()
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    doc.save(target)
    return target


def _same_table(x: hotplan.Extraction, truth: hotplan.Extraction) -> None:
    assert len(x.items) == len(truth.items) == 20
    for column in EXACT:
        assert x.items[column].tolist() == truth.items[column].tolist(), column
    pairs = zip(x.items["direction"], truth.items["direction"], strict=True)
    errors = sum(Levenshtein.distance(a, b) for a, b in pairs)
    assert errors / sum(map(len, truth.items["direction"])) <= 0.005


def test_a_page_scanned_among_printed_ones_is_read_by_ocr(pdfs):
    x = hotplan.extract(pdfs["mixed"], jobs=1)
    _same_table(x, pdfs["truth"])
    used = [f for f in x.finding_list if f.check == "ocr.used"]
    assert len(used) == 1 and used[0].message.startswith("2 ページは文字をテキストとして持たない")
    # OCR's doubts and corrections are about the scanned page only
    ocr_pages = {f.source_page for f in x.finding_list if f.check.startswith("ocr.")}
    assert ocr_pages <= {None, 2}
    printed = x.items["source_page"] != 2
    assert x.items.loc[printed, "direction"].tolist() == (
        pdfs["truth"].items.loc[printed, "direction"].tolist()
    )


@pytest.mark.parametrize("reader", ["pdfium", "pdfplumber"])
def test_readers_name_the_scanned_pages(pdfs, reader):
    with pytest.raises(PartlyScanned) as raised:
        list(open_reader(reader)(pdfs["mixed"], None))
    assert raised.value.pages == [2]
    with pytest.raises(NoTextLayer) as hidden:
        list(open_reader(reader)(pdfs["hidden"], None))
    assert not isinstance(hidden.value, PartlyScanned)
    assert "見えない OCR 文字" in hidden.value.problem
    assert len(list(open_reader(reader)(pdfs["backed"], None))) == 4  # print, not a scan


def test_without_tesseract_the_printed_pages_are_read_and_the_rest_named(pdfs, monkeypatch):
    """`make extract` works on a machine without Tesseract: a report with a page scanned
    in gives the printed pages' rows and a warning naming the page it could not read."""
    from hotplan.sources.ocr import engine

    def missing():
        raise engine.EngineMissing("jpn")

    monkeypatch.setattr(engine, "tessdata", missing)
    x = hotplan.extract(pdfs["mixed"])
    unread = [f for f in x.finding_list if f.check == "ocr.unread"]
    assert len(unread) == 1 and unread[0].message.startswith("2 ページは")
    printed = pdfs["truth"].items["source_page"] != 2
    assert x.items["serial"].tolist() == pdfs["truth"].items.loc[printed, "serial"].tolist()
    assert not any(f.check == "ocr.used" for f in x.finding_list)


def test_never_refuses_a_partly_scanned_pdf_naming_its_pages(pdfs):
    with pytest.raises(InputError) as raised:
        hotplan.extract(pdfs["mixed"], ocr="never")
    assert "2 ページは文字をテキストとして持ちません" in str(raised.value)


def test_a_hidden_ocr_layer_is_not_read_as_print(pdfs):
    """The invisible text's own errors (埊域, 巿民) never reach the table: the page is read
    by OCR from its picture."""
    x = hotplan.extract(pdfs["hidden"], jobs=1)
    _same_table(x, pdfs["truth"])
    text = "".join(x.items["direction"]) + "".join(x.items["departments_raw"])
    assert not any(wrong in text for wrong in MISREAD.values())
    assert any(f.check == "ocr.used" for f in x.finding_list)


def test_a_scan_whose_pages_a_program_numbered_is_read_by_ocr(pdfs):
    """A scan a PDF editor stamped with a label and page number (visible text, a dozen
    characters a page) is still a scan: its tables are in the picture."""
    with pytest.raises(NoTextLayer):
        list(open_reader("pdfium")(pdfs["numbered"], None))
    _same_table(hotplan.extract(pdfs["numbered"], jobs=1), pdfs["truth"])


def test_a_picture_behind_printed_text_leaves_it_print(pdfs):
    x = hotplan.extract(pdfs["backed"])
    read, truth = (e.items.drop(columns="source_file") for e in (x, pdfs["truth"]))
    assert read.equals(truth)
    assert not any(f.check.startswith("ocr.") for f in x.finding_list)


def test_text_drawn_as_outlines_is_read_by_ocr(pdfs):
    if pdfs["outlined"] is None:
        pytest.skip("Ghostscript is not installed")
    with pytest.raises(NoTextLayer) as raised:
        list(open_reader("pdfium")(pdfs["outlined"], None))
    assert "図形（アウトライン）" in raised.value.problem
    x = hotplan.extract(pdfs["outlined"], jobs=1)
    _same_table(x, pdfs["truth"])
    assert any(f.check == "ocr.used" for f in x.finding_list)


@pytest.mark.parametrize(
    ("chars", "hidden", "cover", "glyphs", "why"),
    [
        (0, 0.0, 1.0, 0, "picture"),  # a picture and no text
        (900, 1.0, 1.0, 0, "hidden"),  # a picture under invisible text
        (900, 0.0, 1.0, 0, None),  # printed text over a full-page picture
        (900, 0.5, 1.0, 0, None),  # half the text printed
        (0, 0.0, 0.2, 0, None),  # a logo on an empty page: not a scanned page
        (900, 1.0, 0.2, 0, None),  # invisible text beside a small picture
        (0, 0.0, 0.0, 800, "outlines"),  # glyphs drawn as shapes
        (0, 0.0, 0.0, 12, None),  # a few curved marks (a legend's ○ drawn) on an empty page
        (900, 0.0, 0.0, 800, None),  # text, and a drawing of many small shapes
        (12, 0.0, 1.0, 0, "picture"),  # a picture and a page number stamped on it
        (12, 0.0, 0.2, 0, None),  # a logo and a line of text
    ],
)
def test_what_makes_a_page_read_from_its_picture(chars, hidden, cover, glyphs, why):
    assert scanned_page(chars, cover, lambda: hidden, glyphs) == why
