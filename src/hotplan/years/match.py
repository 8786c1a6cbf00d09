"""Match the measures of two fiscal years by content, one to one.

Serials shift between years (rows are inserted and removed), so a measure is recognised
by its direction text, its departments and its place in the plan. Each pair gets a score;
pairs are taken best first (each measure at most once) down to a threshold, so a typo
or a small edit keeps a match while a rewritten or new measure does not.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from rapidfuzz import fuzz, process

TEXT_WEIGHT, DEPARTMENT_WEIGHT, PLACE_WEIGHT = 0.75, 0.15, 0.10
MATCH_THRESHOLD = 0.6  # below this score two measures are different measures


@dataclass(frozen=True)
class Pair:
    old: int  # positional index in the old items
    new: int  # positional index in the new items
    score: float
    text_similarity: float


def _jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def match_items(old: pd.DataFrame, new: pd.DataFrame) -> list[Pair]:
    """Best one-to-one pairs (old position, new position) whose score reaches the threshold."""
    old_text = old["direction"].fillna("").tolist()
    new_text = new["direction"].fillna("").tolist()
    if not old_text or not new_text:
        return []
    text = process.cdist(old_text, new_text, scorer=fuzz.ratio, workers=1) / 100.0
    candidates = []
    for i, (old_deps, old_code) in enumerate(zip(old["departments"], old["code"], strict=True)):
        for j, (new_deps, new_code) in enumerate(zip(new["departments"], new["code"], strict=True)):
            t = float(text[i, j])
            score = (
                TEXT_WEIGHT * t
                + DEPARTMENT_WEIGHT * _jaccard(list(old_deps), list(new_deps))
                + PLACE_WEIGHT * (old_code == new_code)
            )
            if score >= MATCH_THRESHOLD:
                # Ties: prefer the same place, then the nearest position.
                candidates.append((-score, old_code != new_code, abs(i - j), i, j, t))
    pairs, used_old, used_new = [], set(), set()
    for neg_score, _, _, i, j, t in sorted(candidates):
        if i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append(Pair(i, j, -neg_score, t))
    return sorted(pairs, key=lambda p: p.new)
