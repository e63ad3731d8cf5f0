"""casekit.notebook: parameters reach the kernel, failures name the cell, warm kernels forget."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from casekit.errors import RenderError
from casekit.notebook import WarmKernel, execute

PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _write(path: Path, *cells) -> Path:
    nb = new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def write_tiny_notebook(path: Path) -> Path:
    """The smallest review-shaped notebook: a parameter, a plotly figure, an HTML output.

    plotly 7 already defaults to the ``plotly_mimetype`` renderer inside a kernel; the notebook
    still sets it, because a warm kernel keeps whatever the previous notebook chose.
    """
    return _write(
        path,
        new_markdown_cell("# Tiny report"),
        new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        new_code_cell(
            "import plotly.io as pio\n"
            "import plotly.graph_objects as go\n"
            "pio.renderers.default = 'plotly_mimetype'\n"
            "fig = go.Figure(go.Bar(x=['before', 'after'], y=[1, x]))\n"
            "fig.update_layout(height=320)\n"
            "fig.show()"
        ),
        new_code_cell(
            "from IPython.display import HTML, display\n"
            "display(HTML(f'<p class=\"tiny-param\">x is {x}</p>'))"
        ),
    )


def _texts(nb) -> str:
    """Everything the cells printed or displayed, as one string."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts.extend(str(v) for k, v in out.get("data", {}).items() if k != PLOTLY_MIME)
    return "\n".join(parts)


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "failing.ipynb",
        new_code_cell("y = 2", metadata={"tags": ["parameters"]}),
        new_code_cell("print('Patient reports severe pain')\nraise ValueError('bad thing')"),
    )


@pytest.mark.slow
def test_execute_injects_parameters_and_keeps_plotly_output(tmp_path):
    nb = execute(write_tiny_notebook(tmp_path / "tiny.ipynb"), {"x": 5})

    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "x = 5" in injected[0].source
    assert "x is 5" in _texts(nb)
    figures = [o.data[PLOTLY_MIME] for c in nb.cells for o in c.get("outputs", []) if PLOTLY_MIME in o.get("data", {})]
    assert len(figures) == 1
    assert list(figures[0]["data"][0]["y"]) == [1, 5]


@pytest.mark.slow
def test_failing_cell_names_the_cell_and_error_but_no_output(failing):
    with pytest.raises(RenderError) as info:
        execute(failing, {"y": 3})

    message = str(info.value)
    # Cell 2 of the source notebook, even though the injected parameters cell shifted it.
    assert message.startswith("failing.ipynb: cell 2")
    assert "ValueError: bad thing" in message
    assert "Patient" not in message and "Traceback" not in message
    assert info.value.exit_code == 3
    assert str(pickle.loads(pickle.dumps(info.value))) == message


@pytest.mark.slow
def test_warm_kernel_forgets_the_previous_notebook(tmp_path, failing):
    first = _write(tmp_path / "first.ipynb", new_code_cell("leak = 'case one'\nimport json"))
    probe = _write(
        tmp_path / "probe.ipynb",
        new_code_cell(
            "import os\n"
            "print(sorted(k for k in ('leak', 'json', 'y') if k in globals()), os.getcwd())"
        ),
    )
    workdir = tmp_path / "work"
    workdir.mkdir()

    with WarmKernel() as kernel:
        pid = kernel.km.provisioner.process.pid
        kernel.run(first, {})
        with pytest.raises(RenderError, match="cell 2"):
            kernel.run(failing, {})  # a failed case must not poison the next one
        out = kernel.run(probe, {}, cwd=workdir)
        assert kernel.km.provisioner.process.pid == pid  # the same kernel all along
        km = kernel.km
    assert out.cells[0].outputs[0].text.strip() == f"[] {workdir}"
    assert km.has_kernel is False  # shut down on exit


@pytest.mark.slow
def test_warm_kernel_restarts_after_a_timeout(tmp_path):
    slow = _write(tmp_path / "slow.ipynb", new_code_cell("import time\ntime.sleep(60)"))
    quick = _write(tmp_path / "quick.ipynb", new_code_cell("print(6 * 7)"))

    with WarmKernel(timeout=2) as kernel:
        with pytest.raises(RenderError, match="cell 1 .*timeout"):
            kernel.run(slow, {})
        assert kernel.run(quick, {}).cells[0].outputs[0].text.strip() == "42"


@pytest.mark.slow
def test_execute_reuses_a_callers_kernel_and_leaves_it_running(tmp_path):
    from jupyter_client import KernelManager

    setter = _write(tmp_path / "setter.ipynb", new_code_cell("secret = 1"))
    probe = _write(tmp_path / "probe.ipynb", new_code_cell("print('secret' in globals())"))
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        execute(setter, {}, km=km)
        out = execute(probe, {}, km=km)
        assert out.cells[0].outputs[0].text.strip() == "False"
        assert km.is_alive()
    finally:
        km.shutdown_kernel(now=True)


def test_missing_notebook_is_a_render_error(tmp_path):
    with pytest.raises(RenderError, match="notebook not found"):
        execute(tmp_path / "nope.ipynb", {})


def test_run_outside_with_block_is_an_error(tmp_path):
    with pytest.raises(RenderError, match="outside its `with` block"):
        WarmKernel().run(tmp_path / "x.ipynb", {})


def test_importing_the_render_layer_stays_light():
    # casekit itself may import what it likes; notebook.py and render.py must add no heavy module.
    code = (
        "import sys, json, casekit\n"
        "heavy = ('papermill', 'nbclient', 'nbconvert', 'nbformat', 'plotly', 'jupyter_client')\n"
        "before = {m for m in heavy if m in sys.modules}\n"
        "import casekit.notebook, casekit.render\n"
        "print(json.dumps(sorted({m for m in heavy if m in sys.modules} - before)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


@pytest.mark.slow
def test_unknown_kernel_lists_the_installed_ones(tmp_path):
    with pytest.raises(RenderError, match=r"no Jupyter kernel named 'nope' \(installed: .*python3"):
        execute(_write(tmp_path / "a.ipynb", new_code_cell("1")), {}, kernel_name="nope")


@pytest.mark.slow
def test_warm_kernel_restarts_a_kernel_that_died_between_notebooks(tmp_path):
    quick = _write(tmp_path / "quick.ipynb", new_code_cell("print(6 * 7)"))
    with WarmKernel() as kernel:
        kernel.km.provisioner.process.kill()
        kernel.km.provisioner.process.wait()
        assert kernel.run(quick, {}).cells[0].outputs[0].text.strip() == "42"
