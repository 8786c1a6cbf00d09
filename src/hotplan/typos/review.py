"""The review table an editor works in: the lint's open suspects, then every decision of
the corrections file it was given, each with what became of it. Saving it again as the
corrections file keeps every earlier accept, edit and reject, so no round loses a decision."""

from __future__ import annotations

import pandas as pd

from hotplan import columns as c
from hotplan.typos.corrections import Correction, unescaped

REVIEW_COLUMNS = c.names(c.REVIEW)
STATUSES = ("pending", "applied", "stale", "rejected", "acknowledged")


def typed_review(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    for col in ("serial", "source_page", "source_line"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce").astype("Float64")
    return frame


def _earlier(fix: Correction, status: str) -> dict:
    row = {col: unescaped(fix.record.get(col)) for col in REVIEW_COLUMNS}
    return {
        **row,
        "found": fix.found,
        "suggestion": fix.suggestion,
        "decision": fix.decision,
        "status": status,
    }


def review_table(
    suspects: pd.DataFrame, corrections: list[Correction], statuses: dict[str, str]
) -> pd.DataFrame:
    """Open suspects (status pending, most likely first), then the earlier decisions in
    their file order. A suspect an editor already decided on is listed once, as decided."""
    decided = [fix for fix in corrections if fix.decision]
    decided_ids = {fix.id for fix in decided}
    pending = suspects[~suspects["id"].isin(decided_ids)].to_dict("records")
    rows = [{**row, "status": "pending", "decision": ""} for row in pending]
    rows += [_earlier(fix, statuses.get(fix.id, "pending")) for fix in decided]
    return typed_review(rows)
