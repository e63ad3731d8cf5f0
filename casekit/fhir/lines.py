"""Service lines of a bundle: each PT code billed or performed on a date, from Procedure,
Encounter.type, Claim items and ExplanationOfBenefit items.

Dates of service come from ``Procedure.performed[x]`` (else its Encounter's period),
``Encounter.period``, ``Claim.item.serviced[x]`` (else ``Claim.billablePeriod``) and
``ExplanationOfBenefit.item.servicedDate`` (else the EOB's ``billablePeriod``), never
``ExplanationOfBenefit.item.servicedPeriod``: in the SMART Synthea bundles it lies exactly two
years before the linked Encounter (shared inputs-and-training.md §0.1; reference
``synthea-eob-dates`` in packs/common/fhir.yaml).

A line is PT when its CPT/HCPCS code is in the Physical Medicine range (97010-97799, less the OT
and athletic-training evaluations) or a PT HCPCS code, and no modifier marks another discipline
(GO, GN); the tables are data (``cpt`` in fhir.yaml).

>>> is_pt("97110", ["GP"]), is_pt("97165", []), is_pt("97110", ["GO"]), is_pt("99211", [])
(True, False, False, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from .tables import systems, tables

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class ServiceLine:
    date: str
    code: Optional[str]  # None: a PT encounter with no CPT/HCPCS code on record
    units: int
    #: "claim" (a Claim billed: the dates it bills are the ones under review), "record" (Procedure,
    #: Encounter), "eob" (claims history), "request" (PAS)
    source: str
    quantity: Optional[float] = None  # a PAS item's quantity, as requested
    unit: Optional[str] = None  # its unit (a visit, or none)
    until: Optional[str] = None  # a requested period's end


def day(value: Any) -> Optional[str]:
    """``YYYY-MM-DD`` of a FHIR date or dateTime; None for a partial date or none."""
    m = _DATE.match(value) if isinstance(value, str) else None
    return m.group(1) if m else None


def start_of(resource: dict, *fields: str) -> Optional[str]:
    """The first date among ``fields`` (``performedDateTime``, ``period`` ...): a dateTime, or a
    Period's start (its end when the start is missing)."""
    for f in fields:
        v = resource.get(f)
        if isinstance(v, dict):
            v = v.get("start") or v.get("end")
        if day(v):
            return day(v)
    return None


def codings(cc: Any) -> list[dict]:
    """The Codings of a CodeableConcept (or of a list of them)."""
    if isinstance(cc, list):
        return [c for x in cc for c in codings(x)]
    return [c for c in (cc or {}).get("coding") or [] if isinstance(c, dict)] if isinstance(cc, dict) else []


def cpt_code(cc: Any) -> Optional[str]:
    """The CPT or HCPCS code of a CodeableConcept, if it has one."""
    known = systems("cpt") + systems("hcpcs")
    return next((c["code"] for c in codings(cc) if c.get("system") in known and isinstance(c.get("code"), str)), None)


def is_pt(code: str, modifiers: Iterable[str]) -> bool:
    """Whether a CPT/HCPCS code with these modifiers is a physical therapy line."""
    cpt = tables()["cpt"]
    if set(modifiers) & set(cpt["other_discipline_modifiers"]) or code in cpt["not_pt"]:
        return False
    lo, hi = cpt["pt_range"]
    return (len(code) == 5 and code.isdigit() and lo <= code <= hi) or code in cpt["pt_hcpcs"]


_PT_WORDS = re.compile(r"physical therap|physiotherap", re.I)


def is_pt_concept(resource: dict, *fields: str) -> bool:
    """Whether a resource's concepts (``code``, ``category``, ``type``, ``serviceType`` ...) name
    physical therapy: a PT CPT code, SNOMED 91251008 "Physical therapy procedure" (``pt_snomed``
    in fhir.yaml), or the words "physical therapy" / "physiotherapy" in a text or display."""
    ccs = [c for f in fields for c in (resource.get(f) if isinstance(resource.get(f), list) else [resource.get(f)])
           if isinstance(c, dict)]
    pt_snomed = set(tables()["pt_snomed"])
    return (any(c.get("code") in pt_snomed and c.get("system") in systems("snomed") for c in codings(ccs))
            or any((code := cpt_code(c)) and is_pt(code, []) for c in ccs)
            or any(_PT_WORDS.search(str(t)) for t in [*(c.get("text") for c in ccs), *(c.get("display") for c in codings(ccs))] if t))


def kind_of(codes: Iterable[str]) -> str:
    """The visit kind its codes make: an evaluation code, a re-evaluation code, else treatment."""
    cpt, codes = tables()["cpt"], set(codes)
    return ("evaluation" if codes & set(cpt["evaluation"]) else
            "re-evaluation" if codes & set(cpt["re-evaluation"]) else "treatment")


def _modifiers(item: dict) -> list[str]:
    return [c["code"] for c in codings(item.get("modifier")) if isinstance(c.get("code"), str)]


def _units(item: dict) -> int:
    q = (item.get("quantity") or {}).get("value")
    return max(1, min(24, int(round(q)))) if isinstance(q, (int, float)) else 1


def lines_of(bundle, used: Optional[set] = None) -> list[ServiceLine]:
    """Every PT line of the bundle, in bundle order; ``used`` (if given) collects the identity of
    each Encounter and Procedure that gave a line."""
    out: list[ServiceLine] = []
    used = set() if used is None else used
    for enc in bundle.of_type("Encounter"):
        d = start_of(enc, "period")
        if not d or enc.get("status") in ("cancelled", "entered-in-error", "planned"):
            continue
        codes = [code for cc in enc.get("type") or [] if (code := cpt_code(cc)) and is_pt(code, [])]
        out.extend(ServiceLine(d, code, 1, "record") for code in codes)
        if not codes and is_pt_concept(enc, "type", "serviceType"):  # a PT visit whose codes are not on record
            out.append(ServiceLine(d, None, 1, "record"))
        if codes or is_pt_concept(enc, "type", "serviceType"):
            used.add(id(enc))
    for proc in bundle.of_type("Procedure"):
        if proc.get("status") in ("not-done", "entered-in-error"):
            continue
        code = cpt_code(proc.get("code"))
        enc = bundle.resolve(proc.get("encounter"), proc) if proc.get("encounter") else None
        d = start_of(proc, "performedDateTime", "performedPeriod") or (start_of(enc, "period") if enc else None)
        if d and code and is_pt(code, []):
            out.append(ServiceLine(d, code, 1, "record"))
            used.add(id(proc))
            if enc:
                used.add(id(enc))  # the visit the procedure was done at
    for claim in bundle.of_type("Claim", "ExplanationOfBenefit"):
        eob = claim["resourceType"] == "ExplanationOfBenefit"
        request = not eob and claim.get("use") == "preauthorization"
        fallback = start_of(claim, "billablePeriod")
        for item in claim.get("item") or []:
            code = cpt_code(item.get("productOrService"))
            if not code or not is_pt(code, _modifiers(item)):
                continue
            d = start_of(item, "servicedDate") if eob else start_of(item, "servicedDate", "servicedPeriod")
            if not (d := d or fallback):
                continue
            q = item.get("quantity") or {}
            until = day((item.get("servicedPeriod") or claim.get("billablePeriod") or {}).get("end"))
            out.append(ServiceLine(d, code, _units(item), "eob" if eob else "request" if request else "claim",
                                   q.get("value"), q.get("unit") or q.get("code"), until if request else None))
    return out
