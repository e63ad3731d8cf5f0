"""Reviewer overrides: a reviewer sets a check's status with a reason, the determination is
recomputed, and the report, the JSON and the audit show casekit's finding beside the reviewer's."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import casekit
import casekit.notebook
import casekit.run
from casekit import report
from casekit.cli import main
from casekit.errors import UsageError
from casekit.wording import Phrase, phrase
from conftest import CASES, ROOT, SEED

CASE = CASES / "hip-laterality.yaml"  # pends for the side finding alone
APPROVING = CASES / "hip-approve.yaml"
FILE = CASES / "hip-laterality.overrides.yaml"  # its sidecar
GIVEN = yaml.safe_load(FILE.read_text())  # what the reviewer wrote, as the tests expect to see it
REASON = GIVEN["overrides"][0]["reason"]
REVIEWER = GIVEN["reviewer"]
SIGNED = f"{REVIEWER['name']}, {REVIEWER['credentials']}"
CANARY = "CANARY-7f3e9a"  # planted in reasons and names: never in an error


def cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "casekit.cli", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def _say(pack, key: str, **values) -> str:
    return phrase(pack, Phrase(key, values))


@pytest.fixture(scope="module")
def base():
    return casekit.review(casekit.load_case(CASE))


@pytest.fixture(scope="module")
def overruled():
    return casekit.review(casekit.load_case(CASE), overrides=casekit.load_overrides(FILE))


# --- the done-when: overruling the side finding approves --------------------------------------

def test_the_example_case_pends_for_the_side_finding_alone(base):
    assert base.decision == "pend"
    assert base.determination.decisive_rules == ("laterality-mismatch",)
    assert [c.rule for c in base.failed if c.severity in ("critical", "major")] == ["laterality-mismatch"]


def test_overruling_the_side_finding_approves_and_the_json_keeps_both(base, overruled):
    assert overruled.decision == "approve"
    side = overruled.check("laterality-mismatch")
    assert (side.status, side.casekit_status) == ("pass", "fail")
    assert side.casekit_statement == base.check("laterality-mismatch").statement
    assert overruled.determination.documentation_needed == ()
    assert {line.decision for line in overruled.lines} == {"approve"}

    data = json.loads(overruled.to_json())
    assert data["decision"] == data["determination"]["decision"] == "approve"
    assert data["action_code"] == "A1"
    assert data["overrides"] == [{
        "rule": "laterality-mismatch", "status": "pass", "reason": REASON,
        "reviewer": {"name": REVIEWER["name"], "credentials": REVIEWER["credentials"],
                     "licence": REVIEWER["licence"]},
        "casekit_status": "fail", "casekit_statement": base.check("laterality-mismatch").statement}]
    check = next(c for c in data["checks"] if c["rule"] == "laterality-mismatch")
    assert (check["status"], check["casekit_status"]) == ("pass", "fail")
    assert REASON in check["statement"]
    # every other check is casekit's own, without the override's fields
    assert all("casekit_status" not in c for c in data["checks"] if c["rule"] != "laterality-mismatch")
    assert "overrides" not in json.loads(base.to_json())


def test_the_report_shows_the_override_its_reason_and_the_reviewer(base, overruled):
    p = overruled.pack
    rep = overruled.report()
    casekit_statement = base.check("laterality-mismatch").statement
    section = rep.section("overrides")
    assert section is not None and section.title == _say(p, "heading.overrides")
    assert section.table.rows == (("laterality-mismatch", "fail", casekit_statement, "pass", REASON, SIGNED),)
    assert rep.section("overrides") is not None and base.report().section("overrides") is None

    text = rep.to_text()
    assert f"Determination: {report.decision_title(p, 'approve')}" in text.splitlines()[1]
    assert f"| laterality-mismatch | fail | {casekit_statement} | pass | {REASON} | {SIGNED} |" in text
    # the criteria table gives the final status and marks the row
    marked = _say(p, "override.status-cell", status="pass", casekit_status="fail")
    assert f"| laterality-mismatch | {marked} | major |" in text
    # the overruled failure is no longer an issue anywhere in the findings or the decision
    findings = [it.text for s in rep.sections if s.key in rep.part_keys for child in s.children for it in child.items]
    assert casekit_statement not in findings and casekit_statement in base.report().to_text()
    assert casekit_statement not in overruled.determination.reasons
    assert casekit_statement not in rep.section("recommendation").items[0].text

    page = rep.to_html()
    assert html.escape(REASON) in page and html.escape(SIGNED) in page
    assert html.escape(report.decision_title(p, "approve")) in rep.banner_html()


def test_the_audit_block_lists_each_override_by_whom(overruled):
    rep = overruled.report()
    p = overruled.pack
    label = _say(p, "override.audit-label")
    entry = _say(p, "override.audit", rule="laterality-mismatch", casekit_status="fail", status="pass", reviewer=SIGNED)
    assert rep.audit[label] == [entry]
    assert html.escape(entry) in rep.audit_html()
    assert f"    - {entry}" in rep.to_text()


def test_the_review_text_marks_the_overridden_rule(overruled):
    rows = [line for line in overruled.to_text().splitlines() if " laterality-mismatch " in line]
    mark = _say(overruled.pack, "override.text-mark", casekit_status="fail")
    assert len(rows) == 1 and rows[0].rstrip().endswith(mark)
    assert sum(mark in line for line in overruled.to_text().splitlines()) == 1


def test_reviewer_text_is_escaped_in_the_report(base):
    hostile = base.override("laterality-mismatch", "pass", "<script>alert(1)</script> & done",
                            {"name": "<b>Dr X</b>", "credentials": "PT"})
    page = hostile.report().to_html()
    assert "<script>alert(1)</script>" not in page and "<b>Dr X</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; done" in page and "&lt;b&gt;Dr X&lt;/b&gt;, PT" in page


# --- overrides to fail, and in Python ---------------------------------------------------------

def test_an_override_to_fail_decides_as_its_severity_says_with_the_reviewers_reason():
    ok = casekit.review(casekit.load_case(APPROVING))
    assert ok.decision == "approve" and ok.check("laterality-mismatch").status == "pass"
    assert ok.check("laterality-mismatch").severity == "major"
    assert not any(row.rule == "laterality-mismatch" for row in ok.pack.decision.table)  # severity decides
    reason = "The operative report names the right hip; the notes say left. Which side was treated?"
    r = ok.override("laterality-mismatch", "fail", reason, "A. Reviewer")
    assert r.decision == "pend"  # a major failure with no row of its own pends
    assert r.determination.decisive_rules == ("laterality-mismatch",)
    assert reason in r.determination.reasons[0]
    assert ok.check("laterality-mismatch").statement not in r.determination.reasons[0]
    assert reason.split(". ")[0] in r.determination.summary
    assert {line.reason for line in r.lines} == {r.check("laterality-mismatch").reason}
    assert reason.split(". ")[0] in r.check("laterality-mismatch").reason
    findings = r.report().to_text()
    assert f"- {r.check('laterality-mismatch').statement}" in findings  # listed as an issue
    assert json.loads(r.to_json())["decision"] == "pend"


def test_an_override_to_fail_of_a_rule_the_table_denies_on_denies_with_the_notice():
    ok = casekit.review(casekit.load_case(APPROVING))
    rows = [row for row in ok.pack.decision.table if row.rule == "no-functional-progress"]
    assert rows and rows[0].effect == "deny"
    r = ok.override("no-functional-progress", "fail", "The LEFS change is within its error", "A. Reviewer")
    assert r.decision == "deny"
    assert "The LEFS change is within its error" in r.determination.notice["specific_reason"]
    reason = next(e for e in r.determination.notice["elements"] if e["id"] == "specific-reason")
    assert "The LEFS change is within its error" in reason["text"]
    assert any(reason["text"] in item.text for item in r.report().section("notice").items)
    assert report.decision_title(r.pack, "deny") in r.report().banner_html()


def test_a_reviewer_written_as_a_name_alone_signs_the_override(tmp_path):
    f = tmp_path / "by-name.yaml"
    f.write_text(yaml.safe_dump({"reviewer": "Dana Reyes, PT", "overrides": [_entry()]}))
    (o,) = casekit.load_overrides(str(f))
    assert o.reviewer.name == "Dana Reyes, PT" and o.reviewer.credentials is None


def test_a_second_override_replaces_the_first_and_settings_keep_them(base):
    first = base.override("laterality-mismatch", "pass", "First reading.")
    second = first.override("laterality-mismatch", "fail", "Second reading.")
    assert [o.reason for o in second.overrides] == ["Second reading."]
    assert second.decision == "pend" and second.check("laterality-mismatch").casekit_status == "fail"
    both = first.override("symptom-fluctuation", "pass", "Two reports on file.")
    assert [o.rule for o in both.overrides] == ["laterality-mismatch", "symptom-fluctuation"]
    again = first.with_settings(gap_limit_days=90)
    assert again.overrides == first.overrides and again.decision == "approve"


def test_a_pitfall_that_needs_an_overruled_failure_goes_with_it():
    seed = casekit.review(casekit.load_case(SEED))
    assert seed.check("visits-over-benchmark").pitfall and seed.check("no-functional-progress").failed
    r = seed.override("no-functional-progress", "pass", "Function did improve: gait aid dropped.")
    assert r.check("visits-over-benchmark").pitfall is None


@pytest.mark.parametrize("args, says", [
    (("laterality-mismatchh", "pass", "x"), "did you mean 'laterality-mismatch'?"),
    (("laterality-mismatch", "passed", "x"), "'pass', 'fail', 'not-applicable' or 'insufficient-data'"),
    (("laterality-mismatch", "pass", "  "), "reason: must not be empty"),
])
def test_a_bad_override_in_python_is_a_usage_error(base, args, says):
    with pytest.raises(UsageError) as err:
        base.override(*args)
    assert says in str(err.value) and len(str(err.value).splitlines()) == 1


def test_without_a_reviewer_the_cases_reviewer_signs(tmp_path):
    text = CASE.read_text().replace("  type: retrospective\n",
                                    "  type: retrospective\n  reviewer: {name: Case Reviewer, credentials: MD}\n")
    path = tmp_path / "signed.yaml"
    path.write_text(text)
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump({"overrides": [{"rule": "laterality-mismatch", "status": "pass",
                                                   "reason": "Left hip confirmed."}]}))
    overrides = casekit.load_overrides(bare)
    signed = casekit.review(casekit.load_case(path), overrides=overrides)
    assert signed.report().section("overrides").table.rows[0][-1] == "Case Reviewer, MD"
    assert json.loads(signed.to_json())["overrides"][0]["reviewer"]["name"] == "Case Reviewer"
    unsigned = casekit.review(casekit.load_case(CASE), overrides=overrides)
    assert unsigned.report().section("overrides").table.rows[0][-1] == _say(unsigned.pack, "attestation.not-given")
    assert json.loads(unsigned.to_json())["overrides"][0]["reviewer"] is None


def test_the_files_parsed_content_is_read_as_the_file_is():
    assert casekit.load_overrides(GIVEN) == casekit.load_overrides(FILE)


# --- the command line -------------------------------------------------------------------------

def test_casekit_review_with_overrides_approves_and_marks_the_rule(base):
    proc = cli("review", str(CASE), "--overrides", str(FILE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("HIP-SIDE-0005: APPROVE")
    mark = _say(base.pack, "override.text-mark", casekit_status="fail")
    assert [line for line in proc.stdout.splitlines() if mark in line][0].split()[:2] == ["laterality-mismatch", "pass"]
    assert REASON not in proc.stderr and proc.stderr == ""


def test_casekit_review_json_with_overrides(base):
    proc = cli("review", str(CASE), "--overrides", str(FILE), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["decision"] == "approve"
    assert [(o["rule"], o["status"], o["casekit_status"], o["reason"], o["reviewer"]["name"])
            for o in data["overrides"]] == [("laterality-mismatch", "pass", "fail", REASON, REVIEWER["name"])]


def _entry(**fields) -> dict:
    return {"rule": "laterality-mismatch", "status": "pass", "reason": f"Reason {CANARY}", **fields}


BAD = {
    "unknown-rule": ({"overrides": [_entry(rule="laterality-mismatchh")]},
                     "overrides[0].rule: 'laterality-mismatchh' is not a rule",
                     "(did you mean 'laterality-mismatch'?)"),
    "bad-status": ({"overrides": [_entry(status="passed")]}, "overrides[0].status: 'passed' is not one of",
                   "'pass', 'fail', 'not-applicable' or 'insufficient-data'"),
    "empty-reason": ({"reviewer": {"name": CANARY}, "overrides": [_entry(reason="   ")]},
                     "overrides[0].reason: must not be empty", "reason"),
    "missing-reason": ({"overrides": [{"rule": "plateau", "status": "pass"}]}, "overrides[0].reason: is required",
                       "required"),
    "unknown-key": ({"overrides": [_entry(note=f"{CANARY}")]}, "overrides[0].note: is not a field of an override file",
                    "rule, status, reason, reviewer"),
    "key-of-free-text": ({"overrides": [_entry(**{f"{CANARY} said so": 1})]}, "overrides[0]: an unknown field",
                         "not a field of an override file"),
    "reason-not-text": ({"overrides": [_entry(reason=[CANARY])]}, "overrides[0].reason: a list is not text", "text"),
    "number-reason": ({"overrides": [_entry(reason=78123456)]}, "overrides[0].reason: the value given is not text",
                      "text"),
    "reviewer-not-mapping": ({"reviewer": [CANARY], "overrides": [_entry()]}, "reviewer:", "mapping"),
    "rule-twice": ({"overrides": [_entry(), _entry(status="fail")]},
                   "overrides[1].rule: 'laterality-mismatch' is overridden already by overrides[0]", "keep one"),
    "not-a-mapping": ([_entry()], "(top level): expected a mapping with `overrides:`", "reviewer"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_override_file_is_one_line_exit_2_and_no_patient_data(tmp_path, capsys, name):
    data, says, expects = BAD[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data))
    assert main(["review", str(CASE), "--overrides", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{path}: {says}") and expects in lines[0], lines[0]
    assert CANARY not in err and "78123456" not in err


def test_a_key_twice_is_refused_with_both_lines(tmp_path, capsys):
    path = tmp_path / "twice.yaml"
    path.write_text(f"overrides:\n  - rule: plateau\n    status: pass\n    reason: {CANARY}\n"
                    f"    reason: {CANARY} again\n")
    assert main(["review", str(CASE), "--overrides", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [f"{path}: line 5, column 5: not valid YAML ('reason' appears twice in one "
                                        "block (lines 4 and 5); keep one)"]
    assert CANARY not in err


def test_casekit_report_refuses_a_bad_file_before_any_kernel(tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(casekit.notebook, "execute", lambda *a, **k: started.append(a))
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"overrides": [_entry(rule="laterality-mismatchh")]}))
    out = tmp_path / "out"
    assert main(["report", str(CASE), "--out", str(out), "--to", "html", "--overrides", str(path)]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'laterality-mismatch'?" in err and CANARY not in err
    assert started == [] and not out.exists()


def test_the_notebook_is_given_the_file_relative_to_the_cases_folder(tmp_path, monkeypatch):
    """The kernel runs in the case's folder: the parameter names the file from there, so the
    same files give the same notebook from wherever they are rendered."""
    seen = {}

    class Stop(Exception):
        pass

    def execute(path, params, cwd=None, **kw):
        seen.update(params, cwd=cwd)
        raise Stop

    monkeypatch.setattr(casekit.notebook, "execute", execute)
    with pytest.raises(Stop):
        casekit.run.report_case(str(CASE), str(tmp_path), formats=("html",), overrides=str(FILE))
    assert seen["overrides"] == FILE.name  # the sidecar sits beside the case
    assert (Path(seen["cwd"]) / seen["overrides"]).resolve() == FILE.resolve()
    from casekit.overrides import kernel_path
    assert kernel_path(FILE, CASE) == seen["overrides"]


# --- the real notebook (slow) -----------------------------------------------------------------

@pytest.mark.slow
def test_casekit_report_renders_the_overridden_review_the_same_from_any_folder(tmp_path, base):
    """`casekit report --overrides` runs the notebook on the overridden review; the case and its
    override file copied to another folder give the same notebook and HTML bytes."""
    outs = []
    for run_name in ("a", "b"):
        where = tmp_path / f"copy-{run_name}"
        (where / "cases").mkdir(parents=True)
        (where / "reviewer").mkdir()
        shutil.copyfile(CASE, where / "cases" / CASE.name)
        shutil.copyfile(FILE, where / "reviewer" / FILE.name)  # in a folder of its own: found by its path
        out = tmp_path / f"out-{run_name}"
        proc = cli("report", str(where / "cases" / CASE.name), "--out", str(out), "--to", "html",
                   "--renderer", "nbconvert", "--overrides", str(where / "reviewer" / FILE.name),
                   cwd=where if run_name == "a" else tmp_path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        outs.append(out)
    for ext in ("ipynb", "html"):
        a, b = (o / f"HIP-SIDE-0005.{ext}" for o in outs)
        assert a.read_bytes() == b.read_bytes(), f"{ext} differs"
    page = (outs[0] / "HIP-SIDE-0005.html").read_text(encoding="utf-8")
    p = base.pack
    assert html.escape(_say(p, "heading.overrides")) in page
    assert html.escape(REASON) in page and html.escape(SIGNED) in page
    assert html.escape(report.decision_title(p, "approve")) in page
    assert html.escape(report.decision_title(p, "pend")) not in page
    assert html.escape(_say(p, "override.status-cell", status="pass", casekit_status="fail")) in page
    assert str(tmp_path) not in (outs[0] / "HIP-SIDE-0005.ipynb").read_text(encoding="utf-8")


def test_in_jupyter_a_review_shows_its_overrides(base, overruled):
    heading = html.escape(_say(overruled.pack, "heading.overrides"))
    assert heading in overruled._repr_html_() and heading not in base._repr_html_()
