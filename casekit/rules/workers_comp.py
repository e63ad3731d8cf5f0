"""Workers' compensation: the jurisdiction's statutory limit on visits per injury.

Rules: visits-over-statutory-limit.
"""

from __future__ import annotations

import datetime as dt

from ..quotes import Fact
from ..timeline import spread
from ..wording import Phrase
from .core import Context, Outcome, register


def injury_visits(timeline, case, pack, end: dt.date) -> tuple[list[dt.date], list[dt.date]]:
    """The dates of the visits for the injury up to ``end`` that count against the statutory
    limit (sorted; a counted block spread over its interval), and those a postsurgical period the
    jurisdiction exempts leaves out. A claim is one injury: every episode counts."""
    dated = sorted(d for s in timeline.services for d in spread(s) if d <= end)
    surgery = case.history.surgery
    if surgery is None or "postsurgical_period_months" not in pack.settings:
        return dated, []
    until = surgery.date + dt.timedelta(days=round(pack.setting("postsurgical_period_months") * 365.25 / 12))
    return ([d for d in dated if not surgery.date <= d <= until],
            [d for d in dated if surgery.date <= d <= until])


@register("visits-over-statutory-limit",
          fields=("visit_limit", "injury_visits", "recorded_visits", "excluded_visits", "jurisdiction",
                  "requested_clause", "postsurgical_clause"))
def visits_over_statutory_limit(ctx: Context) -> Outcome:
    """(Workers' compensation) Fails when the physical therapy visits for the injury pass the
    jurisdiction's statutory limit (California: 24 per industrial injury), leaving out the visits
    of a postsurgical period the jurisdiction exempts."""
    where = ctx.case.review.jurisdiction or Phrase("wc.no-jurisdiction")
    if "pt_visits_per_injury" not in ctx.pack.settings:
        return Outcome("insufficient-data", {"jurisdiction": where, "visit_limit": None, "injury_visits": None,
                                             "recorded_visits": None, "excluded_visits": 0,
                                             "requested_clause": "", "postsurgical_clause": ""})
    limit = int(ctx.pack.setting("pt_visits_per_injury"))
    end = ctx.timeline.window[1]
    counted_dates, excluded = injury_visits(ctx.timeline, ctx.case, ctx.pack, end)
    surgery = ctx.case.history.surgery
    recorded = len(counted_dates)
    # a request counts the visits it asks for: they would be visits for the same injury
    requested = (ctx.case.review.requested_visits or 0) if ctx.case.review.type != "retrospective" else 0
    counted = recorded + requested
    values = {"visit_limit": limit, "injury_visits": counted, "recorded_visits": recorded,
              "excluded_visits": len(excluded), "jurisdiction": where,
              "requested_clause": Phrase("wc.requested", {"visits": requested}) if requested else "",
              "postsurgical_clause": (Phrase("wc.postsurgical-excluded", {"visits": len(excluded),
                                                                          "surgery": surgery.date})
                                      if excluded else "")}
    evidence = [Fact(s.ref, s.end, Phrase("fact.visit-block", {"visits": s.visits, "from": s.start, "to": s.end,
                                                               "source": ""}))
                for s in ctx.timeline.services if s.visits > 1 and s.start <= end]
    cites = tuple(ctx.pack.settings[k].source for k in ("pt_visits_per_injury", "postsurgical_period_months")
                  if k in ctx.pack.settings and (k == "pt_visits_per_injury" or excluded))
    return Outcome("fail" if counted > limit else "pass", values, tuple(evidence), cites)

