"""Mutation tests made from the real document: each damage must give its error at the right row."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotplan
from conftest import DEFAULT_DOC, findings_of, read_lines, row_index, set_cell
from hotplan import columns as c
from hotplan import pipeline
from hotplan import vocabulary as v
from hotplan.document.validate import RULES, build_schema, passes, rating_rule
from hotplan.outputs.contract import documented_checks

LINES = read_lines(DEFAULT_DOC)


@pytest.fixture
def extract_lines(extract_lines):
    """Validation without the typo lint (tested in test_typos.py): hundreds of mutated
    copies are extracted here, and the lint is most of an extraction's time."""
    return lambda lines, **options: extract_lines(lines, **{"registry": None, **options})


N = 156


def error_at(x, check: str, serial: int):
    """The one error finding of `check` at `serial`; fails loudly otherwise."""
    assert not x.ok, "the mutated document must be invalid"
    matches = [f for f in findings_of(x, check) if f.serial == serial]
    assert matches, f"no {check} at 通番 {serial}: {[(f.check, f.serial) for f in x.finding_list]}"
    assert all(f.severity == "error" for f in matches)
    return matches[0]


def test_delete_a_row(extract_lines):
    lines = list(LINES)
    del lines[row_index(lines, 40)]
    f = error_at(extract_lines(lines), "serial.gap", 41)
    assert (f.found, f.suggestion) == ("41", "40")
    assert "通番 40 が欠けています" in f.message


def test_delete_two_rows_names_the_range(extract_lines):
    lines = list(LINES)
    del lines[row_index(lines, 40) : row_index(lines, 41) + 1]
    f = error_at(extract_lines(lines), "serial.gap", 42)
    assert "通番 40–41 が欠けています" in f.message


def test_duplicate_a_row(extract_lines):
    lines = list(LINES)
    i = row_index(lines, 40)
    lines.insert(i + 1, lines[i])
    x = extract_lines(lines)
    f = error_at(x, "serial.duplicate", 40)
    assert f.source_line == i + 2  # the second copy
    assert not findings_of(x, "serial.gap")


def test_swap_two_rows(extract_lines):
    lines = list(LINES)
    i, j = row_index(lines, 40), row_index(lines, 41)
    lines[i], lines[j] = lines[j], lines[i]
    x = extract_lines(lines)
    error_at(x, "serial.order", 40)
    assert not findings_of(x, "serial.gap")  # nothing is missing, only out of order


def test_blank_a_rating(extract_lines):
    x = extract_lines(set_cell(LINES, 61, 4, ""))
    error_at(x, "rating.missing", 61)
    # one error: a blank is no symbol outside the legend (it was said twice, as <NA>)
    assert not findings_of(x, "rating.unknown")


def test_unknown_rating_symbol(extract_lines):
    f = error_at(extract_lines(set_cell(LINES, 61, 4, "◎")), "rating.unknown", 61)
    assert f.found == "◎"
    assert "○△" in f.message


@pytest.mark.parametrize("lookalike", ["〇", "◯"])
def test_lookalike_rating_is_mapped_with_a_finding(extract_lines, lookalike):
    x = extract_lines(set_cell(LINES, 61, 4, lookalike))
    assert x.ok
    assert x.items.set_index("serial").loc[61, "rating"] == "○"
    (f,) = findings_of(x, "rating.lookalike")
    assert (f.serial, f.found, f.suggestion, f.severity) == (61, lookalike, "○", "warning")


def test_break_measure_no(extract_lines):
    f = error_at(extract_lines(set_cell(LINES, 61, 1, "8")), "measure_no.sequence", 61)
    assert (f.found, f.suggestion) == ("8", "7")


def test_measure_no_must_restart_at_1_in_a_subsection(extract_lines):
    f = error_at(extract_lines(set_cell(LINES, 65, 1, "2")), "measure_no.sequence", 65)
    assert f.suggestion == "1"


def test_cut_the_file_mid_row(extract_lines):
    lines = LINES[: row_index(LINES, 100) + 1]
    lines[-1] = lines[-1][:40]
    x = extract_lines(lines)
    f = error_at(x, "row.missing_cells", 100)
    assert f.source_line == len(lines)
    error_at(x, "rating.missing", 100)


def test_missing_page_ref(extract_lines):
    error_at(extract_lines(set_cell(LINES, 1, 2, "市民協働推進課")), "page_ref.missing", 1)


def test_department_cell_without_departments(extract_lines):
    error_at(extract_lines(set_cell(LINES, 1, 2, "(P.57)")), "departments.empty", 1)


def test_header_years_must_agree(extract_lines):
    lines = list(LINES)
    i = max(k for k, line in enumerate(lines) if line.startswith("通番"))
    lines[i] = lines[i].replace("2024年度", "2025年度")
    x = extract_lines(lines)
    (f,) = findings_of(x, "header.year_mismatch")
    assert (f.source_line, f.found, f.suggestion, f.severity) == (i + 1, "2025", "2024", "error")


def test_relisted_code_that_does_not_resolve(extract_lines):
    lines = list(LINES)
    i = row_index(lines, 83)
    lines[i] = lines[i].replace("【再掲Ⅲ-1-(2)-①】", "【再掲Ⅱ-2-(2)-③】")
    x = extract_lines(lines)
    (f,) = findings_of(x, "relisted.unresolved")
    assert f.serial == 83 and f.severity == "warning"
    assert x.items.set_index("serial")["relisted_serial"].isna()[83]


def test_strict_turns_warnings_into_errors(default_extraction):
    strict = default_extraction.strict()
    assert default_extraction.ok and not strict.ok
    assert {f.severity for f in strict.finding_list} == {"error"}


def test_every_emitted_check_is_documented(extract_lines):
    lines = set_cell(set_cell(LINES, 61, 4, "◎"), 1, 2, "(P.57)")
    lines = set_cell(set_cell(lines, 62, 4, ""), 63, 1, "x")
    lines[row_index(lines, 70)] = lines[row_index(lines, 70)][:30]
    lines.insert(10, "意味のない行")
    x = extract_lines(lines, registry="packaged")  # the typo checks too
    emitted = {f.check for f in x.finding_list}
    assert emitted <= documented_checks(), emitted - documented_checks()


# -- properties: the same damage anywhere in the document is found where it was made ------

_settings = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_settings
@given(serial=st.integers(1, N - 1))
def test_deleting_any_row_but_the_last_is_a_gap(extract_lines, serial):
    lines = list(LINES)
    del lines[row_index(lines, serial)]
    f = error_at(extract_lines(lines), "serial.gap", serial + 1)
    assert f.suggestion == str(serial)


@_settings
@given(serial=st.integers(1, N - 1))
def test_swapping_any_adjacent_rows_is_out_of_order(extract_lines, serial):
    lines = list(LINES)
    i, j = row_index(lines, serial), row_index(lines, serial + 1)
    lines[i], lines[j] = lines[j], lines[i]
    error_at(extract_lines(lines), "serial.order", serial)


@_settings
@given(serial=st.integers(1, N))
def test_duplicating_any_row_is_a_duplicate(extract_lines, serial):
    lines = list(LINES)
    i = row_index(lines, serial)
    lines.insert(i, lines[i])
    error_at(extract_lines(lines), "serial.duplicate", serial)


@_settings
@given(
    serial=st.integers(1, N),
    symbol=st.characters(
        exclude_characters="○△\t\n\r" + "".join(v.RATING_LOOKALIKES),
        exclude_categories=["Cs", "Zs", "Cc", "Zl", "Zp"],
    ),
)
def test_any_symbol_outside_the_legend_is_unknown(extract_lines, serial, symbol):
    f = error_at(extract_lines(set_cell(LINES, serial, 4, symbol)), "rating.unknown", serial)
    assert f.found == symbol


@_settings
@given(serial=st.integers(1, N), bump=st.integers(1, 5))
def test_any_broken_measure_no_is_found(extract_lines, serial, bump):
    lines = list(LINES)
    cells = lines[row_index(lines, serial)].split("\t")
    broken = str(int(cells[1]) + bump)
    f = error_at(extract_lines(set_cell(lines, serial, 1, broken)), "measure_no.sequence", serial)
    assert f.found == broken and f.suggestion == cells[1]


# -- the plain check before pandera: it passes the tables pandera passes, no other ---------

LEGEND = {"○": "", "△": ""}


@pytest.fixture(scope="module")
def validated_items():
    """The items table of the default document as the pipeline validates it."""
    seen = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "validate_items", lambda items, legend: seen.append(items) or [])
        hotplan.extract(DEFAULT_DOC)
    [items] = seen
    return items


def _pandera_fails(items) -> bool:
    from pandera.errors import SchemaErrors

    schema, _ = build_schema(LEGEND)
    try:
        schema.validate(items, lazy=True)
    except SchemaErrors:
        return True
    return False


def _damaged(items, column: str, row: int, damage: str, number: int):
    frame = items.copy()
    at = frame.index[row]
    kind = next(col.kind for col in c.ITEMS if col.name == column)
    if damage == "null":
        frame.loc[at, column] = None if kind == "list" else pd.NA
    elif damage == "dtype":
        frame[column] = frame[column].astype("object" if kind != "list" else "string")
    elif kind == "int":
        frame.loc[at, column] = number
    elif kind == "list":
        frame.at[at, column] = [] if number % 2 else ["市民協働推進課", str(number)]
    elif kind == "str":
        frame.loc[at, column] = ["○", "△", "×", "", str(number)][number % 5]
    return frame


@_settings
@given(
    column=st.sampled_from([col.name for col in c.ITEMS if col.kind != "float"]),
    row=st.integers(0, N - 1),
    damage=st.sampled_from(["null", "value", "dtype"]),
    number=st.integers(-2, 200),
)
def test_the_plain_check_passes_no_table_pandera_fails(
    validated_items, column, row, damage, number
):
    items = validated_items
    rules = (*RULES, rating_rule(LEGEND))
    assert passes(items, rules) and not _pandera_fails(items)
    frame = _damaged(items, column, row, damage, number)
    if damage == "dtype":  # stricter than pandera, which takes strings in an object column
        assert not passes(frame, rules)
    else:
        assert passes(frame, rules) == (not _pandera_fails(frame))


def test_a_valid_document_is_validated_without_loading_pandera(tmp_path):
    """pandera loads only for a table with failures to name (a quarter of a run's time)."""
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(set_cell(LINES, 40, 4, "×")), encoding="utf-8")
    code = (
        "import sys, hotplan\n"
        "for path in sys.argv[1:]:\n"
        "    x = hotplan.extract(path)\n"
        "    print(x.ok, 'pandera' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(DEFAULT_DOC), str(broken)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert run.stdout.split("\n")[:2] == ["True False", "False True"]
