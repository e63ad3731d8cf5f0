"""casekit.fhir: FHIR R4 bundles and Da Vinci PAS requests in, ClaimResponse out.

The seed's bundle must review as the seed's YAML does; every shared FHIR example either imports
or is refused with named reasons (never a crash, never an identifier in a message); a malformed
bundle is one line per problem, exit 2, nothing written.
"""

from __future__ import annotations

import base64
import copy
import gzip
import json
import sys
from pathlib import Path

import pytest
from fhir.resources.R4B.claimresponse import ClaimResponse

import casekit
from casekit import cli
from casekit.errors import CaseError
from casekit.fhir import claim_response, identifiers
from casekit.io import case_from_bytes, load_case
from casekit.lines import ACTION_CODES

ROOT = Path(__file__).resolve().parents[1]
SEED_YAML = ROOT / "cases" / "hip-seed.yaml"
SEED_BUNDLE = ROOT / "cases" / "fhir" / "hip-seed.bundle.json"
PAS = ROOT / "cases" / "fhir" / "pas-request.json"
EXAMPLES = sorted((Path(__file__).parent / "fixtures" / "fhir-examples").glob("*.json*"))
PAS_URL = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"

# identifiers of the test bundle below: none may reach a message, a manifest or a log
NAME, MRN, MEMBER, CLAIM_ID = "Zebulon Quartermaine", "MRN-55821907", "MBR-30418852", "CLM-77120934"


def _cc(system, code, display=None):
    return {"coding": [{"system": system, "code": code, **({"display": display} if display else {})}]}


def _text(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _bundle() -> dict:
    """A retrospective EHR bundle with identifiers, contained and urn:uuid references, a claim
    with units and a GO line, an unused resource type, a request-only entry and a dangling
    reference."""
    e = lambda key, res: {"fullUrl": f"urn:uuid:00000000-0000-0000-0000-{key:012d}", "resource": res}  # noqa: E731
    ref = lambda key: {"reference": f"urn:uuid:00000000-0000-0000-0000-{key:012d}"}  # noqa: E731
    return {"resourceType": "Bundle", "type": "transaction", "entry": [
        e(1, {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1970-06-15",
              "name": [{"given": ["Zebulon"], "family": "Quartermaine"}],
              "identifier": [{"type": _cc("http://terminology.hl7.org/CodeSystem/v2-0203", "MR"), "value": MRN}],
              "telecom": [{"system": "phone", "value": "555-0142-77"}]}),
        e(2, {"resourceType": "Coverage", "status": "active", "subscriberId": MEMBER,
              "type": _cc("http://terminology.hl7.org/CodeSystem/v3-ActCode", "MCPOL"),
              "beneficiary": ref(1), "payor": [{"reference": "Organization/not-here"}]}),
        e(3, {"resourceType": "ServiceRequest", "status": "active", "intent": "order", "subject": ref(1),
              "contained": [{"resourceType": "Condition", "id": "dx", "subject": ref(1),
                             "code": _cc(ICD, "M17.11", "Unilateral primary osteoarthritis, right knee"),
                             "onsetDateTime": "2024-03-01"}],
              "reasonReference": [{"reference": "#dx"}],
              "code": {"text": "Physical therapy"}, "authoredOn": "2025-09-01",
              "occurrenceTiming": {"repeat": {"frequency": 2, "period": 1, "periodUnit": "wk",
                                              "boundsDuration": {"value": 6, "code": "wk"}}}}),
        e(4, {"resourceType": "Procedure", "status": "completed", "subject": ref(1), "code": _cc(CPT, "97163"),
              "performedDateTime": "2025-09-01T10:00:00Z"}),
        e(5, {"resourceType": "Procedure", "status": "not-done", "subject": ref(1), "code": _cc(CPT, "97110")}),
        e(6, {"resourceType": "Claim", "status": "active", "use": "claim", "type": _cc(
                "http://terminology.hl7.org/CodeSystem/claim-type", "professional"),
              "identifier": [{"value": CLAIM_ID}], "patient": ref(1), "created": "2025-09-30",
              "provider": {"reference": "Organization/not-here-either"}, "priority": _cc(
                "http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
              "insurance": [{"sequence": 1, "focal": True, "coverage": ref(2)}],
              "item": [{"sequence": 1, "productOrService": _cc(CPT, "97110"), "modifier": [_cc(CPT, "GP")],
                        "servicedDate": "2025-09-04", "quantity": {"value": 3}},
                       {"sequence": 2, "productOrService": _cc(CPT, "97530"), "modifier": [_cc(CPT, "GO")],
                        "servicedDate": "2025-09-04", "quantity": {"value": 2}},
                       {"sequence": 3, "productOrService": _cc(CPT, "97164"), "servicedDate": "2025-09-29"}]}),
        e(7, {"resourceType": "Observation", "status": "final", "subject": ref(1),
              "code": _cc("http://loinc.org", "72514-3"), "effectiveDateTime": "2025-09-01",
              "valueQuantity": {"value": 6.5}}),
        e(8, {"resourceType": "QuestionnaireResponse", "status": "completed", "authored": "2025-09-29",
              "item": [{"linkId": "total", "text": "KOOS JR interval score", "answer": [{"valueDecimal": 61.2}]}]}),
        e(9, {"resourceType": "DocumentReference", "status": "current", "subject": ref(1),
              "type": _cc("http://loinc.org", "18735-1"), "date": "2025-09-01T12:00:00Z",
              "content": [{"attachment": {"contentType": "text/plain",
                                          "data": _text(f"{NAME} seen today. R knee OA. KOOS JR 48.")}}]}),
        e(10, {"resourceType": "AllergyIntolerance", "patient": ref(1)}),
        e(11, {"resourceType": "AllergyIntolerance", "patient": ref(1)}),
        {"request": {"method": "DELETE", "url": "Patient/old"}},
    ]}


def _write(tmp_path: Path, data: dict, name: str = "bundle.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


# --- the seed and the PAS request ---------------------------------------------------------------

def test_the_seed_bundle_reviews_as_the_seed_yaml():
    yaml_review = casekit.review(load_case(SEED_YAML)).to_dict()
    bundle_review = casekit.review(load_case(SEED_BUNDLE)).to_dict()
    assert bundle_review["decision"] == yaml_review["decision"]
    assert bundle_review["metrics"] == yaml_review["metrics"]
    assert [(c["rule"], c["status"]) for c in bundle_review["checks"]] == \
        [(c["rule"], c["status"]) for c in yaml_review["checks"]]
    assert bundle_review["documentation_needed"] == yaml_review["documentation_needed"]


def test_the_seed_bundle_keeps_no_identifier_in_its_id():
    case = load_case(SEED_BUNDLE)
    assert case.id.startswith("fhir-") and case.visit_counts[0].visits == 18
    assert [v.date.isoformat() for v in case.visits] == ["2025-08-25", "2025-08-28", "2025-08-29"]


def test_a_pas_request_is_a_prospective_review_of_its_requested_visits():
    bundle = json.loads(PAS.read_text())
    claim = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Claim")
    case = load_case(PAS)
    assert case.review.type == "prospective"
    # both items ask for the same visits over the same period: the visits are counted once
    periods = {(i["servicedPeriod"]["start"], i["servicedPeriod"]["end"]) for i in claim["item"]}
    quantities = {i["quantity"]["value"] for i in claim["item"]}
    assert len(periods) == 1 and len(quantities) == 1
    assert case.review.requested_visits == quantities.pop()
    start, end = periods.pop()
    assert (case.review.under_review.from_.isoformat(), case.review.under_review.to.isoformat()) == (start, end)


def test_requested_visits_add_over_periods_and_never_count_units():
    from casekit.fhir.lines import ServiceLine
    from casekit.fhir.pas import requested_visits
    a = ServiceLine("2025-10-06", "97110", 1, "request", 6, "{visit}", "2025-10-31")
    b = ServiceLine("2025-11-03", "97110", 1, "request", 4, "{visit}", "2025-11-28")
    units = ServiceLine("2025-10-06", "97112", 1, "request", 24, None, "2025-11-28")
    assert requested_visits([a, b]) == 10
    assert requested_visits([a, b, units]) == 10
    assert requested_visits([units]) is None


@pytest.mark.parametrize("source", [PAS, ROOT / "cases" / "hip-prospective-partial.yaml"])
def test_the_claim_response_is_an_r4_claim_response_with_the_decisions_code(source):
    review = casekit.review(load_case(source))
    out = claim_response(review, str(source))
    ClaimResponse.model_validate(out)
    assert out["use"] == "preauthorization"
    by_line = {l.action_code for l in review.lines}
    for item in out["item"]:
        (adj,) = item["adjudication"]
        assert adj["category"]["coding"][0]["code"] == "submitted"
        (action,) = adj["extension"]
        assert action["url"] == PAS_URL + "extension-reviewAction"
        (code,) = action["extension"]
        assert code["url"] == PAS_URL + "extension-reviewActionCode"
        coding = code["valueCodeableConcept"]["coding"][0]
        assert coding["system"] == "https://codesystem.x12.org/005010/306"
        assert coding["code"] in (by_line or {ACTION_CODES[review.determination.decision]})
    if source.suffix == ".json":
        bundle = json.loads(source.read_text())
        claims = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Claim"]
        assert len(out["item"]) == (len(claims[0]["item"]) if claims else len(review.lines) or 1)


def test_review_claim_response_on_the_command_line(capsys):
    assert cli.main(["review", str(PAS), "--claim-response"]) == 0
    out = json.loads(capsys.readouterr().out)
    ClaimResponse.model_validate(out)
    decision = casekit.review(load_case(PAS)).determination.decision
    codes = {i["adjudication"][0]["extension"][0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"]
             for i in out["item"]}
    assert codes == {ACTION_CODES[decision]}


# --- the mapping ------------------------------------------------------------------------------------

def test_the_mapping_of_an_ehr_bundle(tmp_path):
    case = load_case(_write(tmp_path, _bundle()))
    assert (case.patient.sex, case.patient.name, case.patient.mrn) == ("male", NAME, MRN)
    assert case.patient.age == 55  # on 2025-09-01, born 1970-06-15
    assert case.review.line_of_business == "medicare" and case.review.member_id == MEMBER
    assert case.review.claim_id == CLAIM_ID and case.review.type == "retrospective"
    assert [d.code for d in case.diagnoses] == ["M17.11"]  # from the contained Condition
    assert case.history.duration_months == 18
    assert (case.plan_of_care.visits_per_week, case.plan_of_care.weeks) == (2, 6)
    visits = {v.date.isoformat(): v for v in case.visits}
    assert visits["2025-09-01"].kind == "evaluation" and visits["2025-09-29"].kind == "re-evaluation"
    # the GO line is occupational therapy: not a PT code; 97110's units come from its quantity
    assert [(c.code, c.units) for c in visits["2025-09-04"].codes] == [("97110", 3)]
    assert "2025-09-0" not in "".join(d for d in visits if d not in ("2025-09-01", "2025-09-04"))
    assert {(m.name, m.value) for m in case.measures} == {("NPRS", 6.5), ("KOOS JR", 61.2)}
    assert case.documents[0].kind == "evaluation" and "KOOS JR 48" in case.documents[0].text
    assert visits["2025-09-01"].document == case.documents[0].id


def test_unused_resources_are_one_warning_line_and_nothing_identifies_the_patient(tmp_path, capsys):
    path = _write(tmp_path, _bundle())
    assert cli.main(["validate", str(path)]) == 0
    err = capsys.readouterr().err
    unused = [line for line in err.splitlines() if "does not use" in line]
    assert len(unused) == 1 and "AllergyIntolerance (2)" in unused[0]
    assert "Procedure (1)" in unused[0]  # the procedure not done
    assert "request and no resource" in err and "not in the bundle" in err
    for value in (NAME, "Quartermaine", MRN, MEMBER, CLAIM_ID, "555-0142-77"):
        assert value not in err


def test_a_pdf_attachment_goes_through_pdftext_or_is_left_out_with_a_warning(tmp_path, monkeypatch):
    import types
    data = _bundle()
    doc = data["entry"][8]["resource"]
    doc["content"][0]["attachment"] = {"contentType": "application/pdf", "data": _text("%PDF-1.4 fake")}
    path = _write(tmp_path, data)
    monkeypatch.setitem(sys.modules, "casekit.pdftext", None)  # not installed: an ImportError
    case = load_case(path)
    assert case.documents == [] and any("casekit.pdftext" in what for _, what in case.warnings())
    fake = types.ModuleType("casekit.pdftext")
    fake.document_fields = lambda raw, name: {"text": f"read {len(raw)} bytes"}
    monkeypatch.setitem(sys.modules, "casekit.pdftext", fake)
    case = load_case(path)
    assert case.documents[0].text == f"read {len(b'%PDF-1.4 fake')} bytes"


# --- refusals -----------------------------------------------------------------------------------

def test_a_malformed_bundle_is_one_line_per_problem_and_nothing_is_written(tmp_path, capsys):
    data = _bundle()
    data["entry"][0]["resource"]["birthDate"] = "1970-13-45"
    data["entry"][3]["resource"]["performedDateTime"] = ["2025-09-01"]
    data["entry"][6]["resource"]["valueQuantity"] = "six"
    out = tmp_path / "case.yaml"
    assert cli.main(["import", "fhir", str(_write(tmp_path, data)), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) >= 3
    assert any("Patient/p1: birthDate" in line for line in err)
    assert any("Procedure" in line and "performedDateTime" in line for line in err)
    assert any("Observation" in line and "valueQuantity" in line for line in err)
    assert not out.exists() and list(tmp_path.iterdir()) == [tmp_path / "bundle.json"]
    for value in (NAME, MRN, "1970-13-45"):
        assert all(value not in line for line in err)


def test_a_resource_whose_id_is_an_identifier_is_named_by_its_type_alone(tmp_path, capsys):
    data = _bundle()
    data["entry"][0]["resource"]["id"] = MRN  # an EHR that uses the MRN as the resource id
    data["entry"][0]["resource"]["birthDate"] = "1970-13-45"
    assert cli.main(["validate", str(_write(tmp_path, data))]) == 2
    err = capsys.readouterr().err
    assert ": Patient: birthDate" in err and MRN not in err


def test_a_bundle_without_icd10cm_or_dates_is_refused_with_its_reasons(tmp_path):
    data = _bundle()
    contained = data["entry"][2]["resource"]["contained"][0]
    contained["code"] = _cc("http://snomed.info/sct", "239873007", "Osteoarthritis of knee")
    data["entry"] = [x for x in data["entry"] if x.get("resource", {}).get("resourceType") not in
                     ("Procedure", "Claim")]
    with pytest.raises(CaseError) as err:
        load_case(_write(tmp_path, data))
    lines = err.value.problems
    assert any("ICD-10-CM" in line for line in lines) and any("SNOMED" in line for line in lines)
    assert any("date of service" in line for line in lines)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_shared_example_imports_or_is_refused_with_named_reasons(path):
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    name = path.name.removesuffix(".gz")
    secrets = [v for v in identifiers(json.loads(raw)) if len(v) >= 5]
    try:
        case = case_from_bytes(raw, name)
    except CaseError as exc:
        assert exc.problems
        for line in exc.problems:
            assert line.startswith(f"{name}: ") and len(line.split(": ")) >= 3  # file: where: what
            assert not any(s in line for s in secrets)
        return
    assert case.id.startswith("fhir-") and not any(s in case.id for s in secrets)


def test_the_contained_icd10cm_condition_and_the_who_uri_are_read():
    """servicerequest-physiotherapy holds its ICD-10-CM Condition contained; claim-med-00050 codes
    under the WHO URI: neither is refused for its diagnosis."""
    for name in ("servicerequest-physiotherapy.json", "claim-med-00050.json"):
        path = next(p for p in EXAMPLES if p.name == name)
        with pytest.raises(CaseError) as err:
            case_from_bytes(path.read_bytes(), name)
        assert not any("ICD-10-CM" in line for line in err.value.problems)


# --- the command line and batches ------------------------------------------------------------------

def test_import_writes_a_case_that_reads_back_the_same(tmp_path, capsys):
    out = tmp_path / "seed.yaml"
    assert cli.main(["import", "fhir", str(SEED_BUNDLE), "--out", str(out)]) == 0
    assert load_case(out) == load_case(SEED_BUNDLE)
    assert cli.main(["import", "fhir", str(SEED_BUNDLE)]) == 0
    assert capsys.readouterr().out == out.read_text()
    assert cli.main(["import", "fhir", str(SEED_YAML)]) == 2  # a case file is not a bundle


def test_validate_and_review_take_a_bundle(capsys):
    assert cli.main(["validate", str(SEED_BUNDLE)]) == 0
    assert ": ok (fhir-" in capsys.readouterr().out
    assert cli.main(["review", str(SEED_BUNDLE), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["decision"] == casekit.review(load_case(SEED_YAML)).determination.decision


def _batch_texts(out: Path) -> str:
    files = [p for p in out.rglob("*") if p.is_file() and (p.suffix in (".csv", ".json", ".log", ".txt")
                                                            or p.name == "index.html")]
    assert any(p.name == "manifest.json" for p in files)
    return "\n".join(p.read_text(errors="replace") for p in files)


def test_a_batch_row_of_a_refused_bundle_names_no_identifier(tmp_path):
    import io as _io
    from casekit.batch import run_batch
    data = _bundle()
    data["entry"][0]["resource"]["id"] = MRN  # an EHR that uses the MRN as the resource id
    data["entry"][0]["resource"]["birthDate"] = "1970"
    data["entry"][0]["fullUrl"] = f"Patient/{MRN}"
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, data)
    summary = run_batch([str(inputs)], tmp_path / "out", jobs=1, stream=_io.StringIO())
    assert summary["ok"] == 0
    text = _batch_texts(tmp_path / "out")
    assert "birthDate" in text
    for value in (NAME, MRN, MEMBER, CLAIM_ID):
        assert value not in text


@pytest.mark.slow
def test_a_batch_of_a_bundle_keeps_identifiers_out_of_its_manifest_and_logs(tmp_path):
    import io as _io
    from casekit.batch import run_batch
    data = copy.deepcopy(_bundle())
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, data)
    stream = _io.StringIO()
    summary = run_batch([str(inputs)], tmp_path / "out", jobs=1, stream=stream)
    assert summary["ok"] == 1
    text = _batch_texts(tmp_path / "out") + stream.getvalue()
    for value in (NAME, "Quartermaine", MRN, MEMBER, CLAIM_ID, "555-0142-77"):
        assert value not in text


# --- what a blind probe of EHR-style bundles showed ---------------------------------------------

def test_a_claim_bills_the_dates_under_review_and_earlier_visits_are_the_course(tmp_path):
    """A retrospective bundle with a Claim: the claim's dates are the window; the visits on
    record before it (a Procedure on 2025-09-01) are prior visits of the course, not reviewed."""
    case = load_case(_write(tmp_path, _bundle()))
    assert (case.review.under_review.from_.isoformat(), case.review.under_review.to.isoformat()) == \
        ("2025-09-04", "2025-09-29")
    assert "2025-09-01" in {v.date.isoformat() for v in case.visits}  # kept as a dated prior visit
    review = casekit.review(case)
    assert review.metrics["prior_visits"] == 1 and review.metrics["visits_under_review"] == 2


def test_examination_observations_keep_their_own_names_and_vitals_are_left_out(tmp_path):
    data = _bundle()
    e = lambda n, res: {"fullUrl": f"urn:uuid:00000000-0000-0000-0001-{n:012d}", "resource": res}  # noqa: E731
    exam = _cc("http://terminology.hl7.org/CodeSystem/observation-category", "exam")
    vitals = _cc("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")
    data["entry"] += [
        e(1, {"resourceType": "Observation", "status": "final", "category": [exam],
              "code": {"text": "R knee flexion AROM"}, "effectiveDateTime": "2025-09-29",
              "valueQuantity": {"value": 112, "unit": "deg"}}),
        e(2, {"resourceType": "Observation", "status": "final", "category": [vitals],
              "code": _cc("http://loinc.org", "8867-4", "Heart rate"), "effectiveDateTime": "2025-09-29",
              "valueQuantity": {"value": 72, "unit": "/min"}})]
    case = load_case(_write(tmp_path, data))
    shown = {(m.name, m.value, m.unit) for m in case.measures}
    assert ("R knee flexion AROM", 112.0, "deg") in shown
    assert not any(m.name == "Heart rate" for m in case.measures)


def test_a_procedure_in_cpt_surgery_before_therapy_makes_the_course_post_operative(tmp_path):
    data = _bundle()
    data["entry"].append({"fullUrl": "urn:uuid:00000000-0000-0000-0002-000000000001", "resource": {
        "resourceType": "Procedure", "status": "completed", "code": {**_cc(CPT, "27447"), "text": "R TKA"},
        "subject": {"reference": "urn:uuid:00000000-0000-0000-0000-000000000001"},
        "performedDateTime": "2025-08-20"}})
    case = load_case(_write(tmp_path, data))
    assert case.history.onset == "post-operative"
    assert (case.history.surgery.procedure, case.history.surgery.date.isoformat()) == ("R TKA", "2025-08-20")


def test_reversed_periods_and_entries_without_a_resource_are_named(tmp_path, capsys):
    data = _bundle()
    data["entry"][5]["resource"]["billablePeriod"] = {"start": "2025-09-29", "end": "2025-09-04"}
    data["entry"] += [{"fullUrl": "urn:uuid:00000000-0000-0000-0003-000000000001"},
                      {"resourceType": "Condition", "code": _cc(ICD, "M17.11")}]
    out = tmp_path / "case.yaml"
    assert cli.main(["import", "fhir", str(_write(tmp_path, data)), "--out", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    n = len(data["entry"])
    assert any("Claim" in line and "billablePeriod" in line and "ends (2025-09-04) before it starts (2025-09-29)"
               in line for line in err), err
    assert any(f"entry[{n - 2}]: resource: holds neither a resource nor a request" in line for line in err), err
    assert any(f"entry[{n - 1}]: resource: is a resource written at the entry's level" in line for line in err), err
    assert not out.exists()


def test_a_condition_without_a_code_is_named_with_its_field(tmp_path, capsys):
    data = _bundle()
    contained = data["entry"][2]["resource"]["contained"][0]
    del contained["code"]
    path = _write(tmp_path, data)
    with pytest.raises(CaseError) as err:
        load_case(path)
    lines = err.value.problems
    assert any(line.endswith("Condition/dx: code: missing: the Condition carries no code (give its ICD-10-CM "
                             "coding, system http://hl7.org/fhir/sid/icd-10-cm)") for line in lines), lines
    assert not any("coded only in SNOMED" in line for line in lines)  # no code is not a SNOMED code


def test_a_retrospective_review_gets_no_prior_authorisation_response(capsys):
    """X12 278 action codes answer a request; the seed's bundle is a claim for care given."""
    assert cli.main(["review", str(SEED_BUNDLE), "--claim-response"]) == 2
    err = capsys.readouterr()
    assert err.out == "" and "this review is retrospective" in err.err and "remittance" in err.err


def test_a_gender_outside_the_value_set_is_warned_and_read_as_unknown(tmp_path):
    data = _bundle()
    data["entry"][0]["resource"]["gender"] = "F"
    case = load_case(_write(tmp_path, data))
    assert case.patient.sex == "unknown"
    assert any(w.endswith("is not a FHIR administrative gender (male, female, other, unknown); read as unknown")
               and "gender" in where for where, w in case.warnings()), case.warnings()


def test_a_code_outside_the_code_set_is_named_with_its_resource_and_a_request_without_diagnosis_too(tmp_path):
    data = _bundle()
    data["entry"][2]["resource"]["contained"][0]["code"] = _cc(ICD, "M17.111")
    with pytest.raises(CaseError) as err:
        load_case(_write(tmp_path, data))
    assert err.value.problems == [f"{tmp_path / 'bundle.json'}: Condition/dx.code: 'M17.111' is not in the "
                                  "ICD-10-CM FY2026 code set (did you mean M17.11?)"]
    pas = json.loads(PAS.read_text())
    for entry in pas["entry"]:
        entry["resource"].pop("diagnosis", None)
    pas["entry"] = [e for e in pas["entry"] if e["resource"]["resourceType"] != "Condition"]
    with pytest.raises(CaseError) as err:
        load_case(_write(tmp_path, pas, "pas.json"))
    assert any(": diagnosis: no diagnosis coded in ICD-10-CM" in line and "Claim" in line
               for line in err.value.problems), err.value.problems


@pytest.mark.parametrize("signal", ["authorization", "certification", "related", None])
def test_a_pas_request_continuing_an_authorisation_is_a_concurrent_review(tmp_path, signal):
    pas = json.loads(PAS.read_text())
    claim = next(e["resource"] for e in pas["entry"] if e["resource"]["resourceType"] == "Claim")
    base = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/"
    if signal == "authorization":
        claim["item"][0].setdefault("extension", []).append(
            {"url": base + "extension-authorizationNumber", "valueString": "AUTH-1"})
    elif signal == "certification":
        claim["item"][0].setdefault("extension", []).append(
            {"url": base + "extension-certificationType",
             "valueCodeableConcept": _cc("https://codesystem.x12.org/005010/1322", "4")})
    elif signal == "related":
        claim["related"] = [{"claim": {"identifier": {"value": "AUTH-1"}},
                             "relationship": _cc("http://terminology.hl7.org/CodeSystem/related-claim-relationship",
                                                 "prior")}]
    case = load_case(_write(tmp_path, pas))
    assert case.review.type == ("prospective" if signal is None else "concurrent")
    assert case.review.requested_visits == load_case(PAS).review.requested_visits


def test_a_pas_request_without_a_service_request_is_its_own_plan(tmp_path):
    pas = json.loads(PAS.read_text())
    pas["entry"] = [e for e in pas["entry"] if e["resource"]["resourceType"] != "ServiceRequest"]
    case = load_case(_write(tmp_path, pas))
    frm, to = case.review.under_review.from_, case.review.under_review.to
    weeks = round(((to - frm).days + 1) / 7, 1)
    assert case.plan_of_care.weeks == weeks
    assert case.plan_of_care.visits_per_week == round(case.review.requested_visits / weeks, 2)
    assert any("the plan of care is the request itself" in w for _, w in case.warnings())
