"""Scanned reports: OCR cell by cell gives the same table as the born-digital PDF, and every
cell it is unsure of is a finding with its picture (sources/ocr). The parts on their own
are in test_ocr_parts.py (a file of its own, so the two run side by side)."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from rapidfuzz.distance import Levenshtein

import hotplan
from conftest import require_tesseract
from hotplan.outputs.write import write_review
from pdf_fixtures import STYLES, make_pdf
from scans import SCAN_STYLES, scan_pdf

EXACT = ["serial", "measure_no", "code", "goal", "policy", "section", "subsection", "rating"]


require_tesseract()


@pytest.fixture(scope="module")
def records(default_extraction) -> list[dict]:
    return default_extraction.items.to_dict("records")


@pytest.fixture(scope="module")
def scans(tmp_path_factory, records):
    """The first 20 measures printed (word style, 4 pages), then scanned three ways."""
    folder = tmp_path_factory.mktemp("scans")
    digital = make_pdf(records[:20], 2024, STYLES["word"], folder / "report.pdf").path
    out = {"digital": hotplan.extract(digital), "pages": len(pdfium.PdfDocument(digital))}
    for name in ("office300", "tired200", "bw200"):
        scanned = scan_pdf(digital, folder / f"{name}.pdf", SCAN_STYLES[name])
        out[name] = hotplan.extract(scanned, jobs=2)
        out[f"{name}_path"] = scanned
    return out


@pytest.mark.parametrize("style", ["office300", "tired200", "bw200"])
def test_scan_reads_the_same_table(scans, style):
    truth, x = scans["digital"].items, scans[style].items
    assert len(x) == len(truth) == 20
    for column in EXACT:
        assert x[column].tolist() == truth[column].tolist(), column
    same = sum(a == b for a, b in zip(x["departments"], truth["departments"], strict=True))
    assert same >= len(truth) - 1
    errors = sum(
        Levenshtein.distance(a, b) for a, b in zip(x["direction"], truth["direction"], strict=True)
    )
    assert errors / sum(map(len, truth["direction"])) <= 0.005
    assert x["fiscal_year"].eq(2024).all()


@pytest.mark.parametrize("style", ["office300", "tired200", "bw200"])
def test_every_heading_title_is_read_or_pointed_out(scans, style):
    """A title OCR misread (a heading's rarer kanji) has a finding on its column and page."""
    truth, x = scans["digital"].items, scans[style]
    pointed = {(f.field, f.source_page) for f in x.finding_list if f.serial is None}
    titles = ["goal_title", "policy_title", "section_title", "subsection_title"]
    for (_, row), (_, printed) in zip(x.items.iterrows(), truth.iterrows(), strict=True):
        for column in titles:
            if row[column] != printed[column]:
                assert (column, row["source_page"]) in pointed, (column, row[column])


def test_scan_reads_the_legend_whole(scans):
    """The legend box's last line (進捗遅れ), which Tesseract's page layout passes over."""
    for style in ("office300", "tired200", "bw200"):
        assert scans[style].legend == scans["digital"].legend


@pytest.mark.parametrize("style", ["office300", "tired200", "bw200"])
def test_every_wrong_cell_is_pointed_out(scans, style):
    """A cell that differs from the printed text has a finding at its row and field."""
    truth, x = scans["digital"].items, scans[style]
    pointed = {(f.serial, f.field) for f in x.finding_list if f.serial is not None}
    for column, field in (("departments_raw", "departments_raw"), ("rating", "rating")):
        for serial, a, b in zip(truth["serial"], x.items[column], truth[column], strict=True):
            if a != b:
                assert (serial, field) in pointed or (serial, "departments") in pointed, (
                    serial,
                    a,
                    b,
                )
    assert not [f for f in x.finding_list if f.severity == "error"]


def test_scan_says_it_was_read_by_ocr(scans):
    used = [f for f in scans["office300"].finding_list if f.check == "ocr.used"]
    assert len(used) == 1 and f"{scans['pages']} ページを OCR" in used[0].message


def test_review_rows_link_pictures_that_are_written(scans, tmp_path):
    x = scans["tired200"]
    pictures = x.review[x.review["image"].notna()]
    # A cell with two findings (a name matched and its page reference restored) has one picture.
    assert set(pictures["image"]) == set(x.images) and x.images
    folder = hotplan.write(x, tmp_path)
    html = (folder / "report.html").read_text(encoding="utf-8")
    for path in pictures["image"]:
        data = (folder / path).read_bytes()
        assert data.startswith(b"\x89PNG")
        assert f'src="{path}"' in html
    assert oct((folder / pictures["image"].iloc[0]).stat().st_mode & 0o777) == "0o644"
    review_only = write_review(x, tmp_path / "typos").parent  # `hotplan typos`
    assert all((review_only / path).is_file() for path in pictures["image"])
