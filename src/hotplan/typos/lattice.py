"""The grammar signal of the prose lint: MeCab's cost of the best reading of a text, so
that two versions of a passage can be compared (the lower, the more natural)."""

from __future__ import annotations

from functools import cache, lru_cache

# Characters parsed on each side of an edit: MeCab's choice at a place depends on a few
# words around it; 5 finds what 10 did (make eval-typos) in half the characters parsed.
WINDOW = 5


class Grammar:
    """MeCab with unidic-lite: the cost of the best reading of a piece of text."""

    def __init__(self) -> None:
        import MeCab  # a large dictionary: loaded only when prose is linted

        self.tagger = MeCab.Tagger()
        # One lattice, cleared for each text: allocating one per parse took four fifths
        # of the parse's time.
        self.lattice = MeCab.Lattice()
        self.cost = lru_cache(maxsize=200_000)(self._cost)

    def _cost(self, text: str) -> int:
        lattice = self.lattice
        lattice.clear()
        lattice.set_sentence(text)
        self.tagger.parse(lattice)
        return lattice.eos_node().cost


@cache
def grammar() -> Grammar:
    return Grammar()


def reads_worse(a: str, a_start: int, a_end: int, b: str, b_start: int, b_end: int) -> int:
    """How much less natural a reads than b around two versions of one passage (a[a_start:
    a_end] printed where b has b[b_start:b_end]): MeCab's cost of a's window minus b's."""
    cost = grammar().cost
    window_a = a[max(0, a_start - WINDOW) : a_end + WINDOW]
    window_b = b[max(0, b_start - WINDOW) : b_end + WINDOW]
    return cost(window_a) - cost(window_b)
