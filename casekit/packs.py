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

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import codes as icd
from .errors import PackError, UsageError

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


class RuleConfig(_Strict):
    element: Optional[str] = None  # the documentation element it checks, for the report's table
    pitfall: Optional[Pitfall] = None  # shown under "Common Pitfalls" when the rule fails
    reason: Optional[str] = None  # short clause naming the failure, for summaries
    severity: Optional[Severity] = None
    section: Optional[str] = None
    cite: Optional[list[str]] = None
    document: Optional[str] = None
    statements: dict[Status, str] = {}


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
    parts: list[ReportPart] = []
    standards: list[Standard] = []


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


class PackFile(_Strict):
    """One pack file as written (before ``extends`` and overlays are applied)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str
    title: str
    description: str = ""
    extends: Optional[str] = None
    overlay: bool = False
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
    notice: dict[str, str] = {}
    report: ReportLayout = ReportLayout()


class Pack(BaseModel):
    """The pack in force for one case: a diagnosis pack with its overlays merged in."""

    model_config = ConfigDict(frozen=True)

    id: str
    version: str
    title: str
    layers: list[str]
    hash: str
    applies_to: AppliesTo
    settings: dict[str, Setting]
    benchmarks: list[Benchmark]
    outcome_measures: list[str]
    mcid: dict[str, Mcid]
    objective_measures: list[str]
    alternative_diagnoses: list[AlternativeDiagnosis]
    imaging: Optional[Imaging]
    rules: dict[str, RuleConfig]
    documentation: list[DocItem]
    references: dict[str, Reference]
    kx_threshold: Optional[KXThreshold]
    jimmo: bool
    notice: dict[str, str]
    report: ReportLayout

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


def _builtin_dir():
    return resources.files("casekit") / "packs"


def builtin_ids() -> list[str]:
    return sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".yaml"))


@lru_cache(maxsize=64)
def _read(ref: str) -> tuple[PackFile, str, str]:
    """Load a pack by builtin id or file path: (parsed, raw text, display name)."""
    path = Path(ref)
    if ref.endswith((".yaml", ".yml")) or path.exists():
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise PackError(f"{name}: cannot read pack file ({exc.strerror})") from None
    else:
        entry = _builtin_dir() / f"{ref}.yaml"
        if not entry.is_file():
            raise UsageError(f"unknown pack {ref!r}; available: {', '.join(builtin_ids())} "
                             "(or give the path of a pack file)")
        name, text = f"casekit/packs/{ref}.yaml", entry.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PackError(f"{name}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    try:
        return PackFile.model_validate(data), text, name
    except ValidationError as exc:
        lines = [f"{name}: {'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                 for e in exc.errors(include_url=False)]
        raise PackError("\n".join(lines)) from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Lay ``top`` over ``base``: settings, rules and references merge by key (a rule's fields
    merge one by one), lists of benchmarks and documentation items are replaced by id/code."""
    out = dict(base)
    out["settings"] = {**base.get("settings", {}), **over.get("settings", {})}
    out["references"] = {**base.get("references", {}), **over.get("references", {})}
    out["notice"] = {**base.get("notice", {}), **over.get("notice", {})}
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
        layout["standards"] = layout.get("standards", []) + over["report"].get("standards", [])
        out["report"] = layout
    for key in ("outcome_measures", "mcid", "objective_measures", "alternative_diagnoses", "imaging", "kx_threshold", "jimmo",
                "applies_to", "title", "description"):
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
        merged.update(id=pack.id, version=pack.version, overlay=pack.overlay)
        return merged, layers + [f"{pack.id}@{pack.version}"], base_text + text
    return pack.model_dump(exclude_unset=True), [f"{pack.id}@{pack.version}"], text


@lru_cache(maxsize=64)
def _compose(ref: str, overlays: tuple[str, ...]) -> Pack:
    data, layers, text = _load_chain(ref)
    for overlay in overlays:
        odata, olayers, otext = _load_chain(overlay)
        # An overlay adds rules and settings; the diagnosis pack keeps its identity and scope.
        odata = {k: v for k, v in odata.items()
                 if k not in {"id", "version", "title", "description", "applies_to", "overlay"}}
        data = _merge(data, odata)
        layers += olayers
        text += otext
    data = PackFile.model_validate(data).model_dump()
    for key in ("extends", "overlay", "description"):
        data.pop(key)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    pack = Pack.model_validate({**data, "layers": layers, "hash": digest})
    _check_references(pack)
    return pack


_SPECIAL_CITES = {"benchmark", "records", "alternatives", "mcid"}


def _check_references(pack: Pack) -> None:
    missing = []
    for rid, cfg in pack.rules.items():
        for key in cfg.cite or []:
            if key.startswith("setting:"):
                if key.split(":", 1)[1] not in pack.settings:
                    missing.append(f"rules.{rid}.cite: {key!r} (no such setting)")
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
    if missing:
        raise PackError("\n".join(f"pack {pack.id}: {m} names no entry in references" for m in missing))


def overlay_ids_for(line_of_business: str) -> tuple[str, ...]:
    """Builtin overlay packs that apply to a line of business (e.g. medicare-therapy)."""
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
        for pid in builtin_ids():
            pf, _, _ = _read(pid)
            if not pf.overlay and icd.matches(code, pf.applies_to.codes):
                return pid
    listing = "; ".join(f"{pid} ({', '.join(_read(pid)[0].applies_to.codes) or 'overlay'})"
                        for pid in builtin_ids())
    raise UsageError(f"no pack covers diagnosis {', '.join(codes)}; packs: {listing}. "
                     "Pass --pack with a pack file that covers it")


def review_code(case, pack: "Pack") -> str:
    """The code a review judges: the primary diagnosis if the pack covers it, else the first
    listed code the pack covers (else the primary)."""
    codes = [case.primary_diagnosis.code] + [d.code for d in case.diagnoses]
    return next((c for c in codes if pack.covers(c)), codes[0])


def resolve(case, pack: Optional[str] = None) -> Pack:
    """The pack in force for ``case``: ``pack`` (id or file) or the one covering its primary
    diagnosis, with the overlays of its line of business applied."""
    ref = pack or diagnosis_pack_for([case.primary_diagnosis.code] + [d.code for d in case.diagnoses])
    if _read(ref)[0].overlay:
        raise UsageError(f"pack {ref!r} is an overlay (applied by line of business); give a "
                         f"diagnosis pack: {', '.join(p for p in builtin_ids() if not _read(p)[0].overlay)}")
    return _compose(ref, overlay_ids_for(case.review.line_of_business))


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
    digest = hashlib.sha256((pack.hash + json.dumps(overrides, sort_keys=True)).encode()).hexdigest()[:16]
    return pack.model_copy(update={"settings": settings, "references": refs, "hash": digest,
                                   "layers": pack.layers + [f"overrides{json.dumps(overrides, sort_keys=True)}"]})


def load(ref: str) -> Pack:
    """One pack by id or path, without overlays (for listing and inspection)."""
    return _compose(ref, ())


@lru_cache(maxsize=1)
def _described() -> tuple:
    return tuple(_describe(pid) for pid in builtin_ids())


def describe_packs() -> list[dict[str, Any]]:
    """id, version, title, kind, scope and rules of every builtin pack."""
    return [dict(p) for p in _described()]


def _describe(pid: str) -> dict[str, Any]:
    pf, _, _ = _read(pid)
    return {"id": pf.id, "version": pf.version, "title": pf.title,
            "kind": "overlay" if pf.overlay else "diagnosis",
            "applies_to": pf.applies_to.codes or pf.applies_to.line_of_business,
            "rules": sorted(pf.rules)}


def pack_json(pack: Pack) -> str:
    return json.dumps(pack.model_dump(mode="json"), indent=2, sort_keys=True)
