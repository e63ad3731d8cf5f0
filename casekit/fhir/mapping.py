"""A validated bundle -> the data of a ``casekit/1`` case, and the warnings of the mapping.

The mapping follows shared inputs-and-training.md §A1.1 (the tables are in
``packs/common/fhir.yaml``):

* Patient: age at the first date under review from ``birthDate``, sex from ``gender`` (absent:
  unknown); name, MRN (identifier of type MR) and birth date only into the PHI fields.
* Coverage: line of business (SOPT / v3 ActCode / words); the member id into ``review.member_id``.
* Condition (and Claim ``diagnosisCodeableConcept``): ICD-10-CM codings only; the WHO ICD-10 URI
  is read with a warning; a condition coded only otherwise is reported, never crosswalked; no
  ICD-10-CM diagnosis at all refuses the bundle.
* Service lines (:mod:`casekit.fhir.lines`): one visit per date, kind from its codes; lines from
  EOBs before the window become one ``visit_counts`` entry (distinct dates).
* The window: a PAS Claim's items (prospective; :mod:`casekit.fhir.pas`), else the dates of the
  record's PT lines (Encounter, Procedure, Claim; retrospective), else the EOB dates.
* ServiceRequest / CarePlan: ``occurrenceTiming``/``scheduledTiming`` -> visits per week and weeks;
  goals from CarePlan.goal.
* Observation / QuestionnaireResponse: measures by (system, code), then by name.
* DocumentReference: text/plain data or a Binary in the bundle; PDF through casekit.pdftext.

>>> bundle = Bundle.parse(json.load(open("cases/fhir/hip-seed.bundle.json")), "b.json")  # doctest: +SKIP
>>> data, warnings = to_case(bundle, "b.json", "fhir-0123456789ab")  # doctest: +SKIP
>>> data["visit_counts"]  # doctest: +SKIP
[{'from': '2025-01-23', 'to': '2025-03-10', 'visits': 18, 'source': 'claims history (EOB)'}]
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
from collections import Counter
from typing import Any, Optional

from ..errors import CaseError
from .bundle import Bundle
from .lines import ServiceLine, codings, cpt_code, day, is_pt_concept, kind_of, lines_of, start_of
from .tables import say, systems, tables

#: the resource types the mapping reads; any other is listed in one warning
USED = {"Patient", "Coverage", "Condition", "Encounter", "Procedure", "Claim", "ExplanationOfBenefit",
        "ServiceRequest", "CarePlan", "Goal", "Observation", "QuestionnaireResponse", "DocumentReference",
        "Binary", "Practitioner", "PractitionerRole", "Organization", "Location"}


class Mapping:
    """One bundle's mapping in progress: the warnings and refusals it collects."""

    def __init__(self, bundle: Bundle, name: str):
        self.b, self.name = bundle, name
        self.warnings: list[tuple[str, str]] = []
        self.refusals: list[str] = []
        self.used: set = set()  # the identity of each Encounter and Procedure the case reads
        self.unread: Counter = Counter()  # resources of a used type that held nothing casekit reads

    def warn(self, where: str, key: str, **values: Any) -> None:
        self.warnings.append((where, say(key, **values)))

    def refuse(self, where: str, key: str, **values: Any) -> None:
        self.refusals.append(f"{self.name}: {where}: {say(key, **values)}")


def to_case(bundle: Bundle, name: str, case_id: str) -> tuple[dict, list[tuple[str, str]]]:
    """The case data of ``bundle`` and the mapping's warnings ``(where, what)``; CaseError with
    one line per reason when the bundle cannot be a case."""
    from .pas import prospective

    m = Mapping(bundle, name)
    patient = _patient_resource(m)
    diagnoses = _diagnoses(m)
    used: set = set()
    lines = lines_of(bundle, used)
    m.used = used
    request = prospective(m, lines)
    window = request["window"] if request else _window(lines)
    if window is None:
        m.refuse("(bundle)", "fhir_refuse_no_dates")
    if m.refusals or patient is None:
        raise CaseError(name, m.refusals)
    kind = ("concurrent" if request.get("continuation") else "prospective") if request else "retrospective"
    review: dict[str, Any] = {"type": kind,
                              "line_of_business": _line_of_business(m),
                              "under_review": {"from": window[0], "to": window[1]}}
    if request and request.get("visits"):
        review["requested_visits"] = request["visits"]
    review.update(_claim_ids(m, request))
    case: dict[str, Any] = {"format": "casekit/1", "id": case_id, "service": "physical-therapy", "review": review,
                            "patient": _patient(m, patient, window[0]), "diagnoses": diagnoses}
    history = _history(m, window[0], next(d["code"] for d in diagnoses if d.get("primary")))
    m.unread.update(r["resourceType"] for r in bundle.of_type("Encounter", "Procedure") if id(r) not in used)
    if history:
        case["history"] = history
    plan = _plan(m) or (_requested_plan(m, request) if request else None)
    if plan:
        case["plan_of_care"] = plan
    documents, by_encounter = _documents(m)
    visits, counts = _visits([ln for ln in lines if ln.source != "request"], window, documents, by_encounter)
    case.update({k: v for k, v in (("visit_counts", counts), ("visits", visits), ("documents", documents),
                                   ("measures", _measures(m))) if v})
    if m.refusals:
        raise CaseError(name, m.refusals)
    _unused(m)
    return case, m.warnings


# --- patient, coverage, identifiers -----------------------------------------------------------------

def _patient_resource(m: Mapping) -> Optional[dict]:
    patients = m.b.of_type("Patient")
    if not patients:
        m.refuse("(bundle)", "fhir_refuse_no_patient")
        return None
    if len({p.get("id") or id(p) for p in patients}) > 1:
        m.refuse("(bundle)", "fhir_refuse_patients", n=len(patients))
        return None
    p = patients[0]
    if not day(p.get("birthDate")):
        m.refuse(f"{m.b.where(p)}: birthDate", "fhir_refuse_no_birthdate")
    return p


def _patient(m: Mapping, p: dict, on: str) -> dict:
    from ..plausible import _years

    age = _years(dt.date.fromisoformat(day(p["birthDate"])), dt.date.fromisoformat(on))
    gender = p.get("gender")
    out: dict[str, Any] = {"age": age, "sex": gender if gender in ("female", "male", "other", "unknown") else "unknown"}
    if not gender:
        m.warn(f"{m.b.where(p)}.gender", "fhir_no_gender")
    elif out["sex"] != gender:  # "F": R4B's model does not hold gender to its value set
        m.warn(f"{m.b.where(p)}.gender", "fhir_bad_gender", value=repr(str(gender)[:12]))
    name = next((n for n in p.get("name") or [] if isinstance(n, dict)), None)
    if name:
        text = name.get("text") or " ".join([*(name.get("given") or []), name.get("family") or ""]).strip()
        if text:
            out["name"] = text
    mrn = next((i.get("value") for i in p.get("identifier") or []
                if any(c.get("code") == "MR" for c in codings(i.get("type"))) and i.get("value")), None)
    if mrn:
        out["mrn"] = mrn
    out["birth_date"] = day(p["birthDate"])
    return out


def _line_of_business(m: Mapping) -> str:
    """Medicare, Medicaid or workers' comp when a Coverage says so (SOPT, v3 ActCode, words), else
    commercial."""
    lob = tables()["line_of_business"]
    for cov in m.b.of_type("Coverage"):
        for c in codings(cov.get("type")):
            code = str(c.get("code") or "")
            for prefix, value in sorted(lob["sopt_prefix"].items(), key=lambda kv: -len(kv[0])):
                if "nahdo" in str(c.get("system", "")).lower() and code.startswith(prefix):
                    return value
            if code in lob["actcode"]:
                return lob["actcode"][code]
        words = " ".join(str(x) for x in [(cov.get("type") or {}).get("text"),
                                          *[c.get("name") for c in cov.get("class") or []],
                                          *[p.get("display") for p in cov.get("payor") or []]] if x).lower()
        for word, value in lob["words"].items():
            if word in words:
                return value
    return "commercial"


def _claim_ids(m: Mapping, request: Optional[dict]) -> dict:
    """member id, claim id and treating provider: the PHI fields of the review block."""
    out: dict[str, Any] = {}
    cov = next(iter(m.b.of_type("Coverage")), None)
    if cov and (member := cov.get("subscriberId") or next(
            (i.get("value") for i in cov.get("identifier") or [] if i.get("value")), None)):
        out["member_id"] = member
    claim = (request or {}).get("claim") or next(iter(m.b.of_type("Claim")), None)
    if claim:
        if (cid := next((i.get("value") for i in claim.get("identifier") or [] if i.get("value")), None)):
            out["claim_id"] = cid
        prov = m.b.resolve(claim.get("provider"), claim) if claim.get("provider") else None
        if prov and prov.get("resourceType") == "Practitioner":
            n = next(iter(prov.get("name") or []), {})
            text = n.get("text") or " ".join([*(n.get("given") or []), n.get("family") or ""]).strip()
            npi = next((i.get("value") for i in prov.get("identifier") or []
                        if i.get("system") == "http://hl7.org/fhir/sid/us-npi"), None)
            if text:
                out["provider"] = {"name": text, **({"npi": npi} if npi and re.fullmatch(r"\d{10}", npi) else {})}
    return out


# --- diagnoses and history --------------------------------------------------------------------------

def icd10cm_coding(cc: Any) -> tuple[Optional[dict], bool]:
    """(the ICD-10-CM coding of a CodeableConcept, whether it came under the WHO ICD-10 URI)."""
    for system_key in ("icd10cm", "icd10_who"):
        for c in codings(cc):
            if c.get("system") in systems(system_key) and isinstance(c.get("code"), str):
                return c, system_key == "icd10_who"
    return None, False


def _icd10cm(m: Mapping, cc: Any, where: str) -> Optional[dict]:
    """``{code, description}`` of the ICD-10-CM coding of a CodeableConcept; the WHO ICD-10 URI is
    read as ICD-10-CM with a warning."""
    c, who = icd10cm_coding(cc)
    if c is None:
        return None
    if who:
        m.warn(where, "fhir_who_icd10")
    from ..codes import CODE_SET, nearest, normalise_code, status
    code = normalise_code(str(c.get("code") or ""))
    if code is not None and status(code) == "unknown":  # named here, where the resource is known
        near = nearest(code)
        m.refuse(where, "fhir_code_not_in_code_set", code=repr(code), code_set=CODE_SET,
                 hint=f" ({say('fhir_did_you_mean', code=near)})" if near else "")
        return None
    return {"code": c["code"], **({"description": c["display"]} if c.get("display") else {})}


def _diagnoses(m: Mapping) -> list[dict]:
    found: dict[str, dict] = {}
    principal: Optional[str] = None
    other, invalid, codeless = 0, 0, []
    for cond in (r for r in m.b.each() if r.get("resourceType") == "Condition"):  # contained ones too
        if (cond.get("verificationStatus") and any(c.get("code") in ("entered-in-error", "refuted")
                                                    for c in codings(cond.get("verificationStatus")))):
            continue
        if not codings(cond.get("code")) and not (cond.get("code") or {}).get("text"):
            codeless.append(m.b.where(cond))  # no code at all: not a SNOMED-only one
            continue
        refused = len(m.refusals)
        dx = _icd10cm(m, cond.get("code"), f"{m.b.where(cond)}.code")
        if dx is None:
            invalid += len(m.refusals) > refused  # an ICD-10-CM code not in the code set: named already
            other += len(m.refusals) == refused
            continue
        found.setdefault(dx["code"], dx)
    for claim in m.b.of_type("Claim", "ExplanationOfBenefit"):
        for d in claim.get("diagnosis") or []:
            cc = d.get("diagnosisCodeableConcept")
            if cc is None and d.get("diagnosisReference"):
                cc = (m.b.resolve(d["diagnosisReference"], claim) or {}).get("code")
            dx = _icd10cm(m, cc, f"{m.b.where(claim)}.diagnosis")
            if dx:
                found.setdefault(dx["code"], dx)
                if principal is None and any(c.get("code") == "principal" for c in codings(d.get("type"))):
                    principal = dx["code"]
    if other:
        m.warn("Condition", "fhir_not_icd10cm", n=other)
    if not found and invalid:
        return []  # the codes that do not exist are the reason, each named with its resource
    if not found:
        from .pas import preauthorization
        request = preauthorization(m.b)
        m.refuse(f"{m.b.where(request)}: diagnosis" if request else "Condition", "fhir_refuse_no_icd10cm")
        if other:
            m.refuse("Condition", "fhir_refuse_only_other", n=other)
        for where in codeless:
            m.refuse(f"{where}: code", "fhir_condition_no_code")
        return []
    for where in codeless:
        m.warn(f"{where}: code", "fhir_condition_no_code")
    first = principal or next(iter(found))
    return [{**dx, **({"primary": True} if code == first else {})} for code, dx in found.items()]


def _in_range(code: Optional[str], bounds: list[str]) -> bool:
    """Whether a five-digit CPT code lies in ``[low, high]``."""
    return bool(code) and code.isdigit() and len(code) == 5 and bounds[0] <= code <= bounds[1]


def _history(m: Mapping, first: str, primary: str) -> dict:
    """Onset kind and months from the Condition's onset; a surgical procedure before the window
    makes it post-operative, an injury code (S, T) acute; otherwise the kind is left to the notes
    (casekit reads "gradual onset" there), never guessed."""
    out: dict[str, Any] = {}
    onset = None
    for cond in (r for r in m.b.each() if r.get("resourceType") == "Condition"):
        if icd10cm_coding(cond.get("code"))[0] and (d := start_of(cond, "onsetDateTime", "onsetPeriod")):
            onset = min(onset or d, d)
    if onset and onset <= first:
        a, b = dt.date.fromisoformat(onset), dt.date.fromisoformat(first)
        out["duration_months"] = (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)
    surgical = [p for p in m.b.of_type("Procedure") if p.get("status") not in ("not-done", "entered-in-error")
                and (any(c.get("code") == "387713003" for c in codings(p.get("category")))  # SNOMED surgical
                     or _in_range(cpt_code(p.get("code")), tables()["cpt"]["surgery_range"]))
                and (d := start_of(p, "performedDateTime", "performedPeriod")) and d < first]
    if surgical:
        p = surgical[-1]
        m.used.add(id(p))
        text = (p.get("code") or {}).get("text") or next((c.get("display") for c in codings(p.get("code"))
                                                          if c.get("display")), None)
        if text:
            out["surgery"] = {"procedure": text, "date": start_of(p, "performedDateTime", "performedPeriod")}
        out["onset"] = "post-operative"
    elif primary[:1] in ("S", "T"):
        out["onset"] = "acute"
    return out


# --- plan of care --------------------------------------------------------------------------------

_WEEKS = {"wk": 1.0, "d": 1 / 7, "mo": 30.4375 / 7, "a": 365.25 / 7, "h": 1 / 168}


def _weeks(value: Any, unit: Any) -> Optional[float]:
    return value * _WEEKS[unit] if isinstance(value, (int, float)) and unit in _WEEKS else None


def _timing(repeat: dict) -> tuple[Optional[float], Optional[float]]:
    """(visits per week, weeks) of a Timing.repeat."""
    per = _weeks(repeat.get("period", 1), repeat.get("periodUnit"))
    freq = repeat.get("frequencyMax") or repeat.get("frequency") or 1
    bounds = repeat.get("boundsDuration") or {}
    weeks = _weeks(bounds.get("value"), bounds.get("code") or bounds.get("unit"))
    if weeks is None and isinstance(repeat.get("boundsPeriod"), dict):
        a, b = day(repeat["boundsPeriod"].get("start")), day(repeat["boundsPeriod"].get("end"))
        weeks = (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days / 7 if a and b else None
    return (round(freq / per, 2) if per else None), (round(weeks, 2) if weeks else None)


def _requested_plan(m: Mapping, request: dict) -> Optional[dict]:
    """Without a ServiceRequest or CarePlan, a PAS request's own items are the plan asked for:
    its requested visits spread over the weeks of its serviced period (12 visits from 2026-12-07
    to 2027-01-29: 1.5 a week for 7.6 weeks), dated the Claim's ``created``; said in a warning."""
    from pydantic import ValidationError

    from ..model import PlanOfCare

    visits, window = request.get("visits"), request.get("window")
    if not (visits and window):
        return None
    days = (dt.date.fromisoformat(window[1]) - dt.date.fromisoformat(window[0])).days + 1
    weeks = round(days / 7, 1)
    plan = {"date": day(request["claim"].get("created")) or window[0],
            "visits_per_week": round(visits / weeks, 2) if weeks else visits, "weeks": weeks or 1}
    try:
        PlanOfCare.model_validate(plan)
    except ValidationError:
        return None
    m.warn(f"{m.b.where(request['claim'])}.item", "fhir_plan_from_request", visits=visits,
           start=window[0], end=window[1])
    return plan


def _plan(m: Mapping) -> Optional[dict]:
    from pydantic import ValidationError

    from ..model import PlanOfCare

    plans = []
    for r in m.b.of_type("ServiceRequest", "CarePlan"):
        if not is_pt_concept(r, "code", "category") and not any(
                is_pt_concept(a.get("detail") or {}, "code", "category") for a in r.get("activity") or []):
            continue
        timing = r.get("occurrenceTiming") or next(
            (a["detail"]["scheduledTiming"] for a in r.get("activity") or []
             if isinstance(a.get("detail"), dict) and a["detail"].get("scheduledTiming")), None)
        date = day(r.get("authoredOn")) or start_of(r, "period") or day(r.get("created"))
        goals = [g for ref in r.get("goal") or [] if (g := ((m.b.resolve(ref, r) or {}).get("description") or {}).get("text"))]
        plans.append((date or "", r, timing, goals))
    if not plans:
        return None
    date, r, timing, goals = max(plans, key=lambda p: (p[2] is not None, p[0]))
    per_week, weeks = _timing((timing or {}).get("repeat") or {})
    if not (date and per_week and weeks):
        m.warn(m.b.where(r), "fhir_no_timing")
        return None
    plan = {"date": date, "visits_per_week": per_week, "weeks": weeks, **({"goals": goals} if goals else {})}
    try:
        PlanOfCare.model_validate(plan)
    except ValidationError:
        m.warn(m.b.where(r), "fhir_timing_out_of_range", per_week=per_week, weeks=weeks)
        return None
    return plan


# --- visits, documents, measures -----------------------------------------------------------------

def _window(lines: list[ServiceLine]) -> Optional[tuple[str, str]]:
    """The dates under review of a retrospective bundle: the dates its Claims bill (a claim is
    what a retrospective review judges; earlier visits on record are the course before it), else
    its records' dates, else its EOBs'."""
    for source in ("claim", "record", "eob"):
        dates = sorted({ln.date for ln in lines if ln.source == source})
        if dates:
            return dates[0], dates[-1]
    return None


_VISIT_KINDS = {"evaluation", "re-evaluation", "progress-report", "discharge"}


def _visits(lines: list[ServiceLine], window: tuple[str, str], documents: list[dict],
            by_encounter: dict[str, str]) -> tuple[list[dict], list[dict]]:
    """Visits by date (codes merged, each code's largest units) and the EOB-only dates before the
    window as one ``visit_counts`` entry."""
    recorded = {ln.date for ln in lines if ln.source in ("record", "claim")}
    history = sorted({ln.date for ln in lines if ln.source == "eob" and ln.date < window[0] and ln.date not in recorded})
    counts = ([{"from": history[0], "to": history[-1], "visits": len(history), "source": say("fhir_source_eob")}]
              if history else [])
    by_date: dict[str, dict[str, int]] = {}
    for ln in lines:
        if ln.date in history:
            continue
        codes = by_date.setdefault(ln.date, {})
        if ln.code is not None:
            codes[ln.code] = max(codes.get(ln.code, 0), ln.units)
    docs_by_date: dict[str, str] = {}
    for d in documents:
        docs_by_date.setdefault(by_encounter.get(d["id"]) or d["date"], d["id"])
    visits = []
    for date in sorted(by_date):
        codes = by_date[date]
        kind = kind_of(codes)
        doc = docs_by_date.get(date)
        said = next((d["kind"] for d in documents if d["id"] == doc), None)
        # a discharge summary that day makes a treatment a discharge; with no code on record, the
        # day's evaluation, re-evaluation or progress note says what the visit was
        if kind == "treatment" and (said == "discharge" or (not codes and said in _VISIT_KINDS)):
            kind = said
        listed = [c if u == 1 else {"code": c, "units": u} for c, u in codes.items()]
        visits.append({"date": date, "kind": kind, **({"codes": listed} if listed else {}),
                       **({"document": doc} if doc else {})})
    return visits, counts


def _attachment_text(m: Mapping, doc: dict, att: dict) -> Optional[dict]:
    """Document fields of an attachment: text/plain data (or a Binary of the bundle), a PDF through
    casekit.pdftext; None (with a warning) for what casekit cannot read."""
    where = m.b.where(doc)
    data, kind = att.get("data"), (att.get("contentType") or "").split(";")[0].strip()
    if data is None and att.get("url"):
        binary = m.b.resolve(att["url"], doc)
        if binary is None or binary.get("resourceType") != "Binary":
            m.warn(where, "fhir_attachment_external")
            return None
        data, kind = binary.get("data"), kind or binary.get("contentType", "")
    try:
        raw = base64.b64decode(data or "", validate=True)
    except (binascii.Error, ValueError):
        m.refuse(f"{where}: content.attachment.data", "fhir_refuse_base64")
        return None
    if kind == "text/plain":
        try:
            return {"text": raw.decode("utf-8")}
        except UnicodeDecodeError:
            m.refuse(f"{where}: content.attachment.data", "fhir_refuse_not_utf8")
            return None
    if kind == "application/pdf":
        try:
            from ..pdftext import document_fields
        except ImportError:
            m.warn(where, "fhir_no_pdftext")
            return None
        return document_fields(raw, where)
    m.warn(where, "fhir_attachment_type", type=kind or "?")
    return None


_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def _documents(m: Mapping) -> tuple[list[dict], dict[str, str]]:
    """documents[] and, for each, the date of the encounter it belongs to."""
    kinds = tables()["documents"]
    out, by_encounter, seen = [], {}, set()
    for i, doc in enumerate(m.b.of_type("DocumentReference"), start=1):
        if doc.get("status") == "entered-in-error":
            continue
        ctx = doc.get("context") or {}
        enc = next((m.b.resolve(e, doc) for e in ctx.get("encounter") or []), None)
        date = day(doc.get("date")) or start_of(ctx, "period") or (start_of(enc, "period") if enc else None)
        if not date:
            m.warn(m.b.where(doc), "fhir_document_undated")
            continue
        att = next((c.get("attachment") for c in doc.get("content") or [] if c.get("attachment")), None)
        fields = _attachment_text(m, doc, att) if att else None
        if fields is None:
            continue
        kind = next((kinds[c["code"]] for c in codings(doc.get("type")) if c.get("code") in kinds), "other")
        ident = doc["id"] if (_SAFE_ID.match(str(doc.get("id", ""))) and doc["id"] not in seen
                              and doc["id"] not in m.b.private) else f"doc-{i}"
        seen.add(ident)
        author = next((a.get("display") for a in doc.get("author") or [] if a.get("display")), None)
        out.append({"id": ident, "date": date, "kind": kind, **({"author": author} if author else {}), **fields})
        if enc and start_of(enc, "period"):
            by_encounter[ident] = start_of(enc, "period")
    return out, by_encounter


def _measure_name(cc: Any, text: Optional[str]) -> Optional[tuple[str, Optional[str]]]:
    """(name, unit) of a measure by (system, code), else by name in its text."""
    from ..proms import prom_name

    for row in tables()["measures"]:
        if any(c.get("system") == row["system"] and c.get("code") == row["code"] for c in codings(cc)):
            return row["name"], row["unit"]
    for t in [text, (cc or {}).get("text") if isinstance(cc, dict) else None, *(c.get("display") for c in codings(cc))]:
        if t and (name := prom_name(str(t))):
            return name, next((r["unit"] for r in tables()["measures"] if r["name"] == name), None)
    return None


def _examined(obs: dict) -> Optional[tuple[str, Optional[str]]]:
    """(name, unit) of a measurement a clinician took that the measure table does not name (a knee
    flexion in degrees, a Timed Up and Go in seconds), kept as written: an Observation of a
    category of examination or function (``tables()["measure_categories"]``), named by its code's
    text or display. Vital signs and laboratory results are not therapy measures."""
    wanted = set(tables()["measure_categories"])
    if not any(c.get("code") in wanted for c in codings(obs.get("category"))):
        return None
    cc = obs.get("code") if isinstance(obs.get("code"), dict) else {}
    name = cc.get("text") or next((c.get("display") for c in codings(cc) if c.get("display")), None)
    if not isinstance(name, str) or not name.strip():
        return None
    q = obs.get("valueQuantity") if isinstance(obs.get("valueQuantity"), dict) else {}
    unit = q.get("unit") or q.get("code")
    return name.strip()[:200], (unit.strip()[:200] if isinstance(unit, str) and unit.strip() else None)


def _number(holder: dict) -> Optional[float]:
    for key in ("valueQuantity", "valueDecimal", "valueInteger"):
        v = holder.get(key)
        v = v.get("value") if isinstance(v, dict) else v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return float(v)
    return None


def _measures(m: Mapping) -> list[dict]:
    out = []
    for obs in m.b.of_type("Observation"):
        found, value = _measure_name(obs.get("code"), None) or _examined(obs), _number(obs)
        date = start_of(obs, "effectiveDateTime", "effectivePeriod") or day(obs.get("issued"))
        if found and value is not None and date and obs.get("status") not in ("entered-in-error", "cancelled"):
            out.append({"name": found[0], "date": date, "value": value, **({"unit": found[1]} if found[1] else {})})
        else:
            m.unread["Observation"] += 1
    for qr in m.b.of_type("QuestionnaireResponse"):
        date = day(qr.get("authored"))
        stack = list(qr.get("item") or [])
        while stack:
            item = stack.pop(0)
            stack.extend(item.get("item") or [])
            found = _measure_name({"coding": item.get("code") or []}, item.get("text"))
            value = next((v for a in item.get("answer") or [] if (v := _number(a)) is not None), None)
            if found and value is not None and date:
                out.append({"name": found[0], "date": date, "value": value, **({"unit": found[1]} if found[1] else {})})
    return out


def _unused(m: Mapping) -> None:
    """ONE warning listing the resource types casekit does not use (and the unread Observations,
    request-only entries and dangling references)."""
    counts = Counter(r.get("resourceType") for r in m.b.resources if r.get("resourceType") not in USED)
    counts.update(m.unread)
    if counts:
        m.warn("(bundle)", "fhir_unused", listing=", ".join(f"{k} ({v})" for k, v in sorted(counts.items())))
    if m.b.request_only:
        m.warn("(bundle)", "fhir_request_only", n=m.b.request_only)
    if m.b.dangling:
        m.warn("(bundle)", "fhir_dangling", n=sum(m.b.dangling.values()),
               types=", ".join(sorted(m.b.dangling)))
