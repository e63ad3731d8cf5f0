"""Per-case override sidecars in a batch: ``<case stem>.overrides.yaml`` beside a case holds the
reviewer's overrides of that case. A batch applies it to the report and the letter, never reads
it as a case, turns a bad or orphaned one into an ``invalid`` row, and renders the case again
when its sidecar is added, changed or removed. A single case (``casekit review``/``report``)
takes overrides only from ``--overrides`` and says so in one line when a sidecar is beside it.

The batches that print letters need Chromium and the one that runs the notebook needs a kernel:
those are marked slow; the rest read files only.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml

import casekit
import casekit.run
from casekit import letter, render, report
from casekit.batch import _find_inputs, _validate, find_cases, run_batch
from casekit.cli import main
from casekit.wording import Phrase, phrase
from conftest import CASES

CASE = CASES / "hip-laterality.yaml"  # pends for the side finding alone
SIDECAR = CASES / "hip-laterality.overrides.yaml"  # the reviewer's pass of the side finding
OTHER = CASES / "hip-approve.yaml"
GIVEN = yaml.safe_load(SIDECAR.read_text())
REASON = GIVEN["overrides"][0]["reason"]
REVIEWER = GIVEN["reviewer"]
SIGNED = f"{REVIEWER['name']}, {REVIEWER['credentials']}"
CANARY = "CANARY-5d1c0b"  # planted in reasons and names: never in a row, a line or a page
needs_chromium = pytest.mark.skipif(render.find_chromium() is None, reason="no Chromium on PATH")


def _say(pack, key: str, **values) -> str:
    return phrase(pack, Phrase(key, values))


def _folder(tmp_path: Path, *files: Path, name: str = "in") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for f in files:
        shutil.copyfile(f, folder / f.name)
    return folder


def _bad_sidecar(path: Path, **entry) -> Path:
    data = {"reviewer": {"name": f"Dr {CANARY}"},
            "overrides": [{"rule": "laterality-mismatch", "status": "pass", "reason": f"Seen {CANARY}.", **entry}]}
    path.write_text(yaml.safe_dump(data))
    return path


def _rows(out: Path) -> dict[str, dict]:
    return {Path(r["input"]).name: r for r in json.loads((out / "manifest.json").read_text())["cases"]}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- finding the inputs -------------------------------------------------------------------------

def test_find_cases_lists_the_case_and_never_its_sidecar(tmp_path):
    folder = _folder(tmp_path, CASE, SIDECAR, OTHER)
    (folder / "hip-approve.overrides.JSON").write_text("{}")  # a sidecar in any letter case
    assert find_cases([str(folder)]) == [str(folder / OTHER.name), str(folder / CASE.name)]
    # a folder is searched with its subfolders (cases/teaching/ too)
    assert find_cases([str(CASES)]) == sorted(str(p) for p in CASES.rglob("*") if p != SIDECAR
                                              and p.suffix in (".yaml", ".json"))  # cases/fhir/ bundles too
    # named on its own, a sidecar is no case either
    assert find_cases([str(folder / SIDECAR.name)]) == []


def test_the_cases_of_the_examples_are_all_valid_and_the_sidecar_goes_with_its_case():
    invalid, valid = _validate(_find_inputs([str(CASES)], None), None)
    assert invalid == []
    counts = {Path(row["input"]).name: row["overrides"] for _, row in valid}
    assert SIDECAR.name not in counts
    assert counts[CASE.name] == len(GIVEN["overrides"])
    assert {n for n, c in counts.items() if c} == {CASE.name}


@pytest.mark.parametrize("named", ["folder", "file"])
def test_an_orphan_sidecar_is_one_invalid_line(tmp_path, named):
    folder = _folder(tmp_path, OTHER)
    orphan = folder / "ghost.overrides.yaml"
    shutil.copyfile(SIDECAR, orphan)
    inputs = [str(folder)] if named == "folder" else [str(orphan)]
    invalid, valid = _validate(_find_inputs(inputs, None), None)
    assert [Path(row["input"]).name for _, row in valid] == ([OTHER.name] if named == "folder" else [])
    (row,) = invalid
    assert row["input"] == str(orphan) and row["status"] == "invalid"
    assert row["error"].startswith(f"{orphan}: ") and "ghost.yaml|yml|json" in row["error"]
    assert "no case file" in row["error"] and "\n" not in row["error"]
    assert REASON not in row["error"] and REVIEWER["name"] not in row["error"]


# --- a sidecar that cannot be used --------------------------------------------------------------

BAD = {
    "unknown-rule": ({"rule": "laterality-mismatchh"}, "did you mean 'laterality-mismatch'?"),
    "unknown-status": ({"status": "passed"}, "overrides[0].status: 'passed' is not one of"),
    "empty-reason": ({"reason": " "}, "overrides[0].reason: must not be empty"),
    "unknown-key": ({"note": f"{CANARY} said so"}, "overrides[0].note: is not a field of an override file"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_sidecar_makes_only_its_case_invalid_without_its_text(tmp_path, name):
    entry, says = BAD[name]
    folder = _folder(tmp_path, CASE, OTHER)
    bad = _bad_sidecar(folder / "hip-laterality.overrides.yaml", **entry)
    invalid, valid = _validate(_find_inputs([str(folder)], None), None)
    assert [Path(row["input"]).name for _, row in valid] == [OTHER.name]
    (row,) = invalid
    assert (row["input"], row["id"], row["status"]) == (str(folder / CASE.name), "HIP-SIDE-0005", "invalid")
    assert row["error"].startswith(f"{bad}: ") and says in row["error"], row["error"]
    assert CANARY not in json.dumps(row)


def test_two_sidecars_beside_one_case_make_it_invalid(tmp_path):
    folder = _folder(tmp_path, CASE, SIDECAR)
    (folder / "hip-laterality.overrides.json").write_text(json.dumps(GIVEN))
    invalid, valid = _validate(_find_inputs([str(folder)], None), None)
    assert valid == []
    (row,) = invalid
    assert row["error"] == (f"{folder / CASE.name}: 2 override sidecars beside it (hip-laterality.overrides.json, "
                            "hip-laterality.overrides.yaml); keep one")


# --- a single case: no sidecar unless given, and one line saying so ------------------------------

def test_casekit_review_does_not_apply_the_sidecar_and_says_so_in_one_line(capsys):
    assert main(["review", str(CASE), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["decision"] == "pend"
    assert err.splitlines() == [f"casekit: note: {SIDECAR} beside the case is not applied; "
                                f"pass --overrides {SIDECAR}"]
    assert REASON not in err and REVIEWER["name"] not in err

    assert main(["review", str(CASE), "--json", "--overrides", str(SIDECAR)]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["decision"] == "approve" and err == ""

    assert main(["review", str(OTHER)]) == 0  # no sidecar: no note
    assert capsys.readouterr().err == ""


def test_casekit_report_does_not_apply_the_sidecar_and_says_so_in_one_line(tmp_path, capsys, monkeypatch):
    given = []

    def report_case(case_path, out_dir, **kw):
        given.append(kw["overrides"])
        return {}

    monkeypatch.setattr(casekit.run, "report_case", report_case)
    assert main(["report", str(CASE), "--out", str(tmp_path), "--to", "html"]) == 0
    assert given == [None]
    assert capsys.readouterr().err.splitlines() == [
        f"casekit: note: {SIDECAR} beside the case is not applied; pass --overrides {SIDECAR}"]
    assert main(["report", str(CASE), "--out", str(tmp_path), "--to", "html", "--overrides", str(SIDECAR)]) == 0
    assert given[-1] == str(SIDECAR) and capsys.readouterr().err == ""


# --- letter batches (no kernel; Chromium prints the letters) --------------------------------------

@pytest.mark.slow
@needs_chromium
def test_a_letter_batch_applies_the_sidecar_and_a_bad_or_orphan_sidecar_is_only_its_row(tmp_path, capsys):
    folder = _folder(tmp_path, CASE, SIDECAR, OTHER)
    _bad_sidecar(folder / "hip-approve.overrides.yaml", rule="laterality-mismatchh")
    shutil.copyfile(SIDECAR, folder / "ghost.overrides.yml")
    out = tmp_path / "out"

    assert main(["batch", str(folder), "--out", str(out), "--jobs", "1", "--to", "letter"]) == 1

    rows = _rows(out)
    assert set(rows) == {CASE.name, OTHER.name, "ghost.overrides.yml"}
    side = rows[CASE.name]
    assert (side["status"], side["decision"], side["failed_rules"], side["overrides"]) == ("ok", "approve", [], 1)
    expected = casekit.review(casekit.load_case(CASE), overrides=casekit.load_overrides(SIDECAR))
    assert (out / "HIP-SIDE-0005.letter.html").read_text(encoding="utf-8") == letter.letter_html(expected)
    assert rows[OTHER.name]["status"] == "invalid" and "did you mean" in rows[OTHER.name]["error"]
    assert rows["ghost.overrides.yml"]["status"] == "invalid"
    assert "ghost.yaml|yml|json" in rows["ghost.overrides.yml"]["error"]
    logs = capsys.readouterr().err + (out / "manifest.csv").read_text() + (out / "manifest.json").read_text() \
        + (out / "index.html").read_text()
    assert CANARY not in logs and REASON not in logs and REVIEWER["name"] not in logs


@pytest.mark.slow
@needs_chromium
def test_resume_renders_a_case_again_when_its_sidecar_is_added_changed_or_removed(tmp_path):
    folder = _folder(tmp_path, CASE, SIDECAR, OTHER)
    sidecar, out = folder / SIDECAR.name, tmp_path / "out"
    record = out / ".casekit" / "HIP-SIDE-0005.json"

    def batch() -> tuple[dict, set[str]]:
        stream = io.StringIO()
        summary = run_batch([str(folder)], out, jobs=1, formats=("letter",), stream=stream)
        assert summary["ok"] == 2, stream.getvalue()
        rendered = {line.split()[1] for line in stream.getvalue().splitlines()
                    if line.startswith("[") and "(already done)" not in line}
        return summary, rendered

    assert batch()[1] == {"HIP-SIDE-0005", "HIP-APPROVE-0002"}
    assert json.loads(record.read_text())["overrides_sha256"] == _sha256(sidecar)
    assert batch()[1] == set()  # nothing changed: nothing rendered

    sidecar.write_text(sidecar.read_text().replace("coding slip", "coding error"))  # the reason changed
    assert batch()[1] == {"HIP-SIDE-0005"}
    assert json.loads(record.read_text())["overrides_sha256"] == _sha256(sidecar)
    changed = casekit.review(casekit.load_case(CASE), overrides=casekit.load_overrides(sidecar))
    assert (out / "HIP-SIDE-0005.letter.html").read_text(encoding="utf-8") == letter.letter_html(changed)

    kept = sidecar.read_bytes()
    sidecar.unlink()  # removed: casekit's own finding again
    assert batch()[1] == {"HIP-SIDE-0005"}
    assert json.loads(record.read_text())["overrides_sha256"] == ""
    assert (_rows(out)[CASE.name]["decision"], _rows(out)[CASE.name]["overrides"]) == ("pend", 0)
    assert batch()[1] == set()

    sidecar.write_bytes(kept)  # added again
    assert batch()[1] == {"HIP-SIDE-0005"}
    assert (_rows(out)[CASE.name]["decision"], _rows(out)[CASE.name]["overrides"]) == ("approve", 1)


# --- the real notebook ---------------------------------------------------------------------------

@pytest.mark.slow
def test_a_batch_renders_the_sidecar_into_the_report_as_casekit_report_does(tmp_path):
    folder = _folder(tmp_path, CASE, SIDECAR, OTHER)
    out = tmp_path / "out"
    stream = io.StringIO()
    summary = run_batch([str(folder)], out, jobs=1, formats=("html",), stream=stream)
    assert (summary["ok"], summary["total"]) == (2, 2), stream.getvalue()

    rows = _rows(out)
    assert (rows[CASE.name]["decision"], rows[CASE.name]["failed_rules"], rows[CASE.name]["overrides"]) == \
        ("approve", [], 1)
    assert (rows[OTHER.name]["decision"], rows[OTHER.name]["overrides"]) == ("approve", 0)
    csv_text = (out / "manifest.csv").read_text()
    assert csv_text.splitlines()[0].split(",")[5] == "overrides"

    pack = casekit.review(casekit.load_case(CASE)).pack
    page = (out / "HIP-SIDE-0005.html").read_text(encoding="utf-8")
    assert html.escape(_say(pack, "heading.overrides")) in page
    assert html.escape(REASON) in page and html.escape(SIGNED) in page
    assert html.escape(report.decision_title(pack, "approve")) in page
    assert html.escape(report.decision_title(pack, "pend")) not in page
    logs = stream.getvalue() + csv_text + (out / "manifest.json").read_text() + (out / "index.html").read_text()
    assert REASON not in logs and REVIEWER["name"] not in logs

    # the notebook is given the sidecar as `casekit report --overrides` gives it: the same bytes
    alone = casekit.run.report_case(str(folder / CASE.name), str(tmp_path / "single"), formats=("html",),
                                    renderer="nbconvert", overrides=str(folder / SIDECAR.name))
    batch_nb = (out / "HIP-SIDE-0005.ipynb").read_bytes()
    assert batch_nb == Path(alone["ipynb"]).read_bytes()
    assert str(tmp_path).encode() not in batch_nb


@pytest.mark.parametrize("command", ["validate", "review"])
def test_a_sidecar_given_as_a_case_is_one_line_naming_its_case(command, capsys):
    assert main([command, str(SIDECAR)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "override file" in err[0] and "hip-laterality" in err[0] and "--overrides" in err[0]
    assert REASON[:30] not in err[0]
