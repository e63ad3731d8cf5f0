"""The report path does not pay for JupyterLab: rfc3987-syntax's grammar is deferred, not dropped.

With the `lab` extra, jsonschema (imported by nbformat, so by papermill, nbclient, nbconvert and
plotly.io) imports rfc3987_syntax, which builds a Lark grammar at import (~2 s). casekit puts a
stand-in in its place (casekit._lazy_imports) in the CLI process and, at start, in the kernel.

The default install has no rfc3987_syntax, so the mechanism is tested with a fake one (on
PYTHONPATH, ahead of any real one) that records being imported; the real one is checked where
it is installed (a venv with the `lab` extra).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAB_STACK = ("lark", "jupyter_events", "jupyter_server", "jupyterlab")


@pytest.fixture
def fake_rfc3987(tmp_path, monkeypatch) -> Path:
    """A fake rfc3987_syntax first on PYTHONPATH (children only) that appends to a marker file
    when imported; returns the marker's path."""
    pkg = tmp_path / "fake" / "rfc3987_syntax"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(textwrap.dedent("""\
        import os
        with open(os.environ["FAKE_RFC3987_MARKER"], "a") as f:
            f.write("imported\\n")

        def is_valid_syntax(term, value):
            return "://" in value
    """))
    marker = tmp_path / "imported.txt"
    monkeypatch.setenv("PYTHONPATH", str(pkg.parent))
    monkeypatch.setenv("FAKE_RFC3987_MARKER", str(marker))
    return marker


def _python(code: str) -> dict:
    """Run ``code`` in a fresh interpreter (this venv's); it prints one JSON line: return it."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _report_path(out_dir: Path) -> str:
    """Code doing what the CLI process of `casekit report` does, short of starting a kernel."""
    return f"""
    import json, os, sys
    import casekit, casekit.notebook, casekit.render
    import nbformat, nbclient, nbconvert, papermill, jsonschema, plotly.io

    review = os.path.join(os.path.dirname(casekit.__file__), "review.ipynb")
    nb = casekit.notebook._load(review, {{"case_path": "x.yaml", "pack": ""}})
    nbformat.validate(nb)
    casekit.render.to_html(nb, {str(out_dir / "x.html")!r})
    """


def test_report_imports_leave_a_fake_rfc3987_syntax_unimported(fake_rfc3987, tmp_path):
    out = _python(_report_path(tmp_path) + """
    from casekit._lazy_imports import is_deferred
    before = {"imported": os.path.exists(os.environ["FAKE_RFC3987_MARKER"]), "deferred": is_deferred()}
    # Deferred, not dropped: jsonschema's "iri" check still runs, on the real module.
    checker = jsonschema.FormatChecker()
    checks = [checker.conforms("https://example.org/a", "iri"), checker.conforms("no iri", "iri")]
    print(json.dumps({"before": before, "checks": checks, "deferred_after": is_deferred(),
                      "imported_after": os.path.exists(os.environ["FAKE_RFC3987_MARKER"])}))
    """)
    assert out["before"] == {"imported": False, "deferred": True}
    assert out["checks"] == [True, False]
    assert out["imported_after"] and not out["deferred_after"]


def test_defer_is_a_no_op_once_jsonschema_is_imported(fake_rfc3987):
    out = _python("""
        import json, sys, jsonschema
        from casekit._lazy_imports import defer_rfc3987_syntax, is_deferred
        print(json.dumps([defer_rfc3987_syntax(), is_deferred()]))
    """)
    assert out == [False, False]  # too late: jsonschema already imported the (fake) module
    assert fake_rfc3987.read_text() == "imported\n"


def test_kernel_startup_args_only_for_ipython_kernels():
    from casekit.notebook import _kernel_startup_args

    ipy = SimpleNamespace(kernel_spec=SimpleNamespace(argv=["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"]))
    other = SimpleNamespace(kernel_spec=SimpleNamespace(argv=["R", "--slave", "-e", "IRkernel::main()"]))
    (arg,) = _kernel_startup_args(ipy)
    assert arg.startswith("--IPKernelApp.exec_lines=") and "_lazy_imports.py" in arg
    assert _kernel_startup_args(other) == []


def _lab_installed() -> bool:
    try:
        metadata.distribution("rfc3987-syntax")
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _lab_installed(), reason="rfc3987-syntax is not installed (it comes with the "
                    "`lab` extra); the fake-module tests above cover the mechanism")
def test_report_imports_no_lab_stack_with_lab_installed(tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONPATH", raising=False)
    out = _python(_report_path(tmp_path) + f"""
    from casekit._lazy_imports import is_deferred
    print(json.dumps({{"loaded": sorted(m for m in {LAB_STACK!r} if m in sys.modules),
                      "deferred": is_deferred()}}))
    """)
    assert out == {"loaded": [], "deferred": True}


@pytest.mark.slow
def test_kernel_defers_rfc3987_syntax_before_the_first_cell(fake_rfc3987, tmp_path):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from casekit.notebook import WarmKernel, execute

    nb = new_notebook(cells=[new_code_cell(
        "import json, os, sys\n"
        "import plotly.io, nbformat, jsonschema\n"
        "stub = sys.modules.get('rfc3987_syntax')\n"
        "print(json.dumps([os.path.exists(os.environ['FAKE_RFC3987_MARKER']),\n"
        "                  getattr(stub, '__casekit_deferred__', False),\n"
        "                  sorted(k for k in globals() if 'casekit' in k or k == 'runpy')]))"
    )])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)

    def probe(executed) -> list:
        return json.loads(executed.cells[0].outputs[-1].text.strip().splitlines()[-1])

    # not imported, the stand-in in place, and no names left in the user namespace
    assert probe(execute(path, {})) == [False, True, []]
    with WarmKernel() as kernel:
        kernel._restart()  # a restarted kernel gets the same start-up arguments
        assert probe(kernel.run(path, {})) == [False, True, []]
    assert not fake_rfc3987.exists()
