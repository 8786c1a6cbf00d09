"""report.html: one self-contained page (no network, no external assets) for people:
headline counts, ratings by goal and policy as bars, the measures not done, departments,
findings with their place, and what changed since the previous year when it is known."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from jinja2 import Environment, PackageLoader, Template, select_autoescape

from hotplan import __version__
from hotplan import vocabulary as v
from hotplan.findings import check_label
from hotplan.messages import label, language, t
from hotplan.pipeline import Extraction
from hotplan.years.diff import CHANGE_ORDER

_ENV = Environment(
    loader=PackageLoader("hotplan", "data/templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def template() -> Template:
    """The page's template, compiled on first use and kept by jinja2."""
    return _ENV.get_template("report.html.j2")


def _counts(frame: pd.DataFrame, symbols: list[str]) -> list[int]:
    counts = Counter(frame["rating"].dropna())
    other = len(frame) - sum(counts[s] for s in symbols)
    return [counts[s] for s in symbols] + ([other] if other else [])


def _groups(items: pd.DataFrame, symbols: list[str]) -> list[dict]:
    groups = []
    for goal, g in items.dropna(subset=["goal"]).groupby("goal", sort=True):
        groups.append(
            {
                "kind": "goal",
                "label": f"基本目標{v.int_to_roman(int(goal))} {g['goal_title'].iloc[0]}",
                "counts": _counts(g, symbols),
                "total": len(g),
            }
        )
        for policy, p in g.dropna(subset=["policy"]).groupby("policy", sort=True):
            groups.append(
                {
                    "kind": "policy",
                    "label": f"基本施策{int(policy)} {p['policy_title'].iloc[0]}",
                    "counts": _counts(p, symbols),
                    "total": len(p),
                }
            )
    return groups


def _departments(x: Extraction, symbols: list[str]) -> list[dict]:
    rated = x.departments.merge(x.items[["serial", "rating"]], on="serial", how="left")
    rows = [
        {"name": name, "total": len(d), "counts": _counts(d, symbols)[: len(symbols)]}
        for name, d in rated.groupby("department", sort=True)
    ]
    return sorted(rows, key=lambda r: (-r["total"], r["name"]))


def _changes(changes: pd.DataFrame | None) -> tuple[list[dict] | None, list[tuple[str, int]]]:
    if changes is None:
        return None, []
    counts = Counter(changes["change"])
    rows = []
    for ch in changes.itertuples(index=False):
        old = "" if pd.isna(ch.old_serial) else str(ch.old_serial)
        new = "" if pd.isna(ch.new_serial) else str(ch.new_serial)
        rows.append(
            {
                "change": label("change", ch.change),
                "serials": f"{old} → {new}".strip(" →") if old != new else new,
                "code": ch.code,
                "old": "" if pd.isna(ch.old) else ch.old,
                "new": "" if pd.isna(ch.new) else ch.new,
            }
        )
    return rows, [(label("change", k), counts[k]) for k in CHANGE_ORDER if counts[k]]


def _pictures(review: pd.DataFrame) -> dict[tuple, str]:
    """OCR cell pictures by the finding they illustrate: (serial, field, check, page) →
    path (a heading is on no row: its page and title column tell it apart)."""
    if "image" not in review or review.empty:
        return {}
    rows = review[review["image"].notna() & (review["image"] != "")]
    return {
        (_known(r.serial), _known(r.field), r.signals, _known(r.source_page)): r.image
        for r in rows.itertuples(index=False)
    }


def _known(value: object) -> object:
    """value, with a missing one (NaN, NA) as None and a whole number as an int."""
    if value is None or pd.isna(value):
        return None
    return int(value) if isinstance(value, float | int) else value


def render_html(
    x: Extraction, changes: pd.DataFrame | None = None, previous_year: int | None = None
) -> str:
    symbols = list(x.legend)
    items = x.items
    done = symbols[0] if symbols else None
    late = items[items["rating"] != done] if done else items.iloc[0:0]
    change_rows, change_counts = _changes(changes)
    rating_counts = _counts(items, symbols)
    pictures = _pictures(x.review)
    return template().render(
        version=__version__,
        t=t,
        lang=language(),
        registry=x.registry_source,
        catalog=x.catalog_source,
        title=x.title or t("report.default_title"),
        year_label=f"{x.fiscal_year}年度" if x.fiscal_year else t("report.year_unknown"),
        source=x.source.name,
        ok=x.ok,
        measures=len(items),
        ratings=[
            {"symbol": s, "label": x.legend[s], "count": n}
            for s, n in zip(symbols, rating_counts, strict=False)
        ],
        department_count=x.departments["department"].nunique(),
        errors=sum(f.severity == "error" for f in x.finding_list),
        groups=_groups(items, symbols),
        late_heading=t("report.not_rated", symbol=done, label=x.legend[done])
        if done
        else t("report.all_measures"),
        late=[
            {
                "serial": r.serial,
                "code": r.code,
                "rating": r.rating,
                "departments": "、".join(r.departments),
                "direction": r.direction,
            }
            for r in late.itertuples(index=False)
        ],
        departments=_departments(x, symbols),
        findings=[
            {
                "severity": str(f.severity),
                "severity_label": label("severity", f.severity),
                "check": f.check,
                "check_label": check_label(f),
                "where": f.location(),
                "message": f.message,
                "found": f.found,
                "suggestion": f.suggestion,
                "image": pictures.get((f.serial, f.field, f.check, f.source_page)),
            }
            for f in x.finding_list
        ],
        changes=change_rows,
        change_counts=change_counts,
        previous_year=previous_year,
    )
