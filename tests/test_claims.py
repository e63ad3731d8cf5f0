"""Claims extracts: the column contract, bad rows, the PT filter, Parquet, and the case files
written from claims (the seed's visit history reviews as the seed does)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from casekit import claims
from casekit.io import load_case, validate_data
from casekit.reviewing import review

ROOT = Path(__file__).resolve().parent.parent
EXTRACT = ROOT / "cases" / "claims" / "extract.csv"
SEED = ROOT / "cases" / "hip-seed.yaml"
SEED_MEMBER = "MBR-1001"
HEADER = ("member_id,claim_id,line_no,dos,hcpcs,modifiers,units,dx1,dx2,dx_pointer,rendering_npi,paid,"
          "birth_date,sex,line_of_business")


def _write(tmp_path: Path, rows: list[str], name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    return path


def _cli(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casekit", *argv], capture_output=True, text=True,
                          cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def _statuses(result) -> dict[str, str]:
    return {c["rule"]: c["status"] for c in json.loads(result.to_json())["checks"]}


# --- the seed's history from claims -----------------------------------------------------------------

def test_the_seed_history_from_claims_reviews_as_the_seed():
    seed = load_case(SEED)
    lines = claims.read(EXTRACT)
    data = claims.into(seed, lines, member=claims.member_key(SEED_MEMBER))
    from_claims = review(validate_data(data, "from-claims.yaml"))
    original = review(seed)
    a, b = json.loads(original.to_json()), json.loads(from_claims.to_json())
    assert b["decision"] == a["decision"]
    assert b["metrics"] == a["metrics"]
    assert b["action_code"] == a["action_code"]
    # one line per date and billed code: the claims name the codes, the decision per date is the same
    by_date = lambda r: sorted({(ln["date"], ln["decision"]) for ln in r["lines"]})  # noqa: E731
    assert by_date(b) == by_date(a)
    before, after = _statuses(original), _statuses(from_claims)
    assert set(before) == set(after)
    changed = {r: (before[r], after[r]) for r in before if before[r] != after[r]}
    # the claims add billed codes and units the seed's YAML lacks: a check the seed could not make
    # may now be made and pass; no status may change otherwise
    assert all(old == "not-applicable" and new == "pass" for old, new in changed.values()), changed


def test_into_keeps_the_notes_and_takes_the_claims_history():
    seed = load_case(SEED)
    data = claims.into(seed, claims.read(EXTRACT), member=claims.member_key(SEED_MEMBER))
    case = validate_data(data, "x.yaml")
    assert [d.id for d in case.documents] == [d.id for d in seed.documents]
    assert [v.date for v in case.visits] == [v.date for v in seed.visits]
    assert [v.kind for v in case.visits] == [v.kind for v in seed.visits]
    assert [v.document for v in case.visits] == [v.document for v in seed.visits]
    assert all(v.codes for v in case.visits)
    (block,) = case.visit_counts
    (old,) = seed.visit_counts
    assert (block.from_, block.to, block.visits) == (old.from_, old.to, old.visits)
    assert block.source == "claims"
    assert case.review.member_id == SEED_MEMBER


def test_into_refuses_a_case_without_a_member(tmp_path):
    with pytest.raises(claims.UsageError):
        claims.into(load_case(SEED), claims.read(EXTRACT))
    with pytest.raises(claims.UsageError):
        claims.into(load_case(SEED), claims.read(EXTRACT), member="000000000000")


def test_import_writes_one_phi_free_case_per_member_and_condition(tmp_path):
    run = _cli("import", "claims", str(EXTRACT), "--out", str(tmp_path))
    assert run.returncode == 0, run.stderr
    lines = claims.read(EXTRACT)
    pt = lines.pt
    expected = {(m, claims.condition_of(d)) for m, d in zip(pt["member_id"], pt["dx"])}
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) == len(expected)
    members = set(pt["member_id"]) | set(lines.frame["claim_id"])
    for f in files:
        text = f.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        assert not any(m in f.name or m in data["id"] for m in members)
        assert data["review"]["member_id"] in set(pt["member_id"])
        assert data["visits"] and data["review"]["type"] == "retrospective"
    for m in members:
        assert m not in run.stdout and m not in run.stderr


def test_an_imported_case_counts_earlier_episodes_and_takes_age_from_birth_date(tmp_path):
    lines = claims.read(EXTRACT)
    cases = {(d["review"]["member_id"], d["diagnoses"][0]["code"]): (d, missing)
             for d, missing in claims.cases_of(lines)}
    data, missing = cases[(SEED_MEMBER, "M25.552")]
    assert missing == []
    case = validate_data(data, "x.yaml")
    assert case.patient.age == 62 and case.patient.sex == "female"  # born 1963-03-14, last visit 2025-08-29
    assert [v.kind for v in case.visits] == ["evaluation", "treatment", "treatment"]
    assert case.visit_counts[0].visits == 18
    # a member without birth date or sex: a skeleton that says so, no age invented
    skeletons = [(d, m) for d, m in cases.values() if m]
    assert skeletons and all("age" not in d["patient"] for d, _ in skeletons)
    assert all("patient.age" in m for _, m in skeletons)


# --- bad rows and the PT filter ---------------------------------------------------------------------

GOOD = "A1,C1,1,2025-01-02,97110,GP,2,M25.552,,1,1234567893,40.00,1960-01-01,F,commercial"


def test_bad_rows_are_listed_by_line_and_nothing_is_written(tmp_path):
    path = _write(tmp_path, [
        GOOD,
        "A1,C2,1,2025-02-30,97110,GP,2,M25.552,,1,1234567893,40.00,,,",     # line 3: impossible date
        "A2,C3,1,2025-01-05,9711,GP,1.5,M25.5522X,,1,123,abc,,,",           # line 4: code, units, dx, npi, paid
        ",C4,1,2025-01-05,97110,GP,0,M25.552,,3,,,,,",                      # line 5: member, units, pointer
    ])
    lines = claims.read(path)
    assert lines.bad_rows == 3 and lines.total == 4 and len(lines.frame) == 1
    where = {(p.split(": ")[0], p.split(": ")[1]) for p in lines.problems}
    assert ("x.csv line 3", "dos") in where
    assert {("x.csv line 4", c) for c in ("hcpcs", "units", "dx1", "rendering_npi", "paid")} <= where
    assert {("x.csv line 5", c) for c in ("member_id", "units", "dx_pointer")} <= where
    out = tmp_path / "out"
    run = _cli("import", "claims", str(path), "--out", str(out))
    assert run.returncode == 2
    assert not out.exists() or not any(out.iterdir())
    assert "x.csv line 4: units" in run.stderr
    for ident in ("A1", "A2", "C2", "C3", "1234567893", "1960-01-01"):
        assert ident not in run.stderr.replace("x.csv", "")
    run = _cli("import", "claims", str(path), "--out", str(out), "--skip-bad-rows")
    assert run.returncode == 0, run.stderr
    assert "x.csv line 3: dos" in run.stderr
    assert len(list(out.glob("*.yaml"))) == 1


def test_a_missing_column_is_named(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("member_id,claim_id\nA,B\n", encoding="utf-8")
    with pytest.raises(claims.ClaimsError) as err:
        claims.read(path)
    assert "column dos is missing" in str(err.value)


def test_non_pt_lines_are_counted_not_dropped(tmp_path):
    path = _write(tmp_path, [
        GOOD,
        "A1,C1,2,2025-01-02,99213,,1,M25.552,,1,1234567893,80.00,,,",        # office visit: not PT
        "A1,C1,3,2025-01-02,97535,GO,1,M25.552,,1,1234567893,30.00,,,",      # OT plan of care: not PT
        "A1,C1,4,2025-01-02,97140,,1,M25.552,,1,1234567893,30.00,,,",        # PT code without GP: PT
    ])
    lines = claims.read(path)
    assert lines.total == 4 and lines.bad_rows == 0
    assert lines.not_pt == 2 and len(lines.pt) == 2
    assert sorted(lines.pt["hcpcs"]) == ["97110", "97140"]


def test_the_primary_diagnosis_follows_the_pointer(tmp_path):
    path = _write(tmp_path, [
        "A1,C1,1,2025-01-02,97110,GP,1,I10,m25551,2,,,,,",
        "A1,C1,2,2025-01-02,97110,GP,1,I10,M25.551,B,,,,,",
        "A1,C1,3,2025-01-02,97110,GP,1,M25.552,I10,\"1,2\",,,,,",
    ])
    lines = claims.read(path)
    assert list(lines.frame["dx"]) == ["M25.551", "M25.551", "M25.552"]


def test_parquet_reads_as_the_csv(tmp_path):
    raw = pd.read_csv(EXTRACT, dtype=str, keep_default_na=False)
    typed = raw.assign(units=raw["units"].astype("int64"), line_no=raw["line_no"].astype("int64"),
                       dos=pd.to_datetime(raw["dos"]), paid=raw["paid"].astype(float))
    path = tmp_path / "extract.parquet"
    typed.to_parquet(path, index=False)
    a, b = claims.read(EXTRACT), claims.read(path)
    assert (a.total, a.not_pt, a.bad_rows) == (b.total, b.not_pt, b.bad_rows)
    cols = ["member_id", "dos", "hcpcs", "units", "dx", "pt", "kx", "cq", "line_of_business"]
    pd.testing.assert_frame_equal(a.frame[cols].astype(str).reset_index(drop=True),
                                  b.frame[cols].astype(str).reset_index(drop=True))
    assert [d for d, _ in claims.cases_of(a)] == [d for d, _ in claims.cases_of(b)]


def test_episodes_split_where_the_timeline_splits():
    import datetime as dt
    from casekit import timeline
    days = [dt.date(2025, 1, 1), dt.date(2025, 3, 2), dt.date(2025, 5, 2)]   # gaps of 60 and 61 days
    assert claims.episodes_of(days, 60) == [days[:2], days[2:]]
    services = [timeline.Service(d, d, 1, "treatment", "visit", None, f"visits[{i}]") for i, d in enumerate(days)]
    splits = [g.splits for g in timeline.find_gaps(services, 60)]
    assert splits == [False, True]


def test_pointers_run_together_as_the_old_form_wrote_them(tmp_path):
    """"12" on a line with no twelfth diagnosis is dx1 then dx2 (the 08/05 CMS-1500 wrote digits
    run together); "21" starts with dx2. None of them is a bad row."""
    path = _write(tmp_path, [
        "A1,C1,1,2025-01-02,97110,GP,1,M25.552,I10,12,,,,,",
        "A1,C1,2,2025-01-02,97140,GP,1,M25.552,I10,21,,,,,",
        "A1,C1,3,2025-01-02,97112,GP,1,M25.552,I10,1234,,,,,",
    ])
    lines = claims.read(path)
    assert lines.bad_rows == 0
    assert list(lines.frame["dx"]) == ["M25.552", "I10", "M25.552"]


def test_a_code_outside_the_code_set_is_a_bad_row_for_import_not_a_refused_case(tmp_path):
    """Import lists each line whose diagnosis is not in the ICD-10-CM code set by its line number
    (with the nearest code) and, with --skip-bad-rows, imports the other members; the screen flags
    such lines instead (tests/test_screen.py)."""
    path = _write(tmp_path, [
        "A1,C1,1,2025-01-02,97161,GP,1,M25.5522,,1,,,,,",
        "A1,C2,1,2025-01-05,97110,GP,1,M25.5522,,1,,,,,",
        "B2,C3,1,2025-01-02,97161,GP,1,M25.552,,1,,,,,",
    ])
    out = tmp_path / "out"
    refused = _cli("import", "claims", str(path), "--out", str(out))
    lines = [ln for ln in refused.stderr.splitlines() if "M25.5522" in ln]
    assert refused.returncode == 2 and not out.exists()
    assert [ln.split(":")[0] for ln in lines] == ["x.csv line 2", "x.csv line 3"]
    assert all("did you mean M25.552?" in ln for ln in lines)
    done = _cli("import", "claims", str(path), "--out", str(out), "--skip-bad-rows")
    assert done.returncode == 0, done.stderr
    assert len(list(out.glob("*.yaml"))) == 1
