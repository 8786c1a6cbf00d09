"""The department registry: every official name (current or former) and reviewed aliases
(a variant seen in print → the canonical name), each with its evidence. It ships inside
the package (`hotplan/data/departments.csv`: name, status, canonical, evidence), so an
installed copy lints departments exactly like the checkout; `--registry FILE` reads
another. People edit it; hotplan reads it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from hotplan.errors import InputError
from hotplan.messages import t

PACKAGED = "hotplan/data/departments.csv"
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
    source: str = PACKAGED  # where it came from, for the report

    @property
    def official(self) -> list[str]:
        """Current names: the targets a suspect may be corrected to."""
        return sorted(n for n, e in self.entries.items() if e.status == "current")

    def get(self, name: str) -> Entry | None:
        return self.entries.get(name)


def load_registry(path: Path | None = None) -> Registry:
    """The packaged registry, or the one at path; InputError when unusable."""
    if path is None:
        text = files("hotplan").joinpath("data/departments.csv").read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
    else:
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
        except OSError as exc:
            raise InputError(path, t("input.registry_unreadable", why=exc.strerror)) from exc
        except UnicodeDecodeError as exc:
            raise InputError(path, t("input.registry_unreadable", why=exc.reason)) from exc
    entries: dict[str, Entry] = {}
    for number, row in enumerate(rows, start=2):
        name, status = (row.get("name") or "").strip(), (row.get("status") or "").strip()
        if not name or status not in STATUSES:
            raise InputError(
                path or PACKAGED, t("input.registry_row", line=number, statuses=", ".join(STATUSES))
            )
        canonical = (row.get("canonical") or "").strip()
        if status != "current" and not canonical:
            raise InputError(path or PACKAGED, t("input.registry_canonical", line=number))
        entries[name] = Entry(name, status, canonical, (row.get("evidence") or "").strip())
    return Registry(entries, PACKAGED if path is None else str(path))
