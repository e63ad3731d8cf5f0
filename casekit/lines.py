"""Decisions per line: one per date of service under review and each code billed on it.

A line follows the case's decision, except where the decision table's reasons say which lines
they concern: past a payer's visit limit, the dates within the limit are approved and those past
it denied; the dates past the plan of care with no renewed plan are denied; passive modalities past the pack's weeks without a recorded need are denied while the
active codes of the same dates are paid. When some lines are approved and others denied, the case
is a partial approval. Each line and the case carry the X12 278 review action code (approve A1,
partial A2, deny A3, pend A4).

>>> [l.to_dict() for l in review.lines][:1]   # doctest: +SKIP
[{'date': '2025-08-25', 'code': '97161', 'units': 1, 'decision': 'deny', ...}]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from .rules.care import beyond_plan
from .wording import Phrase, phrase

#: X12 278 review action codes (Da Vinci PAS): A1 certified, A2 certified partially, A3 not
#: certified, A4 pended.
ACTION_CODES = {"approve": "A1", "partial": "A2", "deny": "A3", "pend": "A4"}


@dataclass(frozen=True)
class Line:
    date: dt.date
    code: Optional[str]  # None: a date of service with no code on record
    units: int
    decision: str  # approve, deny or pend
    reason: str

    @property
    def action_code(self) -> str:
        return ACTION_CODES[self.decision]

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "code": self.code, "units": self.units,
                "decision": self.decision, "reason": self.reason, "action_code": self.action_code}


def lines_for(case, timeline, checks, determination, pack, limit: Optional[int], evidence=None) -> tuple[Line, ...]:
    """The lines of the dates of service under review (none for a request with no dates yet);
    ``limit`` is the benchmark's visits when it is a payer's limit."""
    lo, hi = timeline.window
    by_rule = {c.rule: c for c in checks}
    decisive = set(determination.decisive_rules)
    ordinals = _course_ordinals(timeline)
    only_benchmark = (decisive == {"visits-over-benchmark"} and determination.decision == "deny"
                      and pack.decision.lines_by_date)
    # past a statutory limit alone, the visits within it are paid and those past it denied, as
    # past a payer's limit: each date's number among the injury's counted visits
    statute = by_rule.get("visits-over-statutory-limit")
    only_statute = (decisive == {"visits-over-statutory-limit"} and determination.decision == "deny"
                    and pack.decision.lines_by_date and statute is not None
                    and statute.values.get("visit_limit") is not None)
    if only_statute:
        from .rules.workers_comp import injury_visits
        counted, exempt = injury_visits(timeline, case, pack, hi)
        ordinals = {d: i for i, d in enumerate(counted, 1)}  # a date's last visit, as a course's ordinals
        exempt_days = set(exempt)  # a postsurgical period's dates count for nothing (never among counted)
        limit = int(statute.values["visit_limit"])
    passive = by_rule.get("passive-care")
    late_passive = (passive is not None and passive.failed and passive.severity == "minor"
                    and pack.settings.get("passive_modality_weeks") is not None)
    passive_from = None
    if late_passive:
        first = min((v.date for v in case.visits if set(v.code_list) & set(pack.care.passive_cpt)), default=None)
        if first is not None:
            passive_from = first + dt.timedelta(days=round(pack.setting("passive_modality_weeks") * 7))
    reason = _case_reason(determination, checks, pack)
    beyond = by_rule.get("care-beyond-plan")
    past_plan, past_why = beyond_plan(case, timeline.window, pack.jimmo, timeline.course_start) \
        if beyond is not None and beyond.failed else ([], None)
    past_days = set(past_plan)  # a set: thousands of dates may be past the plan
    past_line = Phrase("line.after-goals" if past_why is not None and past_why.key == "care.after-goals"
                       else "line.past-plan")
    units_check = by_rule.get("timed-units-over-limit")
    max_units = (int(pack.setting("max_timed_units_per_visit"))
                 if units_check is not None and units_check.failed else None)
    out = []
    for v in sorted((v for v in case.visits if lo <= v.date <= hi), key=lambda v: v.date):
        entries = [(c.code, c.units) for c in v.codes] or [(None, 1)]
        n = ordinals.get(v.date)
        timed_so_far = 0
        for code, units in entries:
            # the timed codes past the limit of the date, in the order they were billed
            timed_so_far += units if code in pack.care.timed_cpt else 0
            past_units = max_units is not None and code in pack.care.timed_cpt and timed_so_far > max_units
            decision, why = determination.decision, reason
            if decision == "partial":  # a request's partial approval is by count, not by line
                decision, why = "approve", phrase(pack, Phrase("line.within-request"))
            if only_statute and v.date in exempt_days:
                decision, why = "approve", phrase(pack, Phrase("line.statute-exempt"))
            elif (only_benchmark or only_statute) and limit is not None and n is not None:
                within, past = (("line.within-statute", "line.past-statute") if only_statute
                                else ("line.within-limit", "line.past-limit"))
                decision, why = (("approve", phrase(pack, Phrase(within, {"n": n, "limit": limit})))
                                 if n <= limit else ("deny", phrase(pack, Phrase(past, {"n": n, "limit": limit}))))
            if (passive_from is not None and code in pack.care.passive_cpt and v.date >= passive_from
                    and decision == "approve"):
                decision, why = "deny", phrase(pack, Phrase("line.passive-late", {
                    "weeks": pack.setting("passive_modality_weeks")}))
            if v.date in past_days and decision == "approve":
                decision, why = "deny", phrase(pack, past_line)
            if past_units and decision == "approve":
                decision, why = "deny", phrase(pack, Phrase("line.units-past-limit", {"limit": max_units}))
            out.append(Line(v.date, code, units, decision, why))
    return tuple(out)


def _case_reason(determination, checks, pack) -> str:
    if determination.decision in ("approve", "partial"):
        return phrase(pack, Phrase("line.approved"))
    first = next((c for c in checks if c.rule in determination.decisive_rules), None)
    return (first.reason or first.statement) if first else phrase(pack, Phrase(f"decision.{determination.decision}"))


def _course_ordinals(timeline) -> dict[dt.date, int]:
    """Each dated visit's number in the course under review (counted blocks count their visits)."""
    out, n = {}, 0
    for s in sorted((s for s in timeline.services if timeline.in_current_course(s)), key=lambda s: s.start):
        n += s.visits
        if s.visits == 1:
            out[s.start] = n
    return out

