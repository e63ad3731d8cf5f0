"""Executing a parameterised notebook, in a fresh kernel or in one kept warm for many cases.

The review notebook has a cell tagged ``parameters``; papermill's ``parameterize_notebook``
adds an ``injected-parameters`` cell after it, and nbclient runs the cells in-process (no
``papermill`` subprocess: that costs about 3 s a case, see ``shared/measured.md``).

A kernel kept warm (:class:`WarmKernel`, or ``execute(..., km=...)``) is cleared before each
notebook with IPython's ``reset()`` (what ``%reset -f`` does): every user variable, ``In``/``Out`` and ``_`` go, so one case cannot
see another's data. Imported *modules* stay in ``sys.modules`` on purpose — not re-importing
pandas and plotly is where the time goes — so process-wide settings a notebook changes (for
example ``plotly.io.renderers.default``, pandas options, ``sys.path``) persist: a notebook must
set every global option it relies on rather than assume the default.

Errors never carry cell output or tracebacks, since those may quote patient notes: only the
cell number, its id and the exception's name and value.

Cells that have no id in the notebook file (the injected parameters cell; every cell of a
notebook older than nbformat 4.5) get one from their place, not nbformat's random one, so the
same notebook and parameters give the same file (see ``casekit.render`` on reproducible reports).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casekit._lazy_imports import defer_rfc3987_syntax
from casekit.errors import RenderError

# Before papermill/nbclient import nbformat (and so jsonschema): with JupyterLab installed that
# would build rfc3987-syntax's grammar, ~2 s a report for a check casekit never runs.
defer_rfc3987_syntax()

if TYPE_CHECKING:  # pragma: no cover - typing only; keeps `import casekit` light
    import nbformat
    from jupyter_client import BlockingKernelClient, KernelManager

__all__ = ["WarmKernel", "execute"]

# Longest exception value quoted in a RenderError; the rest is cut so a stray huge value
# (a whole record in a KeyError) does not end up in logs.
_MAX_EVALUE = 300
_INJECTED_TAG = "injected-parameters"


def execute(
    notebook_path: str | os.PathLike[str],
    parameters: dict[str, Any],
    cwd: str | os.PathLike[str] | None = None,
    kernel_name: str = "python3",
    timeout: int = 300,
    km: KernelManager | None = None,
) -> nbformat.NotebookNode:
    """Run ``notebook_path`` with ``parameters`` injected and return the executed notebook.

    ``cwd`` is the kernel's working directory (default: this process's, as with papermill).
    ``timeout`` is per cell, in seconds. With ``km`` (a started
    ``jupyter_client.KernelManager``) the notebook runs on that kernel after its user state is
    cleared, and the kernel is left running for the caller to reuse and shut down; otherwise a
    kernel is started for this run and stopped after it.

    Raises :class:`~casekit.errors.RenderError` naming the failing cell.

    Example::

        nb = execute("review.ipynb", {"case_path": "cases/hip.yaml"})
        nb.cells[2].outputs
    """
    nb = _load(notebook_path, parameters)
    cwd = Path(cwd) if cwd is not None else Path.cwd()
    if km is not None:
        kc = _start_client(km)
        try:
            _reset(kc, cwd, timeout)
            return _run(nb, km, notebook_path, timeout)
        except RenderError as exc:
            # A timed-out cell may still be running on the caller's kernel: stop it so the
            # kernel can take the next notebook.
            if getattr(exc, "kernel_stuck", False) and km.is_alive():
                km.interrupt_kernel()
            raise
        finally:
            kc.stop_channels()
    km = _start_kernel(kernel_name, cwd)
    try:
        _start_client(km).stop_channels()  # returns once the kernel answers
        return _run(nb, km, notebook_path, timeout)
    finally:
        km.shutdown_kernel(now=True)


class WarmKernel:
    """One kernel kept running for many notebooks (the batch workers' path).

    State is cleared before every run (see the module docstring for what that covers). A kernel
    that timed out or died is restarted, so one bad case does not fail the rest of a batch.

    Example::

        with WarmKernel() as kernel:
            for case in cases:
                nb = kernel.run("review.ipynb", {"case_path": case})
    """

    def __init__(self, kernel_name: str = "python3", timeout: int = 300):
        self.kernel_name = kernel_name
        self.timeout = timeout
        self.km: KernelManager | None = None
        self.kc: BlockingKernelClient | None = None

    def __enter__(self) -> WarmKernel:
        self.km = _start_kernel(self.kernel_name, Path.cwd())
        try:
            self.kc = _start_client(self.km)
        except BaseException:
            self.km.shutdown_kernel(now=True)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.kc is not None:
            self.kc.stop_channels()
            self.kc = None
        if self.km is not None:
            self.km.shutdown_kernel(now=True)
            self.km = None

    def run(
        self,
        notebook_path: str | os.PathLike[str],
        parameters: dict[str, Any],
        cwd: str | os.PathLike[str] | None = None,
    ) -> nbformat.NotebookNode:
        """Execute one notebook on the warm kernel; same contract as :func:`execute`."""
        if self.km is None or self.kc is None:
            raise RenderError("WarmKernel.run called outside its `with` block")
        nb = _load(notebook_path, parameters)
        if not self.km.is_alive():  # died between notebooks (out of memory, killed)
            self._restart()
        try:
            _reset(self.kc, Path(cwd) if cwd is not None else Path.cwd(), self.timeout)
            return _run(nb, self.km, notebook_path, self.timeout)
        except RenderError as exc:
            if getattr(exc, "kernel_stuck", False):
                self._restart()
            raise

    def _restart(self) -> None:
        # After a timeout the cell may still be running; after a crash nothing answers.
        # A restart is the one state we can trust.
        assert self.km is not None and self.kc is not None
        self.kc.stop_channels()
        self.km.restart_kernel(now=True)
        self.kc = _start_client(self.km)


def _load(notebook_path: str | os.PathLike[str], parameters: dict[str, Any]) -> nbformat.NotebookNode:
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    path = Path(notebook_path)
    if not path.is_file():
        raise RenderError(f"{path}: notebook not found")
    nb = load_notebook_node(str(path))
    # As papermill does: no parameters, no injected cell (and no warning about a missing one).
    nb = parameterize_notebook(nb, dict(parameters)) if parameters else nb
    return _stable_cell_ids(nb, _file_cell_ids(path))


def _file_cell_ids(path: Path) -> set[str]:
    """The cell ids written in a notebook file (none before nbformat 4.5)."""
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    return {c["id"] for c in cells if isinstance(c, dict) and isinstance(c.get("id"), str)}


def _stable_cell_ids(nb: nbformat.NotebookNode, kept: set[str]) -> nbformat.NotebookNode:
    """Give each cell whose id is not one of ``kept`` an id from its place.

    nbformat draws a random id for every cell it makes or upgrades; papermill's injected cell
    gets one on every run. ``injected-parameters`` for that cell, ``cell-<index>`` for others,
    with a suffix should the notebook already use the name.
    """
    used = {c.get("id") for c in nb.cells if c.get("id") in kept}
    for index, cell in enumerate(nb.cells):
        if cell.get("id") in kept:
            continue
        base = (_INJECTED_TAG if _INJECTED_TAG in cell.metadata.get("tags", [])
                else f"cell-{index}")
        new, n = base, 1
        while new in used:
            n += 1
            new = f"{base}-{n}"
        cell["id"] = new
        used.add(new)
    return nb


def _start_kernel(kernel_name: str, cwd: Path) -> KernelManager:
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    km = KernelManager(kernel_name=kernel_name)
    # "auto" gives CurveZMQ transport encryption when the kernelspec declares it (ipykernel 7
    # does); besides keeping case data off plain TCP it silences the kernel's warning about it.
    try:
        km.transport_encryption = "auto"
    except Exception:  # older jupyter_client, or pyzmq without libsodium: plain TCP
        pass
    try:
        km.start_kernel(cwd=str(cwd), extra_arguments=_kernel_startup_args(km))
    except NoSuchKernel:
        known = ", ".join(sorted(KernelSpecManager().find_kernel_specs())) or "none"
        raise RenderError(f"no Jupyter kernel named {kernel_name!r} (installed: {known})") from None
    return km


def _kernel_startup_args(km: KernelManager) -> list[str]:
    """Kernel arguments that defer rfc3987-syntax in the kernel too (see casekit._lazy_imports).

    A notebook's ``import plotly.io`` imports nbformat and so jsonschema, so this must run
    before the first cell: IPython's ``exec_lines``. The helper runs by path (standard library
    only), so the kernel does not import the ``casekit`` package (and pandas) for it, and
    leaves no names in the user namespace. Only for IPython kernels; restarts reuse the
    arguments.
    """
    helper = Path(__file__).with_name("_lazy_imports.py")
    if not helper.is_file() or not any("ipykernel" in arg for arg in km.kernel_spec.argv):
        return []
    line = (f"__import__('runpy').run_path({str(helper)!r}, run_name='_casekit_lazy_imports')"
            "['defer_rfc3987_syntax']();")
    return [f"--IPKernelApp.exec_lines={line}"]


def _start_client(km: KernelManager) -> BlockingKernelClient:
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
    except RuntimeError as exc:
        kc.stop_channels()
        raise RenderError(f"the {km.kernel_name!r} kernel did not start: {exc}") from None
    return kc


def _reset(kc: BlockingKernelClient, cwd: Path, timeout: int) -> None:
    # Runs silently (no outputs, no history) and leaves no names behind.
    code = (
        # reset() clears what %reset -f clears, without its extra full garbage collection
        "get_ipython().reset(new_session=False)\n"
        f"__import__('os').chdir({str(cwd)!r})\n"
        # once the first case has imported casekit, pandas and plotly, and reset() has collected
        # its garbage, those modules' objects are frozen (gc.freeze): every later reset's
        # collection, and the kernel's own, skips them (issue 15 profile: 95 ms -> 23 ms a reset)
        "_ck = __import__('sys')\n"
        "if getattr(_ck, '_casekit_resets', 0) == 1: __import__('gc').freeze()\n"
        "_ck._casekit_resets = getattr(_ck, '_casekit_resets', 0) + 1\n"
        "del _ck\n"
    )
    try:
        reply = kc.execute_interactive(code, silent=True, store_history=False, timeout=timeout)
    except TimeoutError:
        err = RenderError(f"the kernel did not answer within {timeout} s while being cleared")
        err.kernel_stuck = True
        raise err from None
    content = reply["content"]
    if content.get("status") != "ok":
        raise RenderError(
            f"could not clear the kernel before the next notebook (cwd {cwd}): "
            f"{content.get('ename')}: {content.get('evalue')}"
        )


def _run(
    nb: nbformat.NotebookNode,
    km: KernelManager,
    notebook_path: str | os.PathLike[str],
    timeout: int,
) -> nbformat.NotebookNode:
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    current: dict[str, int] = {}

    def on_cell_execute(cell: Any, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        allow_errors=False,
        record_timing=False,
        on_cell_execute=on_cell_execute,
    )
    # nbclient needs an asynchronous client: with a blocking one its wait for output blocks
    # the event loop, and a cell's timeout never fires. A client set beforehand is used as is
    # and, as the kernel is not nbclient's, left for us to stop.
    client.kc = _async_client(km)
    name = Path(notebook_path).name
    try:
        return client.execute()
    except CellExecutionError as exc:
        raise RenderError(_cell_message(name, nb, current.get("index"), exc.ename, exc.evalue)) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        where = _cell_label(nb, current.get("index"))
        if isinstance(exc, CellTimeoutError):
            err = RenderError(f"{name}: {where} ran longer than {timeout} s (timeout)")
        else:
            err = RenderError(f"{name}: the kernel died while running {where}")
        # Tells a kernel's owner that it is busy or gone and must be interrupted or restarted.
        err.kernel_stuck = True
        raise err from None
    finally:
        client.kc.stop_channels()


def _async_client(km: KernelManager) -> Any:
    """An asyncio client on ``km``'s kernel with a session of its own.

    Not ``km.client()``'s shared session: clients sharing a session share a zmq identity,
    and the kernel then routes replies to only one of them (the blocking client that clears
    state between notebooks would wait forever).
    """
    from jupyter_client.asynchronous import AsyncKernelClient

    kc = AsyncKernelClient(parent=km)
    kc.load_connection_info(km.get_connection_info(session=False))
    kc.allow_stdin = False  # nothing can answer input(): fail fast instead of hanging
    kc.start_channels()
    return kc


def _cell_label(nb: nbformat.NotebookNode, index: int | None) -> str:
    """Name a cell the way its author sees it: 1-based, counting cells of the source notebook."""
    if index is None:
        return "the notebook"
    cell = nb.cells[index]
    if _INJECTED_TAG in cell.metadata.get("tags", []):
        return "the injected parameters cell"
    injected_before = any(
        _INJECTED_TAG in c.metadata.get("tags", []) for c in nb.cells[:index]
    )
    number = index + 1 - int(injected_before)
    cell_id = cell.get("id")
    return f"cell {number} (id {cell_id!r})" if cell_id else f"cell {number}"


def _cell_message(
    name: str, nb: nbformat.NotebookNode, index: int | None, ename: str, evalue: str
) -> str:
    evalue = " ".join(str(evalue).split())
    if len(evalue) > _MAX_EVALUE:
        evalue = evalue[: _MAX_EVALUE - 1] + "…"
    return f"{name}: {_cell_label(nb, index)} failed: {ename}: {evalue}"
