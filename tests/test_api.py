"""The public Python API: one sorted __all__, and the Review object an analyst uses."""

from __future__ import annotations

import json
import subprocess
import sys

import casekit
from conftest import SEED


def test_exported_members_are_sorted_and_exist():
    assert casekit.__all__ == sorted(casekit.__all__)
    public = {name for name in dir(casekit) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(casekit, name)).__name__ == "module"}
    assert public - modules == set(casekit.__all__) - {"__version__"}


def test_import_stays_light():
    code = ("import sys, casekit; heavy = [m for m in ('plotly', 'papermill', 'nbconvert', 'dask', "
            "'nbclient') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_review_object_frames_and_json():
    r = casekit.review(casekit.load_case(SEED))
    assert r.decision == "deny"
    assert list(r.checks_frame().columns[:3]) == ["rule", "status", "severity"]
    assert len(r.checks_frame()) == len(r.checks) == 14
    assert r.metrics_frame().set_index("metric").loc["projected_total", "value"] == 36
    frame = r.timeline_frame()
    assert frame["visits"].sum() == 21 and frame["in_window"].sum() == 3
    assert set(r.evidence_frame()["kind"]) >= {"pain", "function", "side", "symptom", "exercise"}
    assert json.loads(r.to_json())["case_id"] == "HIP-SEED-0001"


def test_review_displays_escaped_html_in_jupyter(tmp_path):
    text = open(SEED).read().replace("id: HIP-SEED-0001", "id: A<b>B")
    hostile = open(SEED).read().replace("    primary: true",
                                        "    primary: true\n    description: <img src=x onerror=alert(1)> pain", 1)
    assert hostile != open(SEED).read()
    (tmp_path / "hostile.yaml").write_text(hostile)
    html = casekit.review(casekit.load_case(tmp_path / "hostile.yaml"))._repr_html_()
    # the banner, the summary and every criterion, the description escaped wherever it shows
    assert "DENIED" in html and "HIP-SEED-0001" in html and "Criteria Checked" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html
    # case ids are restricted to [A-Za-z0-9._-], so markup cannot arrive through them
    bad = tmp_path / "x.yaml"
    bad.write_text(text)
    try:
        casekit.load_case(bad)
    except casekit.CaseError as exc:
        assert "id: 'A<b>B' may hold only" not in str(exc)  # free text is described, not echoed
        assert "id: a text of 5 characters may hold only" in str(exc)
    else:
        raise AssertionError("an id with markup loaded")


def test_errors_pickle_for_batch_workers():
    import pickle
    err = casekit.CaseError("x.yaml", ["x.yaml: id: is required"])
    back = pickle.loads(pickle.dumps(err))
    assert back.problems == err.problems and str(back) == str(err)
    r = pickle.loads(pickle.dumps(casekit.RenderError("cell 3 failed")))
    assert r.exit_code == 3
