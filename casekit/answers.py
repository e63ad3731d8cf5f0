"""A reviewer's answers to one case, in one format for the trainee's sheet and the expert key.

An answer file (YAML or JSON, ``format: casekit-answers/1``) holds what a reviewer decides about
one case: the contract's figures, each criterion's status, the decision (and the visits approved
for a partial), and the ids of the pack's documentation items to ask for. ``blank_for(review)``
is the sheet a trainee fills (every question present, every answer empty); ``key_for(review)``
is casekit's own answer, the reference a trainee is graded against::

    format: casekit-answers/1
    case_id: TEACH-KNEE-03
    trainee: T07                      # a pseudonym, never a name that identifies a person
    decision: deny                    # approve | partial | pend | deny
    approved_visits:                  # a partial approval's visits
    figures: {total_visits: 21, benchmark_visits: 14, longest_gap_days: 168, ...}
    criteria: {visits-over-benchmark: fail, unexplained-gap: fail, ...}
    documentation: [gap, outcomes]    # ids of the pack's documentation items

>>> key = key_for(casekit.review(casekit.load_case("cases/hip-seed.yaml")))   # doctest: +SKIP
>>> key.decision, key.criteria["unexplained-gap"]                              # doctest: +SKIP
('deny', 'fail')
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, Mapping, Optional, Union

from pydantic import Field

from .model import Count, _Model
from .packs import Status

FORMAT = "casekit-answers/1"
Decision = Literal["approve", "partial", "pend", "deny"]
#: the figures a reviewer is asked for: the contract's metrics that are numbers
FIGURES = ("prior_visits", "visits_under_review", "total_visits", "benchmark_visits", "planned_visits",
           "projected_total", "longest_gap_days", "span_days", "episodes")


class Answers(_Model):
    """One reviewer's answers to one case (a trainee's, or the key)."""

    format: Literal["casekit-answers/1"] = FORMAT
    case_id: str
    trainee: Optional[str] = Field(default=None, max_length=64)
    decision: Optional[Decision] = None
    approved_visits: Optional[Count] = Field(default=None, ge=0)
    figures: dict[str, Optional[Union[Count, float]]] = {}
    criteria: dict[str, Optional[Status]] = {}
    documentation: list[str] = []


def key_for(review) -> Answers:
    """casekit's own answers to a review: the key a trainee is graded against."""
    from .determination import documentation_ids
    figures = {k: _number(review.values.get(k)) for k in FIGURES}
    return Answers(case_id=review.case.id, trainee=None, decision=review.decision,
                   approved_visits=review.determination.approved_visits, figures=figures,
                   criteria={c.rule: c.status for c in review.checks},
                   documentation=documentation_ids(list(review.checks), review.pack))


def blank_for(review) -> dict[str, Any]:
    """The sheet a trainee fills for a review: every question present, every answer empty
    (``None``), as a mapping ready to dump as YAML; the documentation items to choose from are
    listed by ``documentation_choices``."""
    return {"format": FORMAT, "case_id": review.case.id, "trainee": None, "decision": None,
            "approved_visits": None, "figures": {k: None for k in FIGURES},
            "criteria": {c.rule: None for c in review.checks}, "documentation": []}


def documentation_choices(pack) -> dict[str, str]:
    """The documentation items a reviewer may ask for, id -> the pack's text (its template)."""
    return {i.id: i.text for i in pack.documentation}


def _number(value: Any) -> Optional[Union[int, float]]:
    if value is None or isinstance(value, (bool, dt.date)):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def from_mapping(data: Mapping[str, Any]) -> Answers:
    """Answers from parsed YAML/JSON (pydantic ValidationError when it breaks the format)."""
    return Answers.model_validate(dict(data))
