"""report.md: what a person reads first — counts, ratings per goal, every finding with its place."""

from __future__ import annotations

import html
from collections import Counter

import pandas as pd

from hotplan import vocabulary as v
from hotplan.findings import Severity, check_label
from hotplan.messages import label, t
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
    header = [t("report.goal"), t("report.title"), *[f"{s} {x.legend[s]}" for s in symbols]]
    header += ([t("report.other")] if show_other else []) + [t("report.total")]
    return _table(header, rows)


def references(x: Extraction) -> str:
    """Which registry and plan catalog the checks used: a reader can tell a clean report
    from one that was never checked against them."""
    registry = x.registry_source or t("report.not_used")
    catalog = x.catalog_source or t("report.not_used")
    return f"{t('report.registry')}: `{registry}` · {t('report.catalog')}: `{catalog}`"


def render_report(x: Extraction) -> str:
    findings = x.finding_list
    by_severity = Counter(f.severity for f in findings)
    errors = by_severity[Severity.ERROR]
    status = (
        t("report.valid")
        if errors == 0
        else f"{t('report.invalid')} — {t('report.invalid_detail', errors=errors)}"
    )
    items = x.items
    departments = x.departments["department"].nunique() if len(x.departments) else 0
    year = f"{x.fiscal_year}年度" if x.fiscal_year else t("report.year_unknown")
    counts = t(
        "report.counts",
        measures=len(items),
        goals=items["goal"].nunique(),
        policies=items[["goal", "policy"]].drop_duplicates().shape[0],
        sections=items[["goal", "policy", "section"]].drop_duplicates().shape[0],
        departments=departments,
        relisted=int(items["relisted_code"].notna().sum()),
    )
    lines = [
        f"# {_text(x.title or t('report.default_title'))} — {year}",
        "",
        f"- {t('report.source')}: `{x.source.name}` ({x.encoding})",
        f"- {t('report.status')}: **{status}**",
        f"- {t('report.measures')}: {counts}",
        f"- {t('report.ratings')}: "
        + " · ".join(
            f"{s} {label} {int((items['rating'] == s).sum())}" for s, label in x.legend.items()
        ),
        f"- {t('report.references')}: {references(x)}",
        "",
        f"## {t('report.by_goal')}",
        "",
        *ratings_by_goal(x),
        "",
        f"## {t('report.findings')}",
        "",
        t(
            "report.findings_count",
            errors=errors,
            warnings=by_severity[Severity.WARNING],
            infos=by_severity[Severity.INFO],
        ),
        "",
    ]
    if findings:
        lines += _table(
            [
                t("report.severity"),
                t("report.check"),
                t("report.where"),
                t("report.message"),
                t("report.found"),
                t("report.suggestion"),
            ],
            [
                [
                    label("severity", f.severity),
                    check_label(f),
                    f.location(),
                    f.message,
                    f.found,
                    f.suggestion,
                ]
                for f in findings
            ],
        )
    else:
        lines.append(t("report.no_findings"))
    return "\n".join(lines) + "\n"
