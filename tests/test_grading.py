"""Grading: one trainee against the key (each kind of mistake explained and cited), and a class
with agreement built in (percentages and kappas checked against hand computation)."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

import casekit
from casekit import grading
from casekit.answers import key_for
from casekit.cli import main
from conftest import CASES, SEED

CLASS_CASES = ("hip-seed", "knee-approve", "ankle-pend", "hip-prospective-partial")


@lru_cache(maxsize=None)
def _review(name: str):
    return casekit.review(casekit.load_case(str(CASES / f"{name}.yaml")))


def _key(name: str, trainee: str = "T01") -> dict:
    data = key_for(_review(name)).model_dump(mode="json")
    data["trainee"] = trainee
    return data


def _write(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _other(status: str) -> str:
    return "pass" if status == "fail" else "fail"


def _grade(data: dict, name: str = "hip-seed"):
    return grading.grade(_review(name), grading.load_answers(_write(Path(_tmp()) / "a.yaml", data)))


_TMP: list = []


def _tmp() -> str:
    return _TMP[-1]


@pytest.fixture(autouse=True)
def _tmpdir(tmp_path):
    _TMP.append(str(tmp_path))
    yield
    _TMP.pop()


# --- one trainee --------------------------------------------------------------------------------

def test_the_key_itself_scores_100_with_no_mistakes(tmp_path, capsys):
    path = _write(tmp_path / "key.yaml", _key("hip-seed"))
    g = grading.grade(_review("hip-seed"), grading.load_answers(path))
    assert g.score == 100.0 and g.mistakes == () and g.right == g.total > 30
    assert main(["grade", SEED, str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["score"] == 100.0 and not [i for i in out["items"] if not i["right"]]


def _mistake(g, kind: str, name: str):
    found = [i for i in g.mistakes if i.kind == kind and i.name == name]
    assert len(found) == 1, g.mistakes
    return found[0]


def _cited(review, item, rules=None):
    """The explanation holds the statement of the check(s) it names and a pack citation."""
    ex = item.explanation
    assert ex["statements"] and ex["citations"]
    for rule, statement in zip(ex["rules"], ex["statements"]):
        assert statement == review.check(rule).statement
    if rules is not None:
        assert set(rules) <= set(ex["rules"])
    for c in ex["citations"]:
        ref = review.pack.references[c["key"]]
        assert c["tier"] == ref.tier and c["short"] == (ref.short or ref.citation)
    return ex


def test_each_kind_of_mistake_is_reported_with_statement_evidence_and_citation():
    review = _review("hip-seed")
    key = _key("hip-seed")
    failing = next(c for c in review.checks if c.failed and c.quotes)
    passing = next(c for c in review.checks if c.status == "pass")
    extra = next(i.id for i in review.pack.documentation if i.id not in key["documentation"])
    missed = key["documentation"][0]
    data = dict(key, decision="approve", documentation=key["documentation"][1:] + [extra],
                figures=dict(key["figures"], total_visits=key["figures"]["total_visits"] + 1),
                criteria=dict(key["criteria"], **{failing.rule: "pass", passing.rule: "fail"}))
    g = _grade(data)
    assert len(g.mistakes) == 6
    assert _mistake(g, "decision", "decision").mistake == "miss"
    _cited(review, _mistake(g, "decision", "decision"), review.determination.decisive_rules[:2])
    _cited(review, _mistake(g, "figure", "total_visits"))
    miss = _mistake(g, "criterion", failing.rule)
    assert miss.mistake == "miss" and (miss.expected, miss.given) == ("fail", "pass")
    ex = _cited(review, miss, [failing.rule])
    assert ex["evidence"][0] == failing.quotes[0].to_dict() and len(ex["evidence"]) <= 2
    alarm = _mistake(g, "criterion", passing.rule)
    assert alarm.mistake == "false-alarm"
    _cited(review, alarm, [passing.rule])
    doc_miss = _mistake(g, "documentation", missed)
    assert doc_miss.mistake == "miss"
    asking = [c.rule for c in review.checks if c.failed and review.pack.rules.get(c.rule)
              and review.pack.rules[c.rule].document == missed]
    _cited(review, doc_miss, asking[:1])
    assert _mistake(g, "documentation", extra).mistake == "false-alarm"
    # points: the decision 5, every other item 1; the false-alarm item adds one point to the total
    assert g.total - g.right == 5 + 5 and g.total == _points(key) + 1


def _points(key: dict) -> int:
    """The documented weights, counted by hand: decision 5, each known figure, criterion and key
    documentation item 1, a partial's approved visits 1."""
    return (5 + sum(v is not None for v in key["figures"].values()) + len(key["criteria"])
            + len(key["documentation"]) + (1 if key["decision"] == "partial" and key["approved_visits"] is not None else 0))


def test_text_output_explains_each_mistake(tmp_path, capsys):
    review, key = _review("hip-seed"), _key("hip-seed")
    failing = next(c for c in review.checks if c.failed)
    path = _write(tmp_path / "a.yaml", dict(key, criteria=dict(key["criteria"], **{failing.rule: "pass"})))
    assert main(["grade", SEED, str(path)]) == 0
    out = capsys.readouterr().out
    assert failing.statement in out and failing.rule in out
    ref = review.pack.references[next(k for k in failing.citations if not k.startswith("record:"))]
    assert (ref.short or ref.citation) in out
    for secret in (review.case.patient.name, review.case.patient.mrn):
        assert not secret or secret not in out


def test_approved_visits_tolerance_is_one_visit():
    key = _key("hip-prospective-partial")
    n = key["approved_visits"]
    assert not _grade(dict(key, approved_visits=n + 1), "hip-prospective-partial").mistakes
    g = _grade(dict(key, approved_visits=n + 2), "hip-prospective-partial")
    assert [i.kind for i in g.mistakes] == ["approved_visits"]


def _one_line_exit_2(capsys, case, data, tmp_path, field: str):
    path = _write(tmp_path / "bad.yaml", data)
    assert main(["grade", case, str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert str(path) in err[0] and field in err[0]
    return err[0]


@pytest.mark.parametrize("change, field, expected", [
    (lambda d: d["figures"].update(total_visits="many"), "figures.total_visits", "number"),
    (lambda d: d["criteria"].update({"no-such-rule": "pass"}), "criteria.no-such-rule", "unexplained-gap"),
    (lambda d: d["criteria"].update({"unexplained-gap": "maybe"}), "criteria.unexplained-gap", "'fail'"),
    (lambda d: d.update(decision="accept"), "decision", "'approve'"),
    (lambda d: d.update(documentation=["no-such-item"]), "documentation", "outcomes"),
])
def test_a_bad_answer_file_is_one_line_and_exit_2(capsys, tmp_path, change, field, expected):
    data = _key("hip-seed")
    change(data)
    line = _one_line_exit_2(capsys, SEED, data, tmp_path, field)
    assert expected in line


def test_an_answer_file_of_another_case_is_refused(capsys, tmp_path):
    line = _one_line_exit_2(capsys, SEED, _key("knee-approve"), tmp_path, "case_id")
    assert "KNEE" in line.upper() and _review("hip-seed").case.id in line


# --- a class ------------------------------------------------------------------------------------

#: planted disagreements: trainee -> [(case, item, how)]; "flip" a criterion's status, or
#: change the decision
PLANTED = {
    "T01": [],
    "T02": [("hip-seed", "crit0", None), ("knee-approve", "decision", "deny")],
    "T03": [("hip-seed", "crit0", None), ("knee-approve", "crit0", None), ("ankle-pend", "crit1", None),
            ("ankle-pend", "decision", "approve"), ("hip-seed", "decision", "pend"),
            ("hip-prospective-partial", "decision", "approve")],
}


def _rule(case: str, which: str) -> str:
    return list(_key(case)["criteria"])[int(which[-1])]


def _class_answers() -> dict[tuple[str, str], dict]:
    out = {}
    for trainee, plants in PLANTED.items():
        for case in CLASS_CASES:
            data = _key(case, trainee)
            for c, item, how in plants:
                if c != case:
                    continue
                if item == "decision":
                    data["decision"] = how
                else:
                    rule = _rule(case, item)
                    data["criteria"][rule] = _other(data["criteria"][rule])
            out[(trainee, case)] = data
    return out


@pytest.fixture
def klass(tmp_path):
    cases, answers = tmp_path / "cases", tmp_path / "answers"
    cases.mkdir()
    answers.mkdir()
    for case in CLASS_CASES:
        shutil.copy(CASES / f"{case}.yaml", cases)
    for (trainee, case), data in _class_answers().items():
        _write(answers / f"{trainee}-{case}.yaml", data)
    return cases, answers


def _kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa from the confusion table: (po - pe) / (1 - pe)."""
    n = len(pairs)
    po = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(left[c] * right[c] for c in set(left) | set(right)) / n ** 2
    return (po - pe) / (1 - pe)


def _fleiss(ratings: list[list[str]]) -> float:
    """Fleiss' kappa from the item x category counts."""
    n_items, n = len(ratings), len(ratings[0])
    cats = sorted({r for row in ratings for r in row})
    counts = [[row.count(c) for c in cats] for row in ratings]
    p_i = [(sum(x * x for x in row) - n) / (n * (n - 1)) for row in counts]
    p_bar = sum(p_i) / n_items
    p_j = [sum(row[j] for row in counts) / (n_items * n) for j in range(len(cats))]
    pe = sum(p * p for p in p_j)
    return (p_bar - pe) / (1 - pe)


def test_class_agreement_equals_hand_computed_values(klass):
    cases, answers = klass
    k = grading.grade_class(answers, cases, pass_mark=90)
    f = k.figures
    assert f["meta"]["answers"] == 12 and f["meta"]["trainees"] == 3 and f["meta"]["cases"] == 4
    given = _class_answers()
    # per criterion: the planted flips are the only disagreements (3 trainees x 4 cases = 12 answers)
    flips = Counter(_rule(c, item) for plants in PLANTED.values() for c, item, _ in plants if item != "decision")
    for rule, row in f["criteria"].items():
        assert row["answers"] == 12
        assert row["percent"] == round(100 * (12 - flips[rule]) / 12, 1)
    assert any(row["percent"] < 100 for row in f["criteria"].values())
    for trainee, plants in PLANTED.items():
        total = sum(_points(_key(c)) for c in CLASS_CASES)
        lost = sum(5 if item == "decision" else 1 for _, item, _ in plants)
        row = f["trainees"][trainee]
        assert row["percent"] == round(100 * (total - lost) / total, 1)
        assert row["pass"] == (row["percent"] >= 90)
        pairs = [(key_v, given[(trainee, c)]["criteria"][r]) for c in CLASS_CASES
                 for r, key_v in _key(c)["criteria"].items()]
        pairs += [(_key(c)["decision"], given[(trainee, c)]["decision"]) for c in CLASS_CASES]
        assert row["kappa"]["n"] == len(pairs) == 4 + sum(len(_key(c)["criteria"]) for c in CLASS_CASES)
        assert row["kappa"]["kappa"] == pytest.approx(_kappa(pairs), abs=1e-4)
        assert -1 <= row["kappa"]["low"] <= row["kappa"]["kappa"] <= row["kappa"]["high"] <= 1
    assert f["trainees"]["T01"]["kappa"]["high"] == 1.0  # clipped: statsmodels' bound may exceed 1
    crit = [[given[(t, c)]["criteria"][r] for t in PLANTED] for c in CLASS_CASES for r in _key(c)["criteria"]]
    assert f["fleiss"]["criteria"]["n"] == len(crit)
    assert f["fleiss"]["criteria"]["kappa"] == pytest.approx(_fleiss(crit), abs=1e-4)
    dec = [[given[(t, c)]["decision"] for t in PLANTED] for c in CLASS_CASES]
    assert f["fleiss"]["decisions"]["n"] == 4
    assert f["fleiss"]["decisions"]["kappa"] == pytest.approx(_fleiss(dec), abs=1e-4)


def test_the_pass_mark_decides_pass_or_fail(klass):
    cases, answers = klass
    low = grading.grade_class(answers, cases, pass_mark=50).figures["trainees"]
    high = grading.grade_class(answers, cases, pass_mark=99.5).figures["trainees"]
    assert all(r["pass"] for r in low.values())
    assert [t for t, r in high.items() if r["pass"]] == ["T01"]
    t3 = grading.grade_class(answers, cases).figures["trainees"]["T03"]
    assert t3["percent"] < 90 and not t3["pass"]


def test_band_words_follow_landis_and_koch():
    assert [grading.band(k) for k in (-0.2, 0.0, 0.2, 0.21, 0.4, 0.55, 0.8, 0.81, 1.0)] == [
        "none", "slight", "slight", "fair", "fair", "moderate", "substantial", "almost-perfect", "almost-perfect"]


def test_the_class_page_is_offline_with_its_plots(klass, tmp_path, capsys):
    cases, answers = klass
    out = tmp_path / "page"
    assert main(["grade", str(answers), "--cases", str(cases), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "T03" in text and "Fleiss" in text
    page = (out / "class.html").read_text()
    assert not re.search(r"<script[^>]+src=['\"]?(https?:)?//", page)
    assert "Plotly.newPlot" in page and "plotly.js" in page.lower()
    for div in ("ck-class-criteria", "ck-class-heatmap", "ck-class-kappa"):
        assert f"id='{div}'" in page
    assert '"type": "heatmap"' in page and '"error_y"' in page and '"type": "bar"' in page
    data = json.loads((out / "class.json").read_text())
    assert set(data["trainees"]) == set(PLANTED) and data["fleiss"]["criteria"]["n"] > 0


def test_class_page_escapes_the_trainee_pseudonym(klass, tmp_path):
    cases, answers = klass
    data = _key("hip-seed", "<b>T9</b>")
    _write(answers / "x.yaml", data)
    html_path, _ = grading.write_class_page(grading.grade_class(answers, cases), tmp_path / "p")
    page = html_path.read_text()
    assert "<b>T9</b>" not in page.split("<script", 1)[0] + page.rsplit("</script>", 1)[-1]
    assert "&lt;b&gt;T9&lt;/b&gt;" in page


def test_a_bad_file_in_a_class_folder_is_one_line_each_and_exit_2(klass, capsys, tmp_path):
    cases, answers = klass
    _write(answers / "bad1.yaml", dict(_key("hip-seed", "T04"), decision="accept"))
    _write(answers / "bad2.yaml", dict(_key("hip-seed", "T05"), case_id="NOT-A-CASE"))
    out = tmp_path / "page"
    assert main(["grade", str(answers), "--cases", str(cases), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "bad1.yaml: decision" in err[0] and "bad2.yaml: case_id" in err[1]
    assert not out.exists()
