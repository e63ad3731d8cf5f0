"""The rules' shared core: outcomes, checks, the registry, the helpers, and evaluation.

A rule reads the review :class:`Context` (case, pack, timeline, evidence, facts) and returns an
:class:`Outcome`: a status, the typed values its templates need (numbers, dates, lists, or
:class:`~casekit.wording.Phrase` parts whose English is in the pack), and the evidence it rests
on (:class:`~casekit.quotes.Quote` or :class:`~casekit.quotes.Fact`). :func:`register` adds a
rule to :data:`REGISTRY`, the only list of rule ids, with the fields it gives its templates;
:func:`evaluate` turns outcomes into :class:`Check` objects, filling the pack's templates for the
status and resolving citations.

Example::

    @register("my-rule", fields=("days",))
    def my_rule(ctx: Context) -> Outcome:
        return Outcome("pass", {"days": 3})
"""

from __future__ import annotations

import dataclasses
from collections import ChainMap
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Optional

from ..evidence import Evidence, Finding, find_sentences
from ..facts import Facts
from ..quotes import Fact, Quote, quote_of
from ..registry import Registry
from ..timeline import Timeline
from ..wording import Joined, Phrase, fill, first_clause, fmt_num, phrase


@dataclass(frozen=True)
class Outcome:
    status: str
    values: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple = ()  # Quote, Fact or Finding objects
    cites: tuple[str, ...] = ()  # extra reference keys (e.g. triggered alternatives)
    severity: Optional[str] = None  # replaces the pack's severity for this outcome (a reference benchmark, an urgent red flag)


@dataclass(frozen=True)
class Check:
    rule: str
    status: str
    severity: str
    statement: str
    citations: tuple[str, ...]
    evidence: tuple[Quote | Fact, ...]
    section: Optional[str] = None
    values: Mapping[str, Any] = field(default_factory=dict)  # the rule's own typed values
    pitfall: Optional[str] = None  # filled pack pitfall text, for failed checks that have one
    reason: Optional[str] = None  # short clause for summaries, filled from the pack's template
    #: casekit's own status and statement, kept when a reviewer overrode the check (casekit.overrides)
    casekit_status: Optional[str] = None
    casekit_statement: Optional[str] = None

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    @property
    def overridden(self) -> bool:
        """Whether a reviewer set this check's status (casekit's own is ``casekit_status``)."""
        return self.casekit_status is not None

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return tuple(e for e in self.evidence if isinstance(e, Quote))

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(e for e in self.evidence if isinstance(e, Fact))

    def to_dict(self) -> dict:
        """The contract's check: ``evidence`` quotes documents; facts of the case file go under
        ``facts``."""
        out = {"rule": self.rule, "status": self.status, "severity": self.severity,
               "statement": self.statement, "citations": list(self.citations),
               "evidence": [q.to_dict() for q in self.quotes], "section": self.section}
        if self.facts:
            out["facts"] = [f.to_dict() for f in self.facts]
        if self.overridden:
            out.update(casekit_status=self.casekit_status, casekit_statement=self.casekit_statement)
        return out


@dataclass(frozen=True)
class Context:
    case: Any  # model.Case
    pack: Any  # packs.Pack
    timeline: Timeline
    evidence: Evidence
    facts: Facts
    values: Mapping[str, Any]  # the facts and settings as template fields, shared by every rule

    def course(self, *kinds: str, negated: Optional[bool] = False) -> list[Finding]:
        """Findings of the current course of care up to the end of the window."""
        return self.evidence.of(*kinds, since=self.timeline.course_start,
                                until=self.timeline.window[1], negated=negated)


@dataclass(frozen=True)
class RuleSpec:
    fn: Callable[[Context], Outcome]
    fields: tuple[str, ...]  # the values the rule gives its templates

    @property
    def doc(self) -> str:
        return self.fn.__doc__ or ""


Rule = Callable[[Context], Outcome]
REGISTRY: Registry[RuleSpec] = Registry("rule")


def register(rule_id: str, fields: tuple[str, ...] = ()) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule ``rule_id`` (ids are unique), giving ``fields`` to its
    templates (checked against every pack's templates when the pack loads)."""
    def wrap(fn: Rule) -> Rule:
        REGISTRY.register(rule_id, RuleSpec(fn, tuple(fields)))
        return fn
    return wrap


def describe(rule_id: str) -> str:
    """The rule's one-paragraph description (its docstring's first paragraph)."""
    return " ".join(get(rule_id).doc.strip().split("\n\n")[0].split())


def get(rule_id: str) -> RuleSpec:
    return REGISTRY.get(rule_id)


# --- helpers -----------------------------------------------------------------------------------

def record(field_path: str, day: dt.date, what: Phrase) -> Fact:
    """Evidence from a structured part of the case file (claims counts, plan of care)."""
    return Fact(field_path, day, what)


def imaging_on_record(ctx: Context) -> list[tuple[str, Quote | Fact]]:
    """(what, evidence) for every study on record: the history, the notes, imaging reports."""
    found: list[tuple[str, Quote | Fact]] = [
        (im.modality, record(f"history.imaging[{i}]", im.date, Phrase(
            "fact.imaging", {"modality": im.modality, "result": im.result or Phrase("fact.no-result")})))
        for i, im in enumerate(ctx.case.history.imaging)]
    found += [(f.name or "imaging", quote_of(f)) for f in ctx.evidence.of("imaging")
              if f.get("status") != "planned"]
    found += [("imaging report", record(f"documents[{i}]", d.date, Phrase("fact.imaging-report", {"date": d.date})))
              for i, d in enumerate(ctx.case.documents) if d.kind == "imaging"]
    return found


def measure_listing(findings: list[Finding]) -> Joined:
    """Measures as "LEFS 40/80 on 2025-08-25, …" (at most six), each reading once: a score read
    from a note and the same score in the structured measures ("LEFS 41/80", "LEFS: 41") is one
    reading, listed as the note wrote it. A subscale names the reading ("KOOS pain 47"): two
    subscales on one day are two readings."""
    readings: dict[tuple, Finding] = {}
    for f in findings:
        readings.setdefault(_reading_key(f), f)
    return Joined(tuple(Phrase("measure.reading", {"name": _label(f), "value": f.get("grade") or fmt_num(f.value),
                                                   "unit": unit_suffix(f.unit), "date": f.date})
                        for f in list(readings.values())[:6]))


def _label(f: Finding) -> str:
    """A reading's name with its subscale or the muscle tested ("KOOS pain", "MMT quad")."""
    return " ".join(x for x in (f.name, f.get("subscale"), f.get("target")) if x)


def _reading_key(f: Finding) -> tuple:
    """What makes two findings one reading: the measure (its subscale, the muscle tested, the
    side), the value, the day and, for a physical unit (kg, s, degrees), the unit; a score's
    scale ("/80", "points") does not change it."""
    scale = not f.unit or f.unit in ("points", "%") or f.unit.startswith("/")
    return (_label(f).lower(), f.get("target"), f.get("side"), f.get("grade") or f.value, f.date,
            "" if scale else f.unit)


def unit_suffix(unit: Optional[str]) -> str:
    """How a unit follows its number: "40/80", "12%", "95°", "14 s"."""
    if not unit or unit == "points":
        return ""
    return unit if unit[0] in "%/°" else " " + unit


def history_evidence(ctx: Context) -> list[Quote | Fact]:
    h = ctx.case.history
    parts = [Phrase("fact.history-item", {"name": k.replace("_", " "),
                                          "value": fmt_num(v) if isinstance(v, float) else v})
             for k, v in (("onset", h.onset), ("duration_months", h.duration_months)) if v is not None]
    out: list[Quote | Fact] = ([record("history", ctx.timeline.window[0], Joined(tuple(parts), "semicolon-list"))]
                               if parts else [])
    return out + [quote_of(f) for f in find_sentences(ctx.case, r"gradual|onset|history|year[- ]old")]


# --- evaluation --------------------------------------------------------------------------------

def _citations(ctx: Context, cfg, outcome: Outcome, evidence: list) -> tuple[str, ...]:
    keys: list[str] = []
    for key in cfg.cite or []:
        if key == "benchmark":
            if ctx.facts.benchmark is not None:
                keys.append(ctx.facts.benchmark.source)
        elif key in ("alternatives", "mcid"):  # the rule names which ones it used
            keys += list(outcome.cites)
        elif key == "records":
            keys += [f"record:{e.source}" for e in evidence]
        elif key.startswith("group:"):  # the condition pack's own references for this purpose
            keys += ctx.pack.cite_groups[key.split(":", 1)[1]]
        elif key.startswith("setting:"):  # whoever set the threshold: a guideline or a payer
            keys.append(ctx.pack.settings[key.split(":", 1)[1]].source)
        else:
            keys.append(key)
    if "records" not in (cfg.cite or []):
        keys += [f"record:{e.source}" for e in evidence]
    keys += [c for c in outcome.cites if c not in keys]
    return tuple(dict.fromkeys(keys))


_UNCONFIGURED: dict[tuple, str] = {}


def _unconfigured(ctx: Context, rule_id: str, packs: list[dict]) -> str:
    """Why a rule is not applicable: the pack's layers leave it out and which packs have it; the
    same for every case of a pack and line of business, so written once for them."""
    owners = [p for p in packs if rule_id in p["rules"]]
    key = (ctx.pack.hash, tuple(ctx.pack.layers), rule_id, ctx.case.review.line_of_business,
           tuple((p["id"], tuple(p["applies_to"])) for p in owners))
    if key not in _UNCONFIGURED:
        _UNCONFIGURED[key] = _unconfigured_text(ctx, rule_id, owners)
    return _UNCONFIGURED[key]


def _unconfigured_text(ctx: Context, rule_id: str, owners: list[dict]) -> str:
    return phrase(ctx.pack, Phrase("rule.unconfigured", {
        "layers": Joined(tuple(ctx.pack.layers), "plus"),
        "owners": (Phrase("rule.unconfigured-owners", {"owners": Joined(tuple(
            Phrase("rule.owner", {"id": p["id"], "codes": Joined(tuple(p["applies_to"]), "comma-list")})
            for p in owners), "semicolon-list")}) if owners else ""),
        "line_of_business": ctx.case.review.line_of_business}))


def evaluate(ctx: Context) -> list[Check]:
    """Run every registered rule; rules the pack does not configure are ``not-applicable``."""
    from ..packs import describe_packs
    described: list[dict] = []  # every pack's rules, read once, for the rules this pack leaves out
    if any(rule_id not in ctx.pack.rules for rule_id in REGISTRY):
        described = describe_packs()
    return settle_pitfalls([_check(ctx, rule_id, spec, described) for rule_id, spec in REGISTRY.items()],
                           ctx.pack)


def settle_pitfalls(checks: list[Check], pack) -> list[Check]:
    """The checks with each pitfall that needs other failures kept only alongside them (run again
    once a reviewer's overrides have changed what failed)."""
    failed = {c.rule for c in checks if c.failed}
    out = []
    for c in checks:
        cfg = pack.rules.get(c.rule)
        if c.pitfall and cfg and cfg.pitfall and not set(cfg.pitfall.with_) <= failed:
            c = dataclasses.replace(c, pitfall=None)
        out.append(c)
    return out


def _held_for(ctx: Context, cfg) -> tuple[Finding, ...]:
    """The figures held back as unreadable (OCR below the pack's confidence) of the kinds the
    rule's documentation element names: what could turn its failure."""
    kinds = {k.split(":")[0] for k in (cfg.element.evidence if cfg.element else ())}
    return tuple(f for f in ctx.evidence.unconfirmed if f.kind in kinds)


def _check(ctx: Context, rule_id: str, spec: RuleSpec, described: list[dict]) -> Check:
    cfg = ctx.pack.rules.get(rule_id)
    if cfg is None:
        return Check(rule_id, "not-applicable", "info", _unconfigured(ctx, rule_id, described), (), ())
    outcome = spec.fn(ctx)
    where = f"rules.{rule_id}"
    template = cfg.statements.get(outcome.status)
    if outcome.status == "fail" and (held := _held_for(ctx, cfg)):
        # a failure that figures OCR could not read reliably might undo is not judged from what
        # was read: the original is needed (the records to judge it are, in effect, missing)
        from .. import ocr
        limit = ocr.threshold(ctx.pack)
        outcome = Outcome("insufficient-data", {"ocr_held": Joined(tuple(
            Phrase("ocr_figures.held-item", ocr.fields(f, limit)) for f in held)), "threshold": limit or 100})
        where, template = "ocr_figures.withheld", ctx.pack.wording["ocr_figures.withheld"]
    # the rule's own values over the shared facts, read in place (the facts are never copied)
    values = ChainMap(outcome.values, ctx.values)
    if template is None:
        template = ctx.pack.wording.get(f"status.{outcome.status}") or ctx.pack.wording["status.other"]
        values = values.new_child({"rule": rule_id, "status": outcome.status})
    statement = fill(ctx.pack, where if where.startswith("ocr_") else f"{where}.statements.{outcome.status}",
                     template, values)
    pitfall = (fill(ctx.pack, f"{where}.pitfall", cfg.pitfall.text, values)
               if cfg.pitfall and outcome.status == "fail" and cfg.pitfall.section != cfg.section else None)
    reason = None
    if "ocr_held" in outcome.values:  # a short clause for the summary and the lines, as a failure has
        reason = fill(ctx.pack, "ocr_figures.withheld-reason", ctx.pack.wording["ocr_figures.withheld-reason"], values)
    if outcome.status == "fail":
        reason = (fill(ctx.pack, f"{where}.reason", cfg.reason, values) if cfg.reason
                  else statement.split(". ")[0].rstrip("."))
    evidence = [quote_of(e) if isinstance(e, Finding) else e for e in outcome.evidence]
    evidence = [dataclasses.replace(e, fact=phrase(ctx.pack, e.fact, f"{where}.evidence"))
                if isinstance(e, Fact) else e for e in evidence]
    evidence = list({(e.source, e.text): e for e in evidence}.values())
    severity = outcome.severity or cfg.severity or "minor"
    return Check(rule_id, outcome.status, severity, statement, _citations(ctx, cfg, outcome, evidence),
                 tuple(evidence), cfg.sections.get(severity, cfg.section), dict(outcome.values), pitfall, reason)


__all__ = ["Check", "Context", "Outcome", "REGISTRY", "RuleSpec", "describe", "evaluate", "first_clause",
           "get", "register", "settle_pitfalls"]
