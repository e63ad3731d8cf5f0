"""The public Python API: one sorted __all__, and the Review object an analyst uses."""

from __future__ import annotations

import html.parser
import json
import subprocess
import sys
from pathlib import Path

import pytest

import casekit
from casekit.rules import REGISTRY
from conftest import SEED


def test_exported_members_are_sorted_and_exist():
    assert casekit.__all__ == sorted(casekit.__all__)
    public = {name for name in dir(casekit) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(casekit, name)).__name__ == "module"}
    assert public - modules == set(casekit.__all__) - {"__version__"}


HEAVY = ("pandas", "plotly", "papermill", "nbconvert", "nbclient", "dask")


def test_import_stays_light():
    code = f"import sys, casekit; print([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


#: What `casekit validate` and `casekit review` must start without (issue 15): the table, plot and
#: notebook stacks, the FHIR models, the ICD-10-CM table and the PDF reader.
STARTUP_HEAVY = HEAVY + ("nbformat", "fhir.resources", "simple_icd_10_cm", "pypdf", "numpy")


def test_validate_and_review_start_without_heavy_modules():
    # each command in a fresh interpreter (a review, its summary and --json): a top-level import of
    # any of them on the path fails here
    for args in (["validate", SEED], ["review", SEED], ["review", SEED, "--json"]):
        code = ("import contextlib, io, sys\n"
                "from casekit.cli import main\n"
                "with contextlib.redirect_stdout(io.StringIO()):\n"
                f"    code = main({args!r})\n"
                f"print(code, sorted(m for m in {STARTUP_HEAVY!r} if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "0 []", (args, out)


def test_review_object_frames_and_json():
    r = casekit.review(casekit.load_case(SEED))
    assert r.decision == "deny"
    assert list(r.checks_frame().columns[:3]) == ["rule", "status", "severity"]
    assert len(r.checks_frame()) == len(r.checks) == len(REGISTRY) == 22
    assert r.metrics_frame().set_index("metric").loc["projected_total", "value"] == 36
    frame = r.timeline_frame()
    assert frame["visits"].sum() == 21 and frame["in_window"].sum() == 3
    assert set(r.evidence_frame()["kind"]) >= {"pain", "function", "side", "symptom", "exercise"}
    assert json.loads(r.to_json())["case_id"] == "HIP-SEED-0001"


# Case text that reaches the notebook view: a diagnosis description is quoted in the
# visits-over-benchmark statement, which the table of checks prints.
HOSTILE_DESCRIPTION = "<img src=x onerror=alert(1)> pain <script>alert(2)</script> & stiffness"


class _Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def test_review_displays_escaped_html_in_jupyter(tmp_path):
    text = Path(SEED).read_text().replace(
        "    primary: true\n", f"    primary: true\n    description: {json.dumps(HOSTILE_DESCRIPTION)}\n", 1)
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    shown = casekit.review(casekit.load_case(path))._repr_html_()
    # the report's banner, summary and every criterion
    assert shown.startswith("<div class='casekit-review'>") and "HIP-SEED-0001" in shown
    assert "DENIED" in shown and "Criteria Checked" in shown
    assert ("&lt;img src=x onerror=alert(1)&gt; pain &lt;script&gt;alert(2)&lt;/script&gt; &amp; stiffness"
            in shown)
    assert "<img" not in shown and "<script" not in shown
    parser = _Tags()
    parser.feed(shown)
    assert parser.tags <= {"div", "h1", "h2", "p", "strong", "section", "ul", "li", "sup", "a", "table",
                           "thead", "tbody", "tr", "th", "td"}


def test_case_ids_cannot_carry_markup(tmp_path):
    # case ids are restricted to [A-Za-z0-9._-], so markup cannot arrive through them
    bad = tmp_path / "x.yaml"
    bad.write_text(Path(SEED).read_text().replace("id: HIP-SEED-0001", "id: A<b>B"))
    with pytest.raises(casekit.CaseError) as info:
        casekit.load_case(bad)
    assert "id: 'A<b>B' may hold only" not in str(info.value)  # free text is described, not echoed
    assert "id: a text of 5 characters may hold only" in str(info.value)


def test_errors_pickle_for_batch_workers():
    import pickle
    err = casekit.CaseError("x.yaml", ["x.yaml: id: is required"])
    back = pickle.loads(pickle.dumps(err))
    assert back.problems == err.problems and str(back) == str(err)
    r = pickle.loads(pickle.dumps(casekit.RenderError("cell 3 failed")))
    assert r.exit_code == 3
