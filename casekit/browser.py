"""One headless Chromium kept open and reused for many pages: the batch's PDF printer.

Starting Chromium costs about a second a page when each PDF starts its own browser (issue 15's
profile: 84% of a case with PDF). :class:`Browser` starts Debian's Chromium once, with
``--remote-debugging-pipe``, and speaks the DevTools protocol over the two pipes Chromium reads
and writes on its file descriptors 3 and 4 (JSON messages ended by a NUL byte; nothing listens
on a port, nothing is downloaded). Pages are printed one after another in one tab, navigated
from page to page (its renderer keeps the compiled scripts), with ``Page.printToPDF``; the
browser stays for the next. The flags are those of
:func:`casekit.render.to_pdf`'s one-shot Chromium (headless, no sandbox, no GPU, no background
networking).

Example::

    with Browser() as browser:
        for html in ("out/a.html", "out/b.html"):
            Path(html).with_suffix(".pdf").write_bytes(browser.pdf(html))
"""

from __future__ import annotations

import atexit
import base64
import fcntl
import json
import os
import select
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Optional

from .errors import RenderError

# Wait for every plotly chart to be drawn (an <svg class="main-svg"> in each graph div), then two
# animation frames, so what is printed is what a reader sees; resolves on its own after the time.
_DRAWN = """new Promise(done => {
  const t0 = Date.now();
  const ready = () => [...document.querySelectorAll('.plotly-graph-div')]
      .every(div => div.querySelector('svg.main-svg'));
  const wait = () => (ready() || Date.now() - t0 > %d)
      ? requestAnimationFrame(() => requestAnimationFrame(() => done(true))) : setTimeout(wait, 20);
  (document.fonts ? document.fonts.ready : Promise.resolve()).then(wait);
})"""


class _TabLost(Exception):
    """The tab being printed went away (its renderer stopped)."""


def _high_fd(fd: int) -> int:
    """``fd`` moved to a number of 10 or more (close-on-exec), so a dup2 onto 3 or 4 never meets
    itself."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """A headless Chromium, started on first use and kept until :meth:`close`.

    ``timeout`` bounds each page (seconds); a page over it raises RenderError and the browser
    is restarted for the next one. Not thread-safe: one per worker process.
    """

    def __init__(self, chromium: Optional[str] = None, timeout: float = 60.0) -> None:
        self.chromium, self.timeout = chromium, timeout
        self._pid: Optional[int] = None
        self._profile: Optional[tempfile.TemporaryDirectory] = None
        self._to = self._from = -1
        self._buffer, self._next_id, self._events = b"", 0, []
        self._session: Optional[str] = None  # the one tab pages are printed in
        self.pages = 0  # pages printed by the current browser process
        self.starts = 0  # browser processes started

    # --- life cycle -------------------------------------------------------------------------
    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        from .render import CHROMIUM_FLAGS, chromium_exe

        exe = chromium_exe(self.chromium)
        self._profile = tempfile.TemporaryDirectory(prefix="casekit-chromium-")
        to_read, to_write = map(_high_fd, os.pipe())  # Chromium reads commands on its fd 3
        from_read, from_write = map(_high_fd, os.pipe())  # and writes replies on its fd 4
        argv = [exe, *CHROMIUM_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self._profile.name}"]
        null = os.open(os.devnull, os.O_RDWR)
        try:
            self._pid = os.posix_spawn(exe, argv, dict(os.environ), setsid=True, file_actions=[
                (os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2),
                (os.POSIX_SPAWN_DUP2, to_read, 3), (os.POSIX_SPAWN_DUP2, from_write, 4)])
        finally:
            for fd in (null, to_read, from_write):
                os.close(fd)
        self._to, self._from, self._buffer, self.pages, self._session = to_write, from_read, b"", 0, None
        self.starts += 1
        self._call("Target.setDiscoverTargets", {"discover": False})  # answers once it is up

    def close(self) -> None:
        """Stop the browser (its whole process group) and remove its profile."""
        for fd in (self._to, self._from):
            if fd >= 0:
                os.close(fd)
        self._to = self._from = -1
        self._session = None
        if self._pid is not None:
            try:
                os.killpg(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = None
        if self._profile is not None:
            self._profile.cleanup()
            self._profile = None

    # --- protocol ---------------------------------------------------------------------------
    def _send(self, method: str, params: dict, session: Optional[str]) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to, data):]
        return self._next_id

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from], [], [], left)[0]:
                raise TimeoutError
            chunk = os.read(self._from, 1 << 20)
            if not chunk:
                raise RenderError("Chromium closed its DevTools pipe (it crashed or was killed)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def _call(self, method: str, params: Optional[dict] = None, session: Optional[str] = None,
              deadline: Optional[float] = None) -> dict:
        """Send one command and wait for its answer (events met on the way are kept for
        :meth:`_wait_for_load`)."""
        wanted = self._send(method, params or {}, session)
        deadline = deadline or time.monotonic() + self.timeout
        while True:
            message = self._receive(deadline)
            if message.get("method") == "Page.loadEventFired":
                self._events.append(message.get("sessionId"))
            if message.get("method") == "Target.detachedFromTarget" and session and \
                    message.get("params", {}).get("sessionId") == session:
                raise _TabLost
            if message.get("id") == wanted:
                if "error" in message and session and "not found" in message["error"].get("message", ""):
                    raise _TabLost
                if "error" in message:
                    raise RenderError(f"Chromium refused {method}: {message['error'].get('message')}")
                return message.get("result", {})

    # --- pages ------------------------------------------------------------------------------
    def pdf(self, html_path: str | os.PathLike[str]) -> bytes:
        """The PDF of a local HTML file, printed once its charts are drawn.

        A tab whose renderer goes away before printing (seen with Chromium 156 on the first tab
        after start) is opened again, once."""
        path = Path(html_path).resolve()
        if not path.is_file():
            raise RenderError(f"{path}: file not found")
        deadline = time.monotonic() + self.timeout
        try:
            for attempt in (1, 2):
                if self._pid is None:
                    self._start()
                try:
                    data = self._print(path, deadline)
                    break
                except _TabLost:
                    if attempt == 2:
                        raise RenderError(f"{path.name}: Chromium's page renderer stopped twice") from None
        except TimeoutError:
            self.close()  # a page that hangs takes its browser with it; the next page starts anew
            raise RenderError(f"{path.name}: Chromium took longer than {self.timeout:g} s") from None
        self.pages += 1
        return data

    def _print(self, path: Path, deadline: float) -> bytes:
        """Print ``path`` in the browser's one tab, opened on first use and navigated from page to
        page: its renderer keeps the compiled plotly.js of the pages before (measured: a report's
        load from about 2 s in a new tab to 0.6 s in the same one, under load)."""
        if self._session is None:
            target = self._call("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
            session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 deadline=deadline)["sessionId"]
            self._call("Page.enable", session=session, deadline=deadline)
            self._session = session
        session = self._session
        try:
            self._call("Page.navigate", {"url": path.as_uri()}, session, deadline)
            self._wait_for_load(session, deadline)
            budget_ms = int(max(0.0, deadline - time.monotonic()) * 500)
            self._call("Runtime.evaluate", {"expression": _DRAWN % budget_ms, "awaitPromise": True},
                       session, deadline)
            printed = self._call("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": False,
                                                     "displayHeaderFooter": False}, session, deadline)
            return base64.b64decode(printed["data"])
        except _TabLost:
            self._session = None  # its renderer went away: the next attempt opens a new tab
            raise

    def _wait_for_load(self, session: str, deadline: float) -> None:
        if session in self._events:
            self._events.remove(session)
            return
        while True:
            message = self._receive(deadline)
            if message.get("method") == "Page.loadEventFired" and message.get("sessionId") == session:
                return
            if message.get("method") == "Target.detachedFromTarget" and \
                    message.get("params", {}).get("sessionId") == session:
                raise _TabLost


# --- browsers kept by batch workers ---------------------------------------------------------------
# One per worker thread, keyed by process too (a forked child never writes to its parent's pipes);
# only in processes that asked for them (:func:`keep`): a single `casekit report` prints with a
# one-shot Chromium, which leaves nothing running behind it.
_KEPT: dict[tuple[int, int], Browser] = {}
_KEEPING: set[int] = set()
_LOCK = threading.Lock()


def keep() -> None:
    """From now on, :func:`kept` gives this process a browser kept open between PDFs; closed by
    :func:`close_kept` (batch workers call it when they exit) or at interpreter exit.
    ``CASEKIT_PDF_BROWSER=one-shot`` in the environment keeps none (one Chromium per PDF, as
    before; ``bench/batch.py --pdf`` compares the two)."""
    if os.environ.get("CASEKIT_PDF_BROWSER") == "one-shot":
        return
    pid = os.getpid()
    with _LOCK:
        if pid not in _KEEPING:
            _KEEPING.add(pid)
            atexit.register(close_kept)


def kept() -> Optional[Browser]:
    """This worker thread's kept browser, started on first use; None where :func:`keep` was not
    called."""
    pid = os.getpid()
    if pid not in _KEEPING:
        return None
    key = (pid, threading.get_ident())
    with _LOCK:
        return _KEPT.setdefault(key, Browser())


def close_kept() -> int:
    """Close the browsers this process kept; returns how many."""
    pid = os.getpid()
    with _LOCK:
        mine = [_KEPT.pop(key) for key in list(_KEPT) if key[0] == pid]
    for b in mine:
        b.close()
    return len(mine)
