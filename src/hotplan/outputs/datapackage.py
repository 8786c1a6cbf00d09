"""datapackage.json: a Frictionless Data Package describing every file written — the CSVs
and the typed Parquet copies — with each column's type, Japanese title and description.
List columns are Table Schema `list` fields (`;` in CSV); the rating allows exactly the
document's legend symbols."""

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
PARQUET_TABLES = ("items", "departments")


def field(col: c.Column, enums: dict[str, list[str]] | None = None) -> dict:
    out: dict = {
        "name": col.name,
        "type": c.FRICTIONLESS_TYPE[col.kind],
        "title": col.title,
        "description": col.description,
    }
    if col.kind == "list":
        out["delimiter"] = c.LIST_SEPARATOR
        out["itemType"] = "string"
    constraints: dict = {}
    if not col.nullable:
        constraints["required"] = True
    if enums and col.name in enums:
        constraints["enum"] = enums[col.name]
    if constraints:
        out["constraints"] = constraints
    return out


def _schema(name: str, enums: dict[str, list[str]]) -> dict:
    schema: dict = {"fields": [field(col, enums) for col in c.ALL_TABLES[name]]}
    if name in _KEYS:
        schema["primaryKey"] = _KEYS[name]
    return schema


def resource(name: str, files: dict[str, str], enums: dict[str, list[str]] | None = None) -> dict:
    schema = _schema(name, enums or {})
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


def parquet_resource(name: str, enums: dict[str, list[str]]) -> dict:
    """The typed copy of a table: same columns, real integers and lists. A list column is
    a Parquet list<string>; frictionless reads it as an array object that no Table Schema
    type accepts, so it is typed `any` there, with its Arrow type beside it."""
    schema = _schema(name, enums)
    for f in schema["fields"]:
        if f["type"] == "list":
            f["type"] = "any"
            f["arrowType"] = "list<string>"
            del f["delimiter"], f["itemType"]
    return {
        "name": f"{name}-parquet",
        "title": f"{_TITLES[name]} — Parquet",
        "path": f"{name}.parquet",
        "profile": "tabular-data-resource",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "schema": schema,
    }


def descriptor(x: Extraction, tables: list[str], files: dict[str, str]) -> dict:
    stem = x.source.stem.lower().replace("_", "-")
    enums = {"rating": list(x.legend)} if x.legend else {}
    resources = [resource(name, files, enums) for name in tables]
    resources += [parquet_resource(name, enums) for name in PARQUET_TABLES if name in tables]
    return {
        "profile": "tabular-data-package",
        "name": stem,
        "title": f"{x.title or '町田市地域ホッとプラン 取組の進捗状況'} {x.fiscal_year}年度",
        "description": f"Extracted by hotplan from {x.source.name}: CSV for Excel and "
        "typed Parquet copies of items and departments.",
        "resources": resources,
    }
