"""Resolve 【再掲】 rows to the measure they repeat.

The marker names a code (Ⅲ-1-(2)-①); the original is the non-relisted row under that code
whose direction text is most similar. Codes alone are not unique (a document can number
two subsections ②), so text similarity decides between candidates.
"""

from __future__ import annotations

import difflib

import pandas as pd
from rapidfuzz import fuzz

from hotplan import vocabulary as v
from hotplan.findings import Finding, Severity
from hotplan.messages import t


def similarity(a: str, b: str) -> float:
    """0–1 similarity of two texts (RapidFuzz's normalized Indel ratio, as difflib's)."""
    return fuzz.ratio(a, b) / 100.0


def first_difference(a: str, b: str) -> tuple[str, str]:
    """The first differing spans of a and b, with a little context, for a finding."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            return a[max(0, i1 - 3) : i2 + 3], b[max(0, j1 - 3) : j2 + 3]
    return "", ""


def resolve_relisted(items: pd.DataFrame) -> tuple[pd.Series, list[Finding]]:
    resolved = pd.Series(pd.NA, index=items.index, dtype="Int64")
    findings: list[Finding] = []
    originals: dict[str, list[tuple[int, str]]] = {}
    for code, serial, direction, relisted in zip(
        items["code"], items["serial"], items["direction"], items["relisted_code"], strict=True
    ):
        if pd.isna(relisted):
            originals.setdefault(code, []).append((int(serial), str(direction)))
    for idx, row in items[items["relisted_code"].notna()].iterrows():
        where = {
            "serial": int(row["serial"]),
            "field": "relisted_code",
            "source_line": None if pd.isna(row["source_line"]) else int(row["source_line"]),
            "source_page": None if pd.isna(row["source_page"]) else int(row["source_page"]),
        }
        text = row["direction"] if isinstance(row["direction"], str) else ""
        scored = sorted(
            (
                (similarity(text, direction), serial, direction)
                for serial, direction in originals.get(row["relisted_code"], [])
            ),
            key=lambda t: (-t[0], t[1]),
        )
        if not scored or scored[0][0] < v.RELISTED_MIN_SIMILARITY:
            reason = (
                t("msg.relisted.no_code")
                if not scored
                else t("msg.relisted.no_similar", best=f"{scored[0][0]:.0%}")
            )
            findings.append(
                Finding(
                    Severity.WARNING,
                    "relisted.unresolved",
                    t("msg.relisted.unresolved", code=row["relisted_code"], reason=reason),
                    found=row["relisted_code"],
                    **where,
                )
            )
            continue
        score, serial, original = scored[0]
        resolved[idx] = serial
        if score < 1.0:
            ours, theirs = first_difference(text, original)
            findings.append(
                Finding(
                    Severity.WARNING,
                    "relisted.text_differs",
                    t("msg.relisted.text_differs", serial=serial, similar=f"{score:.1%}"),
                    found=ours,
                    suggestion=theirs,
                    **{**where, "field": "direction"},
                )
            )
    return resolved, findings
