"""However the report is printed, the PDF reader gives the text path's items.

A seeded property test over random print layouts (tests/layouts.py: every knob drawn
independently), and one regression test per thing that broke the reader on real office
output: per-cell header fills with white labels, spaced, letter-spaced and wrapped labels,
a legend box above the table's right end, page numbers in other styles, running titles,
tables continuing without a header, Latin words broken at a line end, non-embedded fonts.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import hotplan
from conftest import DEFAULT_DOC, PRINT_COLUMNS
from hotplan.typos.registry import load_registry
from layouts import random_style, random_window
from pdf_fixtures import PdfStyle, make_pdf
from synth import render_text

LAYOUTS = 150  # seeds 0..LAYOUTS-1 (sized to keep make test within ~5 min on 2 cores)
# The department list is compared apart (a line break may split two registry names).
COMPARED_APART = [*PRINT_COLUMNS, "departments"]


@cache
def _records() -> list[dict]:
    """The 2024 measures, once per process."""
    return hotplan.extract(DEFAULT_DOC, registry=None).items.to_dict("records")


@cache
def _official() -> frozenset[str]:
    return frozenset(load_registry().official)


def _text_items(records: list[dict], folder: Path) -> pd.DataFrame:
    path = folder / "report.txt"
    path.write_text(render_text(records, 2024, set()), encoding="utf-8")
    return hotplan.extract(path, registry=None, catalog=None).items


def same_departments(got: list[str], want: list[str], official: set[str]) -> bool:
    """Equal, or split where the text dump ran two registry names together (the PDF's
    line break is the truth there: 子ども家庭支援課指導課 is two names)."""
    if list(got) == list(want):
        return True
    if "".join(got) != "".join(want):
        return False
    return all(name in official for name in got)


def compare(got: pd.DataFrame, want: pd.DataFrame, official: set[str]) -> str | None:
    """None when the PDF's items are the text path's, else what differs first."""
    if len(got) != len(want):
        return f"{len(got)} items, expected {len(want)}"
    a = got.drop(columns=COMPARED_APART).reset_index(drop=True)
    b = want.drop(columns=COMPARED_APART).reset_index(drop=True)
    for i in range(len(a)):
        for column in a.columns:
            if repr(a.at[i, column]) != repr(b.at[i, column]):
                return (
                    f"通番 {b.at[i, 'serial']} {column}: {a.at[i, column]!r} != {b.at[i, column]!r}"
                )
    for g, w, serial in zip(got["departments"], want["departments"], want["serial"], strict=True):
        if not same_departments(g, w, official):
            return f"通番 {serial} departments: {g} != {w}"
    squeezed = got["departments_raw"].str.replace(" ", "").tolist()
    if squeezed != want["departments_raw"].str.replace(" ", "").tolist():
        return "departments_raw differs beyond line breaks"
    return None


def check_layout(seed: int) -> str | None:
    """Print one random layout of a random run of measures; compare with the text path."""
    records = _records()
    window = random_window(seed, records)
    style = random_style(seed)
    official = _official()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        want = _text_items(window, folder)
        make_pdf(window, 2024, style, folder / "report.pdf")
        try:
            got = hotplan.extract(folder / "report.pdf", registry=None, catalog=None).items
        except hotplan.InputError as err:
            return f"seed {seed}: {err.problem} ({style})"
        problem = compare(got, want, official)
    return None if problem is None else f"seed {seed}: {problem} ({style})"


def test_random_layouts_give_the_text_paths_items():
    """LAYOUTS seeded layouts, all knobs independent; run on every core."""
    workers = min(4, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(check_layout, range(LAYOUTS), chunksize=8))
    failures = [r for r in results if r is not None]
    assert len(results) == LAYOUTS
    assert failures == [], f"{len(failures)} of {LAYOUTS} layouts differ:\n" + "\n".join(
        failures[:5]
    )


# -- one layout per thing that broke the reader -------------------------------------------

BASE = PdfStyle("base", fit_width=True)
REGRESSIONS = {
    "per-cell fills, white labels on dark": replace(
        BASE, header_fill=(0.12, 0.22, 0.39), header_fill_cells=True, header_white=True
    ),
    "labels with spaces (通　番, 取 組 の 方 向 性)": replace(BASE, labels="spaced"),
    "letter-spaced labels": replace(BASE, label_spacing=3.0, rules="none"),
    "labels wrapped over lines": replace(BASE, labels="wrapped", rules="horizontal"),
    "legend box above the table's right end": replace(BASE, legend_place="above-right"),
    "page number 1": replace(BASE, footer="{n}"),
    "page number P.1": replace(BASE, footer="P.{n}", footer_place="bottom-right"),
    "page number －1－": replace(BASE, footer="－{n}－"),
    "page number 1/28": replace(BASE, footer="{n}/{total}", rules="none"),
    "page number −1− (non-embedded font)": replace(BASE, footer="−{n}−", font="HeiseiMin-W3"),
    "running title left, no repeated header": replace(
        BASE, running="top-left", repeat_header=False, repeat_headings=False
    ),
    "running title right, unruled": replace(
        BASE, running="top-right", rules="none", repeat_header=False
    ),
    "Latin words broken at the line end (LA / N)": replace(BASE, wrap_anywhere=True, size=10.5),
    "zebra rows, thick double border": replace(
        BASE, zebra=(0.93, 0.93, 0.93), border="double", rules="grid"
    ),
}


@pytest.fixture(scope="module")
def window() -> list[dict]:
    """Measures 17–30: a goal change, 【再掲】, LAN and The YORIAI, enough for four pages."""
    return [r for r in _records() if 17 <= r["serial"] <= 30]


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_what_broke_the_reader(name, window, tmp_path):
    style = replace(REGRESSIONS[name], name=name, size=REGRESSIONS[name].size)
    fixture = make_pdf(window, 2024, style, tmp_path / "report.pdf")
    assert fixture.pages >= 2
    want = _text_items(window, tmp_path)
    x = hotplan.extract(tmp_path / "report.pdf", registry=None)
    assert compare(x.items, want, _official()) is None
    assert not [f for f in x.finding_list if f.check == "input.unparsed_line"]


def test_latin_word_broken_inside_is_rejoined(window, tmp_path):
    style = replace(BASE, wrap_anywhere=True, size=10.5, col_widths=(34, 44, 120, 300, 56))
    make_pdf(window, 2024, style, tmp_path / "report.pdf")
    items = hotplan.extract(tmp_path / "report.pdf", registry=None).items.set_index("serial")
    assert "無線公衆LANの設置" in items.loc[24, "direction"]
    assert "「The YORIAI」" in items.loc[25, "direction"]


def test_a_header_row_without_its_labels_is_named_precisely(window, tmp_path):
    style = replace(BASE, labels="unknown")
    make_pdf(window, 2024, style, tmp_path / "report.pdf")
    with pytest.raises(hotplan.InputError) as err:
        hotplan.extract(tmp_path / "report.pdf", registry=None)
    assert "1 ページ: 見出し行の列名が 1 / 5 個しかありません: 通番" in err.value.problem
