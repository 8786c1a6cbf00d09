"""Compare like with like: two years' items on the same footing before they are diffed.

A year whose editor applied reviewed corrections (生活介護課 → 生活援護課) compared with a
year read as printed shows the corrections as changes. The corrections each side applied
are known from its `correction.applied` findings (serial, field, found, suggestion), so:

- `both`: each side also gets the other side's corrections, carried to its matched measure
  where the printed text is still there — a typo fixed in one year is fixed in the other;
- `none`: each side's own corrections are undone, so both are compared as printed.

Only what the diff compares is touched: a measure's direction text and departments."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hotplan import columns as c
from hotplan.typos.corrections import replace_in_row
from hotplan.years.match import match_items

MODES = ("both", "none")
FIELDS = ("direction", "departments")


@dataclass(frozen=True)
class Fix:
    serial: int
    field: str
    found: str
    suggestion: str


def applied_fixes(findings: pd.DataFrame) -> list[Fix]:
    """The corrections one side applied, from its findings."""
    rows = findings[(findings["check"] == "correction.applied") & findings["field"].isin(FIELDS)]
    return [
        Fix(int(r.serial), str(r.field), str(r.found), str(r.suggestion))
        for r in rows.itertuples(index=False)
        if pd.notna(r.serial) and pd.notna(r.found) and pd.notna(r.suggestion)
    ]


def _undo(items: pd.DataFrame, fix: Fix) -> bool:
    if fix.field == "departments":  # a split (A;B) goes back to the one printed name
        parts = [n.strip() for n in fix.suggestion.split(c.LIST_SEPARATOR) if n.strip()]
        rows = items.index[items["serial"] == fix.serial]
        if len(rows) != 1:
            return False
        names = list(items.at[rows[0], "departments"])
        for k in range(len(names) - len(parts) + 1):
            if names[k : k + len(parts)] == parts:
                items.at[rows[0], "departments"] = [*names[:k], fix.found, *names[k + len(parts) :]]
                return True
        return False
    return replace_in_row(items, fix.serial, fix.field, fix.suggestion, fix.found)


def align(
    old: pd.DataFrame,
    new: pd.DataFrame,
    old_fixes: list[Fix],
    new_fixes: list[Fix],
    mode: str,
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Both sides on the footing `mode` names, and how many corrections were carried or
    undone to get there."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
    old, new = old.copy(), new.copy()
    if mode == "none":
        done = sum(_undo(old, f) for f in old_fixes) + sum(_undo(new, f) for f in new_fixes)
        return old, new, done
    pairs = match_items(old.reset_index(drop=True), new.reset_index(drop=True))
    old_serials, new_serials = old["serial"].tolist(), new["serial"].tolist()
    to_new = {int(old_serials[p.old]): int(new_serials[p.new]) for p in pairs}
    to_old = {n: o for o, n in to_new.items()}
    done = 0
    for f in old_fixes:
        if f.serial in to_new:
            done += replace_in_row(new, to_new[f.serial], f.field, f.found, f.suggestion)
    for f in new_fixes:
        if f.serial in to_old:
            done += replace_in_row(old, to_old[f.serial], f.field, f.found, f.suggestion)
    return old, new, done
