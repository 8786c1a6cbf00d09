"""The message catalog: every key in both languages with the same placeholders, every key
the code names present, and every code a person sees (check, severity, change, status)
labelled."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hotplan.document.parse import Level
from hotplan.document.validate import MISSING
from hotplan.findings import Severity
from hotplan.messages import LANGUAGES, catalog, label, placeholders, t, using
from hotplan.outputs.contract import documented_checks
from hotplan.typos.lookalikes import kana_edits
from hotplan.typos.prose import THRESHOLDS
from hotplan.typos.review import STATUSES
from hotplan.years.diff import CHANGE_ORDER

SRC = Path(__file__).resolve().parents[1] / "src" / "hotplan"
KEY_RE = re.compile(
    r"""\bt\(\s*"([a-z_.]+)"|"((?:msg|input|cli|report|where|sheet)\.[a-z_]+\.?[a-z_]*)"\s*(?:if|else|\))"""
)


def test_every_key_has_both_languages_with_the_same_placeholders():
    for key, entry in catalog().items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert placeholders(entry["ja"]) == placeholders(entry["en"]), key


def test_every_literal_key_in_the_code_is_in_the_catalog():
    keys = set()
    for path in SRC.rglob("*.py"):
        for m in KEY_RE.finditer(path.read_text(encoding="utf-8")):
            key = m.group(1) or m.group(2)
            if not key.endswith((".html", ".md", ".csv")):  # file names, not keys
                keys.add(key)
    assert len(keys) > 100
    missing = sorted(k for k in keys if k not in catalog())
    assert not missing


@pytest.mark.parametrize(
    ("prefix", "codes"),
    [
        ("check", sorted(documented_checks())),
        ("severity", [str(s) for s in Severity]),
        ("change", list(CHANGE_ORDER)),
        ("status", list(STATUSES)),
        ("level", [level.value for level in Level]),
        ("edit", sorted({kind for _, kind in kana_edits("ガッコーウ")} | set(THRESHOLDS))),
    ],
)
def test_every_code_a_person_sees_has_a_label(prefix, codes):
    assert codes
    assert [c for c in codes if f"{prefix}.{c}" not in catalog()] == []


def test_missing_cell_checks_have_their_own_messages():
    assert all(f"msg.missing.{column}" in catalog() for column in MISSING)


def test_japanese_is_the_default_and_english_is_one_switch_away():
    assert label("severity", "warning") == "警告"
    with using("en"):
        assert label("severity", "warning") == "warning"
        assert t("input.empty") == "is empty"
    assert t("input.empty") == "空のファイルです"
    with pytest.raises(ValueError, match="unknown language"), using("fr"):
        pass


def test_japanese_messages_carry_no_english_sentences():
    """A Japanese template may quote codes, file names and commands, not English prose."""
    english_words = re.compile(r"\b(?:the|is|not|and|of|no|for|with|from)\b")
    offenders = [key for key, entry in catalog().items() if english_words.search(entry["ja"])]
    assert offenders == []
