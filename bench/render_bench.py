"""Time the rendering layer on a small notebook: execute (fresh and warm kernel), HTML, PDF.

    .venv/bin/python bench/render_bench.py            # median of 5 after one warm-up
    .venv/bin/python bench/render_bench.py -n 9       # more runs

The notebook is built in a temporary directory: a parameter, a pandas table and one plotly
figure, roughly the shape of one review. Prints a table of medians and the ratios that matter
for a batch (a warm kernel against a fresh one; shared plotly.js against inline).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, uninstalled


def build_notebook(path: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[
        new_markdown_cell("# Bench report"),
        new_code_cell("n = 10", metadata={"tags": ["parameters"]}),
        new_code_cell(
            "import pandas as pd\n"
            "import plotly.graph_objects as go\n"
            "import plotly.io as pio\n"
            "pio.renderers.default = 'plotly_mimetype'\n"
            "df = pd.DataFrame({'visit': range(n), 'pain': [8 - i * 0.5 for i in range(n)]})\n"
            "df.head()"
        ),
        new_code_cell("go.Figure(go.Scatter(x=df.visit, y=df.pain, name='pain')).show()"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: imports, template discovery, page cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="timed runs per step (default 5)")
    runs = parser.parse_args().runs

    from casekit import notebook, render

    with tempfile.TemporaryDirectory(prefix="casekit-bench-") as tmp:
        tmp = Path(tmp)
        source = build_notebook(tmp / "bench.ipynb")
        params = {"n": 12}
        executed = notebook.execute(source, params)
        render.write_plotly_js(tmp)
        html = render.to_html(executed, tmp / "bench.html")

        results: dict[str, float] = {}
        results["execute, fresh kernel"] = timed(lambda: notebook.execute(source, params), runs)
        with notebook.WarmKernel() as kernel:
            results["execute, warm kernel"] = timed(lambda: kernel.run(source, params), runs)
        results["to_html, plotly.js inline"] = timed(
            lambda: render.to_html(executed, tmp / "inline.html"), runs)
        results["to_html, shared plotly.js"] = timed(
            lambda: render.to_html(executed, tmp / "shared.html", plotly_js="plotly.min.js"), runs)
        if render.find_chromium():
            results["to_pdf, inline HTML"] = timed(lambda: render.to_pdf(html, tmp / "a.pdf"), runs)
            results["to_pdf, shared plotly.js"] = timed(
                lambda: render.to_pdf(tmp / "shared.html", tmp / "b.pdf"), runs)
        sizes = {
            "inline": (tmp / "inline.html").stat().st_size,
            "shared": (tmp / "shared.html").stat().st_size,
        }

    print(f"casekit render bench: median of {runs} after one warm-up; "
          f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    width = max(map(len, results))
    for name, seconds in results.items():
        print(f"  {name:<{width}}  {seconds:7.3f} s")
    fresh, warm = results["execute, fresh kernel"], results["execute, warm kernel"]
    print(f"  fresh / warm kernel:              {fresh / warm:5.1f}x")
    inline, shared = results["to_html, plotly.js inline"], results["to_html, shared plotly.js"]
    print(f"  inline / shared plotly.js (time): {inline / shared:5.1f}x  "
          f"(size {sizes['inline'] / 1e6:.1f} MB vs {sizes['shared'] / 1e3:.0f} kB)")
    per_case = warm + shared + results.get("to_pdf, shared plotly.js", 0.0)
    print(f"  one case in a batch (warm + shared HTML + PDF): {per_case:.2f} s")


if __name__ == "__main__":
    main()
