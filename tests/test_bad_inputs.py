"""The bad-input corpus (``tests/bad_inputs/``): every file is refused with one line per problem,
exit code 2 and nothing written, or validates with its warnings (``warn-*``); inputs too big to
keep as files are made here; and no message ever echoes patient data (the PHI canary).

Each corpus file starts with a header (a JSON file has it beside it, in ``NAME.json.about``)::

    # wrong: what is wrong with the file
    # expect: a fragment of the one line expected for each problem, in order
    # warn: (instead of expect) a fragment of each warning of a file that validates
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import casekit
from casekit import io as case_io
from casekit import limits
from casekit.cli import main
from casekit.run import outcome
from conftest import CASES, EXAMPLES, ROOT, SHARED_SEED

CORPUS = Path(__file__).parent / "bad_inputs"
FILES = sorted(p for p in CORPUS.iterdir() if p.suffix in {".yaml", ".json"})
BAD = [p for p in FILES if not p.name.startswith("warn-")]
WARN = [p for p in FILES if p.name.startswith("warn-")]


def header(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines at the top of a corpus file (or of its ``.about`` file)."""
    source = path.with_name(path.name + ".about") if path.suffix == ".json" else path
    out: dict[str, list[str]] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        out.setdefault(key, []).append(value)
    return out


def validate(capsys, *paths) -> tuple[int, str, list[str]]:
    """``casekit validate PATHS``: exit code, stdout, stderr lines."""
    code = main(["validate", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_the_corpus_covers_every_class_and_says_what_each_file_is():
    assert len(BAD) >= 40 and len(WARN) >= 8
    for path in FILES:
        h = header(path)
        assert h.get("wrong") and (h.get("expect") or h.get("warn")), path.name
        assert bool(h.get("warn")) == path.name.startswith("warn-"), path.name


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_a_bad_file_is_refused_one_line_per_problem_and_nothing_written(path, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(CORPUS.iterdir())
    code, out, lines = validate(capsys, path)
    expected = header(path)["expect"]
    assert code == 2
    assert out == ""
    assert len(lines) == len(expected), lines
    for line, fragment in zip(lines, expected):
        assert line.startswith(f"{path}: "), line
        assert fragment in line, line
    assert sorted(CORPUS.iterdir()) == before and not any(tmp_path.iterdir())


@pytest.mark.parametrize("path", WARN, ids=lambda p: p.name)
def test_a_warned_file_validates_and_says_what_is_odd(path, capsys):
    code, out, lines = validate(capsys, path)
    expected = header(path)["warn"]
    assert code == 0
    assert out.startswith(f"{path}: ok (")
    assert len(lines) == len(expected), lines
    for line, fragment in zip(lines, expected):
        assert line.startswith(f"warning: {path}: ") and fragment in line, line


def test_examples_and_the_seed_validate_without_warnings(capsys):
    paths = EXAMPLES + ([SHARED_SEED] if SHARED_SEED.exists() else [])
    code, out, lines = validate(capsys, *paths)
    assert code == 0 and lines == []
    assert out.count(": ok (") == len(paths)


def test_warnings_reach_the_review_its_json_outcome_and_report(capsys):
    path = CORPUS / "warn-frequency.yaml"
    (fragment,) = header(path)["warn"]
    assert main(["review", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    assert f"warning: {path}: {fragment}" in err
    (warning,) = json.loads(out)["warnings"]
    assert warning.startswith(fragment)
    review = casekit.review(casekit.load_case(path))
    assert review.warnings == (warning,)
    assert outcome(review)["warnings"] == [warning]
    assert f"  warnings:\n    - {warning}" in review.report().to_text()
    # a review without warnings keeps its JSON as it was (the goldens do not change)
    quiet = dataclasses.replace(review, warnings=())
    assert "warnings" not in quiet.to_dict() and "warnings" not in quiet.report().audit
    # the audit block escapes what it shows
    odd = dataclasses.replace(review, warnings=("plan_of_care: <script>x</script>",))
    html = odd.report().audit_html()
    assert "<script>" not in html and "<li>plan_of_care: &lt;script&gt;x&lt;/script&gt;</li>" in html


# --- inputs too big or too strange to keep as files ---------------------------------------------
MINIMAL = yaml.load((CORPUS / "bool-age.yaml").read_text().replace("age: true", "age: 58"),
                    Loader=case_io._StringDateLoader)  # dates stay text, as JSON has them


def write_json(tmp_path: Path, **fields) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**MINIMAL, **fields}), encoding="utf-8")
    return path


def test_the_minimal_case_is_valid(tmp_path, capsys):
    assert validate(capsys, write_json(tmp_path))[0] == 0


def refuse_to_open(monkeypatch, path: Path, error: BaseException) -> None:
    """``os.open`` of ``path`` raises ``error`` (other paths open as usual)."""
    real = os.open

    def fake(file, *args, **kwargs):
        if str(file) == str(path):
            raise error
        return real(file, *args, **kwargs)
    monkeypatch.setattr(case_io.os, "open", fake)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as f:
        f.truncate(limits.MAX_CASE_FILE_BYTES + 1)  # sparse: nothing to read, and nothing is read
    refuse_to_open(monkeypatch, path, AssertionError("opened a file over the limit"))
    code, _, lines = validate(capsys, path)
    assert code == 2 and lines == [f"{path}: is larger than 16 MiB; casekit reads case files of at most "
                                   f"{limits.MAX_CASE_FILE_BYTES} bytes"]


def test_a_fifo_or_a_device_is_refused_without_being_opened(tmp_path):
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)  # opening it would wait for a writer for ever
    proc = subprocess.run([sys.executable, "-m", "casekit", "validate", str(fifo), os.devnull],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [f"{fifo}: is a named pipe (FIFO), not a case file", f"{os.devnull}: is a character device, not a case file"]


def test_an_unreadable_file_is_one_clear_line(tmp_path, capsys, monkeypatch):
    path = write_json(tmp_path)
    # as root, a file of mode 000 still reads: the operating system's answer is made here
    refuse_to_open(monkeypatch, path, PermissionError(13, "Permission denied"))
    code, _, lines = validate(capsys, path)
    assert code == 2 and lines == [f"{path}: cannot be read (permission denied)"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode; the test above "
                    "covers the message")
def test_an_unreadable_file_on_disk(tmp_path, capsys):
    path = write_json(tmp_path)
    path.chmod(0)
    assert validate(capsys, path)[2] == [f"{path}: cannot be read (permission denied)"]


def test_a_document_over_the_limit_is_refused(tmp_path, capsys):
    text = "Knee pain 6/10. " * (limits.MAX_DOCUMENT_CHARS // 16) + "x"
    assert len(text) == limits.MAX_DOCUMENT_CHARS + 1
    path = write_json(tmp_path, documents=[{"id": "eval", "date": "2025-09-01", "kind": "evaluation",
                                            "text": text}])
    code, _, lines = validate(capsys, path)
    assert code == 2 and lines == [f"{path}: documents[0].text: is {limits.MAX_DOCUMENT_CHARS + 1} characters "
                                   f"long; casekit reads at most {limits.MAX_DOCUMENT_CHARS}"]


def test_all_text_over_the_case_limit_is_refused(tmp_path, capsys):
    each = limits.MAX_DOCUMENT_CHARS
    n = limits.MAX_CASE_TEXT_CHARS // each + 1
    docs = [{"id": f"note-{i}", "date": "2025-09-01", "kind": "daily-note", "text": "x" * each} for i in range(n)]
    code, _, lines = validate(capsys, write_json(tmp_path, documents=docs))
    assert code == 2 and len(lines) == 1
    assert lines[0].endswith(f": documents: hold {n * each} characters of text together; casekit reads at "
                             f"most {limits.MAX_CASE_TEXT_CHARS} a case")


@pytest.mark.parametrize("field, row, limit", [
    ("visits", {"date": "2025-09-01"}, limits.MAX_VISITS),
    ("measures", {"name": "grip", "date": "2025-09-01", "value": 20, "unit": "kg"}, limits.MAX_ITEMS),
    ("documents", {"id": "d", "date": "2025-09-01", "kind": "other"}, limits.MAX_ITEMS)])
def test_more_entries_than_the_limit_are_refused(tmp_path, capsys, field, row, limit):
    code, _, lines = validate(capsys, write_json(tmp_path, **{field: [row] * (limit + 1)}))
    assert code == 2 and len(lines) == 1
    assert lines[0].endswith(f": {field}: has {limit + 1} entries; casekit reads at most {limit}")


def test_a_text_field_over_the_limit_is_refused_without_echoing_it(tmp_path, capsys):
    long = "Unilateral primary osteoarthritis, right knee. " * (limits.MAX_TEXT_FIELD_CHARS // 47 + 1)
    code, _, lines = validate(capsys, write_json(tmp_path, diagnoses=[
        {"code": "M17.11", "primary": True, "description": long.strip()}]))
    assert code == 2 and len(lines) == 1 and "osteoarthritis" not in lines[0]
    assert lines[0].endswith(f": diagnoses[0].description: is {len(long.strip())} characters long; casekit "
                             f"reads at most {limits.MAX_TEXT_FIELD_CHARS}")


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_nesting_at_the_limit_is_read_and_one_level_more_is_refused(tmp_path, capsys, suffix):
    def case_with(depth: int) -> Path:  # the case's own mapping is the first level
        path = tmp_path / f"case{suffix}"
        path.write_text(json.dumps(MINIMAL)[:-1] + ', "extra": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}")
        return path  # JSON is YAML too
    path = case_with(limits.MAX_NESTING)
    assert validate(capsys, path)[2] == [f"{path}: extra: is not a field of the casekit/1 format (check "
                                         "the spelling in case-format.md)"]
    lines = validate(capsys, case_with(limits.MAX_NESTING + 1))[2]
    assert len(lines) == 1 and lines[0].endswith(f"nested more than {limits.MAX_NESTING} deep; the casekit/1 "
                                                 "format needs at most 5")


def test_a_fifo_in_a_list_of_cases_does_not_stop_the_others(tmp_path, capsys):
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    code, out, lines = validate(capsys, fifo, CASES / "knee-approve.yaml")
    assert code == 2 and lines == [f"{fifo}: is a named pipe (FIFO), not a case file"] and ": ok (" in out


# --- PHI canary: no patient value reaches any output ----------------------------------------------
CANARY = "ZZCANARY"
# every field of patient or claim data, and free text in the wrong places
BAD_PHI = f"""format: casekit/1
id: PHI-1
service: physical-therapy
review:
  type: retrospective
  decided_on: 2025-12-01
  under_review: {{from: 2025-09-01, to: 2025-10-15}}
  claim_id: [{CANARY}-CLAIM]
  member_id: {{{CANARY}: 1}}
  provider: {{name: [{CANARY} Dr Jones], npi: {CANARY}12, {CANARY}: 1}}
  reviewer: {{name: [{CANARY}], licence: [{CANARY}-LIC], {CANARY}x: 2}}
patient:
  age: {CANARY}-MRN-12345
  sex: {CANARY} Smithson
  name: [{CANARY} Jane Roe]
  mrn: {{{CANARY}: 1}}
  birth_date: {CANARY}
  {CANARY}: Roe
diagnoses:
  - {{code: M17.11, primary: true, description: [{CANARY} Jane's knee]}}
visits:
  - {{date: 2025-09-01, kind: evaluation, document: {CANARY} Jane eval}}
documents:
  - id: {CANARY} Jane eval
    date: 2025-09-01
    kind: evaluation
    author: [{CANARY} Author]
    text: {{{CANARY}: Jane Roe fell}}
    {CANARY} Jane Roe said the knee hurts: yes
  - id: {CANARY} Jane eval
    date: 2025-09-02
    kind: daily-note
    text: {CANARY} note
  - {CANARY} Jane Roe, a note line at the wrong indentation
measures:
  - {{name: {CANARY} Jane pain, date: 2025-09-01, value: 50, unit: /10}}
"""


def _canary_files(tmp_path: Path) -> list[Path]:
    """Bad cases with the canary in every patient field and wrong place: YAML, a repeated odd
    key (YAML and JSON), and the same case as JSON."""
    out = []
    for name, text in (
            ("phi.yaml", BAD_PHI),
            ("phi-repeat.yaml", BAD_PHI + f"{CANARY} Jane Roe said: 1\n{CANARY} Jane Roe said: 2\n"),
            ("phi-repeat.json", json.dumps(MINIMAL)[:-1] + f', "{CANARY} Roe": 1, "{CANARY} Roe": 2}}')):
        (tmp_path / name).write_text(text, encoding="utf-8")
        out.append(tmp_path / name)
    as_json = tmp_path / "phi.json"
    as_json.write_text(json.dumps(yaml.load(BAD_PHI, Loader=case_io._StringDateLoader)), encoding="utf-8")
    # fields that validate one by one, wrong together: the cross-field messages name ids
    crossed = tmp_path / "phi-crossed.json"
    doc = {"id": f"{CANARY} Jane note", "date": "2025-09-01", "kind": "daily-note", "text": "pain 3/10"}
    crossed.write_text(json.dumps({**MINIMAL, "documents": [doc, doc], "visits": [
        {"date": "2025-09-01", "document": f"{CANARY} Jane eval"}], "measures": [
        {"name": f"{CANARY} Jane pain", "date": "2025-09-01", "value": 50, "unit": "/10"}]}), encoding="utf-8")
    return out + [as_json, crossed]


def test_no_message_echoes_a_patient_value_or_note_text(tmp_path, capsys):
    for path in _canary_files(tmp_path):
        for args in (["validate", str(path)], ["review", str(path)], ["review", str(path), "--json"]):
            assert main(args) == 2
            out, err = capsys.readouterr()
            assert err and CANARY not in out + err and "Jane" not in err and "Roe" not in err, err
    # the whole case's problems are found, each named by its field, none by its value
    assert main(["validate", str(tmp_path / "phi.yaml")]) == 2
    fields = {line.split(": ")[1] for line in capsys.readouterr().err.splitlines()}
    assert {"review.claim_id", "review.member_id", "review.provider", "review.provider.name",
            "review.provider.npi", "review.reviewer", "review.reviewer.name", "review.reviewer.licence",
            "patient", "patient.age", "patient.sex", "patient.name", "patient.mrn", "patient.birth_date",
            "diagnoses[0].description", "documents[0]", "documents[0].author",
            "documents[0].text", "documents[2]"} <= fields, fields
    assert main(["validate", str(tmp_path / "phi-crossed.json")]) == 2
    fields = [line.split(": ")[1] for line in capsys.readouterr().err.splitlines()]
    assert fields == ["documents[1].id", "visits[0].document", "measures[0].value"]


def test_a_valid_case_with_patient_data_prints_none_of_it(tmp_path):
    """Through the real command line: validate and review (text and JSON) of a case whose patient,
    claim, provider, reviewer and author fields hold the canary, with a warning to show."""
    text = (CASES / "knee-approve.yaml").read_text()
    text = text.replace("patient: {age: 58, sex: female}", "patient: {age: 58, sex: female, name: "
                        f"{CANARY} Jane Roe, mrn: {CANARY}-MRN, birth_date: 1940-02-03}}")
    text = text.replace("  under_review: {from: 2025-09-08, to: 2025-10-16}\n",
                        "  under_review: {from: 2025-09-08, to: 2025-10-16}\n"
                        f"  claim_id: {CANARY}-CLM\n  member_id: {CANARY}-MEM\n"
                        f"  provider: {{name: {CANARY} Dr Who, npi: '1234567890'}}\n"
                        f"  reviewer: {{name: {CANARY} Rev, licence: {CANARY}-LIC}}\n")
    text = text.replace("    author: PT, DPT\n", f"    author: {CANARY} Author\n")
    assert text.count(CANARY) == 8
    path = tmp_path / "case.yaml"
    path.write_text(text)
    for args in (["validate"], ["review"], ["review", "--json"]):
        proc = subprocess.run([sys.executable, "-m", "casekit", args[0], str(path), *args[1:]],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr
        assert f"warning: {path}: patient.age: disagrees with patient.birth_date" in proc.stderr
        assert CANARY not in proc.stdout + proc.stderr
