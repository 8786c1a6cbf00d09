"""Writers: typed Parquet, a Data Package that frictionless accepts, atomic replacement."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from conftest import DEFAULT_DOC
from hotplan.outputs import write
from hotplan.outputs.write import write_extraction


@pytest.fixture(scope="module")
def written(tmp_path_factory, default_extraction):
    return write_extraction(default_extraction, tmp_path_factory.mktemp("out"))


def test_parquet_is_typed(written):
    table = pq.read_table(written / "items.parquet")
    assert table.num_rows == 156
    assert table.schema.field("serial").type == pa.int64()
    assert not table.schema.field("serial").nullable
    assert table.schema.field("subsection").nullable
    assert table.schema.field("departments").type == pa.list_(pa.string())
    assert table.schema.field("direction").type == pa.string()
    rows = table.to_pylist()
    assert rows[124]["departments"][:2] == ["防災課", "福祉総務課"]
    assert rows[0]["source_page"] is None
    deps = pq.read_table(written / "departments.parquet")
    assert deps.num_rows == sum(len(r["departments"]) for r in rows)


def test_csv_joins_lists_and_has_a_bom(written):
    data = (written / "items.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert "防災課;福祉総務課;指導監査課" in data.decode("utf-8-sig")


def test_datapackage_validates_with_frictionless(written):
    report = validate(str(written / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads((written / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert fields["serial"]["title"] == "通番"
    assert fields["direction"]["title"] == "取組の方向性"
    assert [r["name"] for r in package["resources"]] == [
        "items",
        "departments",
        "findings",
        "review",
        "items-parquet",
        "departments-parquet",
    ]
    # Lists are Table Schema lists; the rating allows exactly the legend's symbols.
    assert fields["departments"]["type"] == "list" and fields["departments"]["delimiter"] == ";"
    assert fields["rating"]["constraints"]["enum"] == ["○", "△"]
    parquet = {f["name"]: f for f in package["resources"][4]["schema"]["fields"]}
    assert parquet["departments"]["arrowType"] == "list<string>"


def test_a_rating_outside_the_legend_fails_the_package(written, tmp_path):
    """The enum is a real constraint: frictionless rejects a symbol the legend lacks."""
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(written, copy)
    text = (copy / "items.csv").read_text(encoding="utf-8-sig")
    (copy / "items.csv").write_text(text.replace(",○,", ",◎,", 1), encoding="utf-8-sig")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert {e[1] for e in report.flatten(["type", "fieldName"])} == {"rating"}


def test_parquet_fields_carry_japanese_titles_and_descriptions(written):
    import pyarrow.parquet as pq

    field = pq.read_schema(written / "items.parquet").field("direction")
    assert field.metadata[b"title"].decode() == "取組の方向性"
    assert "【再掲…】" in field.metadata[b"description"].decode()
    assert field.metadata[b"description_en"].decode().startswith("Direction text")


def test_a_failed_write_leaves_the_previous_output_untouched(
    tmp_path, default_extraction, monkeypatch
):
    target = write_extraction(default_extraction, tmp_path)
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(write, "write_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        write_extraction(default_extraction, tmp_path)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == [DEFAULT_DOC.stem]  # no staging left
