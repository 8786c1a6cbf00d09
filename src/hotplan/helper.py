"""A second process for one document's work, so that a command keeps both cores busy.

The command line forks it as it starts, before anything heavy is imported. It
1. reads the PDF's pages and lays them out, when the document is a PDF, while the main
   process imports pandas (its layout code needs neither pandas nor pyarrow);
2. loads the typo lint's dictionaries (Sudachi, MeCab with unidic-lite, wordfreq's list,
   the glyph tables), and scores the document's prose (the lint's slowest part) from the
   lines it read, or from the text file, while the main process builds the tables;
3. lints the tables the main process sends it, while that one validates them;
4. writes the workbook (items.xlsx) the main process hands it, while that one writes the
   other files.

Each answer is what the main process would compute itself: the same functions on the same
values. If the helper fails in any way (it raised, it died, it could not be forked), the
main process does that step itself, and meets and reports any problem of the document
there, so the helper only ever changes how long a run takes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hotplan.collector import collector_paused

if TYPE_CHECKING:
    from hotplan.document.parse import SourceLine
    from hotplan.findings import Finding
    from hotplan.outputs.workbook import Sheet
    from hotplan.typos.lint import Lint


@dataclass(frozen=True)
class ReadJob:
    """Which PDF to read, and how: the helper's reading is used only for the same job."""

    path: Path
    password: str | None
    reader: str


class Helper:
    """The forked helper of one document; start it before the heavy imports."""

    def __init__(self, read: ReadJob | None = None, text: Path | None = None) -> None:
        """read: the PDF to read; text: the text file to read the prose of (not a PDF)."""
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None
        self._read = read
        self._reading = read is not None  # its answer to the read job is still to come
        self._meanwhile: list[Callable[[], object]] = []
        self._sending: threading.Thread | None = None
        self._unsent = False  # the lint job could not be handed over
        self._linted = False  # it answered the lint job: a workbook is what it takes next
        if "fork" not in multiprocessing.get_all_start_methods():
            return  # no fork (not Linux or macOS): everything runs in process
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        try:
            process = context.Process(target=_serve, args=(theirs, ours, read, text), daemon=True)
            process.start()
        except OSError:
            return  # no process to spare: everything runs in process
        theirs.close()
        self._conn, self._process = ours, process

    def lines(self, job: ReadJob) -> tuple[list[SourceLine], list[Finding]] | None:
        """The helper's reading of the PDF (layout_lines' lines and findings) if it was
        asked to read this one and could; None: read it in process."""
        if job != self._read or not self._reading:
            return None
        reply = self._receive()
        return reply[1] if reply is not None and reply[0] == "read" else None

    def start(self, job: dict[str, Any], language: str) -> bool:
        """Send lint_typos(**job) to the helper; False when there is no helper to do it."""
        if self._reading:
            self._receive()  # an unused reading first, or both sides could block sending
        if self._conn is None:
            return False
        # Pickled here, while nothing else touches the tables; written by a thread, since a
        # long document's job fills the pipe and the helper takes it only when it has
        # scored the prose: this process validates meanwhile instead of waiting.
        message = ForkingPickler.dumps({**job, "language": language})
        self._sending = threading.Thread(target=self._send, args=(self._conn, message), daemon=True)
        self._sending.start()
        return True

    def _send(self, conn: Connection, message: bytes) -> None:
        try:
            conn.send_bytes(message)
        except OSError:  # the helper died (killed, out of memory) or was let go
            self._unsent = True

    def _sent(self) -> bool:
        """Wait for the lint job to be written; False when it could not be."""
        if self._sending is not None:
            self._sending.join()
            self._sending = None
        return not self._unsent

    def meanwhile(self, work: Callable[[], object]) -> None:
        """Work for the main process while it waits for the lint (loading the writers)."""
        self._meanwhile.append(work)

    def result(self) -> Lint | None:
        """The helper's answer to the lint job started; None when it cannot give one.
        Answered, the helper stays for a workbook to write (write_workbook)."""
        if self._conn is None or self._linted:
            return None
        for work in self._meanwhile:
            work()
        reply = self._receive()
        if reply is None or reply[0] != "lint":
            self.close()
            return None
        self._linted = True
        return reply[1]

    def write_workbook(self, path: Path, sheets: list[Sheet]) -> bool:
        """Have the helper write the workbook (workbook.write_workbook); False when there
        is no helper to take it. workbook_written() tells whether it did."""
        if self._conn is None or not self._linted:
            return False
        try:
            self._conn.send(("workbook", path, sheets))
        except OSError:  # the helper died
            self.close()
            return False
        return True

    def workbook_written(self) -> bool:
        """Wait for the workbook handed over; False when the helper did not write it."""
        reply = self._receive()
        self.close()
        return reply is not None and reply[0] == "wrote"

    def _receive(self) -> tuple[str, Any] | None:
        """The helper's next message; None (and the helper let go) when it is gone."""
        self._reading = False
        if self._conn is None:
            return None
        if not self._sent():
            self.close()
            return None
        try:
            return self._conn.recv()
        except (OSError, EOFError):  # the helper died
            self.close()
            return None

    def close(self) -> None:
        """Let the helper go, answered or not: an unanswered one is stopped (it holds no
        files and writes nothing), so an early error does not wait for it."""
        if self._conn is not None:
            if self._process is not None:
                self._process.terminate()  # first: a write still under way then fails
            self._sent()
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=5)
            self._process = None


def _serve(conn: Connection, main_end: Connection, read: ReadJob | None, text: Path | None) -> None:
    """The helper: read the PDF if asked, load the dictionaries, lint one job, then write
    the workbook if one comes."""
    with contextlib.suppress(OSError, EOFError):  # the main process has gone: stop
        main_end.close()  # the fork's copy: with it open, the main process closing is no EOF
        lines = None
        if read is not None:
            reading = _read(read)
            conn.send(("read", reading))
            lines = reading[0] if reading is not None else None
        elif text is not None:
            lines = _text_lines(text)
        conn.send(_lint(conn, lines))
        _unload()
        conn.send(_workbook(conn))  # EOFError: none comes
    conn.close()


def _text_lines(path: Path) -> list[SourceLine] | None:
    try:
        from hotplan.document.parse import SourceLine
        from hotplan.sources.text import read_text

        source = read_text(path)
    except Exception:  # the main process reads it, and reports the problem
        return None
    return [SourceLine(number=i, text=t) for i, t in enumerate(source.lines, start=1)]


def _warm(lines: list[SourceLine]) -> None:
    """The document's direction texts scored before the lint job comes (prose.warm)."""
    try:
        from hotplan.document.codes import direction_text
        from hotplan.document.parse import parse_lines
        from hotplan.typos.prose import warm

        rows = parse_lines(lines).rows
        warm(text for row in rows if (text := direction_text(row.cells[3])))
    except Exception:  # the lint scores them itself
        return


def _read(job: ReadJob) -> tuple[list[SourceLine], list[Finding]] | None:
    try:
        with collector_paused():
            from hotplan.sources.pdf.layout import layout_lines
            from hotplan.sources.pdf.readers import open_reader
        return layout_lines(open_reader(job.reader)(job.path, job.password))
    except Exception:  # the main process reads again, and reports the problem
        return None


def _lint(conn: Connection, lines: list[SourceLine] | None) -> tuple[str, object]:
    try:
        with collector_paused():
            from hotplan.messages import using
            from hotplan.typos.lint import lint_typos, load_dictionaries

            load_dictionaries()
    except Exception as exc:  # the main process lints itself and meets the same problem
        return ("error", repr(exc))
    if lines:
        _warm(lines)
    job = conn.recv()  # EOFError: closed unused
    try:
        with using(job.pop("language")):
            return ("lint", lint_typos(**job))
    except Exception as exc:
        return ("error", repr(exc))


def _unload() -> None:
    """The lint's dictionaries let go before the workbook is written: the main process's
    memory peaks while it writes, and the two peaks then do not add up."""
    try:
        from hotplan.typos.lint import unload_dictionaries

        unload_dictionaries()
    except Exception:  # memory only: the workbook is written all the same
        return


def _workbook(conn: Connection) -> tuple[str, object]:
    try:
        import xlsxwriter  # noqa: F401  (loaded while the main process prepares the sheets)

        from hotplan.outputs.workbook import write_workbook
    except Exception as exc:  # the main process writes it, and meets the same problem
        conn.recv()
        return ("error", repr(exc))
    _, path, sheets = conn.recv()
    try:
        write_workbook(path, sheets)
    except Exception as exc:
        return ("error", repr(exc))
    return ("wrote", None)
