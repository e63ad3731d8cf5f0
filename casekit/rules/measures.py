"""Measurement: outcome and objective measures, exercise dosing, progress, symptom swings.

Rules: missing-outcome-measure, missing-objective-measure, missing-exercise-parameters,
no-functional-progress, symptom-fluctuation.
"""

from __future__ import annotations

import re

from ..evidence import PROMS, Finding
from .core import (Context, Outcome, _fmt_num, _join, _listing, _lower_first, _quote, _unit,
                   register)


def _accepted_proms(ctx: Context) -> list[Finding]:
    accepted = {m.lower() for m in ctx.pack.outcome_measures}
    return [f for f in ctx.course("outcome-measure") if f.value is not None
            and (f.name or "").lower() in accepted]


@register("missing-outcome-measure")
def missing_outcome_measure(ctx: Context) -> Outcome:
    """Fails when no validated patient-reported outcome measure is recorded in the course."""
    proms = _accepted_proms(ctx)
    if proms:
        return Outcome("pass", {"measures_found": _listing(proms)}, tuple(_quote(f) for f in proms))
    return Outcome("fail", {}, tuple(_quote(f) for f in ctx.course("function", "outcome-measure")))


@register("missing-objective-measure")
def missing_objective_measure(ctx: Context) -> Outcome:
    """Fails when no objective measure (strength, range of motion, performance) is recorded."""
    accepted = [re.compile(rx, re.I) for rx in ctx.pack.objective_measures]
    found = [f for f in ctx.course("objective-measure") if f.value is not None and (not accepted or any(
        rx.search(f"{f.name} {f.unit or ''}") for rx in accepted))]
    if found:
        return Outcome("pass", {"measures_found": _listing(found)}, tuple(_quote(f) for f in found))
    strengthening = [f for f in ctx.course("exercise") if re.search(r"strength", f.quote, re.I)]
    return Outcome("fail", {}, tuple(_quote(f) for f in strengthening))


@register("missing-exercise-parameters")
def missing_exercise_parameters(ctx: Context) -> Outcome:
    """Fails when exercises are named but no prescription states load, sets or repetitions."""
    named = ctx.course("exercise")
    if not named:
        return Outcome("not-applicable")
    parts = {p.strip().lower(): _lower_first(p.strip())
             for f in named if f.name for p in re.split(r",|;|\band\b", f.name)}
    # "stretching" inside "hip stretching" is the same exercise: keep the fuller name, as written.
    unique = sorted(parts[n] for n in parts if n and not any(n != m and n in m for m in parts))
    names = _join(unique[:5])
    dosed = [f for f in named if f.get("parameters")]
    if dosed:
        return Outcome("pass", {"exercises": names}, tuple(_quote(f) for f in dosed))
    return Outcome("fail", {"exercises": names}, tuple(_quote(f) for f in named))


_LOWER_BETTER_UNITS = {"s", "sec", "secs", "second", "seconds"}


def _higher_is_better(f: Finding) -> bool:
    if f.kind == "outcome-measure":
        return PROMS.get(f.name or "", {}).get("higher_is_better", True)
    if f.kind == "objective-measure" and (f.unit or "").lower() in _LOWER_BETTER_UNITS:
        return bool(re.search(r"stance|hold|balance|plank|endurance", f.name or "", re.I))
    return True


@register("no-functional-progress")
def no_functional_progress(ctx: Context) -> Outcome:
    """Fails when no functional measure improved over the course (after the minimum trial)."""
    if ctx.figures["care_days"] < ctx.pack.setting("min_trial_weeks") * 7:
        return Outcome("not-applicable")
    comparisons = {f.quote for f in ctx.evidence.of("baseline-comparison")}
    series: dict[str, list[Finding]] = {}
    for f in ctx.course("function", "outcome-measure", "objective-measure"):
        if f.value is not None and not f.get("historical"):  # a past discharge score is history
            # HOOS pain is not HOOS ADL, the right hip is not the left; "LEFS 52" and "LEFS 66/80"
            # are one series
            unit = f.unit if f.kind != "outcome-measure" or f.unit == "%" else ""
            key = f"{f.kind}:{f.name}:{f.get('subscale') or ''}:{unit}:{f.get('side') or ''}"
            series.setdefault(key, []).append(f)
    improved, flat = [], []
    for items in series.values():
        items = sorted(items, key=lambda f: f.date)
        first, last = items[0], items[-1]
        # a reading stated as a change ("LEFS from 31 to 44") carries its own earlier value
        # a reading stated as a change carries its own start, unless that start was the last
        # discharge ("compared to d/c, LEFS down from 70 to 52"): a past episode is not this one
        own = first.get("previous") is not None and first.quote not in comparisons
        start = first.get("previous") if own else first.value
        if last.date == first.date and not own and len(items) == 1:
            continue
        if last.date == first.date and start == last.value:
            continue
        change = (last.value - start) * (1 if _higher_is_better(first) else -1)
        needed, why = _needed_change(ctx, first)
        label = f"{first.name}{' ' + first.get('subscale') if first.get('subscale') else ''}"
        u = _unit(last.unit)
        line = (f"{label} {_fmt_num(start)}{u} to {_fmt_num(last.value)}{u} ({first.date} to {last.date})"
                if last.date != first.date else f"{label} {_fmt_num(start)}{u} to {_fmt_num(last.value)}{u} "
                f"(stated on {last.date})")
        if 0 < change < needed:
            line += f", below {why}"
        (improved if change > 0 and change >= needed else flat).append((line, first, last))
    cites = tuple(ctx.pack.mcid[f.name].source for _, f, _ in improved + flat if f.name in ctx.pack.mcid)
    if improved:
        return Outcome("pass", {"progress_detail": _join([i[0] for i in improved])},
                       tuple(_quote(f) for _, a, b in improved for f in (a, b)), cites)
    if flat:
        detail = "no measure changed by a meaningful amount (" + _join([i[0] for i in flat]) + ")"
        ev = tuple(_quote(f) for _, a, b in flat for f in (a, b))
    else:
        single = [items[-1] for items in series.values()]
        detail = ("no functional measure is recorded at all" if not single else
                  "the only functional measure is a single reading (" + _listing(single) + ")"
                  if len(single) == 1 else
                  "each functional measure was recorded only once (" + _listing(single) + ")")
        ev = tuple(_quote(f) for f in single)
    return Outcome("fail", {"progress_detail": detail}, ev, cites)


def _needed_change(ctx: Context, f: Finding) -> tuple[float, str]:
    """The smallest change that counts as improvement, and how to name it."""
    if f.kind == "outcome-measure" and f.name in ctx.pack.mcid:
        m = ctx.pack.mcid[f.name]
        return m.value, f"its minimal clinically important difference of {_fmt_num(m.value)}"
    if f.kind == "objective-measure" and f.value:
        pct = ctx.pack.setting("min_objective_change_pct")
        return abs(f.value) * pct / 100, f"the {_fmt_num(pct)}% change needed to exceed measurement error"
    if f.kind == "outcome-measure" and f.name in PROMS:
        lo, hi = PROMS[f.name]["range"]
        pct = ctx.pack.setting("min_prom_change_pct")
        return (hi - lo) * pct / 100, f"{_fmt_num(pct)}% of its scale (no established minimal important difference)"
    return 0.0, ""


@register("symptom-fluctuation")
def symptom_fluctuation(ctx: Context) -> Outcome:
    """Fails when symptom reports swing direction (better/pain-free, then worse/sore) within
    the pack's window of days."""
    reports = [f for f in ctx.course("symptom") if f.name in _DIRECTION]
    dated = sorted(reports, key=lambda f: f.date)
    if len({f.date for f in dated}) < 2:
        return Outcome("insufficient-data", {}, tuple(_quote(f) for f in dated))
    limit = ctx.pack.setting("fluctuation_days")
    for a, b in zip(dated, dated[1:]):
        if _DIRECTION[a.name] != _DIRECTION[b.name] and 0 < (b.date - a.date).days <= limit:
            before = [f for f in dated if f.date == a.date and _DIRECTION[f.name] == _DIRECTION[a.name]]
            after = [f for f in dated if f.date == b.date and _DIRECTION[f.name] == _DIRECTION[b.name]]
            detail = (f"{_join(sorted({f.name for f in before}))} on {a.date}, then "
                      f"{_join(sorted({f.name for f in after}))} on {b.date}")
            apart = (b.date - a.date).days
            return Outcome("fail", {"swing_days": f"{apart} day{'s' if apart != 1 else ''}",
                                    "swing_detail": detail},
                           tuple(_quote(f) for f in before + after))
    summary = _join([f"{f.name} on {f.date}" for f in dated[:4]])
    return Outcome("pass", {"symptom_summary": summary}, tuple(_quote(f) for f in dated))


_DIRECTION = {"better": 1, "pain-free": 1, "worse": -1, "sore": -1}
