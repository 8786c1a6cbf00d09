"""Property tests: parsing depends on structure, not on one file's page breaks or spacing."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth import RECORD_KEYS, documents, render_text, styles

_settings = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Columns about where and how a row was printed, which re-rendering changes on purpose.
SOURCE_COLUMNS = ["source_file", "source_line", "source_page", "departments_raw"]


def records_of(items: pd.DataFrame) -> list[dict]:
    out = []
    for row in items.to_dict("records"):
        out.append(
            {
                k: (None if not isinstance(row[k], list) and pd.isna(row[k]) else row[k])
                for k in RECORD_KEYS
            }
        )
    return out


@_settings
@given(data=st.data())
def test_2024_measures_with_other_page_breaks_parse_the_same(
    extract_lines, default_extraction, data
):
    expected = default_extraction.items
    breaks = data.draw(st.sets(st.integers(2, len(expected))), label="page breaks")
    style = data.draw(styles(), label="style")
    text = render_text(records_of(expected), 2024, breaks, style)
    x = extract_lines(text.split("\n"), registry=None)  # parsing only: no typo lint
    pd.testing.assert_frame_equal(
        x.items.drop(columns=SOURCE_COLUMNS), expected.drop(columns=SOURCE_COLUMNS)
    )
    assert {f.check for f in x.finding_list} == {"relisted.text_differs", "heading.numbering"}


@_settings
@given(doc=documents())
def test_random_documents_parse_back_to_their_records(extract_lines, doc):
    records, breaks, style = doc
    x = extract_lines(
        render_text(records, 2031, breaks, style).split("\n"), registry=None, catalog=None
    )  # not this plan: no catalog
    assert x.finding_list == []
    assert x.fiscal_year == 2031
    assert records_of(x.items) == records
    assert (x.items["direction"] == x.items["direction_raw"]).all()
