"""Synthetic reports: render measure records as a text dump, with page breaks where we choose.

Used to prove the parser depends on the document's structure, not on where the 2024 file
happens to break its pages: the real 2024 measures re-rendered with other page breaks, and
random documents, must parse back to the same records.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from hotplan import vocabulary as v

TITLE = "町田市地域ホッとプラン 取組の進捗状況について"
LEGEND = ("○:実施", "△:未実施・", "進捗遅れ")
RECORD_KEYS = (
    "goal",
    "goal_title",
    "policy",
    "policy_title",
    "section",
    "section_title",
    "subsection",
    "subsection_title",
    "serial",
    "measure_no",
    "departments",
    "page_ref",
    "direction_raw",
    "rating",
)


@dataclass(frozen=True)
class Style:
    """Printing choices that vary between documents and must not matter."""

    latin_goal: bool = False  # `基本目標 I` instead of `基本目標Ⅰ`
    indent_policy: str = ""  # some page tops indent 基本施策
    space_after_number: bool = False  # `(1) title`, `① title`
    header_year_space: bool = False  # `2024年度 進捗評価`
    page_ref_space: bool = False  # `課 (P.57)`


def header(year: int, style: Style) -> str:
    sep = " " if style.header_year_space else ""
    return f"通番\t取組施策 No.\t担当課 / 掲載P\t取組の方向性\t{year}年度{sep}進捗評価"


def goal_line(goal: int, title: str, style: Style) -> str:
    number = "I" * goal if style.latin_goal and goal <= 3 else v.int_to_roman(goal)
    return f"基本目標 {number} {title}" if style.latin_goal else f"基本目標{number} {title}"


def row_line(r: dict, style: Style) -> str:
    ref = f"{' ' if style.page_ref_space else ''}(P.{r['page_ref']})"
    cell = " ".join(r["departments"]) + ref
    return f"{r['serial']}\t{r['measure_no']}\t{cell}\t{r['direction_raw']}\t{r['rating']}"


def render_text(
    records: list[dict], year: int, page_breaks: set[int], style: Style = Style()
) -> str:
    """A text dump of records; a page break before serial s repeats the goal/policy headings."""
    gap = " " if style.space_after_number else ""
    lines = [TITLE, "", "資料5-2", "参考資料①", ""]
    current: dict[str, tuple] = {}
    legend_done = False
    for r in records:
        keys = {
            "goal": (r["goal"], r["goal_title"]),
            "policy": (r["goal"], r["policy"], r["policy_title"]),
            "section": (r["goal"], r["policy"], r["section"], r["section_title"]),
            "sub": (r["goal"], r["policy"], r["section"], r["subsection"], r["subsection_title"]),
        }
        opened = [k for k in keys if current.get(k) != keys[k]]
        if r["serial"] in page_breaks or "goal" in opened or "policy" in opened:
            lines += ["", goal_line(r["goal"], r["goal_title"], style)]
            lines += [f"{style.indent_policy}基本施策{r['policy']} {r['policy_title']}", ""]
        if "section" in opened:
            lines += [f"({r['section']}){gap}{r['section_title']}", ""]
        if not legend_done:
            lines += [*LEGEND, ""]
            legend_done = True
        if ("sub" in opened or "section" in opened) and r["subsection"] is not None:
            lines += [f"{v.int_to_circled(r['subsection'])}{gap}{r['subsection_title']}", ""]
        if opened or r["serial"] in page_breaks:
            lines.append(header(year, style))
        lines.append(row_line(r, style))
        current = keys
    return "\n".join(lines) + "\n"


# -- random documents -------------------------------------------------------------------

_KANJI = st.sampled_from(list("地域福祉支援活動推進充実相談体制市民協働課生活安全子育て高齢障がい"))
_TEXT_CHARS = st.sampled_from(
    [*"地域の福祉を支援し、活動を推進します。相談体制の充実を図る。", "NPO", "SNS"]
)
_title = st.lists(_KANJI, min_size=4, max_size=14).map("".join)
_direction = st.lists(_TEXT_CHARS, min_size=10, max_size=60).map("".join)
_department = st.lists(_KANJI, min_size=2, max_size=6).map(lambda cs: "".join(cs) + "課")


@st.composite
def documents(draw) -> tuple[list[dict], set[int], Style]:
    """Random structure (goals > policies > sections > optional subsections > rows)."""
    records: list[dict] = []
    page = 10
    for goal in range(1, draw(st.integers(1, 3)) + 1):
        goal_title = draw(_title)
        for policy in range(1, draw(st.integers(1, 3)) + 1):
            policy_title = draw(_title)
            for section in range(1, draw(st.integers(1, 3)) + 1):
                section_title = draw(_title)
                subs = draw(st.integers(0, 3))
                for sub in range(1, subs + 1) if subs else [None]:
                    sub_title = draw(_title) if sub else None
                    for measure in range(1, draw(st.integers(1, 4)) + 1):
                        page += draw(st.integers(0, 1))
                        records.append(
                            {
                                "goal": goal,
                                "goal_title": goal_title,
                                "policy": policy,
                                "policy_title": policy_title,
                                "section": section,
                                "section_title": section_title,
                                "subsection": sub,
                                "subsection_title": sub_title,
                                "serial": len(records) + 1,
                                "measure_no": measure,
                                "departments": draw(
                                    st.lists(_department, min_size=1, max_size=8, unique=True)
                                ),
                                "page_ref": page,
                                "direction_raw": draw(_direction),
                                "rating": draw(st.sampled_from("○○○△")),
                            }
                        )
    serials = [r["serial"] for r in records]
    breaks = draw(st.sets(st.sampled_from(serials))) if serials else set()
    return records, breaks, draw(styles())


@st.composite
def styles(draw) -> Style:
    return Style(
        latin_goal=draw(st.booleans()),
        indent_policy=draw(st.sampled_from(["", " ", "\u3000"])),
        space_after_number=draw(st.booleans()),
        header_year_space=draw(st.booleans()),
        page_ref_space=draw(st.booleans()),
    )
