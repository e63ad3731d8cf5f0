"""Guideline packs: rules as data, loaded from YAML and checked key by key.

A pack is either a *diagnosis pack* (benchmarks and rules for a set of ICD-10-CM codes, chosen by
the primary diagnosis) or an *overlay* (rules for a line of business, e.g. Medicare, applied on
top). A payer customises one by writing a pack file with ``extends: hip-pain`` that overrides
settings, benchmarks or severities, and passing its path as ``--pack``.

>>> pack = resolve(case)               # doctest: +SKIP
>>> pack.benchmark_for("M25.552").visits  # doctest: +SKIP
14
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import codes as icd
from .errors import CasekitError, PackError, UsageError
from .registry import nearest

#: YAML's safe loader, with libyaml's C parser when the wheel has it: the same tags and
#: constructors as ``yaml.safe_load`` (dates, YAML 1.1 booleans), a tenth of its time on the packs.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_yaml(text: str | bytes) -> Any:
    """What ``yaml.safe_load`` gives, parsed in C where libyaml is installed.

    >>> safe_yaml("a: 1")
    {'a': 1}
    """
    return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 (the safe loader)

Severity = Literal["critical", "major", "minor", "info"]
Status = Literal["pass", "fail", "not-applicable", "insufficient-data"]
Tier = Literal["V", "S", "R", "payer-setting"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Setting(_Strict):
    value: float
    unit: Optional[str] = None
    source: str
    tier: Tier
    note: Optional[str] = None


class Benchmark(_Strict):
    codes: list[str]
    visits: int = Field(ge=0)
    label: str
    basis: str
    source: str
    tier: Tier
    licensed: bool = False
    postoperative: bool = False  # a benchmark for care after surgery, or (default) without it
    title: Optional[str] = None  # the care it covers, for a report's title ("after total knee arthroplasty")
    # "limit": a payer's figure that decides (a percentile or plan limit); "reference": a public
    # typical figure (a programme's dose, a claims mean, a protocol's range) reported for
    # comparison: exceeding it is a minor finding, never a denial on its own
    use: Literal["limit", "reference"] = "limit"
    note: Optional[str] = None


class AlternativeDiagnosis(_Strict):
    id: str
    name: str
    min_age: Optional[int] = None
    onset: list[str] = []
    min_duration_months: Optional[float] = None
    red_flags: list[str] = []
    unless_codes: list[str] = []
    addressed_by: list[str] = []  # patterns in the records showing it was considered
    imaging_addresses: bool = False  # whether hip imaging on record counts as ruling it out
    suggest: str
    cite: list[str] = []
    # red flags of a condition needing prompt referral (cauda equina, fracture): the check fails
    # as major, so the case pends, and the statement says so
    urgent: bool = False


class Mcid(_Strict):
    value: float
    unit: Optional[str] = None
    source: str
    tier: Tier


class Imaging(_Strict):
    first: str
    after_negative: str
    cite: list[str] = []


class Pitfall(_Strict):
    section: str
    text: str
    with_: list[str] = Field(default=[], alias="with")  # shown only if these rules failed too

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Element(_Strict):
    """The documentation element a rule checks, as the report's table names it (a template), and
    the evidence that bears on it: finding kinds (``gap-explanation``; ``exercise:parameters``, a
    finding of that kind with that detail) or places in the case file (``plan_of_care``,
    ``visits``). The table quotes only such evidence. A plain string is the text alone.

    >>> Element.model_validate("Individual daily notes").evidence
    []
    """

    text: str
    evidence: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class RuleConfig(_Strict):
    element: Optional[Element] = None  # the documentation element it checks, for the report's table
    pitfall: Optional[Pitfall] = None  # shown under "Common Pitfalls" when the rule fails
    reason: Optional[str] = None  # short clause naming the failure, for summaries
    severity: Optional[Severity] = None
    section: Optional[str] = None
    # the section of a failure of this severity where it differs from ``section``: a public
    # reference figure fails as minor and is no threshold exceeded
    sections: dict[Severity, str] = {}
    cite: Optional[list[str]] = None
    document: Optional[str] = None
    statements: dict[Status, str] = {}
    summary: Optional[str] = None  # wording key of the case summary when this rule decides first


class Standard(_Strict):
    section: str
    text: str
    cite: list[str] = []
    # "section": only beside a failed check of its section; "with-findings": whenever any
    # check failed; "always"
    show: Literal["section", "with-findings", "always"] = "section"


class ReportPart(_Strict):
    title: str
    sections: list[str] = []
    documentation_table: bool = False


class ReportLayout(_Strict):
    title: Optional[str] = None  # the condition as the report's title names it ("Hip Pain")
    parts: list[ReportPart] = []
    standards: list[Standard] = []


class NoticeElement(_Strict):
    """One element the notice of an adverse determination must carry under its line of business:
    a heading, a text template (filled with the review's facts and :data:`NOTICE_FIELDS`) and the
    references that require it (``cite``: keys of ``references``, at least one). With
    ``cites_criteria`` the element also cites the criteria of the deciding checks (the guideline
    relied on)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    heading: str
    text: str
    cite: list[str] = Field(min_length=1)
    cites_criteria: bool = False
    #: the review types the element applies to (empty: any); an expedited appeal, for one, is
    #: for care not yet given, never for payment of care already received
    review_types: list[Literal["retrospective", "prospective", "concurrent"]] = []


class Notice(_Strict):
    """The notice of adverse determination: its title, the appeal route and that route's source,
    and its elements in order. A layer that lists ``elements`` replaces the list whole: the
    notice of a line of business (an overlay) or of a jurisdiction is complete on its own."""

    title: Optional[str] = None
    appeal: Optional[str] = None
    appeal_source: Optional[str] = None
    elements: list[NoticeElement] = []


Effect = Literal["deny", "pend", "document", "note"]


class DecisionRow(_Strict):
    """What a failed check means for the decision. ``effect`` applies when every rule in
    ``if_failed`` failed too and not every rule in ``unless_passed`` passed; otherwise
    ``otherwise``. ``severities`` limits the row to checks of those severities (a public
    reference figure fails as minor and so falls outside a row for critical limits)."""

    rule: str
    effect: Effect
    if_failed: list[str] = []
    unless_passed: list[str] = []
    otherwise: Effect = "document"
    severities: list[Severity] = []
    review_types: list[Literal["retrospective", "prospective", "concurrent"]] = []  # empty: any
    first: bool = False  # when its effect applies it decides before any other (urgent red flags)
    why: str = ""  # the reviewer's reasoning, quoted in the report's decision table


class CareCodes(_Strict):
    """CPT/HCPCS codes by kind of care, as billed on ``visits[].codes``."""

    passive_cpt: list[str] = []  # supervised and attended modalities, massage
    active_cpt: list[str] = []  # exercise, neuromuscular re-education, gait, functional activities
    timed_cpt: list[str] = []  # billed in 15-minute units


class DecisionPolicy(_Strict):
    """Decision semantics a pack states as data (see :mod:`casekit.determination`)."""

    # deny: the records show necessity is not supported; pend: a record needed to judge is
    # missing or contradictory; document: a weakness that does not defeat necessity ("to
    # continue, document ..."); note: reported only. A failed check with no row takes the effect
    # of its severity: critical deny, major pend, minor document, info note.
    table: list[DecisionRow] = []
    # past a payer's visit limit, approve the dates within it and deny those past it; false: deny
    # every date of a case denied on the limit
    lines_by_date: bool = True

    partial_on: list[str] = []  # rules whose failure alone allows a partial approval of a request
    jimmo_exempt: list[str] = []  # rules that never decide under ``jimmo: true``
    jimmo_reference: Optional[str] = None  # the reference the Jimmo sentence cites
    skilled_care_cpt: list[str] = []  # CPT codes that show skilled care was billed
    order_certifies_from: Optional[dt.date] = None  # a signed order + plan sent certifies from then


class DocItem(_Strict):
    id: str
    text: str
    fold_into: Optional[str] = None  # asked for with that item, it becomes a clause of it
    fold_text: Optional[str] = None


class Reference(_Strict):
    kind: Literal["guideline", "literature"]
    short: Optional[str] = None  # e.g. "Kemp 2020", for tables
    tier: Tier
    citation: str
    licensed: bool = False
    doi: Optional[str] = None
    url: Optional[str] = None

    @property
    def link(self) -> Optional[str]:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class YearValue(_Strict):
    value: float
    tier: Tier


class KXThreshold(_Strict):
    source: str
    by_year: dict[int, YearValue]


class AppliesTo(_Strict):
    service: Optional[str] = None
    codes: list[str] = []
    line_of_business: list[str] = []


class Jurisdiction(_Strict):
    """One state's workers'-compensation rules, laid over the pack when the case names it."""

    name: str
    settings: dict[str, Setting] = {}
    benchmarks: list[Benchmark] = []
    notice: Notice = Notice()


class PackFile(_Strict):
    """One pack file as written (before ``extends`` and overlays are applied)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    description: str = ""
    extends: Optional[str] = None
    overlay: bool = False
    fallback: bool = False  # reviews a case no other diagnosis pack covers
    applies_to: AppliesTo = AppliesTo()
    settings: dict[str, Setting] = {}
    benchmarks: list[Benchmark] = []
    outcome_measures: list[str] = []
    mcid: dict[str, Mcid] = {}
    objective_measures: list[str] = []
    alternative_diagnoses: list[AlternativeDiagnosis] = []
    imaging: Optional[Imaging] = None
    rules: dict[str, RuleConfig] = {}
    documentation: list[DocItem] = []
    references: dict[str, Reference] = {}
    kx_threshold: Optional[KXThreshold] = None
    jimmo: bool = False
    decision: DecisionPolicy = DecisionPolicy()
    notice: Notice = Notice()
    report: ReportLayout = ReportLayout()
    wording: dict[str, str] = {}  # phrase templates by key, over casekit's common wording
    terms: dict[str, str] = {}  # the region's words, as template fields ({body_part}, {prom_examples})
    cite_groups: dict[str, list[str]] = {}  # references a rule cites as group:NAME
    jurisdictions: dict[str, Jurisdiction] = {}  # an overlay's rules by state ("CA")
    care: CareCodes = CareCodes()
    # region terms the evidence reader adds to casekit's vocabulary (casekit.terms.extend):
    # ``tables`` (labelled targets per finding kind) and extra exercise names (``EXERCISE``)
    vocabulary: dict[str, Any] = {}

    @field_validator("vocabulary")
    @classmethod
    def _vocabulary(cls, value: dict[str, Any]) -> dict[str, Any]:
        from .terms import extend

        try:
            extend(value, "pack")
        except CasekitError as exc:
            raise ValueError(str(exc)) from None
        return value


class Pack(PackFile):
    """The pack in force for one case: a diagnosis pack with its overlays merged in, its
    layers (``id@version`` each) and the hash of every file that made it."""

    layers: list[str]
    hash: str

    def setting(self, name: str) -> float:
        try:
            return self.settings[name].value
        except KeyError:
            raise PackError(f"pack {self.id}: settings.{name} is missing "
                            f"(present: {', '.join(sorted(self.settings))})") from None

    def benchmark_for(self, code: str, postoperative: bool = False) -> Optional[Benchmark]:
        """The benchmark whose code prefix matches ``code`` most specifically, for care after
        surgery or without it."""
        best: tuple[int, Optional[Benchmark]] = (-1, None)
        for bench in self.benchmarks:
            if bench.postoperative != postoperative:
                continue
            hit = icd.matches(code, bench.codes)
            if hit is not None and len(hit) > best[0]:
                best = (len(hit), bench)
        return best[1]

    def covers(self, code: str) -> bool:
        return icd.matches(code, self.applies_to.codes) is not None


@functools.cache
def _builtin_dir() -> Path:
    # the installed package does not move while casekit runs: look it up once
    return Path(str(resources.files("casekit") / "packs"))


@functools.cache
def _builtin_files() -> dict[str, Path]:
    # the installed packs folder does not change under a running casekit: list it once (each
    # file's own size and time are still checked on every read)
    return {p.name[:-5]: _builtin_dir() / p.name for p in _builtin_dir().iterdir() if p.name.endswith(".yaml")}


def builtin_ids() -> list[str]:
    return sorted(_builtin_files())


_READ: dict[tuple, tuple[PackFile, str, str]] = {}


def _locate(ref: str) -> tuple[Path, str]:
    """The file of a pack given by builtin id or path, and the name errors show for it. A builtin
    id is the builtin pack whatever the current folder holds (a folder of reports named ``neck``
    once shadowed the neck pack); a file is meant by a ``.yaml``/``.yml`` name, a path with a
    folder in it (``./neck``), or an existing regular file that is no builtin id."""
    path = Path(ref)
    named_as_file = ref.endswith((".yaml", ".yml")) or os.sep in ref or (os.altsep or os.sep) in ref
    if ref in _builtin_files() and not named_as_file:
        return _builtin_files()[ref], f"casekit/packs/{ref}.yaml"
    if named_as_file or path.is_file():
        return path, str(path)
    entry = _builtin_dir() / f"{ref}.yaml"
    if not entry.is_file():
        raise UsageError(f"unknown pack {ref!r}{nearest(ref, builtin_ids())}; available: "
                         f"{', '.join(builtin_ids())} (or give the path of a pack file)")
    return entry, f"casekit/packs/{ref}.yaml"


def _read(ref: str) -> tuple[PackFile, str, str]:
    """Load a pack by builtin id or file path: (parsed, raw text, display name).

    Cached by the file's size and modification time, so a pack edited while casekit runs (a
    notebook's kernel, a batch or Dask worker) is read again and its hash follows the new text.
    """
    return _stamped(ref)[1]


def _stamped(ref: str) -> tuple[tuple, tuple[PackFile, str, str]]:
    """:func:`_read`'s answer with the file's stamp (path, modification time, size)."""
    path, name = _locate(ref)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise PackError(f"{name}: cannot read pack file ({exc.strerror})") from None
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key not in _READ:
        _READ[key] = _parse(path, name)
    return key, _READ[key]


def _chain_stamps(ref: str) -> tuple[tuple, ...]:
    """The stamps of a pack's file and of the files it extends, base last (a loop stops the walk;
    :func:`_load_chain` reports it)."""
    out, seen = [], set()
    while ref is not None:
        key, (pack, _, _) = _stamped(ref)
        if pack.id in seen:
            break
        out.append(key)
        seen.add(pack.id)
        ref = pack.extends
    return tuple(out)


def _parse(path: Path, name: str) -> tuple[PackFile, str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{name}: cannot read pack file ({exc.strerror})") from None
    try:
        data = safe_yaml(text)
    except yaml.YAMLError as exc:
        raise PackError(f"{name}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    try:
        return PackFile.model_validate(data), text, name
    except ValidationError as exc:
        lines = [f"{name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                 for e in exc.errors(include_url=False)]
        raise PackError("\n".join(lines)) from None


def _merge(base: dict[str, Any], over: dict[str, Any], overlay: bool = False) -> dict[str, Any]:
    """Lay ``over`` on ``base``: settings, references, wording, terms, citation groups, notice and
    decision merge by key (a rule's fields merge one by one; a notice's elements are replaced
    whole, so each line of business lists its own), documentation items by id;
    ``over``'s benchmarks come first (a benchmark of ``over`` wins over an equally specific one of
    ``base``); report parts are added by title; the report's standards are those of ``over`` when
    it lists any (a condition's own cited standards), an overlay's are added to them; other keys
    are replaced."""
    out = dict(base)
    for key in ("settings", "references", "notice", "wording", "decision", "terms", "cite_groups", "care"):
        out[key] = {**base.get(key, {}), **over.get(key, {})}
    vocab = {**base.get("vocabulary", {}), **over.get("vocabulary", {})}  # tables merge by kind
    if "tables" in base.get("vocabulary", {}) and "tables" in over.get("vocabulary", {}):
        vocab["tables"] = {k: base["vocabulary"]["tables"].get(k, []) + over["vocabulary"]["tables"].get(k, [])
                           for k in {**base["vocabulary"]["tables"], **over["vocabulary"]["tables"]}}
    out["vocabulary"] = vocab
    rules = {k: dict(v) for k, v in base.get("rules", {}).items()}
    for rid, cfg in over.get("rules", {}).items():
        merged = {**rules.get(rid, {}), **{k: v for k, v in cfg.items() if k != "statements"}}
        merged["statements"] = {**rules.get(rid, {}).get("statements", {}),
                                **cfg.get("statements", {})}
        rules[rid] = merged
    out["rules"] = rules
    docs = {d["id"]: d for d in base.get("documentation", [])}
    docs.update({d["id"]: d for d in over.get("documentation", [])})
    out["documentation"] = list(docs.values())
    if "benchmarks" in over:
        out["benchmarks"] = over["benchmarks"] + base.get("benchmarks", [])
    if "report" in over:
        layout = dict(base.get("report", {}))
        titles = {p["title"] for p in layout.get("parts", [])}
        layout["parts"] = layout.get("parts", []) + [p for p in over["report"].get("parts", [])
                                                      if p["title"] not in titles]
        if overlay:
            layout["standards"] = layout.get("standards", []) + over["report"].get("standards", [])
        elif over["report"].get("standards"):
            layout["standards"] = over["report"]["standards"]
        if over["report"].get("title"):
            layout["title"] = over["report"]["title"]
        out["report"] = layout
    for key in ("outcome_measures", "mcid", "objective_measures", "alternative_diagnoses", "imaging", "kx_threshold", "jimmo",
                "applies_to", "title", "description", "jurisdictions"):
        if key in over:
            out[key] = over[key]
    return out


def _load_chain(ref: str, seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[str], str]:
    pack, text, name = _read(ref)
    if pack.id in seen:
        raise PackError(f"{name}: extends forms a loop ({' -> '.join(seen + (pack.id,))})")
    if pack.extends:
        base, layers, base_text = _load_chain(pack.extends, seen + (pack.id,))
        merged = _merge(base, pack.model_dump(exclude_unset=True))
        merged.update(id=pack.id, version=pack.version, overlay=pack.overlay, fallback=pack.fallback)
        return merged, layers + [f"{pack.id}@{pack.version}"], base_text + text
    return pack.model_dump(exclude_unset=True), [f"{pack.id}@{pack.version}"], text


_COMMON_WORDING: dict[tuple, tuple[dict[str, str], str]] = {}


def common_wording() -> tuple[dict[str, str], str]:
    """casekit's wording shared by every pack (``packs/common/wording.yaml``) and its text."""
    path = _builtin_dir() / "common" / "wording.yaml"
    key = _common_stamp()
    if key not in _COMMON_WORDING:
        text = path.read_text(encoding="utf-8")
        data = safe_yaml(text) or {}
        bad = [k for k, v in data.get("wording", {}).items() if not isinstance(v, str)]
        if bad:
            raise PackError(f"casekit/packs/common/wording.yaml: wording.{bad[0]}: expected a text")
        _COMMON_WORDING[key] = (dict(data.get("wording", {})), text)
    return _COMMON_WORDING[key]


def _common_stamp() -> tuple[int, int]:
    st = os.stat(_builtin_dir() / "common" / "wording.yaml")
    return st.st_mtime_ns, st.st_size


def common_pack() -> Any:
    """The common wording as a pack-like object (``id``, ``wording``) for the wording functions,
    where no case's pack is at hand (grading, the claims screen, the FHIR importer's messages)."""
    from types import SimpleNamespace
    return SimpleNamespace(id="common", wording=common_wording()[0])


def say_common(key: str, **values: Any) -> str:
    """One of the common wording templates by key, filled: ``say_common("fhir_source_eob")``."""
    from .wording import say
    return say(common_pack(), key, **values)


_COMPOSED: dict[tuple, Pack] = {}
_FRESH: dict[tuple, Pack] = {}


def _compose(ref: str, overlays: tuple[str, ...], jurisdiction: Optional[str] = None) -> Pack:
    """The composed pack, kept while none of its files (the chain of each layer, the common
    wording) changes size or time: a review composes it once per process, not once per case."""
    key = (ref, overlays, jurisdiction, tuple(_chain_stamps(r) for r in (ref, *overlays)), _common_stamp())
    if key not in _FRESH:
        _FRESH[key] = _composed(ref, overlays, jurisdiction)
    return _FRESH[key]


def _composed(ref: str, overlays: tuple[str, ...], jurisdiction: Optional[str] = None) -> Pack:
    data, layers, text = _load_chain(ref)
    for overlay in overlays:
        odata, olayers, otext = _load_chain(overlay)
        # An overlay adds rules and settings; the diagnosis pack keeps its identity and scope.
        odata = {k: v for k, v in odata.items()
                 if k not in {"id", "version", "title", "description", "applies_to", "overlay"}}
        data = _merge(data, odata, overlay=True)
        layers += olayers
        text += otext
    if jurisdiction and jurisdiction in data.get("jurisdictions", {}):
        # the state's own settings, benchmarks and notice, over everything else
        data = _merge(data, data["jurisdictions"][jurisdiction], overlay=True)
        layers = layers + [f"jurisdiction:{jurisdiction}"]
        text += f"jurisdiction:{jurisdiction}"
    wording, wording_text = common_wording()
    digest = hashlib.sha256((wording_text + text).encode("utf-8")).hexdigest()[:16]
    key = (ref, overlays, jurisdiction, digest)
    if key not in _COMPOSED:
        data = {**data, "wording": {**wording, **data.get("wording", {})}}
        pack = Pack.model_validate({**PackFile.model_validate(data).model_dump(), "layers": layers,
                                    "hash": digest})
        check(pack)
        _COMPOSED[key] = pack
    return _COMPOSED[key]


_SPECIAL_CITES = {"benchmark", "records", "alternatives", "mcid"}


def check(pack: Pack) -> None:
    """Check a composed pack, listing every problem at once: citation keys, rule ids (against
    the registry), settings that would shadow a fact, and every template's fields."""
    problems = (_reference_problems(pack) + _rule_problems(pack) + _template_problems(pack)
                + _notice_problems(pack) + _element_problems(pack))
    if problems:
        raise PackError("\n".join(f"pack {pack.id}: {m}" for m in problems))


def _reference_problems(pack: Pack) -> list[str]:
    missing = []
    for rid, cfg in pack.rules.items():
        for key in cfg.cite or []:
            if key.startswith("setting:"):
                if key.split(":", 1)[1] not in pack.settings:
                    missing.append(f"rules.{rid}.cite: {key!r} (no such setting)")
            elif key.startswith("group:"):
                if key.split(":", 1)[1] not in pack.cite_groups:
                    missing.append(f"rules.{rid}.cite: {key!r} (no such entry in cite_groups)")
            elif key not in pack.references and key not in _SPECIAL_CITES:
                missing.append(f"rules.{rid}.cite: {key!r}")
    for i, s in pack.settings.items():
        if s.source not in pack.references:
            missing.append(f"settings.{i}.source: {s.source!r}")
    for i, std in enumerate(pack.report.standards):
        missing += [f"report.standards[{i}].cite: {k!r}" for k in std.cite if k not in pack.references]
    missing += [f"mcid.{k}.source: {m.source!r}" for k, m in pack.mcid.items() if m.source not in pack.references]
    for i, b in enumerate(pack.benchmarks):
        if b.source not in pack.references:
            missing.append(f"benchmarks[{i}].source: {b.source!r}")
    for code, j in pack.jurisdictions.items():
        missing += [f"jurisdictions.{code}.settings.{k}.source: {v.source!r}" for k, v in j.settings.items()
                    if v.source not in pack.references]
        missing += [f"jurisdictions.{code}.benchmarks[{i}].source: {b.source!r}" for i, b in enumerate(j.benchmarks)
                    if b.source not in pack.references]
        if j.notice.appeal_source and j.notice.appeal_source not in pack.references:
            missing.append(f"jurisdictions.{code}.notice.appeal_source: {j.notice.appeal_source!r}")
    for group, keys in pack.cite_groups.items():
        missing += [f"cite_groups.{group}: {k!r}" for k in keys if k not in pack.references]
    for key, value in (("decision.jimmo_reference", pack.decision.jimmo_reference),
                       ("notice.appeal_source", pack.notice.appeal_source)):
        if value and value not in pack.references:
            missing.append(f"{key}: {value!r}")
    return [f"{m} names no entry in references" for m in missing]


def _rule_problems(pack: Pack) -> list[str]:
    # The registry sits in a layer above the packs: imported here, when a pack is checked.
    from .rules import REGISTRY
    from .facts import field_names
    out = [f"rules.{rid}: no such rule{nearest(rid, REGISTRY)}; rules: {', '.join(REGISTRY)}"
           for rid in pack.rules if rid not in REGISTRY]
    for key in ("partial_on", "jimmo_exempt"):
        out += [f"decision.{key}: {rid!r} is no rule{nearest(rid, REGISTRY)}"
                for rid in getattr(pack.decision, key) if rid not in REGISTRY]
    out += [f"rules.{rid}.summary: no wording named {cfg.summary!r}" for rid, cfg in pack.rules.items()
            if cfg.summary and cfg.summary not in pack.wording]
    for i, row in enumerate(pack.decision.table):
        out += [f"decision.table[{i}]: {rid!r} is no rule{nearest(rid, REGISTRY)}"
                for rid in [row.rule, *row.if_failed, *row.unless_passed] if rid not in REGISTRY]
    out += [f"settings.{k}: the name of a figure casekit computes; rename the setting"
            for k in pack.settings if k in field_names()]
    out += [f"terms.{k}: the name of a figure casekit computes or of a setting; rename the term"
            for k in pack.terms if k in field_names() or k in pack.settings]
    return out


#: Fields every template may use besides the facts (casekit.facts.field_names) and settings.
PACK_FIELDS = ("pack_id", "pack_title")
#: Fields a notice element's text may use besides those: the determination's parts
#: (casekit.determination.notice_values).
NOTICE_FIELDS = ("specific_reason", "guideline", "perfect_claim", "appeal", "clinical_judgment",
                 "action_code", "action_meaning", "decision_title")
#: Fields the report's standards may use besides those.
STANDARD_FIELDS = ("imaging_first", "imaging_after_negative")


def template_fields(pack: Pack, rule_id: Optional[str] = None) -> list[str]:
    """The fields a template of ``pack`` may use: everywhere, or in ``rule_id``'s templates."""
    from .facts import field_names
    from .rules import REGISTRY
    names = set(field_names()) | set(pack.settings) | set(pack.terms) | set(PACK_FIELDS)
    if rule_id is not None:
        names |= set(REGISTRY.get(rule_id).fields)
    return sorted(names)


def _field_problems(where: str, template: Optional[str], allowed: set[str]) -> list[str]:
    """A template's fields that are not among ``allowed``, one line each, with the nearest."""
    from .wording import fields_of
    return [f"{where}: {{{name}}} is not a field here{nearest(name, allowed)} (`casekit packs --fields` lists them)"
            for name in sorted(fields_of(template or "") - allowed)]


def _template_problems(pack: Pack) -> list[str]:
    from .rules import REGISTRY
    from .wording import fields_of
    out = []

    def test(where: str, template: Optional[str], allowed: set[str]) -> None:
        out.extend(_field_problems(where, template, allowed))
    base = set(template_fields(pack))
    by_item: dict[str, set[str]] = {}
    for rid, cfg in pack.rules.items():
        if rid not in REGISTRY:
            continue
        allowed = base | set(REGISTRY.get(rid).fields)
        for status, text in cfg.statements.items():
            test(f"rules.{rid}.statements.{status}", text, allowed)
        test(f"rules.{rid}.reason", cfg.reason, allowed)
        test(f"rules.{rid}.pitfall.text", cfg.pitfall.text if cfg.pitfall else None, allowed)
        test(f"rules.{rid}.element.text", cfg.element.text if cfg.element else None, allowed)
        if cfg.document:
            by_item.setdefault(cfg.document, set()).update(REGISTRY.get(rid).fields)
    # a documentation item (and the items folded into it) sees the fields of every rule that
    # asks for it: the documentation of one case is filled from all its failed checks
    every_rule = set().union(*by_item.values()) if by_item else set()
    for item in pack.documentation:
        allowed = base | every_rule | {"outcome_comparison"}
        test(f"documentation.{item.id}.text", item.text, allowed)
        test(f"documentation.{item.id}.fold_text", item.fold_text, allowed)
    for i, std in enumerate(pack.report.standards):
        test(f"report.standards[{i}].text", std.text, base | set(STANDARD_FIELDS))
    # a setting no code reads and no template names is a typo (gap_limt_days) or a leftover:
    # either way the figure the payer meant is not in force
    used = set(SETTINGS_READ) | {f for t in _templates(pack) for f in fields_of(t)}
    for name in sorted(set(pack.settings) - used):
        out.append(f"settings.{name}: no rule or template uses this setting"
                   f"{nearest(name, (set(SETTINGS_READ) | set(pack.settings)) - {name})}")
    return out


#: Settings casekit's code reads by name (pack.setting(...)); any other setting must be named by
#: a template of the pack, or it is reported as unused.
SETTINGS_READ = ("gap_limit_days", "restart_record_days", "min_trial_weeks", "min_objective_change_pct",
                 "min_prom_change_pct", "fluctuation_days", "pain_swing_points", "imaging_after_months",
                 "progress_report_treatment_days", "certification_days", "recertification_days",
                 "targeted_review_dollars", "pt_visits_per_injury", "postsurgical_period_months",
                 "plateau_weeks", "passive_modality_weeks", "max_timed_units_per_visit", "reevaluation_days",
                 "cloned_note_similarity_pct", "ocr_min_confidence")


def _templates(pack: Pack):
    for cfg in pack.rules.values():
        yield from cfg.statements.values()
        yield from (t for t in (cfg.reason, cfg.pitfall.text if cfg.pitfall else None,
                                cfg.element.text if cfg.element else None) if t)
    for item in pack.documentation:
        yield from (t for t in (item.text, item.fold_text) if t)
    yield from (std.text for std in pack.report.standards)
    for notice in _notices(pack).values():
        yield from (e.text for e in notice.elements)


def _notices(pack: Pack) -> dict[str, Notice]:
    """The pack's notice and each jurisdiction's, by where they are written."""
    return {"notice": pack.notice, **{f"jurisdictions.{code}.notice": j.notice
                                      for code, j in pack.jurisdictions.items()}}


def _notice_problems(pack: Pack) -> list[str]:
    """A notice's elements: present (a diagnosis pack's notice is complete), ids unique, every
    cited key a reference, every template field one a notice may use."""
    out = [] if pack.notice.elements else [
        "notice.elements: none listed; a notice of adverse determination lists its elements, each "
        "with the reference that requires it (see casekit/packs/general-rehab.yaml)"]
    allowed = set(template_fields(pack)) | set(NOTICE_FIELDS)
    for where, notice in _notices(pack).items():
        seen: set[str] = set()
        for i, e in enumerate(notice.elements):
            at = f"{where}.elements[{i}] ({e.id})"
            if e.id in seen:
                out.append(f"{at}: id {e.id!r} is listed twice")
            seen.add(e.id)
            out += [f"{at}.cite: {k!r} names no entry in references" for k in e.cite if k not in pack.references]
            out += _field_problems(f"{at}.text", e.text, allowed)
    return out


def _element_problems(pack: Pack) -> list[str]:
    """Each name an element's ``evidence`` lists is a finding kind (with an optional
    ``:detail``) or a place in the case file: a typo would quote nothing, silently."""
    from .model import Case
    from .terms import KINDS
    out = []
    for rid, cfg in pack.rules.items():
        for name in cfg.element.evidence if cfg.element else ():
            if name.split(":", 1)[0] not in KINDS and name.split(".", 1)[0] not in Case.model_fields:
                out.append(f"rules.{rid}.element.evidence: {name!r} is neither a finding kind "
                           f"({', '.join(KINDS)}) nor a field of the case file "
                           f"({', '.join(Case.model_fields)})")
    return out


_CATALOGUE: dict[tuple, Any] = {}


def _from_builtins(key: tuple, compute: Any) -> Any:
    """``compute()``, an answer read from the builtin packs, kept while none of their files changes
    size or time (each review asks which packs cover it and which overlays apply: a stat of each
    file answers again, not a reading of every pack)."""
    try:
        stamps = tuple((st.st_mtime_ns, st.st_size) for st in map(os.stat, _builtin_files().values()))
    except OSError:
        return compute()  # a builtin file gone: read as asked, which names the problem
    if (key, stamps) not in _CATALOGUE:
        _CATALOGUE[(key, stamps)] = compute()
    return _CATALOGUE[(key, stamps)]


def overlay_ids_for(line_of_business: str) -> tuple[str, ...]:
    """Builtin overlay packs that apply to a line of business (e.g. medicare-therapy)."""
    return _from_builtins(("overlays", line_of_business), lambda: _overlay_ids_for(line_of_business))


def _overlay_ids_for(line_of_business: str) -> tuple[str, ...]:
    out = []
    for pid in builtin_ids():
        pf, _, _ = _read(pid)
        if pf.overlay and line_of_business in pf.applies_to.line_of_business:
            out.append(pid)
    return tuple(out)


def diagnosis_pack_for(codes: str | list[str]) -> str:
    """The builtin diagnosis pack covering the first of ``codes`` (primary first) that any pack
    covers, so an aftercare code (Z47.1) listed first still finds the hip pack through M25.551;
    UsageError listing the packs otherwise."""
    codes = [codes] if isinstance(codes, str) else list(codes)
    for code in codes:
        if (pid := _covering(code)) is not None:
            return pid
    # no condition pack covers the case: the fallback reviews what holds for any condition
    fallback = [pid for pid in builtin_ids() if _read(pid)[0].fallback]
    if fallback:
        return fallback[0]
    listing = "; ".join(f"{pid} ({', '.join(_read(pid)[0].applies_to.codes) or 'overlay'})"
                        for pid in builtin_ids())
    raise UsageError(f"no pack covers diagnosis {', '.join(codes)}; packs: {listing}. "
                     "Pass --pack with a pack file that covers it")


def review_code(case, pack: "Pack") -> str:
    """The code a review judges: the primary diagnosis if the pack covers it, else the first
    listed code the pack covers (else the primary)."""
    codes = [case.primary_diagnosis.code] + [d.code for d in case.diagnoses]
    return next((c for c in codes if pack.covers(c)), codes[0])


def coverage_warning(case, pack: Pack) -> Optional[str]:
    """A warning when a pack given by hand does not cover the case's primary diagnosis, naming the
    pack that does (the review goes on under the pack asked for)."""
    code = case.primary_diagnosis.code
    if pack.covers(code) or pack.fallback and not pack.applies_to.codes and _covering(code) is None:
        return None
    owner = _covering(code)
    return (f"pack {pack.id} does not cover the primary diagnosis {code}; "
            + (f"pack {owner} does" if owner else "no condition pack does (general-rehab reviews it)")
            + f"; reviewing under {pack.id} as asked")


def _covering(code: str) -> Optional[str]:
    return _from_builtins(("covering", code), lambda: _first_covering(code))


def _first_covering(code: str) -> Optional[str]:
    for pid in builtin_ids():
        pf = _read(pid)[0]
        if not pf.overlay and icd.matches(code, pf.applies_to.codes):
            return pid
    return None


def resolve(case, pack: Optional[str] = None) -> Pack:
    """The pack in force for ``case``: ``pack`` (id or file) or the one covering its primary
    diagnosis, with the overlays of its line of business applied."""
    ref = pack or diagnosis_pack_for([case.primary_diagnosis.code] + [d.code for d in case.diagnoses])
    if _read(ref)[0].overlay:
        raise UsageError(f"pack {ref!r} is an overlay (applied by line of business); give a "
                         f"diagnosis pack: {', '.join(p for p in builtin_ids() if not _read(p)[0].overlay)}")
    return _compose(ref, overlay_ids_for(case.review.line_of_business), case.review.jurisdiction)


def with_settings(pack: Pack, overrides: dict[str, float]) -> Pack:
    """A copy of ``pack`` with some settings changed by hand (an analyst's "what if"), each
    labelled as an override in the references and reflected in the pack hash.

    >>> with_settings(pack, {"gap_limit_days": 90}).setting("gap_limit_days")   # doctest: +SKIP
    90.0
    """
    if not overrides:
        return pack
    unknown = sorted(set(overrides) - set(pack.settings))
    if unknown:
        raise UsageError(f"unknown setting(s) {', '.join(unknown)}; pack {pack.id} has: "
                         f"{', '.join(sorted(pack.settings))}")
    settings = dict(pack.settings)
    for name, value in overrides.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(f"setting {name}: {value!r} is not a number")
        settings[name] = settings[name].model_copy(update={
            "value": float(value), "source": "analyst-override", "tier": "payer-setting",
            "note": f"changed from {settings[name].value:g} for this review"})
    refs = {**pack.references, "analyst-override": Reference(
        kind="guideline", tier="payer-setting", short="Analyst override",
        citation="Setting changed by the analyst for this review (not the pack's value).")}
    listed = json.dumps(overrides, sort_keys=True)
    digest = hashlib.sha256((pack.hash + listed).encode()).hexdigest()[:16]
    return pack.model_copy(update={"settings": settings, "references": refs, "hash": digest,
                                   "layers": pack.layers + [f"overrides{listed}"]})


def load(ref: str) -> Pack:
    """One pack by id or path, for listing and inspection: a diagnosis pack without overlays,
    an overlay laid on the first builtin diagnosis pack (an overlay alone is no complete pack)."""
    if _read(ref)[0].overlay:
        base = next(p for p in builtin_ids() if not _read(p)[0].overlay)
        return _compose(base, (ref,))
    return _compose(ref, ())


def describe_packs() -> list[dict[str, Any]]:
    """id, version, title, kind, scope and rules of every builtin pack."""
    return [dict(d) for d in _from_builtins(("describe",), lambda: [_describe(pid) for pid in builtin_ids()])]


def _describe(pid: str) -> dict[str, Any]:
    pf, _, _ = _read(pid)
    return {"id": pf.id, "version": pf.version, "title": pf.title,
            "kind": "overlay" if pf.overlay else "fallback" if pf.fallback else "diagnosis",
            "applies_to": pf.applies_to.codes or pf.applies_to.line_of_business,
            "rules": sorted(pf.rules)}


@functools.lru_cache(maxsize=64)
def _compiled_vocabulary(spec: str) -> Any:
    from .evidence import DEFAULT, Vocabulary
    from .terms import extend

    changes = extend(json.loads(spec), "pack")
    return Vocabulary(changes) if changes else DEFAULT


def vocabulary_for(pack: PackFile) -> Any:
    """The evidence vocabulary of ``pack``: casekit's own with the pack's region terms added
    (compiled once per distinct vocabulary)."""
    return _compiled_vocabulary(json.dumps(pack.vocabulary, sort_keys=True))
