"""Scans unlike those the reader was first built on: a sheet photographed or scanned
crooked under uneven light, with the scanner's lid showing past its edges."""

from __future__ import annotations

import hotplan
from conftest import require_tesseract
from pdf_fixtures import STYLES, make_pdf
from scans import ScanStyle, scan_pdf

require_tesseract()

# 1.5° crooked, a fifth of the light lost toward the right, soft and JPEG-compressed: the
# lid's bright corners beside the sheet made the paper next to them read as grain.
PHONE = ScanStyle("phone", skew=1.5, blur=1.0, noise=8, jpeg=40, grey=230, shade=0.2)


def test_a_crooked_shaded_scan_keeps_its_tables(default_extraction, tmp_path):
    """The first page of an Excel print (tables ruled only between rows, a boxed legend)
    scanned so: the paper beside the lid's corners was read as a band of ink that joined
    the text lines beside it, and the page's four measures were lost."""
    records = default_extraction.items.to_dict("records")[:4]
    digital = make_pdf(records, 2024, STYLES["excel"], tmp_path / "excel.pdf")
    x = hotplan.extract(scan_pdf(digital.path, tmp_path / "phone.pdf", PHONE, [1]))
    truth = hotplan.extract(digital.path)
    assert x.items[["serial", "code", "rating"]].values.tolist() == (
        truth.items[["serial", "code", "rating"]].values.tolist()
    )
    assert x.legend == truth.legend
