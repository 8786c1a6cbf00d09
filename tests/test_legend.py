"""The rating legend however it is printed: one entry per line (wrapped or not), all
entries on one line, after a 凡例 label."""

from __future__ import annotations

import pytest

from conftest import read_lines

LEGEND_LINES = ["○:実施", "△:未実施・", "進捗遅れ"]
EXPECTED = {"○": "実施", "△": "未実施・進捗遅れ"}


def with_legend(printed: list[str]) -> list[str]:
    lines = read_lines()
    start = lines.index(LEGEND_LINES[0])
    assert lines[start : start + 3] == LEGEND_LINES
    return lines[:start] + printed + lines[start + 3 :]


@pytest.mark.parametrize(
    "printed",
    [
        ["○:実施 △:未実施・進捗遅れ"],
        ["○：実施　△：未実施・進捗遅れ"],
        ["凡例 ○:実施 △:未実施・進捗遅れ"],
        ["【凡例】", "○:実施", "△:未実施・進捗遅れ"],
        ["凡例", "○:実施", "△:未実施・", "進捗遅れ"],
    ],
    ids=["one line", "full-width colons", "凡例 prefix", "【凡例】 above", "凡例 wrapped"],
)
def test_legend_printed_any_way(extract_lines, printed):
    x = extract_lines(with_legend(printed))
    assert x.legend == EXPECTED
    assert x.ok
    assert set(x.items["rating_label"]) == {"実施", "未実施・進捗遅れ"}
    assert not [f for f in x.finding_list if f.check == "input.unparsed_line"]


def test_a_sentence_with_a_colon_is_no_legend(extract_lines):
    x = extract_lines(with_legend([*LEGEND_LINES, "備考:本表は令和6年度末時点"]))
    assert x.legend == EXPECTED
    assert [f.found for f in x.finding_list if f.check == "input.unparsed_line"] == [
        "備考:本表は令和6年度末時点"
    ]
