"""The rules' shared core: outcomes, checks, the registry, the helpers, and evaluation.

A rule reads the review :class:`Context` (case, pack, timeline, evidence, figures) and returns
an :class:`Outcome`: a status, the figures its statement needs, and the findings it rests on.
:func:`register` adds a rule to :data:`REGISTRY`, the only list of rule ids; :func:`evaluate`
turns outcomes into :class:`Check` objects, filling the pack's statement template for the
status and resolving citations. The helpers here (quotes, records, number and list wording)
serve the rule families in this package.

Example::

    @register("my-rule")
    def my_rule(ctx: Context) -> Outcome:
        return Outcome("pass")
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..errors import PackError
from ..text import article as _article, fmt_num as _fmt_num, lower_first as _lower_first
from ..evidence import Evidence, Finding, find_sentences
from ..timeline import Timeline


@dataclass(frozen=True)
class Outcome:
    status: str
    figures: dict = field(default_factory=dict)
    evidence: tuple = ()  # Finding objects or {"document", "date", "quote"} dicts
    cites: tuple[str, ...] = ()  # extra reference keys (e.g. triggered alternatives)


@dataclass(frozen=True)
class Check:
    rule: str
    status: str
    severity: str
    statement: str
    citations: tuple[str, ...]
    evidence: tuple[dict, ...]
    section: Optional[str] = None
    figures: dict = field(default_factory=dict)
    pitfall: Optional[str] = None  # filled pack pitfall text, for failed checks that have one
    reason: Optional[str] = None  # short clause for summaries, filled from the pack's template

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def to_dict(self) -> dict:
        return {"rule": self.rule, "status": self.status, "severity": self.severity,
                "statement": self.statement, "citations": list(self.citations),
                "evidence": [dict(e) for e in self.evidence], "section": self.section}


@dataclass(frozen=True)
class Context:
    case: object
    pack: object
    timeline: Timeline
    evidence: Evidence
    figures: dict  # base template figures shared by every rule

    def course(self, *kinds: str, negated: Optional[bool] = False) -> list[Finding]:
        """Findings of the current course of care up to the end of the window."""
        return self.evidence.of(*kinds, since=self.timeline.course_start,
                                until=self.timeline.window[1], negated=negated)


Rule = Callable[[Context], Outcome]
REGISTRY: dict[str, Rule] = {}


def register(rule_id: str) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule ``rule_id`` (ids are unique)."""
    def wrap(fn: Rule) -> Rule:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id!r} registered twice")
        REGISTRY[rule_id] = fn
        return fn
    return wrap


def describe(rule_id: str) -> str:
    """The rule's one-paragraph description (its docstring's first paragraph)."""
    return " ".join((get(rule_id).__doc__ or "").strip().split("\n\n")[0].split())


def get(rule_id: str) -> Rule:
    try:
        return REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; rules: {', '.join(sorted(REGISTRY))}") from None


# --- helpers -----------------------------------------------------------------------------------

def _quote(f: Finding) -> dict:
    # a structured measure cites its place in the case file ("measures[2]")
    return {"document": f.document or f.get("ref"), "date": f.date.isoformat(), "quote": f.quote}


def _record(label: str, day: dt.date, text: str) -> dict:
    """Evidence from a structured part of the case file (claims counts, plan of care)."""
    return {"document": label, "date": day.isoformat(), "quote": text}


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _imaging_on_record(ctx: Context) -> list[tuple[str, dict]]:
    """(what, evidence) for every study on record: the history, the notes, imaging reports."""
    found = [(im.modality, _record(f"history.imaging[{i}]", im.date,
                                   f"{im.modality}: {im.result or 'no result stated'}"))
             for i, im in enumerate(ctx.case.history.imaging)]
    found += [(f.name or "imaging", _quote(f)) for f in ctx.evidence.of("imaging")
              if f.get("status") != "planned"]
    found += [("imaging report", _record(f"documents[{i}]", d.date, f"imaging report dated {d.date}"))
              for i, d in enumerate(ctx.case.documents) if d.kind == "imaging"]
    return found


def _unit(unit: Optional[str]) -> str:
    if not unit or unit == "points":
        return ""
    return unit if unit[0] in "%/°" else " " + unit


def _listing(findings: list[Finding]) -> str:
    return _join([f"{f.name} {f.get('grade') or _fmt_num(f.value)}{_unit(f.unit)}"
                  f" on {f.date.isoformat()}" for f in findings[:6]])


def _history_quotes(ctx: Context) -> list[dict]:
    h = ctx.case.history
    facts = [f"{k.replace('_', ' ')}: {_fmt_num(v) if isinstance(v, float) else v}"
             for k, v in (("onset", h.onset), ("duration_months", h.duration_months)) if v is not None]
    out = [_record("history", ctx.timeline.window[0], "; ".join(facts))] if facts else []
    return out + [_quote(f) for f in find_sentences(ctx.case, r"gradual|onset|history|year[- ]old")]


# --- evaluation --------------------------------------------------------------------------------

class _Figures(string.Formatter):
    def __init__(self, rule_id: str, pack_id: str):
        self.rule_id, self.pack_id = rule_id, pack_id

    def get_value(self, key, args, kwargs):
        try:
            return kwargs[key]
        except KeyError:
            raise PackError(f"pack {self.pack_id}: rules.{self.rule_id}: the statement names "
                            f"{{{key}}}, which this rule does not compute") from None


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _citations(ctx: Context, cfg, outcome: Outcome, evidence: list[dict]) -> tuple[str, ...]:
    keys: list[str] = []
    for key in cfg.cite or []:
        if key == "benchmark":
            bench = ctx.figures.get("_benchmark")
            if bench is not None:
                keys.append(bench.source)
        elif key in ("alternatives", "mcid"):  # the rule names which ones it used
            keys += list(outcome.cites)
        elif key == "records":
            keys += [f"record:{e['document']}" for e in evidence if e.get("document")]
        elif key.startswith("setting:"):  # whoever set the threshold: a guideline or a payer
            keys.append(ctx.pack.settings[key.split(":", 1)[1]].source)
        else:
            keys.append(key)
    if "records" not in (cfg.cite or []):
        keys += [f"record:{e['document']}" for e in evidence if e.get("document")]
    keys += [c for c in outcome.cites if c not in keys]
    return tuple(dict.fromkeys(keys))


def _unconfigured(ctx: Context, rule_id: str) -> str:
    from ..packs import describe_packs
    owners = [p for p in describe_packs() if rule_id in p["rules"]]
    where = "; ".join(f"pack {p['id']} ({', '.join(p['applies_to'])})" for p in owners)
    return (f"Does not apply: the packs in force ({' + '.join(ctx.pack.layers)}) do not use this "
            f"rule{'; it belongs to ' + where if where else ''}, and this case's line of business "
            f"is {ctx.case.review.line_of_business}.")


def evaluate(ctx: Context) -> list[Check]:
    """Run every registered rule; rules the pack does not configure are ``not-applicable``."""
    checks = _evaluate(ctx)
    failed = {c.rule for c in checks if c.failed}
    out = []
    for c in checks:  # a pitfall that needs other failures shows only alongside them
        cfg = ctx.pack.rules.get(c.rule)
        if c.pitfall and cfg and cfg.pitfall and not set(cfg.pitfall.with_) <= failed:
            c = dataclasses.replace(c, pitfall=None)
        out.append(c)
    return out


def _evaluate(ctx: Context) -> list[Check]:
    checks = []
    for rule_id, fn in REGISTRY.items():
        cfg = ctx.pack.rules.get(rule_id)
        if cfg is None:
            checks.append(Check(rule_id, "not-applicable", "info", _unconfigured(ctx, rule_id), (), ()))
            continue
        outcome = fn(ctx)
        figures = {**ctx.figures, **outcome.figures}
        template = cfg.statements.get(outcome.status)
        if template is None:
            template = {"not-applicable": "Does not apply to this case.",
                        "insufficient-data": "The records hold too little to judge this rule."
                        }.get(outcome.status, f"Rule {rule_id}: {outcome.status}.")
        fmt = _Figures(rule_id, ctx.pack.id)
        statement = _tidy(fmt.format(template, **figures))
        pitfall = (_tidy(fmt.format(cfg.pitfall.text, **figures))
                   if cfg.pitfall and outcome.status == "fail" and cfg.pitfall.section != cfg.section
                   else None)
        reason = None
        if outcome.status == "fail":
            reason = (_tidy(fmt.format(cfg.reason, **figures)) if cfg.reason
                      else statement.split(". ")[0].rstrip("."))
        evidence = [e if isinstance(e, dict) else _quote(e) for e in outcome.evidence]
        evidence = list({(e["document"], e["quote"]): e for e in evidence}.values())
        checks.append(Check(rule_id, outcome.status, cfg.severity or "minor", statement,
                            _citations(ctx, cfg, outcome, evidence), tuple(evidence), cfg.section,
                            dict(outcome.figures), pitfall, reason))
    return checks
