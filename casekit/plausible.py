"""Plausibility of a case beyond its fields' types: what one field cannot see alone.

A case whose fields each validate can still be impossible (a birth date after the care, 100
million visits in seven weeks, a KOOS of 150, a retrospective review of visits in 2099) or too big
to review in seconds. :func:`problems` lists what casekit refuses; :func:`warnings` what the
contract allows but a reviewer should look at twice. Both return ``(field path, message)`` pairs,
as :meth:`casekit.model.Case.problems` does, and never echo patient data: a message names the
field and shows dates of service, counts and scores, never a birth date, a name or note text.
The limits are :mod:`casekit.limits`.

>>> problems(case)    # doctest: +SKIP
[('measures[0].value', '150 is outside the KOOS Pain scale (0 to 100)')]
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Iterator, Optional

from .limits import (AGE_SLACK_YEARS, MAX_CASE_TEXT_CHARS, MAX_VISITS, MAX_VISITS_PER_DAY,
                     OLD_HISTORY_YEARS, PLAUSIBLE_VISITS_PER_WEEK)

Found = Iterator[tuple[str, str]]


def problems(case) -> list[tuple[str, str]]:
    """What casekit refuses: sizes over the limits, impossible volumes, dates and scores."""
    return [*_volume(case), *_text_size(case), *_birth(case), *_retrospective(case), *_scales(case)]


def warnings(case) -> list[tuple[str, str]]:
    """What the contract allows but is odd: each a reviewer should check before trusting the
    review."""
    return [*_age_and_birth(case), *_prospective(case), *_old_history(case), *_plan_date(case),
            *_frequency(case), *_after_review(case), *_duration(case), *_description_side(case),
            *_not_billable(case)]


# --- helpers ----------------------------------------------------------------------------------
def _days(start: dt.date, end: dt.date) -> int:
    """Calendar days from ``start`` to ``end``, both counted."""
    return (end - start).days + 1


def _review_date(case) -> str:
    """The review date as messages name it: given, or today's (said so)."""
    if case.review.decided_on:
        return f"the review date ({case.review.decided_on})"
    return f"the review date ({case.review_date}, today: review.decided_on is not given)"


def _first_and_more(dated: list[tuple[str, dt.date]], what: str) -> Found:
    """One line for many offenders: the first one's path and date, and how many more."""
    if dated:
        path, day = dated[0]
        more = f" (and {len(dated) - 1} more like it)" if len(dated) > 1 else ""
        yield path, f"{day}{more} {what}"


def _dates_of_service(case) -> list[tuple[str, dt.date]]:
    """Every date of service with its path: dated visits, then each count's first day."""
    return ([(f"visits[{i}].date", v.date) for i, v in enumerate(case.visits)]
            + [(f"visit_counts[{i}].from", b.from_) for i, b in enumerate(case.visit_counts)])


def _dated_records(case) -> list[tuple[str, dt.date]]:
    """Every date of a record of care: service, the range under review, plan, documents,
    measures, surgery and imaging."""
    h, plan = case.history, case.plan_of_care
    return (_dates_of_service(case) + [("review.under_review.from", case.review.under_review.from_)]
            + ([("plan_of_care.date", plan.date)] if plan else [])
            + [(f"documents[{i}].date", d.date) for i, d in enumerate(case.documents)]
            + [(f"measures[{i}].date", m.date) for i, m in enumerate(case.measures)]
            + ([("history.surgery.date", h.surgery.date)] if h.surgery else [])
            + [(f"history.imaging[{i}].date", m.date) for i, m in enumerate(h.imaging)])


# --- refused ----------------------------------------------------------------------------------
def _volume(case) -> Found:
    """Visit counts against the days they cover, visits a day, and all dates of service."""
    cap = MAX_VISITS_PER_DAY
    absurd = False
    for i, b in enumerate(case.visit_counts):
        days = _days(b.from_, b.to)
        if b.visits > days * cap:
            absurd = True
            yield (f"visit_counts[{i}].visits", f"{b.visits} is more than {cap} a day over the {days} "
                   f"days from {b.from_} to {b.to} (at most {days * cap})")
    per_day = Counter(v.date for v in case.visits)
    seen: Counter = Counter()
    for i, v in enumerate(case.visits):  # named at the first visit over the cap on its date
        seen[v.date] += 1
        if seen[v.date] == cap + 1:
            yield f"visits[{i}].date", f"{v.date} holds {per_day[v.date]} dated visits; at most {cap} a day"
    r = case.review
    days = _days(r.under_review.from_, r.under_review.to)
    if r.requested_visits is not None and r.requested_visits > days * cap:
        yield ("review.requested_visits", f"{r.requested_visits} is more than {cap} a day over the "
               f"{days} days under review (at most {days * cap})")
    counted = sum(b.visits for b in case.visit_counts)
    if not absurd and len(case.visits) + counted > MAX_VISITS:
        yield ("visit_counts" if counted else "visits",
               f"{len(case.visits)} dated and {counted} counted visits make {len(case.visits) + counted} "
               f"dates of service; casekit reviews at most {MAX_VISITS} a case")


def _text_size(case) -> Found:
    total = sum(len(d.text) for d in case.documents)
    if total > MAX_CASE_TEXT_CHARS:
        yield ("documents", f"hold {total} characters of text together; casekit reads at most "
               f"{MAX_CASE_TEXT_CHARS} a case")


def _birth(case) -> Found:
    """A birth date after any record of care, or after the review."""
    born = case.patient.birth_date
    if born is None:
        return
    dated = _dated_records(case)
    if dated:
        path, first = min(dated, key=lambda pd: pd[1])
        if born > first:
            yield "patient.birth_date", f"is after {path} ({first}); a patient is born before their care"
            return
    if born > case.review_date:
        yield "patient.birth_date", f"is after {_review_date(case)}"


def _retrospective(case) -> Found:
    """A retrospective review is of care already given: nothing of it after the review date."""
    r, when = case.review, case.review_date
    if r.type != "retrospective":
        return
    if r.under_review.to > when:
        yield ("review.under_review.to", f"{r.under_review.to} is after {_review_date(case)}; a "
               "retrospective review is of care already given")
    late = [(p, d) for p, d in _dates_of_service(case) if d > when]
    late += [(f"visit_counts[{i}].to", b.to) for i, b in enumerate(case.visit_counts)
             if b.from_ <= when < b.to]
    yield from _first_and_more(late, f"is after {_review_date(case)}; a retrospective review is of "
                               "care already given")


# --- measures on their instruments' scales ----------------------------------------------------
_OUT_OF = re.compile(r"\s*(?:/|out of)\s*(\d{1,3})\s*", re.I)  # "/10", "out of 50" (as evidence reads)
_PERCENT = {"%", "percent"}
_PAIN = re.compile(r"\b(?:pain|NPRS|NRS|VAS)\b(?!-free)", re.I)
_ON_TEN = re.compile(r"\b(?:NPRS|NRS)\b", re.I)
_PAIN_UNITS = {"", "points", "point", "/10", "/100", "mm", "cm", "%", "percent"}
_MMT = re.compile(r"\b(?:MMT|manual muscle test(?:ing)?|muscle grade)\b", re.I)
_FUNCTION = re.compile(r"\bfunction(?:al)?\b", re.I)
_FUNCTION_LEVEL = re.compile(r"\bfunction(?:al)? level\b", re.I)  # a percent even without its unit
_DEGREES = {"deg", "degree", "degrees", "°"}


def measure_scale(name: str, value: float, unit: Optional[str]) -> list[tuple[str, float, float, float]]:
    """The scales a measure's value must lie in, as ``(scale, value on it, low, high)`` (``scale``
    as a message names it: "the KOOS Pain scale"), in the order to check them; empty when
    casekit does not know the instrument (a grip strength in kg).

    A unit "/N" or "out of N" bounds any measure to 0..N; a PROM (``terms.PROMS``) its range,
    after putting a percent or "/N" form on its one scale as :func:`casekit.proms.scaled` does;
    a pain rating 0..10 (NPRS, NRS, "/10", cm) or 0..100 (a VAS in mm, a percent, or no unit);
    a manual muscle test 0..5; a function level, or any function score in percent, 0..100; a
    joint angle in degrees -180..360 (an extension lag is negative). A percent of anything else
    (a limb symmetry index of 110 %) is not bounded.

    >>> measure_scale("KOOS Pain", 150, "points")
    [('the KOOS Pain scale', 150, 0, 100)]
    """
    from . import proms, terms
    u = (unit or "").strip()
    out: list[tuple[str, float, float, float]] = []
    out_of = _OUT_OF.fullmatch(u)
    if out_of:
        out.append((f"the scale its unit '{u}' gives", value, 0, int(out_of.group(1))))
    prom = proms.prom_name(name)
    if prom:
        spec = proms.PROMS[prom]
        sub = re.search(r"\b" + terms.SUBSCALE + r"\b", proms.PROM_RE.sub(" ", name), re.I)
        label = f"{prom} {sub.group(1)}" if sub else prom
        pct = u.lower() in _PERCENT
        if pct:
            out.append((f"the {label} scale in percent", value, 0, 100))
        scaled, _ = proms.scaled(prom, value, out_of and out_of.group(1), pct)
        lo, hi = spec["range"]
        return out + [(f"the {label} scale", scaled if scaled is not None else value, lo, hi)]
    if _PAIN.search(name) and u.lower() in _PAIN_UNITS:
        nprs = _ON_TEN.search(name)
        ten = bool(nprs) and u.lower() in {"", "points", "point"} or u.lower() in {"/10", "cm"}
        scale = f"the {nprs.group().upper() if nprs else 'pain rating'} scale"
        return out + [(scale, value, 0, 10 if ten else 100)]
    if _MMT.search(name) and u.lower() in {"", "/5", "grade"}:
        return out + [("the manual muscle test scale", value, 0, 5)]
    if _FUNCTION.search(name) and u.lower() in _PERCENT or _FUNCTION_LEVEL.search(name) and not u:
        return out + [("the function level scale in percent", value, 0, 100)]
    if u.lower() in _DEGREES:
        return out + [("the angles a joint can be measured at, in degrees", value, -180, 360)]
    return out


def _scales(case) -> Found:
    for i, m in enumerate(case.measures):
        out_of = _OUT_OF.fullmatch(m.unit or "")
        if out_of and int(out_of.group(1)) == 0:
            yield f"measures[{i}].unit", "is out of 0, which is no scale (e.g. '/10', '/100')"
            continue
        if m.grade is not None:  # a grade as written ("4-/5"): the grade pattern bounds it
            continue
        for scale, value, lo, hi in measure_scale(m.name, m.value, m.unit):
            if not lo <= value <= hi:
                yield f"measures[{i}].value", f"{m.value:g} is outside {scale} ({lo:g} to {hi:g})"
                break


# --- warned -----------------------------------------------------------------------------------
def _years(born: dt.date, on: dt.date) -> int:
    """Whole years of age on a day."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _age_and_birth(case) -> Found:
    born, age = case.patient.birth_date, case.patient.age
    if born is None:
        return
    r = case.review.under_review
    youngest = _years(born, r.from_)
    oldest = _years(born, max(r.to, case.review_date))
    if not youngest - AGE_SLACK_YEARS <= age <= oldest + AGE_SLACK_YEARS:
        yield ("patient.age", f"disagrees with patient.birth_date by more than {AGE_SLACK_YEARS} "
               "year over the dates under review")


def _prospective(case) -> Found:
    """A prospective review (prior authorisation) is of care still to come."""
    r = case.review
    if r.type != "prospective":
        return
    if r.decided_on and r.under_review.to < r.decided_on:
        yield ("review.under_review.to", f"{r.under_review.to} is before the review was decided "
               f"({r.decided_on}); a prospective review is of care still to come")
    given = [(f"visits[{i}].date", v.date) for i, v in enumerate(case.visits)
             if r.under_review.from_ <= v.date <= r.under_review.to]
    yield from _first_and_more(given, "is a date of service in the range under review; a prospective "
                               "review is of care still to come (is it retrospective or concurrent?)")


def _old_history(case) -> Found:
    start = case.review.under_review.from_
    try:
        limit = start.replace(year=start.year - OLD_HISTORY_YEARS)
    except ValueError:  # 29 February
        limit = start.replace(year=start.year - OLD_HISTORY_YEARS, day=28)
    old = sorted(((p, d) for p, d in _dates_of_service(case) if d < limit), key=lambda pd: pd[1])
    yield from _first_and_more(old, f"is more than {OLD_HISTORY_YEARS} years before the range under "
                               f"review (from {start}); is it this patient's care?")


def _plan_date(case) -> Found:
    """A plan of care dated after the care it covers: after the range under review, or after
    every dated visit in it."""
    plan, r = case.plan_of_care, case.review.under_review
    if plan is None:
        return
    covered = [v.date for v in case.visits if r.from_ <= v.date <= r.to]
    last = max(covered) if covered else r.to
    if plan.date > last:
        what = "the last dated visit under review" if covered else "the end of the range under review"
        yield ("plan_of_care.date", f"{plan.date} is after {what} ({last}); a plan of care comes "
               "before the care it plans")


def _frequency(case) -> Found:
    plan = case.plan_of_care
    if plan and plan.visits_per_week > PLAUSIBLE_VISITS_PER_WEEK:
        yield ("plan_of_care.visits_per_week", f"{plan.visits_per_week:g} is more than one visit a day; "
               f"outpatient therapy plans rarely exceed {PLAUSIBLE_VISITS_PER_WEEK} a week")


def _after_review(case) -> Found:
    """Records dated after the review (a retrospective review's care is refused instead), and a
    review decided in the future."""
    when = case.review_date
    if case.review.type != "retrospective":
        late = [(p, d) for p, d in _dates_of_service(case) if d > when]
        yield from _first_and_more(late, f"is after {_review_date(case)}; a date of service is in the past")
    for field, items in (("documents", case.documents), ("measures", case.measures),
                         ("history.imaging", case.history.imaging)):
        late = [(f"{field}[{i}].date", x.date) for i, x in enumerate(items) if x.date > when]
        yield from _first_and_more(late, f"is after {_review_date(case)}")
    surgery = case.history.surgery
    if surgery is not None and surgery.date > when:
        yield "history.surgery.date", f"{surgery.date} is after {_review_date(case)}"
    today = dt.date.today()
    if case.review.decided_on and case.review.decided_on > today:
        yield "review.decided_on", f"{case.review.decided_on} is in the future (today is {today})"


def _duration(case) -> Found:
    months = case.history.duration_months
    if months is not None and months > (case.patient.age + AGE_SLACK_YEARS) * 12:
        yield "history.duration_months", f"{months:g} is longer than the patient has lived (patient.age)"


def _not_billable(case) -> Found:
    """A code that exists but has codes below it (a category, or a code missing its 7th
    character) is not billable: a claim with it is returned, and its side or stage is unsaid."""
    from . import codes
    for i, d in enumerate(case.diagnoses):
        if codes.status(d.code) == "not billable":
            below = codes.billable_below(d.code)
            more = ", ...)" if len(below) == 4 else ")"
            yield (f"diagnoses[{i}].code", f"{d.code} has codes below it in the {codes.CODE_SET} code set, "
                   f"so it is not billable; bill the one the records support "
                   f"({', '.join(below[:3])}{more}")


def _description_side(case) -> Found:
    """A description that names another side than its code's own text (the code decides)."""
    from . import codes
    for i, d in enumerate(case.diagnoses):
        side, written = codes.side_of(d.code), _sides_named(d.description or "")
        if side in ("left", "right", "bilateral") and written and side not in written:
            yield (f"diagnoses[{i}].description", f"names the {' and '.join(sorted(written))} side, but "
                   f"in the {codes.CODE_SET} code set {d.code} is {'bilateral' if side == 'bilateral' else side + '-sided'}: "
                   "the code's side is the one reviewed")


def _sides_named(text: str) -> set[str]:
    """The sides a description names in words (``left``, ``right``, ``bilateral``)."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return {w for w in ("left", "right", "bilateral") if w in words}
