"""Read back what hotplan wrote: an output/<stem>/ folder's items, or the history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hotplan import columns as c
from hotplan.errors import InputError

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
        raise InputError(folder, "holds no items.parquet: not an extracted, valid report folder")
    return read_parquet(path, c.ITEMS)
