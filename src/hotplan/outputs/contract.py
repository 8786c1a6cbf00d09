"""Generate schemas/: the data contract people read, from the definitions in code.

`make schemas` writes the files; a test fails when the committed ones are stale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hotplan import columns as c
from hotplan.document.validate import MISSING, RULES, missing_message, rating_rule
from hotplan.findings import Severity
from hotplan.messages import using
from hotplan.outputs.datapackage import field

# Checks made while reading lines and building rows (the schema rules are listed from code).
TYPO_CHECKS: tuple[tuple[str, Severity, str], ...] = (
    (
        "typo.department",
        Severity.WARNING,
        "A 担当課 name not in the department registry but "
        "close to a registry name, or a registry alias/former name; suggestion: the registry name.",
    ),
    ("typo.department_joined", Severity.WARNING, "Two registry names printed with no separator."),
    (
        "typo.department_unknown",
        Severity.WARNING,
        "A 担当課 name near no registry name: add it to the registry if real.",
    ),
    (
        "typo.katakana",
        Severity.WARNING,
        "An unknown katakana word one or two kana edits "
        "(voicing, ー, small kana, look-alike) from a common word, or one other kana "
        "from a word the document prints more often.",
    ),
    (
        "typo.kanji",
        Severity.WARNING,
        "Two isolated kanji that are no word, where a look-alike kanji makes a common one; "
        "々 read as 夕, ク or タ.",
    ),
    ("typo.relisted", Severity.WARNING, "A 再掲 copy and its original differ; the odd side."),
    (
        "typo.heading",
        Severity.WARNING,
        "A heading repeated on many pages, printed differently "
        "from its majority here (a 1–1 tie flags both).",
    ),
    ("typo.latin_numeral", Severity.WARNING, "Latin I/V/X where the document prints Ⅰ Ⅱ Ⅲ."),
    (
        "typo.latin",
        Severity.WARNING,
        "A Latin-letter word printed once, one slip (two letters swapped; from four letters, "
        "one changed, added or lost) from a spelling the document prints more often.",
    ),
    ("typo.numbering", Severity.WARNING, "The same heading number printed for two headings."),
    (
        "typo.bracket",
        Severity.WARNING,
        "A bracket left open, closing nothing, or closed by another kind (「…）).",
    ),
    (
        "typo.prose",
        Severity.WARNING,
        "A kana edit (voicing, look-alike, a kana read at the other size, dropped kana or "
        "こと, verb form), a comma read as a full stop or back, a full stop lost where the "
        "document nearly always prints one, a slip (a character, mark or phrase printed "
        "twice, two kana swapped, a stray kana) or a kanji lost from a compound, that MeCab "
        "reads as clearly more natural, or that the document's own phrasing supports.",
    ),
    (
        "typo.detached",
        Severity.WARNING,
        "A character read as two: a voicing mark apart from its kana (か゛), a kanji as its "
        "radical and the rest (氵舌).",
    ),
    (
        "typo.form",
        Severity.WARNING,
        "A character in another form than the document's: half-width katakana, a dash for "
        "ー in katakana, a stop, bracket or middle dot, or a digit/letter width the document "
        "does not use.",
    ),
    (
        "typo.homophone",
        Severity.WARNING,
        "A word printed once where the document prints a word of the same reading at least "
        "twice, once between the same two characters (an input method's wrong conversion).",
    ),
    (
        "typo.twin",
        Severity.WARNING,
        "A character printed in the wrong one of two scripts that draw it alike (一 for ー in "
        "katakana, カ for 力 among kanji, ヘ for へ), where its twin makes a word.",
    ),
    (
        "typo.no_registry",
        Severity.INFO,
        "Run without a department registry (--registry none): names were not checked.",
    ),
    (
        "correction.applied",
        Severity.INFO,
        "A reviewed correction was applied; *_raw keeps the print.",
    ),
    (
        "correction.stale",
        Severity.WARNING,
        "A reviewed correction's `found` no longer stands there: not applied.",
    ),
    (
        "correction.acknowledged",
        Severity.INFO,
        "An accepted suspect about numbers, symbols or codes: noted, never changed.",
    ),
)

LINE_CHECKS: tuple[tuple[str, Severity, str], ...] = (
    (
        "input.unparsed_line",
        Severity.WARNING,
        "A non-blank line is no title, legend, heading, header or row: its text is in no output.",
    ),
    ("legend.missing", Severity.ERROR, "No rating legend (○:実施 …): allowed ratings unknown."),
    ("legend.conflict", Severity.WARNING, "A legend symbol is defined twice with two labels."),
    ("header.missing", Severity.ERROR, "No table header row: fiscal year unknown."),
    ("header.year_missing", Severity.ERROR, "A header row names no fiscal year."),
    ("header.year_mismatch", Severity.ERROR, "Header rows name different fiscal years."),
    (
        "heading.numbering",
        Severity.WARNING,
        "A heading number is out of sequence "
        "(goals Ⅰ, Ⅱ …; policies, sections (N) and subsections ① from 1 in their parent).",
    ),
    (
        "heading.title_variant",
        Severity.WARNING,
        "A repeated heading is printed with another title.",
    ),
    ("row.serial_invalid", Severity.ERROR, "A table row has no number in its 通番 cell."),
    ("row.missing_cells", Severity.ERROR, "A table row has fewer than 5 cells (cut or merged)."),
    ("row.extra_cells", Severity.ERROR, "A table row has more than 5 cells."),
    ("measure_no.invalid", Severity.ERROR, "取組施策No. is not a number."),
    ("page_ref.multiple", Severity.WARNING, "The 担当課 cell names several plan pages."),
    (
        "rating.lookalike",
        Severity.WARNING,
        "The rating is a look-alike of a legend symbol "
        "(〇 U+3007, ◯ U+25EF for ○); read as the legend's symbol.",
    ),
    (
        "pdf.kangxi_radical",
        Severity.INFO,
        "PDF: Kangxi-radical code points (⽣ U+2F63) were read as the ordinary kanji (生).",
    ),
    (
        "catalog.missing",
        Severity.WARNING,
        "A measure of the plan catalog (src/hotplan/data/plan_catalog.csv, built from the 2024 "
        "report) is not in this report: dropped this year, or the table was cut.",
    ),
    (
        "catalog.unknown",
        Severity.INFO,
        "A measure (code and 取組施策No.) that the plan catalog does not hold: new this year?",
    ),
    (
        "catalog.page_changed",
        Severity.WARNING,
        "A measure's 掲載P differs from the plan catalog's.",
    ),
    (
        "catalog.title_changed",
        Severity.WARNING,
        "A subsection title printed otherwise than the plan catalog's: a misprint, or OCR's "
        "misreading of a heading (one finding per code and page).",
    ),
    (
        "pdf.jis_variant",
        Severity.INFO,
        "PDF: full-width characters read back through the JIS table (〜 U+301C, − U+2212) "
        "were read as the Windows forms office software writes (～ U+FF5E, － U+FF0D).",
    ),
    (
        "pdf.header_unreadable",
        Severity.WARNING,
        "PDF: a 通番 header row whose five column labels could not all be found; the rows "
        "below it were read with the previous table's columns.",
    ),
    ("relisted.unresolved", Severity.WARNING, "A 【再掲…】 code has no measure with similar text."),
    (
        "relisted.text_differs",
        Severity.WARNING,
        "A 【再掲…】 row's text differs from its original.",
    ),
)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def table_markdown(name: str, columns: tuple[c.Column, ...]) -> list[str]:
    lines = [
        f"## `{name}`",
        "",
        "| column | 日本語 | type | required | description |",
        "|---|---|---|---|---|",
    ]
    for col in columns:
        kind = {"int": "integer", "float": "number", "str": "string", "list": "list of strings"}[
            col.kind
        ]
        required = "" if col.nullable else "yes"
        lines.append(
            f"| `{col.name}` | {col.title} | {kind} | {required} | {_escape(col.description)} |"
        )
    return [*lines, ""]


def checks_markdown() -> list[str]:
    rows = [(rule.id, rule.severity, rule.description) for rule in (*RULES, rating_rule({}))]
    with using("en"):
        messages = {column: missing_message(column) for column in MISSING}
    rows += [
        (f"{column}.missing", Severity.ERROR, message[0].upper() + message[1:] + ".")
        for column, message in messages.items()
    ]
    rows += list(LINE_CHECKS) + list(TYPO_CHECKS)
    lines = [
        "## Checks",
        "",
        "Errors make a document invalid (exit 1, no data files); warnings are reported and "
        "become errors under `--strict`.",
        "",
        "| check | severity | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{cid}` | {sev} | {_escape(text)} |" for cid, sev, text in sorted(rows)]
    return [*lines, ""]


def documented_checks() -> set[str]:
    ids = {rule.id for rule in (*RULES, rating_rule({}))}
    ids |= {f"{column}.missing" for column in MISSING}
    return ids | {cid for cid, _, _ in (*LINE_CHECKS, *TYPO_CHECKS)}


def render_contract() -> dict[str, str]:
    """File name → content for every file in schemas/ that is generated."""
    md = [
        "# hotplan data contract",
        "",
        "Generated from `src/hotplan/columns.py` and `src/hotplan/validate.py` by "
        "`make schemas`; do not edit by hand.",
        "Each extracted report gets `output/<stem>/` with `items`, `departments` "
        "(CSV + Parquet), `findings.csv`, `report.md`, `report.html`, `items.xlsx`, "
        "`datapackage.json`, and `changes.csv` when an earlier year is in "
        "`output/history.parquet` / `.csv` (all years stacked).",
        "CSV: UTF-8 with BOM by default, lists joined with `;`, empty cell = null.",
        "",
    ]
    for name, columns in c.ALL_TABLES.items():
        md += table_markdown(name, columns)
    md += checks_markdown()
    files = {"CONTRACT.md": "\n".join(md)}
    for name, columns in c.ALL_TABLES.items():
        schema = {"fields": [field(col) for col in columns]}
        files[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    return files


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in render_contract().items():
        (out / name).write_text(content, encoding="utf-8")
        print(f"wrote {out / name}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "schemas")
