"""The case contract (``format: casekit/1``) as pydantic models.

Field names follow ``case-format.md`` exactly; optional fields added by casekit are marked so.
Dates arrive as strings (the loader never lets YAML turn them into objects) and are parsed here,
so an impossible date is a field error with its path, not a crash.

>>> Case.model_validate({...})  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from . import codes
from .codes import normalise_code
from .limits import (EARLIEST_YEAR, LATEST_YEAR, MAX_AGE_YEARS, MAX_DOCUMENT_CHARS, MAX_ID_CHARS,
                     MAX_ITEMS, MAX_NAME_CHARS, MAX_OCR_WORDS, MAX_PDF_PAGES, MAX_TEXT_FIELD_CHARS, MAX_VISITS,
                     RESERVED_IDS)
from .textnorm import normalise

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str) and _ISO.match(value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if not isinstance(value, dt.date):
        raise ValueError("is not a date (use YYYY-MM-DD)")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:  # a typo, and date sums near 9999 overflow
        raise ValueError(f"is not a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


ISODate = Annotated[dt.date, BeforeValidator(_parse_date)]


class _Model(BaseModel):
    # no NaN or infinity: ".inf" as a measure would count as the largest improvement there is;
    # text bounded (a note has its own, larger bound)
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False,
                              str_max_length=MAX_TEXT_FIELD_CHARS)


def _not_bool(what: str):
    """A validator refusing true and false where ``what`` is expected: "age: true" would
    otherwise be a 1-year-old, a measure of true a score of 1."""
    def check(value: object) -> object:
        if isinstance(value, bool):
            raise ValueError(f"{str(value).lower()} is not {what}")
        return value
    return check


#: a whole number that is not a boolean
Count = Annotated[int, BeforeValidator(_not_bool("a whole number"))]
#: a finite number that is not a boolean (the models refuse NaN and infinity)
Number = Annotated[float, BeforeValidator(_not_bool("a number"))]


def _items():
    """A list field of at most ``MAX_ITEMS`` entries, empty by default (a new Field each time:
    pydantic may adjust a Field it is given)."""
    return Field(default=[], max_length=MAX_ITEMS)


class DateRange(_Model):
    from_: ISODate = Field(alias="from")
    to: ISODate

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _ordered(self) -> "DateRange":
        if self.to < self.from_:
            raise ValueError(f"'to' ({self.to}) is before 'from' ({self.from_})")
        return self


class Reviewer(_Model):
    """The licensed reviewer who decides and signs (identifiers: never logged)."""

    name: str = Field(description="the reviewer's name, as the signature block shows it (PHI: never logged)")
    credentials: Optional[str] = Field(default=None, description='the reviewer\'s credentials, e.g. "PT, DPT" '
                                       'or "MD, physiatry"')
    licence: Optional[str] = Field(default=None, description="the reviewer's licence (state and number; "
                                   "PHI: never logged)")


def _name_alone(value: object) -> object:
    """``reviewer: "Dana Reyes, PT"`` is the reviewer's name alone, as a mapping of one field."""
    return {"name": value} if isinstance(value, str) else value


#: a reviewer written as a mapping, or as a name alone
ReviewerField = Annotated[Reviewer, BeforeValidator(_name_alone)]


class Provider(_Model):
    """The treating provider (identifiers: never logged)."""

    name: str = Field(description="the treating provider's name (PHI: never logged)")
    npi: Optional[str] = Field(default=None, pattern=r"^[0-9]{10}$",
                               description="the treating provider's 10-digit NPI (PHI: never logged)")


LineOfBusiness = Literal["commercial", "medicare", "medicaid", "workers-comp"]


class ReviewRequest(_Model):
    """The case file's ``review`` block: what is asked to be reviewed (not the result, which is
    :class:`casekit.reviewing.Review`)."""

    type: Literal["retrospective", "prospective", "concurrent"]
    line_of_business: LineOfBusiness = "commercial"
    #: workers' compensation: the state or province whose rules apply ("CA", "TX", "NY", ...)
    jurisdiction: Optional[str] = Field(default=None, pattern=r"^[A-Z]{2}$")
    under_review: DateRange
    requested_visits: Optional[Count] = Field(default=None, ge=1)
    reviewer: Optional[ReviewerField] = Field(default=None, description=(
        "{name, credentials, licence} of the licensed reviewer who decides and signs; absent, the "
        "report says the determination is casekit's proposal, not yet signed"))
    decided_on: Optional[ISODate] = Field(default=None, description="date of the determination (YYYY-MM-DD)")
    claim_id: Optional[str] = Field(default=None, description="the claim's identifier, for the notice "
                                    "(PHI: never logged)")
    member_id: Optional[str] = Field(default=None, description="the member's identifier with the plan, for "
                                     "the notice (PHI: never logged)")
    provider: Optional[Provider] = Field(default=None, description="{name, npi} of the treating provider, "
                                         "for the notice (PHI: never logged)")


class Patient(_Model):
    age: Count = Field(ge=0, le=MAX_AGE_YEARS)
    sex: Literal["female", "male", "other", "unknown"]
    name: Optional[str] = None
    mrn: Optional[str] = None
    birth_date: Optional[ISODate] = None


class Diagnosis(_Model):
    code: str
    primary: bool = False
    description: Optional[str] = None

    @field_validator("code", mode="before")
    @classmethod
    def _code(cls, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError("is not an ICD-10-CM code (e.g. M25.552)")
        code = normalise_code(value)
        if code is None:
            raise ValueError("is not an ICD-10-CM code (a letter, two digits, then up to four "
                             "characters, e.g. M25.552)")
        if codes.status(code) == "unknown":
            near = codes.nearest(code)
            hint = f"; did you mean {near}?" if near else ""
            raise ValueError(f"is not in the {codes.CODE_SET} code set (no such code){hint}")
        return code


class Surgery(_Model):
    procedure: str
    date: ISODate


class Imaging(_Model):
    modality: str
    date: ISODate
    result: Optional[str] = None


class History(_Model):
    onset: Optional[Literal["gradual", "acute", "post-operative", "unknown"]] = None
    duration_months: Optional[Number] = Field(default=None, ge=0, le=MAX_AGE_YEARS * 12)
    surgery: Optional[Surgery] = None
    imaging: list[Imaging] = _items()


class PlanOfCare(_Model):
    date: ISODate
    visits_per_week: Number = Field(gt=0, le=14)
    weeks: Number = Field(gt=0, le=104)
    goals: list[str] = _items()
    certified_on: Optional[ISODate] = None
    #: casekit additions: date a Medicare plan of care was recertified; from 2025 a signed order
    #: plus the plan sent to the referrer within 30 days also certifies it.
    recertified_on: Optional[ISODate] = None
    order_signed_on: Optional[ISODate] = None
    sent_to_referrer_on: Optional[ISODate] = None

    @property
    def planned_visits(self) -> int:
        return int(round(self.visits_per_week * self.weeks))


VisitKind = Literal["evaluation", "re-evaluation", "treatment", "progress-report", "discharge"]


class BilledCode(_Model):
    """A CPT/HCPCS code billed on a date of service, with its units (timed codes: 15 minutes each)."""

    code: str = Field(pattern=r"^[A-Z0-9]{4,5}$")
    units: Count = Field(default=1, ge=1, le=24)


class Visit(_Model):
    date: ISODate
    kind: VisitKind = "treatment"
    #: each written as a code ("97110") or {code, units}; read back as BilledCode either way
    codes: list[Union[Annotated[str, Field(pattern=r"^[A-Z0-9]{4,5}$")], BilledCode]] = _items()
    document: Optional[str] = None

    @field_validator("codes", mode="after")
    @classmethod
    def _codes(cls, value: list) -> list:
        return [BilledCode(code=c) if isinstance(c, str) else c for c in value]

    @property
    def code_list(self) -> list[str]:
        """The billed codes, without units."""
        return [c.code for c in self.codes]


class VisitCount(DateRange):
    """History known only as a total: ``visits`` dates of service between ``from`` and ``to``."""

    visits: Count = Field(ge=0)
    source: Optional[str] = None


# casekit adds "re-evaluation" to the contract's document kinds (visits have it too).
DocumentKind = Literal["evaluation", "re-evaluation", "daily-note", "progress-report", "plan-of-care",
                       "discharge", "referral", "imaging", "other"]


class Extraction(_Model):
    """casekit addition: how a document's text was read from a PDF (casekit.pdftext), the audit
    trail of ``documents[].file`` or a FHIR PDF attachment. Written by casekit, not by hand."""

    extractor: str = Field(description='the PDF text extractor and its version, e.g. "pypdf 7.1.1"')
    pages: int = Field(ge=0, le=MAX_PDF_PAGES, description="pages in the PDF")
    page_sources: list[Literal["pdf", "ocr", "unread"]] = Field(default=[], max_length=MAX_PDF_PAGES, description=(
        "per page: pdf (its text layer), ocr (a scan read by Tesseract) or unread"))
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the PDF's bytes")
    engine: Optional[str] = Field(default=None, description='the OCR engine and version, e.g. "tesseract 5.3.0"')
    mean_confidence: Optional[Number] = Field(default=None, ge=0, le=100, description=(
        "OCR: mean word confidence (Tesseract's 0-100 scale)"))
    min_confidence: Optional[Number] = Field(default=None, ge=0, le=100, description="OCR: lowest word confidence")
    words: list[tuple[int, int, float]] = Field(default=[], max_length=MAX_OCR_WORDS, description=(
        "OCR: each word's [start, end) character span in text and its confidence (0-100)"))


class Document(_Model):
    id: str = Field(max_length=MAX_ID_CHARS)
    date: ISODate
    kind: DocumentKind
    author: Optional[str] = None
    text: str = Field(default="", max_length=MAX_DOCUMENT_CHARS)
    #: casekit additions: a PDF note instead of text, and how its text was read
    file: Optional[str] = Field(default=None, max_length=1024, description=(
        "a PDF of the note, relative to the case file (e.g. notes/eval.pdf), instead of text: the loader "
        "reads its text layer, and scanned pages by Tesseract OCR when installed"))
    source: Optional[Literal["typed", "pdf", "ocr", "mixed"]] = Field(default=None, description=(
        "where the text came from: typed (the default), a PDF's text layer, OCR of a scan, or both"))
    extraction: Optional[Extraction] = Field(default=None, description=(
        "the audit trail of a text read from a PDF (extractor, pages, sha256, OCR engine and confidences)"))

    @field_validator("text", mode="before")
    @classmethod
    def _normal(cls, value: object) -> object:
        """Typographic quotes and ligatures as ASCII letters, so "isn’t" negates as "isn't" does."""
        return normalise(value) if isinstance(value, str) else value

    @functools.cached_property
    def sentences(self) -> tuple[tuple[int, int], ...]:
        """The (start, end) spans of the text's sentences, split once and kept: the evidence and
        every rule that looks for a sentence read them (not a field; never serialised).

        >>> Document(id="d", date="2025-01-02", kind="daily-note", text="Pain 5/10. HEP.").sentences
        ((0, 10), (11, 15))
        """
        from .evidence import _sentences  # the splitter lives with the reading of sentences
        return _sentences(self.text or "")


_MMT_GRADE = re.compile(r"^\s*([0-5])\s*([+-]?)\s*(?:/\s*5)?\s*$")


class Measure(_Model):
    name: str = Field(max_length=MAX_NAME_CHARS)
    date: ISODate
    #: a number, or a manual muscle test grade as written ("4-/5", "3+"), kept in ``grade`` and
    #: encoded on the ordinal 0-5 scale with a plus or minus as a third of a grade (an encoding
    #: for comparing grades, not a measurement)
    value: Number
    unit: Optional[str] = Field(default=None, max_length=MAX_NAME_CHARS)
    grade: Optional[str] = None

    @model_validator(mode="before")
    @classmethod
    def _grade(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("value"), str):
            m = _MMT_GRADE.match(data["value"])
            if m:
                step = {"+": 1 / 3, "-": -1 / 3, "": 0}[m.group(2)]
                return {**data, "value": round(int(m.group(1)) + step, 2), "grade": data["value"].strip(),
                        "unit": data.get("unit") or "/5"}
        return data


class Deidentified(_Model):
    """How a case was de-identified (casekit addition, written by ``casekit deidentify``): the mode
    and the versions of the tool and its rules; never an original value."""

    mode: Literal["safe-harbor", "date-shift"] = Field(description=(
        "safe-harbor: identifiers removed, dates re-anchored to the first date of service; date-shift: "
        "dates shifted by one offset, not Safe Harbor"))
    rules: Optional[str] = Field(default=None, description="hash of the de-identification rules used")
    tool_version: Optional[str] = Field(default=None, description="casekit version that de-identified the case")


class Teaching(_Model):
    """casekit addition: a teaching case's tags, for a course (never the answer), e.g.
    ``teaching: {level: easy, topics: [gap in care]}``."""

    level: Literal["easy", "medium", "hard"] = Field(description="how hard the case is for a trainee")
    topics: list[str] = Field(default=[], max_length=20, description=(
        'the skills the case teaches, e.g. "gap in care", "Medicare progress reports"; never the '
        "decision or the rules that fail"))


class Case(_Model):
    """One request on the analyst's desk (``format: casekit/1``)."""

    format: Literal["casekit/1"]
    #: also a file name in a batch's output folder: bounded, and never one of the batch's own names
    id: str = Field(pattern=r"^[A-Za-z0-9._-]+$", max_length=MAX_ID_CHARS)
    service: Literal["physical-therapy"]
    review: ReviewRequest
    patient: Patient
    diagnoses: list[Diagnosis] = Field(min_length=1, max_length=MAX_ITEMS)
    history: History = History()
    plan_of_care: Optional[PlanOfCare] = None
    visits: list[Visit] = Field(default=[], max_length=MAX_VISITS)
    visit_counts: list[VisitCount] = _items()
    documents: list[Document] = _items()
    measures: list[Measure] = _items()
    deidentified: Optional[Deidentified] = None
    #: casekit addition: tags of a teaching case (cases/teaching/)
    teaching: Optional[Teaching] = Field(default=None, description=(
        "{level: easy|medium|hard, topics: [...]} of a teaching case: the course index groups "
        "cases by level; topics name skills, never the answer"))

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.casefold() in RESERVED_IDS:
            raise ValueError("is a name a batch writes beside its cases ("
                             + ", ".join(sorted(RESERVED_IDS)) + "); choose another id")
        return value

    def problems(self) -> list[tuple[str, str]]:
        """Cross-field problems as ``(field path, message)``: what one field cannot see alone."""
        from .io import _show  # an id may be free text: shown only when it looks like one
        found: list[tuple[str, str]] = []
        primaries = [i for i, d in enumerate(self.diagnoses) if d.primary]
        if not primaries and len(self.diagnoses) > 1:
            found.append(("diagnoses", f"{len(self.diagnoses)} codes and none marked primary; "
                          "mark the one under review with primary: true"))
        for i in primaries[1:]:
            found.append((f"diagnoses[{i}].primary", f"true, but diagnoses[{primaries[0]}] is "
                          "already primary; mark exactly one"))
        seen: set[str] = set()
        for i, d in enumerate(self.documents):
            if d.id in seen:
                found.append((f"documents[{i}].id", f"{_show(d.id)} is used twice; ids must be unique"))
            seen.add(d.id)
        for i, v in enumerate(self.visits):
            if v.document is not None and v.document not in seen:
                found.append((f"visits[{i}].document", f"{_show(v.document)} names no document in "
                              "documents[] (give the id of one)"))
        from .plausible import problems
        return found + problems(self)

    def warnings(self) -> list[tuple[str, str]]:
        """What the contract allows but a reviewer should look at twice, as ``(field path,
        message)``: a birth date that disagrees with the age, history years old, a prospective
        review of care already given (see :mod:`casekit.plausible`); a case imported from FHIR
        adds its mapping's warnings (:mod:`casekit.fhir`)."""
        from .plausible import warnings
        return list(self.__dict__.get("_import_warnings", ())) + warnings(self)

    @property
    def review_date(self) -> dt.date:
        """The date of the review: ``review.decided_on`` if given, else today."""
        return self.review.decided_on or dt.date.today()

    @property
    def primary_diagnosis(self) -> Diagnosis:
        """The diagnosis marked primary, else the first listed."""
        return next((d for d in self.diagnoses if d.primary), self.diagnoses[0])

    def document(self, doc_id: str) -> Optional[Document]:
        """The document with this id (the first, were ids repeated), by a lookup built once: a
        review asks for one per citation, and a case may hold thousands of documents. The lookup
        is kept beside the fields and rebuilt when ``model_copy`` swaps the documents."""
        docs, built = self.documents, self.__dict__.get("_documents_by_id")
        if built is None or built[0] is not docs:
            built = (docs, {})
            for d in docs:
                built[1].setdefault(d.id, d)
            self.__dict__["_documents_by_id"] = built  # not a field: frozen models allow it here
        return built[1].get(doc_id)
