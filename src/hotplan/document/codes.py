"""Measure codes (Ⅲ-1-(2)-②) as the document writes them, and the 【再掲】 marker that
opens a relisted measure's direction: plain string functions, which the CLI's helper
process uses before pandas is loaded."""

from __future__ import annotations

from hotplan import vocabulary as v


def format_code(goal: int | None, policy: int | None, section: int | None, sub: int | None) -> str:
    """`Ⅲ-1-(2)-②`, the document's own style; shorter when a level is missing."""
    if goal is None:
        return ""
    parts = [v.int_to_roman(goal)]
    if policy is not None:
        parts.append(str(policy))
        if section is not None:
            parts.append(f"({section})")
            if sub is not None:
                parts.append(v.int_to_circled(sub))
    return "-".join(parts)


def relisted_code(direction_raw: str) -> tuple[str | None, str]:
    """Split a leading 【再掲Ⅰ-2-(2)-①】 off the direction: (normalized code or None, rest)."""
    m = v.RELISTED_RE.match(direction_raw)
    if not m:
        return None, direction_raw
    policy, section = v.domain_number(m["policy"]), v.domain_number(m["section"])
    if policy is None or section is None:
        return None, direction_raw  # numbers no plan has: kept as printed text
    sub = v.circled_to_int(m["subsection"]) if m["subsection"] else None
    code = format_code(v.roman_to_int(m["goal"]), policy, section, sub)
    return code, direction_raw[m.end() :]


def direction_text(cell: str) -> str | None:
    """A direction cell's text as the items table holds it: without its 【再掲】 marker,
    its wrapped lines joined; None for an empty cell."""
    return v.unwrap(relisted_code(cell)[1]) or None
