"""Edit a text dump like a new year's document would differ: serials renumbered after edits."""

from __future__ import annotations

from conftest import row_index


def renumber(lines: list[str]) -> list[str]:
    """通番 1..N again in document order, as the city renumbers each year."""
    out, serial = [], 0
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 5 and cells[0].isdecimal():
            serial += 1
            cells[0] = str(serial)
            line = "\t".join(cells)
        out.append(line)
    return out


def edit_cell(lines: list[str], serial: int, cell: int, edit) -> list[str]:
    out = list(lines)
    i = row_index(out, serial)
    cells = out[i].split("\t")
    cells[cell] = edit(cells[cell])
    out[i] = "\t".join(cells)
    return out


def insert_after(lines: list[str], serial: int, measure_no: int, cells: tuple[str, str, str]):
    """A new row after `serial` (the last of its subsection), numbered measure_no."""
    out = list(lines)
    out.insert(row_index(out, serial) + 1, "\t".join(["0", str(measure_no), *cells]))
    return out


def remove(lines: list[str], serial: int) -> list[str]:
    out = list(lines)
    del out[row_index(out, serial)]
    return out
