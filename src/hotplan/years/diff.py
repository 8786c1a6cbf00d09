"""What changed between two fiscal years: added, removed, re-rated, re-assigned, rewritten, moved.

A measure whose rating, departments, text and place are unchanged appears nowhere.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from hotplan import columns as c
from hotplan.document.tables import typed_frame
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


def diff_items(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """The changes table (columns.CHANGES), in the newer report's order, removals last."""
    old, new = old.reset_index(drop=True), new.reset_index(drop=True)
    pairs = match_items(old, new)
    records: list[dict] = []
    for p in pairs:
        o, n = old.iloc[p.old], new.iloc[p.new]
        base = {
            "old_serial": o["serial"],
            "new_serial": n["serial"],
            "code": n["code"],
            "similarity": round(p.text_similarity, 4),
        }
        if o["rating"] != n["rating"]:
            records.append(
                {
                    **base,
                    "change": "rating_changed",
                    "field": "rating",
                    "old": o["rating"],
                    "new": n["rating"],
                }
            )
        if list(o["departments"]) != list(n["departments"]):
            records.append(
                {
                    **base,
                    "change": "departments_changed",
                    "field": "departments",
                    "old": _joined(o["departments"]),
                    "new": _joined(n["departments"]),
                }
            )
        if o["direction"] != n["direction"]:
            records.append(
                {
                    **base,
                    "change": "direction_changed",
                    "field": "direction",
                    "old": o["direction"],
                    "new": n["direction"],
                }
            )
        if o["code"] != n["code"]:
            records.append(
                {**base, "change": "moved", "field": "code", "old": o["code"], "new": n["code"]}
            )
    matched_old = {p.old for p in pairs}
    matched_new = {p.new for p in pairs}
    for j, n in new.iterrows():
        if j not in matched_new:
            records.append(
                {
                    "change": "added",
                    "new_serial": n["serial"],
                    "code": n["code"],
                    "new": n["direction"],
                }
            )
    for i, o in old.iterrows():
        if i not in matched_old:
            records.append(
                {
                    "change": "removed",
                    "old_serial": o["serial"],
                    "code": o["code"],
                    "old": o["direction"],
                }
            )
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
    lines = [
        "changes: " + (", ".join(f"{counts[k]} {k}" for k in CHANGE_ORDER if counts[k]) or "none")
    ]
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
