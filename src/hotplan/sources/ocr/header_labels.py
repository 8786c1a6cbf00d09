"""A scanned table's header row: which column each label names, and the labels as the
layout knows them (OCR misreads a label now and then; the layout finds the table by them)."""

from __future__ import annotations

from hotplan import vocabulary as v
from hotplan.sources.pdf.labels import squeeze

ROLES = ("serial", "measure_no", "departments", "direction", "rating")


def header_roles(texts: list[str]) -> list[str] | None:
    """Roles of a header row's cells by their labels; None unless most labels are there."""
    roles: list[str] = []
    found = 0
    for text in texts:
        key = squeeze(text)
        role = next(
            (ROLES[i] for i, (_, pattern) in enumerate(v.HEADER_LABELS) if pattern.search(key)),
            None,
        )
        found += role is not None
        roles.append(role or "text")
    if found < v.ROW_CELLS - 2:
        return None
    roles = [role if role != "text" else ROLES[i] for i, role in enumerate(roles)]
    for i, role in enumerate(roles):
        # A label read twice (specks in a wide noisy cell read as …NO…): the one out of
        # the document's order is given its place's role.
        if roles.count(role) > 1 and role != ROLES[i]:
            roles[i] = ROLES[i]
    return roles if len(set(roles)) == len(roles) else None


def label_texts(texts: list[str], roles: list[str], year: str | None) -> list[str]:
    """A recognised header row's labels as the layout knows them: a label OCR misread is
    given its name (the rating's with the year read from its digits, or without a year
    where none could be read: headings.py gives it the document's), so the table's header
    row is found."""
    out = []
    for text, role in zip(texts, roles, strict=True):
        name, pattern = v.HEADER_LABELS[ROLES.index(role)]
        if not pattern.fullmatch(squeeze(text)):
            text = name
            if role == "rating":
                text = f"{year}{name}" if year else v.RATING_LABEL_BARE
        out.append(text)
    return out
