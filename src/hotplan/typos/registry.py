"""The department registry, schemas/departments.csv: every official name (current or former)
and reviewed aliases (a variant seen in print → the canonical name), each with its evidence.
People edit it; hotplan reads it."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from hotplan.errors import InputError

DEFAULT_REGISTRY = Path(__file__).resolve().parents[3] / "schemas" / "departments.csv"
STATUSES = ("current", "former", "alias")


@dataclass(frozen=True)
class Entry:
    name: str
    status: str
    canonical: str  # for former names and aliases: the name to use now
    evidence: str


@dataclass(frozen=True)
class Registry:
    entries: dict[str, Entry]

    @property
    def official(self) -> list[str]:
        """Current names: the targets a suspect may be corrected to."""
        return sorted(n for n, e in self.entries.items() if e.status == "current")

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)


def load_registry(path: Path = DEFAULT_REGISTRY) -> Registry:
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise InputError(path, f"department registry cannot be read ({exc.strerror})") from exc
    entries: dict[str, Entry] = {}
    for number, row in enumerate(rows, start=2):
        name, status = (row.get("name") or "").strip(), (row.get("status") or "").strip()
        if not name or status not in STATUSES:
            raise InputError(path, f"line {number}: needs a name and a status of {STATUSES}")
        canonical = (row.get("canonical") or "").strip()
        if status != "current" and not canonical:
            raise InputError(path, f"line {number}: a {status} name needs its canonical name")
        entries[name] = Entry(name, status, canonical, (row.get("evidence") or "").strip())
    return Registry(entries)
