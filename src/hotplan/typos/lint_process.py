"""The typo lint in a second process, so that a command's one document keeps two cores busy.

The lint's dictionaries (Sudachi, MeCab with unidic-lite, wordfreq's list, the glyph tables)
take about as long to load as pandas and pandera take to import, and linting takes longer
than validating. A `LintProcess` is forked when the command starts, before anything heavy is
imported: it loads the dictionaries while the main process imports its libraries and reads
the document, then lints the tables it is sent while the main process validates them.

The result is the one the main process would compute itself: the same function on the same
values. If the helper fails in any way (it died, it raised, it could not be forked), the
main process lints in process, so the helper only ever changes how long a run takes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hotplan.typos.lint import Lint


class LintProcess:
    """A forked helper that lints one document; start it before the heavy imports."""

    def __init__(self) -> None:
        self._conn: Connection | None = None
        self._meanwhile: list[Callable[[], object]] = []
        self._process: multiprocessing.process.BaseProcess | None = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return  # no fork (not Linux or macOS): the lint runs in process
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        try:
            process = context.Process(target=_serve, args=(theirs, ours), daemon=True)
            process.start()
        except OSError:
            return  # no process to spare: the lint runs in process
        theirs.close()
        self._conn, self._process = ours, process

    def start(self, job: dict[str, Any], language: str) -> bool:
        """Send lint_typos(**job) to the helper; False when there is no helper to do it."""
        if self._conn is None:
            return False
        try:
            self._conn.send({**job, "language": language})
        except OSError:  # the helper died (killed, out of memory)
            self.close()
            return False
        return True

    def meanwhile(self, work: Callable[[], object]) -> None:
        """Work for the main process while it waits for the answer (loading the writers)."""
        self._meanwhile.append(work)

    def result(self) -> Lint | None:
        """The helper's answer to the job started; None when it cannot give one."""
        if self._conn is None:
            return None
        for work in self._meanwhile:
            work()
        try:
            status, result = self._conn.recv()
        except (OSError, EOFError):  # the helper died while linting
            status, result = "failed", None
        self._conn.close()
        self._conn = None
        self.close()
        return result if status == "ok" else None

    def close(self) -> None:
        """Let the helper go, answered or not: an unanswered one is stopped (it holds no
        files and writes nothing), so an early error does not wait for it."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
            if self._process is not None:
                self._process.terminate()
        if self._process is not None:
            self._process.join(timeout=5)
            self._process = None


def _serve(conn: Connection, main_end: Connection) -> None:
    """The helper: load the dictionaries, wait for one job, lint it, send the result."""
    main_end.close()  # the fork's copy: with it open, the main process closing is no EOF
    try:
        from hotplan.messages import using
        from hotplan.typos.lint import lint_typos, load_dictionaries

        load_dictionaries()
        job = conn.recv()
        with using(job.pop("language")):
            reply: tuple[str, object] = ("ok", lint_typos(**job))
    except EOFError:
        return  # closed unused
    except Exception as exc:  # the main process lints itself and meets the same problem
        reply = ("error", repr(exc))
    with contextlib.suppress(OSError):  # the main process is gone: nobody to answer
        conn.send(reply)
    conn.close()
