"""Department names against the registry: aliases and former names, two names run together,
a name one or two edits (or a look-alike kanji) from a registry name, unknown names."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein

from hotplan.messages import label, t
from hotplan.typos.lookalikes import similarity
from hotplan.typos.registry import Registry
from hotplan.typos.suspects import Item, Spot, Suspect


def department_suspects(items: list[Item], registry: Registry) -> Iterator[Suspect]:
    if not registry.entries:
        return  # no registry to compare with
    official = registry.official
    for row in items:
        spot = Spot(
            "departments", row.departments_raw or "", row.serial, row.source_line, row.source_page
        )
        for name in row.departments:
            yield from _department(name, spot, registry, official)


def _department(name: str, spot: Spot, registry: Registry, official: list[str]):
    entry = registry.get(name)
    if entry is not None and entry.status == "current":
        return
    if entry is not None:
        signal = "registry.alias" if entry.status == "alias" else "registry.former"
        yield Suspect(
            "department",
            spot,
            name,
            entry.canonical,
            ((signal, 0.95 if entry.status == "alias" else 0.6),),
            t(
                "evidence.department.registry",
                name=name,
                canonical=entry.canonical,
                status=label("evidence.department", entry.status),
                note=entry.evidence,
            ),
        )
        return
    for i in range(2, len(name) - 1):
        left, right = name[:i], name[i:]
        if left in official and right in official:
            yield Suspect(
                "department_joined",
                spot,
                name,
                f"{left};{right}",
                (("registry.joined", 0.9),),
                t("evidence.department.joined", left=left, right=right),
            )
            return
    near = sorted(
        ((Levenshtein.distance(name, o), -_visual(name, o), o) for o in official),
    )
    distance, neg_visual, best = near[0]
    if distance == 1 or (distance == 2 and len(best) >= 6):
        signals = [("registry.edit_distance", 0.85 if distance == 1 else 0.7)]
        if -neg_visual >= 0.85:
            signals.append(("lookalike", 0.5))
        yield Suspect(
            "department",
            spot,
            name,
            best,
            tuple(signals),
            t("evidence.department.near", distance=distance, best=best),
        )
        return
    yield Suspect(
        "department_unknown",
        spot,
        name,
        "",
        (("registry.unknown", 0.3),),
        t("evidence.department.unknown", registry=registry.source),
    )


def _visual(a: str, b: str) -> float:
    """Look-alike similarity of the one character that differs, if exactly one does."""
    if len(a) != len(b):
        return 0.0
    diffs = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return similarity(*diffs[0]) if len(diffs) == 1 else 0.0
