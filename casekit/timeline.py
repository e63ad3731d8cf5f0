"""The visit timeline: dates of service, gaps, episodes, courses of care and the contract's metrics.

A dated visit is one date of service; a ``visit_counts`` block is an interval ``from``..``to``
holding a number of visits whose own dates are unknown (so no gap is measured inside it).
Episodes split where the gap between consecutive services exceeds the pack's limit; a later
episode continues the same *course of care* unless the records explain a new injury or condition
(``new_condition_dates``), in which case the new course counts its visits from zero.

>>> tl = build(case, gap_limit_days=60)   # doctest: +SKIP
>>> tl.metrics["longest_gap_days"]        # doctest: +SKIP
168
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:  # pandas is imported by the *frame() methods only: a review never needs it
    import pandas as pd

MONTH_DAYS = 365.25 / 12


@dataclass(frozen=True)
class Service:
    """One entry of care: a dated visit (``start == end``, ``visits == 1``) or a counted block."""

    start: dt.date
    end: dt.date
    visits: int
    kind: str
    source: str  # "visit" or "visit_counts"
    document: Optional[str] = None
    ref: str = ""  # where it sits in the case file, e.g. "visit_counts[0]"
    note: Optional[str] = None  # a counted block's source, e.g. "claims history"


@dataclass(frozen=True)
class Gap:
    start: dt.date  # last date of service before the gap
    end: dt.date  # first date of service after it
    days: int
    splits: bool  # longer than the limit: starts a new episode
    explained: bool = False
    new_course: bool = False


@dataclass(frozen=True)
class Episode:
    number: int
    start: dt.date
    end: dt.date
    visits: int
    course: int


@dataclass(frozen=True)
class Timeline:
    services: tuple[Service, ...]
    gaps: tuple[Gap, ...]
    episodes: tuple[Episode, ...]
    window: tuple[dt.date, dt.date]
    metrics: dict
    current_course: int
    course_start: Optional[dt.date]
    extra: dict = field(default_factory=dict)

    @property
    def current_episodes(self) -> list[Episode]:
        return list(self._current)

    @cached_property
    def _current(self) -> tuple[Episode, ...]:
        return tuple(e for e in self.episodes if e.course == self.current_course)

    def in_current_course(self, s: Service) -> bool:
        """Whether a service starts inside an episode of the course under review (the one rule
        the metrics, the facts and the figures share)."""
        return _episode_of(self._current, s.start) is not None

    def frame(self) -> pd.DataFrame:
        """One row per service: start, end, visits, kind, source, episode, course, in_window."""
        import pandas as pd

        rows = []
        for s in self.services:
            ep = _episode_of(self.episodes, s.start)
            rows.append({"start": pd.Timestamp(s.start), "end": pd.Timestamp(s.end),
                         "visits": s.visits, "kind": s.kind, "source": s.source,
                         "document": s.document, "episode": ep.number if ep else None,
                         "course": ep.course if ep else None,
                         "in_window": self.window[0] <= s.start and s.end <= self.window[1]})
        return pd.DataFrame(rows, columns=["start", "end", "visits", "kind", "source", "document",
                                           "episode", "course", "in_window"])

    def episodes_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([e.__dict__ for e in self.episodes],
                            columns=["number", "start", "end", "visits", "course"])

    def gaps_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([g.__dict__ for g in self.gaps],
                            columns=["start", "end", "days", "splits", "explained", "new_course"])

    def cumulative(self) -> pd.DataFrame:
        """Visits by date with running totals (all care and current course). A counted block's
        visits are spread evenly over its interval and flagged ``estimated``."""
        import pandas as pd

        rows = []
        for s in self.services:
            ep = _episode_of(self.episodes, s.start)
            for d in spread(s):
                rows.append({"date": pd.Timestamp(d), "visits": 1, "estimated": s.source != "visit",
                             "course": ep.course if ep else None})
        df = pd.DataFrame(rows, columns=["date", "visits", "estimated", "course"])
        # a request before any care has no dates of service: typed columns, so the sums work
        df = df.astype({"visits": "int64", "estimated": "bool"})
        df = df.sort_values("date", kind="stable").reset_index(drop=True)
        df["cumulative"] = df["visits"].cumsum()
        df["course_cumulative"] = df.groupby("course")["visits"].cumsum()
        return df


def spread(s: Service) -> list[dt.date]:
    """The dates of service an entry stands for: a counted block's visits spread evenly."""
    if s.visits <= 0:
        return []
    if s.visits == 1 or s.start == s.end:
        return [s.end] * s.visits if s.start == s.end else [s.start]
    span = (s.end - s.start).days
    return [s.start + dt.timedelta(days=round(i * span / (s.visits - 1))) for i in range(s.visits)]


def _episode_of(episodes: "tuple[Episode, ...] | list[Episode]", day: dt.date) -> Optional[Episode]:
    """The episode holding ``day``. Episodes are in date order and never overlap (each ends
    before the gap that starts the next), so only the last one starting by ``day`` can: a
    binary search keeps a timeline of thousands of episodes linear to read."""
    i = bisect.bisect_right(episodes, day, key=lambda e: e.start) - 1
    return episodes[i] if i >= 0 and episodes[i].end >= day else None


_KIND_RANK = ("evaluation", "re-evaluation", "discharge", "progress-report", "treatment")


def services_of(case) -> list[Service]:
    """Every date of service and counted block of a case, in date order. Two ``visits`` entries
    on one date are one date of service (an evaluation and a treatment billed the same day),
    named by the more telling kind."""
    by_date: dict[dt.date, list[tuple[int, object]]] = {}
    for i, v in enumerate(case.visits):
        by_date.setdefault(v.date, []).append((i, v))
    out = []
    for day, entries in by_date.items():
        i, v = min(entries, key=lambda e: _KIND_RANK.index(e[1].kind))
        doc = v.document or next((e[1].document for e in entries if e[1].document), None)
        out.append(Service(day, day, 1, v.kind, "visit", doc, f"visits[{i}]"))
    out += [Service(b.from_, b.to, b.visits, "counted", "visit_counts", None, f"visit_counts[{i}]", b.source)
            for i, b in enumerate(case.visit_counts)]
    return sorted(out, key=lambda s: (s.start, s.end))


def find_gaps(services: list[Service], limit_days: int) -> list[Gap]:
    """Gaps between consecutive services (a block covers its whole interval)."""
    gaps = []
    reach: Optional[dt.date] = None
    for s in services:
        if reach is not None and s.start > reach:
            days = (s.start - reach).days
            gaps.append(Gap(reach, s.start, days, days > limit_days))
        reach = s.end if reach is None else max(reach, s.end)
    return gaps


def build(case, gap_limit_days: int, new_condition_dates: Iterable[dt.date] = (),
          explanation_dates: Iterable[dt.date] = (), restart_days: int = 14,
          surgery_dates: Iterable[dt.date] = ()) -> Timeline:
    """Build the timeline of ``case`` under a gap limit.

    ``new_condition_dates`` are dates of records explaining a new injury or condition;
    ``explanation_dates`` dates of records explaining a break in care. A record explains a gap
    when it is dated inside the gap or within ``restart_days`` of the episode that follows it
    (the restart evaluation); an injury noted weeks into that episode happened during it.
    ``surgery_dates``: a surgery between two dates of service ends one course and starts another
    however short the break (care before a knee replacement is not care after it).
    """
    services = services_of(case)
    window = (case.review.under_review.from_, case.review.under_review.to)
    new_dates = sorted(set(new_condition_dates))
    why_dates = sorted(set(explanation_dates) | set(new_dates))
    raw_gaps = find_gaps(services, gap_limit_days)
    surgeries = sorted(set(surgery_dates))
    if surgeries:
        raw_gaps = [Gap(g.start, g.end, g.days, True) if not g.splits and any(g.start < d <= g.end for d in surgeries)
                    else g for g in raw_gaps]
        new_dates = sorted(set(new_dates) | set(surgeries))
        why_dates = sorted(set(why_dates) | set(surgeries))

    # Episode boundaries are the splitting gaps; find each episode's extent first.
    bounds = [g for g in raw_gaps if g.splits]
    starts = [services[0].start] + [g.end for g in bounds] if services else []
    ends = [g.start for g in bounds] + [max(s.end for s in services)] if services else []

    gaps, episodes, course = [], [], 1
    for number, (start, end) in enumerate(zip(starts, ends), start=1):
        if number > 1:
            g = bounds[number - 2]
            until = min(end, start + dt.timedelta(days=restart_days))
            explained, new_course = _any_within(why_dates, g.start, until), _any_within(new_dates, g.start, until)
            course += 1 if new_course else 0
            bounds[number - 2] = Gap(g.start, g.end, g.days, True, explained, new_course)
        visits = sum(s.visits for s in _starting(services, start, end))
        episodes.append(Episode(number, start, end, visits, course))
    split_iter = iter(bounds)
    for g in raw_gaps:
        gaps.append(next(split_iter) if g.splits else g)

    # The course under review: the one holding the window's end, else the latest before it. A
    # window that spans a restart is judged against the new course, which counts from zero.
    current = 1
    for e in episodes:
        if e.start <= window[1]:
            current = e.course
    course_eps = [e for e in episodes if e.course == current]
    course_start = course_eps[0].start if course_eps else None

    metrics = _metrics(case, services, gaps, episodes, window, current)
    return Timeline(tuple(services), tuple(gaps), tuple(episodes), window, metrics, current,
                    course_start)


def _starting(services: list[Service], start: dt.date, end: dt.date) -> list[Service]:
    """The services (in date order) starting within [start, end]."""
    return services[bisect.bisect_left(services, start, key=lambda s: s.start):
                    bisect.bisect_right(services, end, key=lambda s: s.start)]


def _any_within(days: list[dt.date], after: dt.date, until: dt.date) -> bool:
    """Whether a date of the sorted ``days`` lies in (after, until]."""
    i = bisect.bisect_right(days, after)
    return i < len(days) and days[i] <= until


#: The metrics :func:`build` computes (the contract's, then casekit's additions).
METRIC_NAMES = ("prior_visits", "visits_under_review", "total_visits", "planned_visits",
                "projected_total", "longest_gap_days", "span_days", "episodes", "course_visits",
                "course_visits_before_plan", "courses", "first_date", "last_date",
                "longest_gap_from", "longest_gap_to")


def _count(services: Iterable[Service], pred) -> int:
    return sum(s.visits for s in services if pred(s))


def _count_dates(services: Iterable[Service], pred) -> int:
    """Visits whose (estimated, for a counted block) date satisfies ``pred``: a block that
    straddles the window's start is shared out by its evenly spread dates."""
    return sum(1 for s in services for d in spread(s) if pred(d))


def _metrics(case, services, gaps, episodes, window, current) -> dict:
    lo, hi = window
    course_eps = [e for e in episodes if e.course == current]
    in_course = (lambda s: _episode_of(course_eps, s.start) is not None)
    plan = case.plan_of_care
    requested = case.review.requested_visits
    # A request without a plan of care still projects: the course so far plus the visits asked for.
    planned = plan.planned_visits if plan else requested
    before_plan = (_count(services, lambda s: in_course(s) and s.end < plan.date) if plan else
                   _count(services, lambda s: in_course(s) and s.start <= hi) if requested else None)
    longest = max(gaps, key=lambda g: g.days, default=None)
    first = services[0].start if services else None
    last = max((s.end for s in services), default=None)
    return {
        "prior_visits": _count_dates(services, lambda d: d < lo),
        "visits_under_review": _count_dates(services, lambda d: lo <= d <= hi),
        # the seed's "bringing the total to 21": every visit up to the end of the window
        "total_visits": _count_dates(services, lambda d: d <= hi),
        "planned_visits": planned,
        "projected_total": (before_plan + planned) if planned is not None else None,
        "longest_gap_days": longest.days if longest else 0,
        "span_days": (last - first).days if services else 0,
        "episodes": len(episodes),
        # casekit additions
        "course_visits": _count(services, lambda s: in_course(s) and s.start <= hi),
        "course_visits_before_plan": before_plan,
        "courses": len({e.course for e in episodes}),
        "first_date": first,
        "last_date": last,
        "longest_gap_from": longest.start if longest else None,
        "longest_gap_to": longest.end if longest else None,
    }


def months(days: float) -> float:
    """Days as months (mean Gregorian month), one decimal."""
    return round(days / MONTH_DAYS, 1)
