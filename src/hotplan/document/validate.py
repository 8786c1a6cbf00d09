"""Validate the items table with pandera, lazily: every failure becomes a finding.

The schema is built from columns.py (types, nullability) plus the rules below; the legend
of the document itself defines the allowed ratings. Each rule has an id, a severity and a
message written for the person who has to fix the document.

pandera is a large import (~0.2 s, a quarter of a text report's whole run) whose work is
naming the failures, so a table is first checked plainly against the same columns and
rules (passes): one that passes has no failure to name, and only one that does not loads
pandera.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from hotplan import columns as c
from hotplan.collector import collector_paused
from hotplan.document.tables import SCOPE
from hotplan.findings import Finding, Severity
from hotplan.messages import t

if TYPE_CHECKING:
    import pandera.pandas as pa

Row = pd.Series


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    field: str
    description: str
    test: Callable[[pd.DataFrame], pd.Series]  # True where the row passes
    message: Callable[[Row, pd.DataFrame], str]
    found: Callable[[Row], object] = lambda row: None
    suggestion: Callable[[Row, pd.DataFrame], object] = lambda row, frame: None


def _previous_present(frame: pd.DataFrame, serial: int) -> int:
    below = frame["serial"][frame["serial"] < serial]
    return int(below.max()) if len(below) else 0


def _gap_message(row: Row, frame: pd.DataFrame) -> str:
    start, end = _previous_present(frame, int(row["serial"])) + 1, int(row["serial"]) - 1
    missing = f"通番 {start}" if start == end else f"通番 {start}–{end}"
    return t("msg.serial.gap", missing=missing, serial=row["serial"])


def _measure_expected(frame: pd.DataFrame) -> pd.Series:
    previous = frame.groupby(SCOPE, sort=False)["measure_no"].shift(1)
    return (previous + 1).fillna(1).astype("Int64")


def _measure_ok(frame: pd.DataFrame) -> pd.Series:
    return (frame["measure_no"] == _measure_expected(frame)).fillna(True).astype(bool)


def _cummax_ok(series: pd.Series) -> pd.Series:
    return (series >= series.ffill().cummax()).fillna(True).astype(bool)


RULES = (
    Rule(
        "serial.duplicate",
        Severity.ERROR,
        "serial",
        "通番 appears on more than one row.",
        lambda f: ~f["serial"].duplicated(),
        lambda row, f: t("msg.serial.duplicate", serial=row["serial"]),
        found=lambda row: row["serial"],
    ),
    Rule(
        "serial.order",
        Severity.ERROR,
        "serial",
        "通番 is lower than one printed before it (rows out of document order).",
        lambda f: f["serial"] >= f["serial"].cummax(),
        lambda row, f: t("msg.serial.order", serial=row["serial"]),
        found=lambda row: row["serial"],
    ),
    Rule(
        "serial.gap",
        Severity.ERROR,
        "serial",
        "通番 are not consecutive from 1: a number is missing before this row.",
        lambda f: (f["serial"] == 1) | (f["serial"] - 1).isin(f["serial"]),
        _gap_message,
        found=lambda row: row["serial"],
        suggestion=lambda row, f: _previous_present(f, int(row["serial"])) + 1,
    ),
    Rule(
        "measure_no.sequence",
        Severity.ERROR,
        "measure_no",
        "取組施策No. does not start at 1 in its subsection or does not go up by 1 "
        "(page breaks do not restart it).",
        _measure_ok,
        lambda row, f: t(
            "msg.measure_no.sequence",
            found=row["measure_no"],
            expected=_measure_expected(f).loc[row.name],
            code=row["code"],
        ),
        found=lambda row: row["measure_no"],
        suggestion=lambda row, f: _measure_expected(f).loc[row.name],
    ),
    Rule(
        "departments.empty",
        Severity.ERROR,
        "departments",
        "担当課 cell names no department.",
        lambda f: f["departments"].map(lambda names: isinstance(names, list) and len(names) > 0),
        lambda row, f: t("msg.departments.empty"),
        found=lambda row: row["departments_raw"],
    ),
    Rule(
        "page_ref.order",
        Severity.WARNING,
        "page_ref",
        "掲載P is lower than a page referenced by an earlier row.",
        lambda f: _cummax_ok(f["page_ref"]),
        lambda row, f: t("msg.page_ref.order", page=row["page_ref"]),
        found=lambda row: row["page_ref"],
    ),
)

# Columns whose blank cell has its own message (`msg.missing.<column>` in the catalog).
MISSING = (
    "goal",
    "policy",
    "section",
    "page_ref",
    "rating",
    "direction",
    "measure_no",
    "fiscal_year",
)


def missing_message(column: str) -> str:
    if column in MISSING:
        return t(f"msg.missing.{column}")
    return t("msg.missing.other", column=column)


def rating_rule(legend: dict[str, str]) -> Rule:
    symbols = "".join(legend)
    return Rule(
        "rating.unknown",
        Severity.ERROR,
        "rating",
        "進捗評価 is not a symbol of the document's legend.",
        # a blank rating is rating.missing's (isin is False on a missing value)
        lambda f: (f["rating"].isin(list(legend)) | f["rating"].isna()).astype(bool),
        lambda row, f: t(
            "msg.rating.unknown",
            rating=row["rating"],
            symbols=symbols or t("msg.rating.no_legend"),
        ),
        found=lambda row: row["rating"],
    )


def build_schema(legend: dict[str, str]) -> tuple[pa.DataFrameSchema, dict[str, Rule]]:
    # pandera loads here, not with the module: the CLI's lint helper is sent its job
    # before this process spends ~0.4 s importing it.
    with collector_paused():
        import pandera.pandas as pa

    rules = (*RULES, rating_rule(legend))

    def frame_check(rule: Rule) -> pa.Check:
        # No `error=`: pandera would report the error text instead of the name.
        return pa.Check(rule.test, name=rule.id)

    schema = pa.DataFrameSchema(
        {col.name: pa.Column(c.PANDAS_DTYPE[col.kind], nullable=col.nullable) for col in c.ITEMS},
        checks=[frame_check(rule) for rule in rules],
        strict=False,
        ordered=False,
    )
    return schema, {rule.id: rule for rule in rules}


def _where(row: Row) -> dict:
    def opt(name: str) -> int | None:
        value = row[name]
        return None if pd.isna(value) else int(value)

    return {
        "serial": opt("serial"),
        "source_line": opt("source_line"),
        "source_page": opt("source_page"),
    }


def _plain(value: object) -> str | None:
    return None if value is None or (not isinstance(value, list) and pd.isna(value)) else str(value)


def passes(items: pd.DataFrame, rules: tuple[Rule, ...]) -> bool:
    """Does the table pass the schema for certain: every column present with its exact
    dtype and, where not nullable, no null; every rule true on every row? Never laxer than
    pandera (which lets a rule fail on a row that is all null, and names each failure): a
    table that does not pass here is validated by pandera."""
    try:
        for col in c.ITEMS:
            if col.name not in items.columns:
                return False
            series = items[col.name]
            if series.dtype != pd.api.types.pandas_dtype(c.PANDAS_DTYPE[col.kind]):
                return False
            if not col.nullable and series.isna().any():
                return False
        return all(bool(rule.test(items).all()) for rule in rules)
    except Exception:  # a rule that cannot run: pandera reports it as a failed check
        return False


def validate_items(items: pd.DataFrame, legend: dict[str, str]) -> list[Finding]:
    """All schema and rule failures of the items table, as findings."""
    if passes(items, (*RULES, rating_rule(legend))):
        return []
    from pandera.errors import SchemaErrors

    schema, rules = build_schema(legend)
    try:
        schema.validate(items, lazy=True)
    except SchemaErrors as exc:
        cases = exc.failure_cases
        # A failing frame-level check is reported once per column of the row: keep one.
        frame_level = cases["schema_context"] == "DataFrameSchema"
        cases = cases[~(frame_level & cases.duplicated(subset=["check", "index"]))]
        findings = (_to_finding(case, items, rules) for _, case in cases.iterrows())
        return [f for f in findings if f is not None]
    return []


# Columns computed from another one: when they are null, the other column's finding says why.
DERIVED = {"rating_label": "rating"}


def _to_finding(case: pd.Series, items: pd.DataFrame, rules: dict[str, Rule]) -> Finding | None:
    check, column, index = case["check"], case["column"], case["index"]
    if index is None or pd.isna(index):
        # A check that could not run at all is a bug in hotplan, not in the document.
        return Finding(
            Severity.ERROR,
            "schema.check_failed",
            t("msg.schema.failed", column=check, case=case["failure_case"]),
        )
    row = items.loc[index]
    if check == "not_nullable" and column in DERIVED:
        return None
    if check == "not_nullable":
        return Finding(
            Severity.ERROR,
            f"{column}.missing",
            missing_message(column),
            field=column,
            **_where(row),
        )
    rule = rules.get(check)
    if rule is None:  # dtype or other built-in pandera check
        return Finding(
            Severity.ERROR,
            f"schema.{check}",
            t("msg.schema.failed", column=column, case=case["failure_case"]),
            field=column,
            **_where(row),
        )
    return Finding(
        rule.severity,
        rule.id,
        rule.message(row, items),
        field=rule.field,
        found=_plain(rule.found(row)),
        suggestion=_plain(rule.suggestion(row, items)),
        **_where(row),
    )
