"""Identifiers are PHI: the member and claim IDs, the treating provider's name and NPI and the
reviewer's name and licence appear in the report (and letter) only, never in what validate,
review or batch print, in the batch manifest, a case's done record or the cohort page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import casekit
from casekit import cli, cohort, run
from conftest import SEED

IDENTIFIERS = {"member_id": "ZZMEMBER-9931", "claim_id": "ZZCLAIM-4417", "provider": "Zzprovider Physical Therapy",
               "npi": "9876501234", "reviewer": "Zelda Zzreviewer", "licence": "ZZLIC-5521"}


def signed_seed(folder: Path, name: str = "signed.yaml", **replace: str) -> Path:
    """The seed with a reviewer, the date decided and every identifier set, in ``folder``."""
    ids = {**IDENTIFIERS, **replace}
    block = (f"  claim_id: {ids['claim_id']}\n  member_id: {ids['member_id']}\n  decided_on: 2025-09-03\n"
             f"  reviewer:\n    name: {ids['reviewer']}\n    credentials: PT, DPT\n    licence: {ids['licence']}\n"
             f"  provider:\n    name: {ids['provider']}\n    npi: '{ids['npi']}'\n")
    text = Path(SEED).read_text().replace("  line_of_business: commercial\n", "  line_of_business: commercial\n" + block)
    assert block in text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def assert_no_identifiers(*texts: str) -> None:
    for text in texts:
        leaked = [v for v in IDENTIFIERS.values() if v.lower() in text.lower()]
        assert not leaked, f"identifiers {leaked} in: {text[:300]}"


def test_the_report_carries_the_identifiers(tmp_path):
    # the canaries reach the review: what the tests below find absent was there to leak
    r = casekit.review(casekit.load_case(str(signed_seed(tmp_path))))
    page = r.report().to_html()
    assert all(v in page for v in IDENTIFIERS.values())


def test_validate_and_review_print_no_identifier(tmp_path, capsys):
    path = str(signed_seed(tmp_path))
    assert cli.main(["validate", path]) == 0
    assert cli.main(["review", path]) == 0
    assert cli.main(["review", path, "--json"]) == 0
    out, err = capsys.readouterr()
    assert ": ok (" in out and "DENY" in out and '"decision": "deny"' in out
    assert_no_identifiers(out, err)


def test_a_malformed_identifier_is_reported_without_its_value(tmp_path, capsys):
    path = str(signed_seed(tmp_path, npi="98765ZZ01", reviewer="[Zelda Zzreviewer]"))
    assert cli.main(["validate", path]) == 2
    out, err = capsys.readouterr()
    assert "review.provider.npi" in err and "review.reviewer" in err
    assert "98765ZZ01" not in err + out
    assert_no_identifiers(out, err)


def test_the_batch_outcome_and_the_cohort_page_hold_no_identifier(tmp_path):
    r = casekit.review(casekit.load_case(str(signed_seed(tmp_path))))
    record = run.outcome(r)
    assert record["decision"] == "deny" and record["case_id"] == "HIP-SEED-0001"
    assert_no_identifiers(json.dumps(record))
    row = {"id": r.case.id, "input": "in/signed.yaml", "status": "ok", "decision": r.decision, "error": "",
           "failed_rules": record["failed_rules"], "outputs": [f"{r.case.id}.html"]}
    page = cohort.write_index(tmp_path, [row], {r.case.id: record}).read_text(encoding="utf-8")
    assert r.case.id in page
    assert_no_identifiers(page)


@pytest.mark.slow
def test_a_batch_writes_identifiers_into_the_report_only(tmp_path, capsys):
    inputs = tmp_path / "in"
    signed_seed(inputs)
    out = tmp_path / "out"

    assert cli.main(["batch", str(inputs), "--out", str(out), "--jobs", "1", "--to", "html"]) == 0

    stdout, stderr = capsys.readouterr()
    assert_no_identifiers(stdout, stderr)
    for path in [out / "manifest.csv", out / "manifest.json", out / "index.html", *(out / ".casekit").glob("*.json")]:
        assert_no_identifiers(path.read_text(encoding="utf-8"))
    report = (out / "HIP-SEED-0001.html").read_text(encoding="utf-8")
    assert all(v in report for v in IDENTIFIERS.values())
