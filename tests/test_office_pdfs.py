"""Real office output: the 2024 report printed by LibreOffice Writer (.docx, .odt) and Calc
(.xlsx) with the features other programs use (scripts/make_office_fixtures.py, `make
fixtures`). Every one must give the text path's 156 items."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

import hotplan
from conftest import PRINT_COLUMNS

OFFICE = Path(__file__).resolve().parent / "office"
PDFS = sorted(OFFICE.glob("*.pdf"))


def test_the_office_set_is_there():
    names = {p.stem for p in PDFS}
    assert len(PDFS) >= 6
    assert any(n.startswith("writer_") for n in names)
    assert any(n.startswith("calc_") for n in names)


@pytest.fixture(scope="module")
def text_items(default_extraction) -> pd.DataFrame:
    return default_extraction.items


def _extract(pdf: Path) -> hotplan.Extraction:
    return hotplan.extract(pdf, registry=None)


@pytest.fixture(scope="module")
def extractions() -> dict[Path, hotplan.Extraction]:
    """All office PDFs, read on every core."""
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return dict(zip(PDFS, pool.map(_extract, PDFS), strict=True))


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_office_pdf_gives_the_text_paths_156_items(pdf, text_items, extractions):
    x = extractions[pdf]
    assert x.ok, [(f.check, f.serial, f.found) for f in x.finding_list if f.severity == "error"]
    assert len(x.items) == 156
    pd.testing.assert_frame_equal(
        x.items.drop(columns=PRINT_COLUMNS), text_items.drop(columns=PRINT_COLUMNS)
    )
    assert (
        x.items["departments_raw"].str.replace(" ", "").tolist()
        == text_items["departments_raw"].str.replace(" ", "").tolist()
    )
    assert x.items["source_page"].notna().all()
    unparsed = [f.found for f in x.finding_list if f.check == "input.unparsed_line"]
    assert unparsed == []
