"""The care given: passive modalities against active, skilled care.

Rules: passive-care, timed-units-over-limit, reevaluation-overdue, cloned-notes, care-beyond-plan.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from typing import Optional

from .. import terms
from ..wording import Joined, Phrase
from ..evidence import find_sentences_in
from ..limits import CLONED_NOTE_CHARS, CLONED_NOTES_COMPARED
from ..quotes import quote_of
from .core import Context, Outcome, record, register


@register("passive-care", fields=("modalities", "passive_days", "crowded_visits", "passive_finding",
                                  "passive_reason"))
def passive_care(ctx: Context) -> Outcome:
    """Fails when the course's care is passive modalities only (hot packs, electrical
    stimulation, ultrasound, traction, massage), with no exercise or other skilled intervention;
    as a minor finding when passive modalities run past the pack's weeks or more than two are
    given in one visit without a recorded reason (Cigna CPG 135)."""
    start, end = ctx.timeline.course_start, ctx.timeline.window[1]
    passive_cpt, active_cpt = set(ctx.pack.care.passive_cpt), set(ctx.pack.care.active_cpt)
    visits = [(i, v) for i, v in enumerate(ctx.case.visits) if (start is None or v.date >= start) and v.date <= end]
    found: dict[dt.date, set[str]] = {}
    evidence: list = []
    for f in ctx.course("passive-modality"):
        found.setdefault(f.date, set()).add(f.name)
        evidence.append(f)
    for i, v in visits:
        codes = sorted(set(v.code_list) & passive_cpt)
        if codes:
            found.setdefault(v.date, set()).update(f"CPT {c}" for c in codes)
            evidence.append(record(f"visits[{i}]", v.date, Phrase("fact.billed", {"codes": Joined(tuple(codes), "comma-list")})))
    if not found:
        return Outcome("not-applicable", {"modalities": "", "passive_days": 0, "crowded_visits": "",
                                          "passive_finding": "", "passive_reason": ""})
    # the codes billed say what was done; without them, the notes: an exercise done in the clinic
    # (a home programme alone is not), or a skilled intervention other than "modalities"
    coded = [v for _, v in visits if v.codes]
    if coded:
        active = any(set(v.code_list) & active_cpt for v in coded)
    else:
        active = (any(f.name and any(p.strip().upper() != "HEP" for p in f.name.split(","))
                      for f in ctx.course("exercise"))
                  or any(f.name not in ("modalities", "patient education") for f in ctx.course("skilled-care")))
    names = sorted({n for day in found.values() for n in day})
    span = (max(found) - min(found)).days
    crowded = sorted(d for d, day in found.items() if len({n for n in day if not n.startswith("CPT")}) > 2)
    weeks = ctx.pack.setting("passive_modality_weeks")
    listed = Joined(tuple(names[:6]))
    values = {"modalities": listed, "passive_days": span,
              "crowded_visits": Joined(tuple(crowded[:4])) if crowded else ""}
    if not active:
        return Outcome("fail", {**values, "passive_finding": Phrase("care.passive-only", {"names": listed, "days": span}),
                                "passive_reason": Phrase("care.reason-passive-only", {"names": listed})},
                       tuple(evidence))
    if span > weeks * 7 or crowded:
        finding = Phrase("care.passive-with-active", {
            "names": listed, "days": span, "weeks": weeks,
            "crowded": Phrase("care.crowded", {"dates": values["crowded_visits"]}) if crowded else ""})
        return Outcome("fail", {**values, "passive_finding": finding,
                                "passive_reason": Phrase("care.reason-passive-long", {"weeks": weeks})},
                       tuple(evidence), severity="minor")
    return Outcome("pass", {**values, "passive_finding": "", "passive_reason": ""}, tuple(evidence))


@register("timed-units-over-limit", fields=("unit_dates", "max_units"))
def timed_units_over_limit(ctx: Context) -> Outcome:
    """Fails when a date of service under review bills more timed units than the pack allows
    (Cigna CPG 135: four timed units, one hour, per date of service); the codes past the limit are
    denied on their lines."""
    limit = int(ctx.pack.setting("max_timed_units_per_visit"))
    lo, hi = ctx.timeline.window
    timed = set(ctx.pack.care.timed_cpt)
    coded = [(i, v) for i, v in enumerate(ctx.case.visits) if lo <= v.date <= hi and v.codes]
    if not coded:
        return Outcome("not-applicable", {"unit_dates": "", "max_units": limit})
    over = [(i, v, sum(c.units for c in v.codes if c.code in timed)) for i, v in coded]
    over = [(i, v, n) for i, v, n in over if n > limit]
    evidence = tuple(record(f"visits[{i}]", v.date, Phrase("fact.timed-units", {"units": n})) for i, v, n in over)
    values = {"unit_dates": Joined(tuple(Phrase("care.units-on", {"date": v.date, "units": n}) for _, v, n in over[:6])),
              "max_units": limit}
    return Outcome("fail" if over else "pass", values, evidence)


_REASSESSMENTS = {"evaluation", "re-evaluation", "progress-report", "discharge"}
_FREQUENCY, _GOALS_MET, _DISCHARGE_ADVISED = (re.compile(p, re.I) for p in (
    terms.FREQUENCY, terms.GOALS_MET, terms.DISCHARGE_ADVISED))


def _within(days: list[dt.date], lo: dt.date, hi: dt.date) -> list[dt.date]:
    """The sorted ``days`` from ``lo`` to ``hi``, both included."""
    return days[bisect.bisect_left(days, lo):bisect.bisect_right(days, hi)]


@register("reevaluation-overdue", fields=("reassessment_gap", "reassessment_from", "reassessment_to"))
def reevaluation_overdue(ctx: Context) -> Outcome:
    """Fails when, within an episode of dated care, more days than the pack allows pass without
    an evaluation, re-evaluation or progress report (Aetna CPB 0325: re-evaluated at least
    monthly). Gaps between episodes are not care, and claims totals do not say which visits were
    evaluations: neither is judged."""
    days = int(ctx.pack.setting("reevaluation_days"))
    end = ctx.timeline.window[1]
    marks = sorted({d.date for d in ctx.case.documents if d.kind in _REASSESSMENTS}
                   | {v.date for v in ctx.case.visits if v.kind in _REASSESSMENTS})
    visits = sorted(v.date for v in ctx.case.visits)
    runs = []
    for e in ctx.timeline.current_episodes:  # each episode's dates found by bisection: linear in the visits
        dated = _within(visits, e.start, min(e.end, end))
        if len(dated) < 2 or (dated[-1] - dated[0]).days <= days:
            continue
        edges = sorted({dated[0], dated[-1]} | set(_within(marks, dated[0], dated[-1])))
        runs += list(zip(edges, edges[1:]))
    if not runs:
        return Outcome("not-applicable", {"reassessment_gap": 0, "reassessment_from": "", "reassessment_to": ""})
    longest = max(runs, key=lambda p: (p[1] - p[0]).days)
    gap = (longest[1] - longest[0]).days
    values = {"reassessment_gap": gap, "reassessment_from": longest[0].isoformat(),
              "reassessment_to": longest[1].isoformat()}
    return Outcome("fail" if gap > days else "pass", values)


def _words(text: str) -> str:
    """A note's words without its numbers and dates: what a copied note keeps."""
    return " ".join(re.sub(r"[\d/.:-]+", " ", text.lower()).split())


_GRAM = 3  # the length of the substrings whose sets bound how alike two notes can be


def _grams(words: str) -> frozenset[str]:
    return frozenset(words[i:i + _GRAM] for i in range(len(words) - _GRAM + 1))


def _cannot_match(a: str, b: str, ga: frozenset[str], gb: frozenset[str], share: float) -> bool:
    """Whether difflib's ratio of ``a`` and ``b`` is surely below ``share``, from their lengths and
    substring sets, without the quadratic comparison. The ratio, 2M/T (M characters matched, T both
    lengths), is at most 1 - D/T where D is the insertions and deletions turning one into the other;
    each of those changes at most 2q-1 of the q-character substrings, so D >= |ga ^ gb| / (2q-1)."""
    total = len(a) + len(b)
    if not total or 2.0 * min(len(a), len(b)) / total < share:
        return bool(total)  # difflib's real_quick_ratio: two empty notes are alike
    return 1 - len(ga ^ gb) / ((2 * _GRAM - 1) * total) < share - 1e-9


def cloned_indices(texts: list[str], share: float) -> set[int]:
    """The notes (by index) whose words, numbers and dates aside, repeat another's: difflib's
    ratio at least ``share``. Identical notes match at once; each other note is compared with the
    :data:`casekit.limits.CLONED_NOTES_COMPARED` notes before it, on its first
    :data:`casekit.limits.CLONED_NOTE_CHARS` characters of words (the comparison is quadratic in
    them), and only when their lengths and substrings leave the share possible."""
    words = [_words(t)[:CLONED_NOTE_CHARS] for t in texts]
    cloned, first = set(), {}
    for i, w in enumerate(words):
        if w in first and share <= 1:  # a ratio of 1
            cloned |= {first[w], i}
        first.setdefault(w, i)
    grams = [_grams(w) for w in words]
    for j in range(len(words)):
        for i in range(max(0, j - CLONED_NOTES_COMPARED), j):
            if (i in cloned and j in cloned) or _cannot_match(words[i], words[j], grams[i], grams[j], share):
                continue  # nothing to learn, or surely too different
            m = difflib.SequenceMatcher(None, words[i], words[j], autojunk=False)
            if m.quick_ratio() >= share and m.ratio() >= share:
                cloned |= {i, j}
    return cloned


@register("cloned-notes", fields=("cloned_count", "cloned_dates"))
def cloned_notes(ctx: Context) -> Outcome:
    """Fails when daily notes of the course repeat one another nearly word for word (Cigna CPG
    135: "cloned records ... are not acceptable"): the pack's share of their words the same."""
    start, end = ctx.timeline.course_start, ctx.timeline.window[1]
    notes = [d for d in ctx.case.documents if d.kind == "daily-note" and d.text
             and (start is None or d.date >= start) and d.date <= end]
    if len(notes) < 3:
        return Outcome("not-applicable", {"cloned_count": 0, "cloned_dates": ""})
    cloned = cloned_indices([d.text for d in notes], ctx.pack.setting("cloned_note_similarity_pct") / 100)
    values = {"cloned_count": len(cloned),
              "cloned_dates": Joined(tuple(notes[i].date.isoformat() for i in sorted(cloned)[:6]))}
    if len(cloned) >= 3:
        return Outcome("fail", values, tuple(record(f"documents[{ctx.case.documents.index(notes[i])}]", notes[i].date,
                                                    Phrase("fact.cloned-note", {})) for i in sorted(cloned)[:4]))
    return Outcome("pass", values)


def goals_met(case) -> list:
    """The notes that find the goals met and recommend discharge, as (document, sentence) pairs."""
    out = []
    for d in case.documents:
        text = d.text or ""
        if _DISCHARGE_ADVISED.search(text):
            out += [(d, s) for s in find_sentences_in(d, _GOALS_MET)]
    return out


def beyond_plan(case, window, maintenance_covered: bool = False, course_start: Optional[dt.date] = None
                ) -> tuple[list[dt.date], object]:
    """The dates of service under review past the plan of care, and why: more than a week after
    its weeks, with no re-evaluation, newer plan or progress report setting a frequency between
    the plan and them; or after a note found the goals met and
    recommended discharge (maintenance, unless the payer covers skilled maintenance: Medicare,
    Jimmo). ``([], None)`` when none."""
    plan = case.plan_of_care
    lo, hi = window
    if not maintenance_covered:
        # a note of this course: the discharge that ended an earlier episode is not this one's
        met = [(d, f) for d, f in goals_met(case) if course_start is None or d.date >= course_start]
        if met:
            first = min(d.date for d, _ in met)
            after = sorted({v.date for v in case.visits if v.date > first and lo <= v.date <= hi})
            if after:
                return after, Phrase("care.after-goals", {"date": first})
    if plan is None:
        return [], None
    end = plan.date + dt.timedelta(days=round(plan.weeks * 7) - 1)
    count = round(plan.visits_per_week * plan.weeks)
    dated = sorted({v.date for v in case.visits if v.date >= plan.date})
    # more than a week past its weeks (a plan's weeks are a calendar estimate, and a visit or two
    # over its count within them is the plan's frequency, not care past it); the discharge visit
    # that closes the plan is part of it
    closing = {v.date for v in case.visits if v.kind == "discharge"}
    past = [d for d in dated if d > end + dt.timedelta(days=7) and lo <= d <= hi and d not in closing]
    # renewed by a re-evaluation or a new plan, or by a progress report that sets a frequency again
    renewals = ({d.date for d in case.documents if d.kind in ("re-evaluation", "plan-of-care")
                 or (d.kind == "progress-report" and _FREQUENCY.search(d.text or ""))}
                | {v.date for v in case.visits if v.kind == "re-evaluation"})
    if not past or any(plan.date < m <= past[0] for m in renewals):
        return [], None
    return past, Phrase("care.past-plan", {"plan_date": plan.date, "plan_visits": count, "plan_end": end})


@register("care-beyond-plan", fields=("beyond_count", "beyond_from", "beyond_to", "beyond_why"))
def care_beyond_plan(ctx: Context) -> Outcome:
    """Fails when dates of service under review go more than a week past the plan of care's
    weeks with no renewed plan, or follow a note that found the goals met and recommended
    discharge: care follows a plan with goals (Aetna CPB 0325); care once the goals are met is
    maintenance, covered only where skilled maintenance is (Medicare, Jimmo). Those dates' lines
    are not approved."""
    past, why = beyond_plan(ctx.case, ctx.timeline.window, ctx.pack.jimmo, ctx.timeline.course_start)
    values = {"beyond_count": len(past), "beyond_from": past[0] if past else "", "beyond_to": past[-1] if past else "",
              "beyond_why": why or ""}
    if ctx.case.plan_of_care is None and not past:
        return Outcome("not-applicable", values)
    if not past:
        return Outcome("pass", values)
    plan = ctx.case.plan_of_care
    ev = [record("plan_of_care", plan.date, Phrase("fact.plan-frequency", {"per_week": plan.visits_per_week,
                                                                          "weeks": plan.weeks}))] if plan else []
    ev = [quote_of(f) for _, f in goals_met(ctx.case)][:1] + ev
    past_days = set(past)
    ev += [record(f"visits[{i}]", v.date, Phrase("fact.visit", {"kind": v.kind}))
           for i, v in enumerate(ctx.case.visits) if v.date in past_days]
    return Outcome("fail", values, tuple(ev))
