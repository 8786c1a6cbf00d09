"""Read back what hotplan wrote: an output/<stem>/ folder's items, or the history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hotplan import columns as c
from hotplan.errors import InputError
from hotplan.messages import t

_TYPES = {
    pa.int64(): pd.Int64Dtype(),
    pa.float64(): pd.Float64Dtype(),
    pa.string(): pd.StringDtype(),
}


def read_parquet(path: Path, columns: tuple[c.Column, ...]) -> pd.DataFrame:
    """A Parquet table written by hotplan, with the dtypes the pipeline uses (lists as lists)."""
    frame = pq.read_table(path).to_pandas(types_mapper=_TYPES.get)
    for col in columns:
        if col.kind == "list":
            frame[col.name] = frame[col.name].map(list)
    return frame[c.names(columns)]


def load_items(folder: Path) -> pd.DataFrame:
    """Items of an already extracted report folder (output/<stem>/)."""
    path = folder / "items.parquet"
    if not path.exists():
        raise InputError(folder, t("input.not_output_folder"))
    return read_parquet(path, c.ITEMS)


def load_findings(folder: Path) -> pd.DataFrame:
    """findings.csv of an extracted report folder (empty when it has none)."""
    path = folder / "findings.csv"
    if not path.exists():
        return pd.DataFrame(columns=c.names(c.FINDINGS))
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    frame = frame.replace({"": None})
    frame["serial"] = pd.to_numeric(frame["serial"], errors="coerce").astype("Int64")
    return frame
