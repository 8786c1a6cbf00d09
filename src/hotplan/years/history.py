"""output/history.parquet: every extracted fiscal year's items stacked, one row per
(fiscal_year, serial), with a measure_id that follows a measure from year to year."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from hotplan import columns as c
from hotplan.outputs import temp_file
from hotplan.outputs.load import read_parquet
from hotplan.outputs.write import write_csv, write_parquet
from hotplan.years.match import match_items

HISTORY_NAME = "history"


@contextmanager
def history_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder's history for one run: a second run sharing the folder waits,
    so history is read, changed and written by one run at a time and no year is lost. The
    lock is on the folder itself, so no lock file is left among the outputs."""
    out_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def assign_ids(stacked: pd.DataFrame) -> pd.Series:
    """measure_id per row: matched to the year before, a measure keeps its id; a new one
    gets M<year>-<serial>. Recomputed over all years, so replacing a year stays consistent."""
    ids = pd.Series("", index=stacked.index, dtype="string")
    previous: pd.DataFrame | None = None
    for _, year_items in stacked.groupby("fiscal_year", sort=True):
        year_ids = [
            f"M{y}-{s:03d}"
            for y, s in zip(year_items["fiscal_year"], year_items["serial"], strict=True)
        ]
        if previous is not None:
            for pair in match_items(previous, year_items):
                year_ids[pair.new] = ids[previous.index[pair.old]]
        ids[year_items.index] = year_ids
        previous = year_items
    return ids


def update_history(history: pd.DataFrame | None, items: pd.DataFrame) -> pd.DataFrame:
    """History with items' fiscal year replaced (never duplicated) by items."""
    years = set(items["fiscal_year"].dropna())
    parts = [items[c.names(c.ITEMS)]]
    if history is not None:
        parts.insert(0, history.loc[~history["fiscal_year"].isin(years), c.names(c.ITEMS)])
    stacked = pd.concat(parts, ignore_index=True).sort_values(["fiscal_year", "serial"])
    stacked = stacked.reset_index(drop=True)
    stacked.insert(0, "measure_id", assign_ids(stacked))
    return stacked


def load_history(out_dir: Path) -> pd.DataFrame | None:
    path = out_dir / f"{HISTORY_NAME}.parquet"
    return read_parquet(path, c.HISTORY) if path.exists() else None


def previous_year(history: pd.DataFrame | None, year: int) -> pd.DataFrame | None:
    """Items of the latest fiscal year before `year` in the history, if any."""
    if history is None:
        return None
    earlier = history[history["fiscal_year"] < year]
    if earlier.empty:
        return None
    last = earlier["fiscal_year"].max()
    return earlier[earlier["fiscal_year"] == last][c.names(c.ITEMS)].reset_index(drop=True)


def save_history(history: pd.DataFrame, out_dir: Path, csv_encoding: str) -> None:
    """Write history.parquet and .csv, each atomically (temp file, then rename)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for suffix, writer in (
        (".parquet", lambda p: write_parquet(history, c.HISTORY, p)),
        (".csv", lambda p: write_csv(history, p, csv_encoding)),
    ):
        tmp = temp_file(out_dir, f".{HISTORY_NAME}", suffix)
        try:
            writer(Path(tmp))
            os.replace(tmp, out_dir / f"{HISTORY_NAME}{suffix}")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
