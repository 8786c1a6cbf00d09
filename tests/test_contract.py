"""schemas/ is generated from the code: it must never be stale."""

from __future__ import annotations

from conftest import ROOT
from hotplan.outputs.contract import render_contract


def test_schemas_folder_is_up_to_date():
    for name, content in render_contract().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"schemas/{name} missing: run `make schemas`"
        assert path.read_text(encoding="utf-8") == content, (
            f"schemas/{name} is stale: `make schemas`"
        )


def test_contract_names_every_column_and_its_japanese_title():
    md = render_contract()["CONTRACT.md"]
    for needle in ("`relisted_serial`", "再掲元通番", "`serial.gap`", "`rating.lookalike`"):
        assert needle in md
