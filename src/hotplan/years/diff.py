"""What changed between two fiscal years: added, removed, re-rated, re-assigned, rewritten, moved.

A measure whose rating, departments, text and place are unchanged appears nowhere.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from hotplan import columns as c
from hotplan.document.tables import typed_frame
from hotplan.messages import label, t
from hotplan.years.match import match_items

CHANGE_ORDER = (
    "added",
    "removed",
    "rating_changed",
    "departments_changed",
    "direction_changed",
    "moved",
)


def _joined(departments: list[str]) -> str:
    return c.LIST_SEPARATOR.join(departments)


# (change, the field compared); departments are compared as lists and printed joined
COMPARED = (
    ("rating_changed", "rating"),
    ("departments_changed", "departments"),
    ("direction_changed", "direction"),
    ("moved", "code"),
)


def _pair_changes(o: pd.Series, n: pd.Series, similarity: float) -> list[dict]:
    """The changes of one matched measure: one record per field that differs."""
    base = {
        "old_serial": o["serial"],
        "new_serial": n["serial"],
        "code": n["code"],
        "similarity": round(similarity, 4),
    }
    records = []
    for change, name in COMPARED:
        old_value, new_value = o[name], n[name]
        if name == "departments":
            old_value, new_value = _joined(old_value), _joined(new_value)
        if old_value != new_value:
            records.append(
                {**base, "change": change, "field": name, "old": old_value, "new": new_value}
            )
    return records


def diff_items(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The changes table (columns.CHANGES), in the newer report's order, removals last."""
    old, new = old.reset_index(drop=True), new.reset_index(drop=True)
    pairs = match_items(old, new)
    records: list[dict] = []
    for p in pairs:
        records += _pair_changes(old.iloc[p.old], new.iloc[p.new], p.text_similarity)
    matched_old = {p.old for p in pairs}
    matched_new = {p.new for p in pairs}
    records += [
        {"change": "added", "new_serial": n["serial"], "code": n["code"], "new": n["direction"]}
        for j, n in new.iterrows()
        if j not in matched_new
    ]
    records += [
        {"change": "removed", "old_serial": o["serial"], "code": o["code"], "old": o["direction"]}
        for i, o in old.iterrows()
        if i not in matched_old
    ]
    order = {name: k for k, name in enumerate(CHANGE_ORDER)}
    records.sort(
        key=lambda r: (
            r.get("new_serial") is None,
            r.get("new_serial") or 0,
            r.get("old_serial") or 0,
            order[r["change"]],
        )
    )
    return typed_frame(records, c.CHANGES, [])


def summary_text(changes: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame) -> str:
    """Counts per change type, then every rating change with its place and text."""
    counts = Counter(changes["change"])
    listed = [
        t("report.change_count", label=label("change", k), count=counts[k])
        for k in CHANGE_ORDER
        if counts[k]
    ]
    lines = [t("cli.changes", changes=t("where.separator").join(listed) or t("cli.no_changes"))]
    by_serial = new.set_index("serial")
    for _, ch in changes[changes["change"] == "rating_changed"].iterrows():
        row = by_serial.loc[int(ch["new_serial"])]
        title = (
            row["subsection_title"] if pd.notna(row["subsection_title"]) else row["section_title"]
        )
        lines.append(
            f"  {ch['old']} → {ch['new']}  通番 {ch['old_serial']} → {ch['new_serial']}  "
            f"{ch['code']} {title}: {str(row['direction'])[:40]}…"
        )
    return "\n".join(lines) + "\n"
