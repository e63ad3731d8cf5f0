"""From checks to a decision, its reasons, and what must be documented to continue.

- ``deny`` when a critical check fails;
- ``partial`` for a prospective or concurrent request whose only critical or major failure is
  ``plan-exceeds-benchmark``: the visits the benchmark leaves are approved;
- ``pend`` when a major check fails (more information is needed);
- ``approve`` otherwise. Minor and info failures are reported but do not change the decision.

Under a pack with ``jimmo: true`` (Medicare) lack of improvement never decides a case on its own,
whatever severity a payer gives it.

>>> decide(checks, case, pack, figures).decision   # doctest: +SKIP
'deny'
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Optional

from .rules import Check

_RANK = {"critical": 0, "major": 1, "minor": 2, "info": 3}
JIMMO_RULE = "no-functional-progress"
PARTIAL_RULE = "plan-exceeds-benchmark"


@dataclass(frozen=True)
class Determination:
    decision: str
    summary: str
    reasons: tuple[str, ...]
    decisive_rules: tuple[str, ...]
    documentation_needed: tuple[str, ...]
    approved_visits: Optional[int] = None
    skilled_care: Optional[str] = None
    notice: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        out = {"decision": self.decision, "summary": self.summary, "reasons": list(self.reasons),
               "decisive_rules": list(self.decisive_rules),
               "documentation_needed": list(self.documentation_needed)}
        if self.approved_visits is not None:
            out["approved_visits"] = self.approved_visits
        if self.skilled_care is not None:
            out["skilled_care"] = self.skilled_care
        if self.notice:
            out["notice"] = dict(self.notice)
        return out


def _decisive(checks: list[Check], pack) -> list[Check]:
    fails = [c for c in checks if c.failed and c.severity in ("critical", "major")]
    if pack.jimmo:
        fails = [c for c in fails if c.rule != JIMMO_RULE]
    return sorted(fails, key=lambda c: _RANK[c.severity])


def documentation_needed(checks: list[Check], pack, figures: dict) -> list[str]:
    """The pack's documentation items called for by failed checks, in the pack's order."""
    wanted = {pack.rules[c.rule].document for c in checks
              if c.failed and c.severity != "info" and c.rule in pack.rules and pack.rules[c.rule].document}
    fmt = string.Formatter()
    values = dict(figures)
    for c in checks:
        values.update({k: v for k, v in c.figures.items() if k not in values})
    folded: dict[str, list] = {}
    for i in pack.documentation:
        if i.id in wanted and i.fold_into in wanted:
            folded.setdefault(i.fold_into, []).append(i)
    out = []
    for item in pack.documentation:
        if item.id not in wanted or item.fold_into in wanted:
            continue
        # a folded item becomes a clause of its host; an empty fold_text is absorbed by it
        clauses = [f.text if f.fold_text is None else f.fold_text for f in folded.get(item.id, [])]
        text = item.text + "".join(f", and {c}" for c in clauses if c)
        out.append(fmt.vformat(text, (), _Default(values)))
    return out


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return ""


def decide(checks: list[Check], case, pack, figures: dict) -> Determination:
    """Reach the determination for one case from its checks."""
    decisive = _decisive(checks, pack)
    ranks = {c.severity for c in decisive}
    prospective = case.review.type in ("prospective", "concurrent")
    approved = None
    if "critical" in ranks:
        decision = "deny"
    elif prospective and decisive and {c.rule for c in decisive} == {PARTIAL_RULE}:
        # what the benchmark leaves after every visit of the course so far
        left = max(0, (figures.get("benchmark_visits") or 0) - (figures.get("course_visits") or 0))
        requested = case.review.requested_visits or figures.get("planned_visits") or left
        approved = min(left, requested)
        # a request that itself fits in what the benchmark leaves is approved whole
        fits = bool(case.review.requested_visits) and case.review.requested_visits <= left
        decision = "approve" if fits else "partial" if approved > 0 else "deny"
    elif decisive:
        decision = "pend"
    else:
        decision = "approve"
    docs = documentation_needed(checks, pack, figures)
    reasons = tuple(c.statement for c in decisive)
    skilled = figures.get("skilled_care") if pack.jimmo else None
    summary = _end(_summary(decision, case, figures, decisive, approved))
    unknown = [c for c in checks if c.status == "insufficient-data" and c.severity in ("critical", "major")
               and not (pack.jimmo and c.rule == JIMMO_RULE)]
    if unknown:
        # Say what could not be judged rather than let "meets the criteria" stand unqualified.
        summary = summary.rstrip(".") + ". Not judged for lack of data or settings: " + "; ".join(
            dict.fromkeys(_short(c.statement) for c in unknown)) + "."
    notice = {}
    if decision in ("deny", "partial"):
        notice = {
            "specific_reason": summary,
            "guideline": f"{pack.title} (criteria version {pack.version})",
            "perfect_claim": ("If therapy is to continue, the following must be documented: "
                              + _numbered(docs)) if docs else (
                "No missing documentation was identified; an appeal may include any clinical information "
                "showing why care beyond the benchmark is medically necessary for this patient."),
            "appeal": pack.notice.get("appeal", "Contact the plan for its appeal procedure."),
        }
    return Determination(decision, summary, reasons, tuple(c.rule for c in decisive), tuple(docs),
                         approved, skilled, notice)


def _numbered(items: list[str]) -> str:
    return "; ".join(f"({i}) {text}" for i, text in enumerate(items, start=1)) + "."


def _summary(decision: str, case, figures: dict, decisive: list[Check], approved) -> str:
    n = figures["visits_under_review"]
    window = f"{figures['window_from']} to {figures['window_to']}"
    what = (f"the {n} visit{'s' if n != 1 else ''} under review ({window})" if n
            else f"the physical therapy requested for {window}")
    if case.review.type == "prospective" and case.review.requested_visits:
        what = f"the {case.review.requested_visits} requested visits ({window})"
    why = _join([c.reason or _short(c.statement) for c in decisive])
    if decision == "deny":
        tense = "were" if case.review.type == "retrospective" else "is" if what.startswith("the physical") else "are"
        return f"{what[0].upper() + what[1:]} {tense} NOT medically necessary: {why}"
    if decision == "partial":
        given = figures.get("course_visits") or 0
        return (f"Physical therapy for {what} is partly approved: {approved} visit"
                f"{'s' if approved != 1 else ''}, which with the {given} already given reach the benchmark "
                f"of {figures['benchmark_visits']}; the rest of the request is not approved, as {why}")
    if decision == "pend":
        return f"A determination for {what} is pended for more information: {why}"
    return f"Physical therapy for {what} meets the plan's criteria ({figures.get('pack_title', 'the guideline in force')})."


def _end(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _join(items: list[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


def _short(statement: str) -> str:
    first = statement.split(". ")[0].rstrip(".")
    # Lower-case the first letter of an ordinary word, not of a code or acronym (e.g. "MRI").
    return first[0].lower() + first[1:] if first[1:2].islower() else first
