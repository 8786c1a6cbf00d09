"""The numbering of headings so far, in document order: which number a heading's place
gives it where OCR misread its numeral (headings.py reads the numerals)."""

from __future__ import annotations

from collections.abc import Mapping

from hotplan.document.codes import format_code
from hotplan.sources.ocr.titles import SAME_TITLE, title_key

LEAP = 2  # a read number at most this far past the last one is taken as printed


def _plausible(read: int | None, last: int, clean: bool = False, leap: int = LEAP) -> int:
    """The read number if it can follow last (one skipped heading lost to OCR is allowed;
    a cleanly read number may repeat the last, as a document's own mistake does, which
    the document checks then report, or start again at 1), else the next one."""
    if read is not None and (last < read or (clean and read == last)) and read <= last + leap:
        return read
    if clean and read == 1:  # numbering starts again: a heading above it went unread
        return 1
    return last + 1


class Numbers:
    """The numbering so far: titles seen per level, the last number of each level."""

    def __init__(
        self,
        goal_titles: frozenset[str] = frozenset(),
        planned: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        self.goal_titles = goal_titles  # every goal title the document's lines read as
        # the plan's subsection numbers by title, per section code (catalog.py)
        self.planned = {
            section: {title_key(title): n for title, n in titles.items()}
            for section, titles in (planned or {}).items()
        }
        self.policy_titles: frozenset[str] = frozenset()  # … and policy title
        self.goals: dict[str, int] = {}
        self.policies: dict[str, int] = {}  # of the current goal
        self.sections: dict[str, int] = {}  # of the current policy
        self.goal = self.policy = self.section = 0
        # subsection_printed: the last ① as printed, read cleanly: a document that prints
        # ② twice in a row (the 2024 report does) keeps it where a doubtful reading
        # between was numbered on.
        self._new_section()
        self.section_open = False  # a (1) heading has been read: tables sit under ① …
        self.under_subsection = False  # a ① heading read since the last table header
        # Since the last section heading, a numbering started again with no heading over it
        # (① after ③, 取組施策No. 1 after 4, rows under a policy before any section): the
        # sign of a heading OCR lost.
        self.unheaded = False

    def _new_section(self) -> None:
        """No ① heading read yet under the heading just read."""
        self.subsection, self.subsection_title, self.subsection_printed = 0, "", 0
        self._measure: int | None = None  # the last row's 取組施策No. under its heading

    @staticmethod
    def _known(titles: dict[str, int], title: str) -> int | None:
        from rapidfuzz import fuzz, process

        found = process.extractOne(title_key(title), list(titles), scorer=fuzz.ratio)
        return titles[found[0]] if found and found[1] >= SAME_TITLE else None

    def goal_of(self, read: int | None, title: str, clean: bool) -> int:
        """A numeral read as strokes (Ⅰ as `1!`, `||`) may count one stroke too many: it
        skips a goal only when read as the numeral itself."""
        leap = LEAP if clean else 1
        number = self._known(self.goals, title) or _plausible(read, self.goal, leap=leap)
        if number != self.goal:
            self.policy, self.policies, self.unheaded = 0, {}, False
            self.section, self.section_open, self.sections = 0, False, {}
            self._new_section()
        self.goal = number
        self.goals.setdefault(title_key(title), number)
        return number

    def policy_of(self, read: int | None, title: str) -> int:
        number = self._known(self.policies, title) or _plausible(read, self.policy)
        if number != self.policy:
            self.section, self.section_open, self.sections, self.unheaded = 0, False, {}, False
            self._new_section()
        self.policy = number
        self.policies.setdefault(title_key(title), number)
        return number

    def section_of(
        self, read: int | None, title: str, clean: bool = False, following: int | None = None
    ) -> int:
        """A section's title read before under this policy keeps its number (a page-top
        repeat, its numeral misread or not). A new title whose number repeats the last is
        the document's own slip, unless the next section read (following) is the one
        after it: then (4) was read as (3), and it is the number between. A new title
        one number past the next, (1) then (3), is the next, (2) read as (3), unless a
        numbering started again since the last section (unheaded: (2) was lost) or the
        next section read follows it."""
        number = self._known(self.sections, title)
        if number is None:
            number = _plausible(read, self.section, clean)
            if number == self.section and following == number + 2:
                number += 1
            elif number == self.section + LEAP and not self.unheaded and following != number + 1:
                number = self.section + 1
            self.unheaded = False
        self.section, self.section_open = number, True
        self.sections.setdefault(title_key(title), number)
        self._new_section()
        self.under_subsection = False
        return number

    def row(self, measure: int | None) -> None:
        """A table row with its 取組施策No. as read: No. 1 after a higher one under the
        same heading, or a row under a policy before any section, is unheaded."""
        if not self.section_open or (measure == 1 and (self._measure or 0) >= 1):
            self.unheaded = True
        self._measure = measure if measure is not None else self._measure

    def planned_subsection(self, title: str, read: int | None) -> int | None:
        """The number the plan gives a subsection of this title in the current section,
        where it overrules the number read: a mark read as none (② as `@`), or as one
        the plan's order does not have where the plan's is the one the order expects:
        the next (② read as ③ or ③ as ②, ⑤ as ⑥), or the last again where the plan
        repeats it, as printed (the 2024 report prints ② three times in a row). A number
        read that the order allows and the plan's is not (the plan's ③ read as ② after
        ①: this year dropped a subsection) stands."""
        if not (self.goal and self.policy and self.section):
            return None
        code = format_code(self.goal, self.policy, self.section, None)
        planned = self._known(self.planned.get(code, {}), title)
        if planned is None or planned == read:
            return None
        repeat = planned == self.subsection == self.subsection_printed
        return planned if read is None or planned == self.subsection + 1 or repeat else None

    def subsection_of(self, read: int | None, title: str, clean: bool = False) -> int:
        if title_key(title) == self.subsection_title:
            return self.subsection
        number = _plausible(read, self.subsection, clean)
        if number == 1 and self.subsection >= 1:  # ① again with no section heading between
            self.unheaded = True
        self._measure = None
        if clean and read is not None:
            if read == self.subsection_printed and number == self.subsection + 1:
                number = read  # the document repeats its last numeral, as printed
            self.subsection_printed = read
        self.subsection, self.subsection_title = number, title_key(title)
        self.under_subsection = True
        return number
