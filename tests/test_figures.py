"""Figures: assertions on the figure data itself, each tied to one drawn feature."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import casekit
from casekit import figures, packs
from casekit.evidence import Evidence, Finding, extract
from casekit.io import load_case
from casekit.model import Measure
from casekit.timeline import build
from conftest import CASES, EXAMPLES, SEED

D = dt.date


def production_timeline(case):
    """The timeline as a review builds it: gap limit and restart window from the case's pack."""
    pack = packs.resolve(case)
    return build(case, int(pack.setting("gap_limit_days")),
                 restart_days=int(pack.setting("restart_record_days")))


@pytest.fixture(scope="module")
def case():
    return load_case(SEED)


@pytest.fixture(scope="module")
def tl(case):
    return production_timeline(case)


@pytest.fixture(scope="module")
def evidence(case):
    return extract(case)


def only(evidence, *kinds):
    return Evidence(tuple(f for f in evidence.items if f.kind in kinds))


def role(fig, name):
    return [t for t in fig.data if (t.meta or {}).get("role") == name]


def texts(fig):
    return [a.text for a in fig.layout.annotations]


# --- visit timeline ----------------------------------------------------------------------------

def test_one_marker_per_dated_visit_with_symbol_by_kind(case, tl):
    fig = figures.visit_timeline(tl, case=case)
    visits = role(fig, "visit")
    assert sum(len(t.x) for t in visits) == len(case.visits) == 3
    by_kind = {t.meta["kind"]: t for t in visits}
    assert list(by_kind["treatment"].x) == ["2025-08-28", "2025-08-29"]
    assert by_kind["evaluation"].marker.symbol != by_kind["treatment"].marker.symbol
    assert fig.layout.meta["casekit"] == "visit-timeline"
    assert fig.layout.width == figures.WIDTH and fig.layout.height


def test_counted_block_spans_its_interval_and_names_its_count_and_source(case, tl):
    fig = figures.visit_timeline(tl, case=case)
    (block,) = role(fig, "block")
    assert (min(block.x), max(block.x)) == ("2025-01-23", "2025-03-10")
    assert block.name == "18 visits (claims history)"
    assert block.name in texts(fig)  # printed, not only in the legend
    # Without the case the source is unknown, but the count still shows.
    (bare,) = role(figures.visit_timeline(tl), "block")
    assert bare.name.startswith("18 visits") and "claims" not in bare.name


def test_long_gap_is_bracketed_and_labelled_with_its_days(tl):
    fig = figures.visit_timeline(tl)
    (gap,) = role(fig, "gap")  # the 3- and 1-day gaps under the limit are not drawn
    assert (min(gap.x), max(gap.x)) == ("2025-03-10", "2025-08-25")
    assert any(t.startswith("168 days") for t in texts(fig))
    assert fig.layout.meta["gaps"] == [168]


def test_episodes_shaded_and_window_highlighted(tl):
    fig = figures.visit_timeline(tl)
    shapes = {s.name: s for s in fig.layout.shapes}
    assert {"episode 1", "episode 2", "under review"} <= set(shapes)
    assert shapes["episode 1"].fillcolor != shapes["episode 2"].fillcolor
    w = shapes["under review"]
    x0, x1 = pd.Timestamp(w.x0), pd.Timestamp(w.x1)
    assert x0 <= pd.Timestamp("2025-08-25") < pd.Timestamp("2025-08-29") <= x1
    assert x0 > pd.Timestamp("2025-08-24") and x1 < pd.Timestamp("2025-08-30")  # only the window
    assert any("Episode 1" in t for t in texts(fig)) and any("Episode 2" in t for t in texts(fig))
    assert any("Under review" in t and "3 visits" in t for t in texts(fig))


# --- cumulative visits -------------------------------------------------------------------------

def seed_cumulative(tl, benchmark=14):
    return figures.cumulative_visits(tl, benchmark, planned_visits=18, plan_date=D(2025, 8, 25),
                                     visits_per_week=3)


def test_benchmark_line_and_label(tl):
    fig = seed_cumulative(tl)
    (line,) = role(fig, "benchmark")
    assert set(line.y) == {14}
    assert any("Benchmark 14" in t for t in texts(fig))


def test_projection_runs_from_plan_date_to_projected_total(tl):
    fig = seed_cumulative(tl)
    (proj,) = role(fig, "projection")
    assert (proj.x[0], proj.y[0]) == ("2025-08-25", 18)  # the 18 visits before the plan
    assert (proj.x[-1], proj.y[-1]) == ("2025-10-06", 36)  # 18 planned at 3 a week: 6 weeks
    assert proj.line.dash == "dash"
    assert any("Projected 36 (2.57× benchmark)" in t for t in texts(fig))
    assert fig.layout.meta["projected_total"] == 36 == tl.metrics["projected_total"]


@pytest.mark.parametrize("benchmark,expected", [(12, "3.00×"), (20, "1.80×"), (7, "5.14×")])
def test_projection_ratio_is_computed_from_inputs(tl, benchmark, expected):
    assert role(seed_cumulative(tl, benchmark), "projection")[0].meta["label"].endswith(
        f"({expected} benchmark)")


def test_estimated_block_visits_dashed_and_actual_solid(tl):
    fig = seed_cumulative(tl)
    (est,) = role(fig, "estimated")
    (act,) = role(fig, "actual")
    assert est.line.dash == "dash" and act.line.dash == "solid"
    assert est.y[-1] == 18 and act.y[-1] == 21 and act.x[-1] == "2025-08-29"
    assert act.line.shape == est.line.shape == "hv"  # a count steps, it does not slope
    assert est.name.startswith("Counted visits (18,") and "(3 in this course)" in act.name


def test_no_gaps_and_no_plan(case):
    plain = case.model_copy(update={"plan_of_care": None, "visit_counts": []})
    tl = production_timeline(plain)
    assert not any(g.splits for g in tl.gaps)
    time_fig = figures.visit_timeline(tl)
    assert not role(time_fig, "gap") and not role(time_fig, "block")
    assert not any("days without" in t for t in texts(time_fig))
    fig = figures.cumulative_visits(tl, 14)
    assert not role(fig, "projection") and not any("Projected" in t for t in texts(fig))
    assert fig.layout.meta["projected_total"] is None
    assert role(fig, "actual")[0].y[-1] == 3


def test_no_benchmark_means_no_line_and_no_ratio(tl):
    fig = seed_cumulative(tl, benchmark=None)
    assert not role(fig, "benchmark")
    assert role(fig, "projection")[0].meta["label"] == "Projected 36"


def test_cumulative_visits_count_only_the_current_course():
    # A 143-day gap explained by a new injury: the 12 counted visits before it belong to the last
    # course, so the count, the projection and the plan's total start from zero again.
    r = casekit.review(casekit.load_case(CASES / "hip-new-injury.yaml"))
    assert r.metrics["courses"] == 2 and r.metrics["prior_visits"] == 12
    fig = figures.figures_for(r)["cumulative"]
    (act,) = role(fig, "actual")
    assert act.y[0] == 1 and act.y[-1] == r.metrics["course_visits"] == 10
    assert not role(fig, "estimated")  # the counted block is another course's
    (proj,) = role(fig, "projection")
    assert (proj.x[0], proj.y[0]) == ("2025-07-14", 0)  # nothing of this course before the plan
    assert proj.y[-1] == fig.layout.meta["projected_total"] == r.metrics["projected_total"] == 10


# --- symptoms ----------------------------------------------------------------------------------

def test_symptom_course_plots_pain_function_and_directions(evidence):
    fig = figures.symptom_course(evidence)
    (pain,) = role(fig, "pain")
    assert list(pain.y) == [5] and list(pain.x) == ["2025-08-25"]
    (score,) = role(fig, "scores")
    assert list(score.y) == [30]
    words = [w for t in role(fig, "symptom") for w in t.text]
    assert sorted(words) == ["better", "pain-free", "sore"]
    drawn = fig.to_json()
    for f in evidence.items:  # no note text in a figure
        assert f.quote not in drawn, f.quote


def test_symptom_course_sparse_and_empty(evidence):
    only_pain = figures.symptom_course(only(evidence, "pain"))
    assert only_pain.layout.meta["panels"] == ["pain"]
    assert figures.symptom_course(Evidence(())) is None
    assert figures.symptom_course(None) is None
    negated = Finding("pain", "note", D(2025, 8, 28), "No pain 0/10.", "pain", 0.0, "/10", negated=True)
    assert figures.symptom_course(Evidence((negated,))) is None


def test_measures_join_the_axis_of_their_scale():
    m = [Measure(name="iHOT-12", date="2025-09-01", value=55),
         Measure(name="NPRS", date="2025-09-01", value=3, unit="/10"),
         Measure(name="abduction strength", date="2025-09-01", value=4, unit="/5")]
    fig = figures.symptom_course(None, measures=m)
    assert [t.name for t in role(fig, "scores")] == ["iHOT-12"]
    assert [t.name for t in role(fig, "pain")] == ["NPRS"]  # the /5 grade is left out


# --- together ----------------------------------------------------------------------------------

def test_figures_for_review_in_order_and_serialisable(case):
    review = casekit.review(case)
    figs = figures.figures_for(review)
    assert list(figs) == ["timeline", "cumulative", "symptoms"]
    kinds = [json.loads(f.to_json())["layout"]["meta"]["casekit"] for f in figs.values()]
    assert kinds == ["visit-timeline", "cumulative-visits", "symptom-course"]
    assert figs["cumulative"].layout.meta["projected_total"] == review.metrics["projected_total"] == 36
    silent = casekit.review(case.model_copy(update={"documents": [], "visits": [
        v.model_copy(update={"document": None}) for v in case.visits]}))
    assert list(figures.figures_for(silent)) == ["timeline", "cumulative"]


def test_importing_figures_does_not_import_plotly():
    code = "import sys, casekit.figures; print('plotly' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=Path(figures.__file__).parent.parent, check=True)
    assert out.stdout.strip() == "False"


# --- the same figures, made faster ----------------------------------------------------------------

SNAPSHOT = Path(__file__).parent / "fixtures" / "figures" / "examples.json.gz"


def snapshot_of(fig) -> dict:
    """A figure's ``to_plotly_json()`` as JSON holds it, its 20 KB template as a hash."""
    data = fig.to_plotly_json()
    template = data["layout"].pop("template", None)
    return {"template_sha256": hashlib.sha256(json.dumps(template, sort_keys=True, default=str).encode()).hexdigest(),
            "figure": json.loads(json.dumps(data, default=str))}


def test_example_figures_are_the_figures_they_were():
    """Every figure of every example case, full and blind, as the fixture holds it: made by the
    code before the figures were built at once (CASEKIT_REGEN_GOLDEN=1 writes it anew)."""
    now = {}
    for path in EXAMPLES:
        review = casekit.review(load_case(path))
        for blind in (False, True):
            for name, fig in figures.figures_for(review, blind=blind).items():
                now[f"{path.name}:{'blind' if blind else 'full'}:{name}"] = snapshot_of(fig)
    if os.environ.get("CASEKIT_REGEN_GOLDEN"):
        SNAPSHOT.write_bytes(gzip.compress(json.dumps(now, sort_keys=True, indent=0).encode(), mtime=0))
    before = json.loads(gzip.decompress(SNAPSHOT.read_bytes()))
    assert sorted(now) == sorted(before)
    for key in before:
        assert now[key] == before[key], key


def many_episodes(n: int):
    """A timeline of ``n`` two-visit episodes, each after a break past the gap limit."""
    first = D(2000, 1, 1)
    days = [first + dt.timedelta(days=62 * k + j) for k in range(n) for j in (0, 1)]
    case = casekit.model.Case.model_validate({
        "format": "casekit/1", "id": "E-1", "service": "physical-therapy",
        "review": {"type": "retrospective", "under_review": {"from": days[-2].isoformat(), "to": days[-1].isoformat()}},
        "patient": {"age": 40, "sex": "male"}, "diagnoses": [{"code": "M25.551", "primary": True}],
        "visits": [{"date": d.isoformat(), "kind": "treatment"} for d in days]})
    return production_timeline(case)


def counting(monkeypatch, cls) -> list:
    """Patch ``cls.__init__`` to note each object it makes from content (not plotly's empty
    placeholder for a property read), and whether that content is checked (validated)."""
    made, init = [], cls.__init__

    def counted(self, *args, **kw):
        if args or set(kw) - {"_parent", "plotly_name", "_validate"}:
            made.append(kw.get("_validate", True))
        init(self, *args, **kw)

    monkeypatch.setattr(cls, "__init__", counted)
    return made


def test_shapes_and_annotations_are_checked_once_each(monkeypatch):
    """Plotly checks the whole list again on each add_shape/add_annotation: 40 episodes made
    ~800 annotations that way. Set at once, each is made about once."""
    import plotly.graph_objects as go

    timeline = many_episodes(40)
    notes = counting(monkeypatch, go.layout.Annotation)
    shapes = counting(monkeypatch, go.layout.Shape)
    fig = figures.visit_timeline(timeline)
    assert len(fig.layout.annotations) == 40 + 39 + 1 and len(fig.layout.shapes) == 41
    assert len(notes) <= 2 * len(fig.layout.annotations)
    assert len(shapes) <= 2 * len(fig.layout.shapes)


def test_the_template_is_checked_once_a_process_and_each_figure_has_its_own(monkeypatch, tl):
    import plotly.graph_objects as go
    import plotly.io as pio

    figures.visit_timeline(tl)  # the template, checked once in this process
    checked = counting(monkeypatch, go.layout.Template)
    a, b = figures.visit_timeline(tl), figures.cumulative_visits(tl, 14)
    assert True not in checked
    monkeypatch.undo()
    white = pio.templates["plotly_white"].to_plotly_json()
    assert a.layout.template.to_plotly_json() == white == b.layout.template.to_plotly_json()
    a.layout.template.layout.font.size = 30  # one figure's change stays in that figure
    assert b.layout.template.layout.font.size is None
    assert figures.visit_timeline(tl).layout.template.to_plotly_json() == white
