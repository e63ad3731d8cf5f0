"""Loading case files: every problem reported at once, one line each, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import CaseError, load_case
from casekit.codes import normalise_code, side_of
from conftest import SEED


def write(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def problems_of(path: Path) -> list[str]:
    with pytest.raises(CaseError) as info:
        load_case(path)
    return info.value.problems


def test_seed_loads_with_contract_fields():
    case = load_case(SEED)
    assert case.id == "HIP-SEED-0001"
    assert case.primary_diagnosis.code == "M25.552"
    assert [v.date.isoformat() for v in case.visits] == ["2025-08-25", "2025-08-28", "2025-08-29"]
    assert case.visit_counts[0].visits == 18
    assert case.plan_of_care.planned_visits == 18


def test_impossible_date_is_a_field_error_not_a_crash(tmp_path):
    text = Path(SEED).read_text().replace("- date: 2025-08-28", "- date: 2025-02-30")
    lines = problems_of(write(tmp_path, text))
    assert lines == [f"{tmp_path / 'case.yaml'}: visits[1].date: '2025-02-30' is not a date (use YYYY-MM-DD)"]


def test_every_problem_reported_at_once(tmp_path):
    text = (Path(SEED).read_text()
            .replace("type: retrospective", "type: retro")
            .replace("age: 62", "age: -3")
            .replace("code: M25.552", "code: 'hip'")
            .replace("    kind: treatment\n    document: note-2025-08-28", "    kind: treatmnt\n    document: note-2025-08-28"))
    lines = problems_of(write(tmp_path, text))
    fields = [line.split(": ")[1] for line in lines]
    assert fields == ["review.type", "patient.age", "diagnoses[0].code", "visits[1].kind"]
    assert all(line.startswith(str(tmp_path / "case.yaml")) for line in lines)
    assert "'retro' is not one of 'retrospective', 'prospective' or 'concurrent'" in lines[0]


def test_unknown_field_and_missing_field(tmp_path):
    text = Path(SEED).read_text().replace("service: physical-therapy\n", "servce: physical-therapy\n")
    lines = problems_of(write(tmp_path, text))
    assert any(": service: is required" in line for line in lines)
    assert any(": servce: is not a field" in line for line in lines)


def test_yaml_syntax_error_names_line(tmp_path):
    lines = problems_of(write(tmp_path, "format: casekit/1\nid: [unclosed\n"))
    assert len(lines) == 1
    assert lines[0].startswith(f"{tmp_path / 'case.yaml'}: line 3, column 1: not valid YAML")


def test_json_case_loads_and_json_error_reported(tmp_path):
    import yaml
    data = yaml.safe_load(Path(SEED).read_text())
    good = write(tmp_path, json.dumps(data, default=str), "case.json")
    assert load_case(good).id == "HIP-SEED-0001"
    lines = problems_of(write(tmp_path, '{"format": "casekit/1",', "bad.json"))
    assert "not valid JSON" in lines[0]


def test_cross_field_problems(tmp_path):
    text = Path(SEED).read_text().replace("document: note-2025-08-29", "document: missing-doc")
    lines = problems_of(write(tmp_path, text))
    assert lines == [f"{tmp_path / 'case.yaml'}: visits[2].document: 'missing-doc' names no document "
                     "in documents[] (give the id of one)"]


SECRET = "Jane Roe MRN 99812 lives at 5 Elm St"


def test_note_text_never_in_messages(tmp_path):
    # The secret sits in note text wherever the loader has something to say about it: a note
    # that is not text, a note whose document lacks its date, a document that is only a
    # sentence, and a text field that visits do not have.
    text = (Path(SEED).read_text()
            .replace("    kind: evaluation\n    text: |\n",
                     f"    kind: evaluation\n    text:\n      note: {SECRET}\n    notes: |\n", 1)
            .replace("    date: 2025-08-28\n    kind: daily-note\n    text: |\n      Visit #2.",
                     f"    kind: daily-note\n    text: |\n      {SECRET}. Visit #2.")
            .replace("    kind: treatment\n    document: note-2025-08-28",
                     f"    kind: treatment\n    text: {SECRET}\n    document: note-2025-08-28")
            + f"  - {SECRET}\n")
    lines = problems_of(write(tmp_path, text))
    fields = [line.split(": ")[1] for line in lines]
    assert fields == ["visits[1].text", "documents[0].text", "documents[0].notes", "documents[1].date",
                      "documents[3]"], lines
    for line in lines:
        for part in ("Jane", "Roe", "99812", "Elm"):
            assert part not in line, line


def test_code_normalising_and_laterality_from_description():
    assert normalise_code("m25552") == "M25.552"
    assert normalise_code("M16.11") == "M16.11"
    assert normalise_code("25X") is None
    assert side_of("M25.551") == "right"
    assert side_of("M25.552") == "left"
    assert side_of("M25.559") == "unspecified"
    assert side_of("M16.0") == "bilateral"
    assert side_of("M16.12") == "left"


def test_cli_validate_exit_code_and_nothing_written(tmp_path):
    bad = write(tmp_path, Path(SEED).read_text().replace("2025-08-29\n    kind: treatment",
                                                         "2025-08-32\n    kind: treatment"))
    before = sorted(tmp_path.iterdir())
    proc = subprocess.run([sys.executable, "-m", "casekit.cli", "validate", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"{bad}: visits[2].date: '2025-08-32' is not a date (use YYYY-MM-DD)"
    assert "Traceback" not in proc.stderr
    assert sorted(tmp_path.iterdir()) == before


def test_a_repeated_block_is_refused_not_silently_replaced(tmp_path):
    seed = Path(SEED).read_text()
    twice = tmp_path / "twice.yaml"
    twice.write_text(seed + "\nvisits:\n  - {date: 2025-08-30, kind: treatment}\n")
    with pytest.raises(CaseError) as exc:
        load_case(twice)
    (line,) = exc.value.problems
    assert "'visits' appears twice in one block" in line and "keep one" in line
    # a key that is really note text, at the wrong indentation, is never echoed
    secret = "Patient Jane Roe reports knee pain after her fall"
    noted = tmp_path / "noted.yaml"
    noted.write_text(seed + f"\n{secret}: 1\n{secret}: 2\n")
    with pytest.raises(CaseError) as exc:
        load_case(noted)
    assert "a key appears twice" in str(exc.value) and "Jane" not in str(exc.value)
    as_json = tmp_path / "twice.json"
    as_json.write_text('{"format": "casekit/1", "id": "A", "id": "B"}')
    with pytest.raises(CaseError) as exc:
        load_case(as_json)
    assert exc.value.problems == [f"{as_json}: 'id' appears twice in one object (both on line 1); keep one"]


@pytest.mark.parametrize("old, new, field", [
    ("age: 62", "age: true", "patient.age"),
    ("    primary: true", "    primary: true\n    description: x", None)])
def test_booleans_are_not_counts(tmp_path, old, new, field):
    text = Path(SEED).read_text()
    assert old in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace(old, new, 1))
    if field is None:
        load_case(path)  # the control: a valid edit loads
        return
    with pytest.raises(CaseError) as exc:
        load_case(path)
    assert any(f"{field}: " in p and "not a whole number" in p for p in exc.value.problems), exc.value.problems


def test_an_infinite_measure_is_refused(tmp_path):
    text = Path(SEED).read_text() + "measures:\n  - {name: LEFS, date: 2025-08-25, value: .inf}\n"
    path = tmp_path / "inf.yaml"
    path.write_text(text)
    with pytest.raises(CaseError) as exc:
        load_case(path)
    assert any("measures[0].value" in p for p in exc.value.problems), exc.value.problems


def test_yaml_reads_booleans_and_integers_as_yaml_1_2_does():
    """YAML 1.1 made Ontario ('ON') a boolean, 'no' false and '010' octal eight."""
    from casekit.io import parse_text
    data = parse_text("a: ON\nb: 010\nc: true\nd: no\ne: 1_000\nf: FALSE\n", "x.yaml")
    assert data == {"a": "ON", "b": 10, "c": True, "d": "no", "e": 1000, "f": False}
