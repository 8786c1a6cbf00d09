"""datapackage.json: a Frictionless Data Package describing every CSV and column written."""

from __future__ import annotations

from hotplan import columns as c
from hotplan.pipeline import Extraction

_KEYS = {"items": ["serial"], "departments": ["serial", "position"], "review": ["id"]}
_TITLES = {
    "items": "取組一覧 (one row per measure)",
    "departments": "担当課 (one row per measure and department)",
    "findings": "検出事項 (validation findings)",
    "review": "誤字の疑い (suspected OCR and typing errors, for review)",
    "changes": "前年度からの変更 (changes since the previous fiscal year)",
}


def field(col: c.Column) -> dict:
    out: dict = {
        "name": col.name,
        "type": c.FRICTIONLESS_TYPE[col.kind],
        "title": col.title,
        "description": col.description,
    }
    if not col.nullable:
        out["constraints"] = {"required": True}
    return out


def resource(name: str, files: dict[str, str]) -> dict:
    schema: dict = {"fields": [field(col) for col in c.ALL_TABLES[name]]}
    if name in _KEYS:
        schema["primaryKey"] = _KEYS[name]
    if name == "departments":
        schema["foreignKeys"] = [
            {"fields": ["serial"], "reference": {"resource": "items", "fields": ["serial"]}}
        ]
    return {
        "name": name,
        "title": _TITLES[name],
        "path": files[name],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }


def descriptor(x: Extraction, tables: list[str], files: dict[str, str]) -> dict:
    stem = x.source.stem.lower().replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": stem,
        "title": f"{x.title or '町田市地域ホッとプラン 取組の進捗状況'} {x.fiscal_year}年度",
        "description": f"Extracted by hotplan from {x.source.name}. "
        f"Parquet copies with typed columns sit beside the CSVs.",
        "resources": [resource(name, files) for name in tables],
    }
