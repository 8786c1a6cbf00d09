"""report.md: what a person reads first — counts, ratings per goal, every finding with its place."""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from hotplan import vocabulary as v
from hotplan.findings import Severity
from hotplan.pipeline import Extraction


def _text(value: object) -> str:
    """Document text as Markdown shows it: HTML in it is text, never markup."""
    return html.escape(str(value), quote=False)


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, list) and pd.isna(value)):
        return ""
    return _text(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines


def ratings_by_goal(x: Extraction) -> list[str]:
    """○/△ counts per goal; an `other` column appears only when some rating is not in the legend."""
    symbols = list(x.legend)
    items = x.items.dropna(subset=["goal"])
    other = ~items["rating"].isin(symbols).fillna(False).astype(bool)
    show_other = bool(other.any())
    rows = []
    for goal, group in items.groupby("goal", sort=True):
        counts = [int((group["rating"] == s).sum()) for s in symbols]
        extra = [int(other[group.index].sum())] if show_other else []
        rows.append(
            [v.int_to_roman(int(goal)), group["goal_title"].iloc[0], *counts, *extra, len(group)]
        )
    header = ["基本目標", "title", *[f"{s} {x.legend[s]}" for s in symbols]]
    header += (["other"] if show_other else []) + ["total"]
    return _table(header, rows)


def render_report(x: Extraction) -> str:
    findings = x.finding_list
    by_severity = Counter(f.severity for f in findings)
    errors = by_severity[Severity.ERROR]
    status = "valid" if errors == 0 else f"INVALID — {errors} error(s); no data files were written"
    items = x.items
    departments = x.departments["department"].nunique() if len(x.departments) else 0
    year = f"{x.fiscal_year}年度" if x.fiscal_year else "fiscal year unknown"
    lines = [
        f"# {_text(x.title or 'Progress report')} — {year}",
        "",
        f"- Source: `{x.source.name}` ({x.encoding})",
        f"- Status: **{status}**",
        f"- Measures: {len(items)} · goals {items['goal'].nunique()} · "
        f"policies {items[['goal', 'policy']].drop_duplicates().shape[0]} · "
        f"sections {items[['goal', 'policy', 'section']].drop_duplicates().shape[0]} · "
        f"departments {departments} · 再掲 rows {int(items['relisted_code'].notna().sum())}",
        "- Ratings: "
        + " · ".join(
            f"{s} {label} {int((items['rating'] == s).sum())}" for s, label in x.legend.items()
        ),
        "",
        "## Ratings by goal",
        "",
        *ratings_by_goal(x),
        "",
        "## Findings",
        "",
        f"{errors} error(s), {by_severity[Severity.WARNING]} warning(s), "
        f"{by_severity[Severity.INFO]} info.",
        "",
    ]
    if findings:
        lines += _table(
            ["severity", "check", "where", "message", "found", "suggestion"],
            [
                [f.severity, f"`{f.check}`", f.location(), f.message, f.found, f.suggestion]
                for f in findings
            ],
        )
    else:
        lines.append("No findings.")
    return "\n".join(lines) + "\n"
