"""The command line: one library call per command, errors as one line and an exit code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml

from casekit.cli import main
from casekit.io import _StringDateLoader
from conftest import CASES, EXAMPLES, SEED

CONTRACT_KEYS = {"case_id", "decision", "pack", "metrics", "checks", "documentation_needed"}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "casekit.cli", *args], capture_output=True, text=True)


def test_review_json_follows_the_contract():
    proc = run("review", SEED, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert CONTRACT_KEYS <= set(data)
    assert list(data["metrics"])[:9] == ["prior_visits", "visits_under_review", "total_visits",
                                         "benchmark_visits", "planned_visits", "projected_total",
                                         "longest_gap_days", "span_days", "episodes"]
    for check in data["checks"]:
        assert check["status"] in {"pass", "fail", "not-applicable", "insufficient-data"}
        assert check["severity"] in {"critical", "major", "minor", "info"}
        assert {"rule", "statement", "citations", "evidence"} <= set(check)
        documents = {"eval-2025-08-25", "note-2025-08-28", "note-2025-08-29"}
        for ev in check["evidence"]:
            assert set(ev) == {"document", "date", "quote"}
            assert ev["document"] in documents  # evidence quotes documents; case-file facts go apart
        for fact in check.get("facts", []):
            assert set(fact) == {"field", "date", "fact"}
    assert data["pack"]["id"] == "hip-pain" and data["pack"]["version"]


def test_review_summary_table_lists_every_rule(capsys):
    assert main(["review", SEED]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HIP-SEED-0001: DENY")
    for rule in ("visits-over-benchmark", "laterality-mismatch", "recertification-overdue"):
        assert rule in out
    assert "projected_total" in out and "36" in out


def test_unknown_pack_and_missing_file_are_usage_errors(capsys):
    assert main(["review", SEED, "--pack", "kne"]) == 2
    err = capsys.readouterr().err
    from casekit.packs import builtin_ids
    assert f"unknown pack 'kne' (did you mean 'knee'?); available: {', '.join(builtin_ids())}" in err
    assert main(["review", SEED, "--pack", "medicare-therapy"]) == 2
    assert "is an overlay" in capsys.readouterr().err
    assert main(["review", "no/such/case.yaml"]) == 2
    assert capsys.readouterr().err.strip() == "no/such/case.yaml: no such file"


def test_a_pack_that_does_not_cover_the_diagnosis_warns_and_names_the_one_that_does(capsys):
    assert main(["review", SEED, "--pack", "knee"]) == 0
    err = capsys.readouterr().err
    assert ("casekit: warning: pack knee does not cover the primary diagnosis M25.552; pack hip-pain does; "
            "reviewing under knee as asked") in err
    assert main(["validate", SEED]) == 0
    assert "reviewed under general-rehab@2026.11.1 + hip-pain@2026.11.1" in capsys.readouterr().out


def test_a_diagnosis_no_condition_pack_covers_is_reviewed_under_the_fallback(tmp_path, capsys):
    # lateral epicondylitis, right elbow: no condition pack; a valid PT case is never refused
    text = Path(SEED).read_text().replace("code: M25.552", "code: M77.11")
    case = tmp_path / "elbow.yaml"
    case.write_text(text)
    assert main(["review", str(case), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["pack"]["id"] == "general-rehab"
    bench = next(c for c in out["checks"] if c["rule"] == "visits-over-benchmark")
    assert bench["status"] == "insufficient-data" and "no visit benchmark for M77.11" in bench["statement"]


def test_payer_pack_extends_the_builtin(tmp_path, capsys):
    pack = tmp_path / "payer.yaml"
    pack.write_text(yaml.safe_dump({
        "id": "payer-hip", "version": "1", "title": "Payer hip", "extends": "hip-pain",
        "benchmarks": [{"codes": ["M25.55"], "visits": 24, "label": "Plan policy 7.2", "basis": "plan policy",
                        "source": "casekit-defaults", "tier": "payer-setting"}],
        "rules": {"visits-over-benchmark": {"severity": "major"}},
    }))
    assert main(["review", SEED, "--pack", str(pack), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pack"]["id"] == "payer-hip"
    assert data["metrics"]["benchmark_visits"] == 24
    over = next(c for c in data["checks"] if c["rule"] == "visits-over-benchmark")
    assert over["status"] == "pass" and over["severity"] == "major"
    assert "Plan policy 7.2" in over["statement"]


def test_broken_pack_reports_field(tmp_path, capsys):
    pack = tmp_path / "bad.yaml"
    pack.write_text("id: bad\nversion: '1'\ntitle: t\nextends: hip-pain\nrules:\n  visits-over-benchmark:\n    severity: fatal\n")
    assert main(["review", SEED, "--pack", str(pack)]) == 2
    err = capsys.readouterr().err
    assert f"{pack}: rules.visits-over-benchmark.severity" in err


def test_validate_many_files(capsys):
    files = sorted(str(p) for p in EXAMPLES)
    assert main(["validate", *files]) == 0
    assert capsys.readouterr().out.count(": ok (") == len(files)


def test_schema_validates_every_example_and_rejects_bad_kind(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    for path in EXAMPLES:
        jsonschema.validate(yaml.load(path.read_text(), Loader=_StringDateLoader), schema)
    bad = yaml.load(Path(SEED).read_text(), Loader=_StringDateLoader)
    bad["visits"][0]["kind"] = "massage"
    try:
        jsonschema.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted an unknown visit kind")


def test_schema_lists_the_attestation_and_identifier_fields_with_descriptions(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    defs = schema["$defs"]
    review = defs["ReviewRequest"]["properties"]
    for name in ("reviewer", "decided_on", "claim_id", "member_id", "provider"):
        assert review[name].get("description", "").strip(), f"review.{name} has no description"
    for block, fields in (("Reviewer", ("name", "credentials", "licence")), ("Provider", ("name", "npi"))):
        assert set(fields) <= set(defs[block]["properties"])
        assert all(defs[block]["properties"][f].get("description", "").strip() for f in fields), block
    # identifiers are marked as PHI where the schema describes them
    assert all("PHI" in review[name]["description"] for name in ("claim_id", "member_id", "provider"))
    # a signed case with identifiers is valid against the schema; a malformed NPI is not
    signed = yaml.load(Path(SEED).read_text(), Loader=_StringDateLoader)
    signed["review"].update(reviewer={"name": "Dana Whitfield", "credentials": "PT, DPT", "licence": "CA PT 1"},
                            decided_on="2025-09-03", claim_id="CLM-1", member_id="M-1",
                            provider={"name": "Riverside PT", "npi": "1234567893"})
    jsonschema.validate(signed, schema)
    signed["review"]["provider"]["npi"] = "12345"
    try:
        jsonschema.validate(signed, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError("schema accepted a 5-digit NPI")


def test_packs_lists_rules_once(capsys):
    assert main(["packs", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["rules"]) == len(set(data["rules"])) == 22
    from casekit.packs import builtin_ids
    assert [p["id"] for p in data["packs"]] == builtin_ids()
    assert {"general-rehab", "hip-pain", "medicaid-therapy", "medicare-therapy"} <= set(builtin_ids())


def test_report_to_a_file_as_out_is_a_usage_error_before_any_kernel(tmp_path, capsys):
    """--out naming a file gave a traceback after the notebook had run."""
    from casekit.cli import main
    out = tmp_path / "not-a-folder"
    out.write_text("keep me\n")
    assert main(["report", str(Path(__file__).parent.parent / "cases" / "knee-approve.yaml"),
                 "--out", str(out), "--to", "html"]) == 2
    assert "is a file" in capsys.readouterr().err and out.read_text() == "keep me\n"
