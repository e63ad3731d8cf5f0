"""From checks to a decision, its reasons, and what must be documented to continue.

The pack's ``decision`` policy says which rules may allow a partial approval and which never
decide under Jimmo; the ladder itself:

- ``deny`` when a critical check fails;
- ``partial`` for a prospective or concurrent request whose only critical or major failures are
  rules in ``decision.partial_on`` (``plan-exceeds-benchmark``): the visits the benchmark leaves
  are approved;
- ``pend`` when a major check fails (more information is needed);
- ``approve`` otherwise. Minor and info failures are reported but do not change the decision.

Under a pack with ``jimmo: true`` (Medicare) the rules in ``decision.jimmo_exempt`` (lack of
improvement) never decide a case on their own, whatever severity a payer gives them. Every
sentence is a template of the pack's wording. An adverse determination (deny, partial) carries the
notice its line of business requires: the pack's notice elements, filled with the decision's
parts and cited to the rules that require them.

>>> decide(checks, case, pack, values).decision   # doctest: +SKIP
'deny'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from .lines import ACTION_CODES
from .rules import Check
from .wording import Joined, Phrase, fill, first_clause, phrase

_RANK = {"critical": 0, "major": 1, "minor": 2, "info": 3}


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


def _exempt(check: Check, pack) -> bool:
    """Whether a check never decides under this pack (Jimmo: lack of improvement alone)."""
    return pack.jimmo and check.rule in pack.decision.jimmo_exempt


_BY_SEVERITY = {"critical": "deny", "major": "pend", "minor": "document", "info": "note"}


def _row(check: Check, pack, review_type: str = ""):
    for row in pack.decision.table:
        if (row.rule == check.rule and (not row.severities or check.severity in row.severities)
                and (not row.review_types or review_type in row.review_types)):
            return row
    return None


def effect_of(check: Check, checks: list[Check], pack, review_type: str = "") -> str:
    """What a failed check means under the pack's decision table (``deny``, ``pend``,
    ``document``, ``note``); a check that did not fail, or that Jimmo exempts, is a ``note``.
    A critical or major check left unjudged because the figures it turns on could not be read
    reliably (OCR below the pack's confidence, :mod:`casekit.ocr`) pends: the record needed to
    judge it is, in effect, missing until the original is confirmed."""
    if check.status == "insufficient-data" and "ocr_held" in check.values \
            and check.severity in ("critical", "major") and not _exempt(check, pack):
        return "pend"
    if not check.failed or _exempt(check, pack):
        return "note"
    status = {c.rule: c.status for c in checks}
    row = _row(check, pack, review_type)
    if row is None:
        return _BY_SEVERITY[check.severity]
    relieved = bool(row.unless_passed) and all(status.get(r) == "pass" for r in row.unless_passed)
    joined = all(status.get(r) == "fail" for r in row.if_failed)
    return row.effect if joined and not relieved else row.otherwise


def decisive_checks(checks: list[Check], pack, review_type: str = "") -> list[Check]:
    """The failed checks that decide (deny or pend under the pack's table), most severe first."""
    fails = [c for c in checks if effect_of(c, checks, pack, review_type) in ("deny", "pend")]
    return sorted(fails, key=lambda c: (_RANK[c.severity], effect_of(c, checks, pack, review_type) != "deny"))


def documentation_ids(checks: list[Check], pack) -> list[str]:
    """The ids of the pack's documentation items the failed checks call for, in the pack's order
    (folding is how they are worded, not what is asked: a folded item is listed too)."""
    wanted = {pack.rules[c.rule].document for c in checks
              if c.failed and c.severity != "info" and c.rule in pack.rules and pack.rules[c.rule].document}
    return [i.id for i in pack.documentation if i.id in wanted]


def documentation_needed(checks: list[Check], pack, values: Mapping[str, Any]) -> list[str]:
    """The pack's documentation items called for by failed checks, in the pack's order."""
    wanted = set(documentation_ids(checks, pack))
    values = dict(values)
    for c in checks:
        values.update({k: v for k, v in c.values.items() if k not in values})
    # outcome measures are asked "compared to post-discharge status" when a restart lacks the
    # comparison with the last discharge, else "and their change over the episode"
    baseline = next((c for c in checks if c.rule == "missing-baseline-comparison" and c.failed
                     and "previous_visits" in c.values), None)
    values["outcome_comparison"] = (
        Phrase("documentation.compared-to-discharge", {"visits": baseline.values["previous_visits"]})
        if baseline else Phrase("documentation.change-over-episode"))
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
        out.append(fill(pack, f"documentation.{item.id}", text, values))
    # figures OCR read below the pack's confidence (casekit.ocr): confirm each from the original
    return out + [phrase(pack, p) for p in values.get("ocr_confirm", ())]


def decide(checks: list[Check], case, pack, values: Mapping[str, Any]) -> Determination:
    """Reach the determination for one case from its checks."""
    kind = case.review.type
    decisive = decisive_checks(checks, pack, kind)
    # a row marked first (an urgent red flag) decides before everything else: a reviewer refers
    # the patient for medical evaluation rather than judge the therapy
    first = [c for c in decisive if (row := _row(c, pack, kind)) is not None and row.first
             and effect_of(c, checks, pack, kind) == row.effect]
    if first:
        decisive = first
    effects = {effect_of(c, checks, pack, kind) for c in decisive}
    prospective = case.review.type in ("prospective", "concurrent")
    approved = None
    if "deny" in effects:
        decision = "deny"
    elif prospective and decisive and {c.rule for c in decisive} <= set(pack.decision.partial_on):
        # what the benchmark leaves after every visit of the course so far
        left = max(0, (values.get("benchmark_visits") or 0) - (values.get("course_visits") or 0))
        requested = case.review.requested_visits or values.get("planned_visits") or left
        approved = min(left, requested)
        # a request that itself fits in what the benchmark leaves is approved whole
        fits = bool(case.review.requested_visits) and case.review.requested_visits <= left
        decision = "approve" if fits else "partial" if approved > 0 else "deny"
    elif decisive:
        decision = "pend"
    else:
        decision = "approve"
    docs = documentation_needed(checks, pack, values)
    if decision == "deny":  # the denial's reasons are every substantive failure, not only the deciding ones
        decisive = [c for c in decisive if effect_of(c, checks, pack, kind) == "deny"]
        substantive = [c for c in checks if c.failed and c.severity in ("critical", "major") and not _exempt(c, pack)]
        chosen = {c.rule for c in substantive} | {c.rule for c in decisive}
        reasons_from = sorted((c for c in checks if c.rule in chosen),
                              key=lambda c: (_RANK[c.severity], checks.index(c)))
    else:
        reasons_from = decisive
    reasons = tuple(c.statement for c in reasons_from)
    skilled = phrase(pack, values["skilled_care"]) if pack.jimmo else None
    summary = _summary(decision, case, pack, values, reasons_from, approved)
    # what could not be judged qualifies an approval; a denial or a pend says why already
    unknown = [c for c in checks if c.status == "insufficient-data" and c.severity in ("critical", "major")
               and not _exempt(c, pack) and decision in ("approve", "partial")]
    if unknown:
        # Say what could not be judged rather than let "meets the criteria" stand unqualified.
        summary = fill(pack, "wording.summary.not-judged", pack.wording["summary.not-judged"], {
            "summary": summary, "items": Joined(tuple(dict.fromkeys(first_clause(c.statement) for c in unknown)),
                                                "semicolon-list")})
    notice = _notice(decision, summary, docs, reasons, case, pack, values) if decision in ("deny", "partial") else {}
    return Determination(decision, summary, reasons, tuple(c.rule for c in decisive), tuple(docs),
                         approved, skilled, notice)


def _notice(decision: str, summary: str, docs, reasons, case, pack, values: Mapping[str, Any]) -> dict:
    """The notice of an adverse determination: its four parts (specific reason, guideline,
    what would perfect the claim, appeal), the line of business, and every element the pack's
    notice lists for it, filled (``{id, heading, text, cites}``). Identifiers stay out: the report
    shows them beside the notice (casekit.attestation)."""
    fields = notice_fields(decision, summary, docs, reasons, pack, values)
    parts = {k: fields[k] for k in ("specific_reason", "guideline", "perfect_claim", "appeal")}
    return {**parts, "line_of_business": case.review.line_of_business,
            "elements": notice_elements(pack, fields, case.review.type)}


def notice_fields(decision: str, summary: str, docs, reasons, pack, values: Mapping[str, Any]) -> dict:
    """What a notice element's template may use: the review's facts, the four parts of the
    notice, the X12 action code, the decision's title and the clinical judgment (the findings
    the decision rests on)."""
    parts = {
        "specific_reason": summary,
        "guideline": phrase(pack, Phrase("notice.guideline", {"title": pack.title, "version": pack.version})),
        "perfect_claim": phrase(pack, Phrase("documentation.continue", {"items": Joined(tuple(docs), "numbered")})
                                if docs else Phrase("notice.nothing-missing")),
        "appeal": pack.notice.appeal or phrase(pack, Phrase("notice.appeal-default")),
    }
    return {**values, **parts, "action_code": ACTION_CODES[decision],
            "action_meaning": Phrase(f"notice.action.{ACTION_CODES[decision]}"),
            "decision_title": Phrase(f"decision.{decision}"),
            "clinical_judgment": Joined(tuple(reasons), "sentences") if reasons else summary}


def notice_elements(pack, fields: Mapping[str, Any], review_type: str) -> list[dict]:
    """Every element of ``pack``'s notice that applies to ``review_type``, filled with ``fields``
    (``{id, heading, text, cites}``). The letter fills them again with pointers to its own
    sections in place of the long parts:
    ``notice_elements(pack, {**fields, "perfect_claim": "see above"}, "retrospective")``."""
    return [{"id": e.id, "heading": e.heading, "cites": list(e.cite),
             "text": fill(pack, f"notice.elements.{e.id}.text", e.text, fields)}
            for e in pack.notice.elements if not e.review_types or review_type in e.review_types]


def by_lines(determination: Determination, lines, case, pack, values: Mapping[str, Any]) -> Determination:
    """The determination once its lines are decided: approved and denied lines of the dates under
    review make a partial approval, with its own summary and notice."""
    kinds = {line.decision for line in lines}
    if not ({"approve", "deny"} <= kinds and determination.decision in ("approve", "deny")):
        return determination
    dates = {line.date for line in lines if line.decision == "approve"}
    denied = [line for line in lines if line.decision == "deny"]
    summary = fill(pack, "wording.summary.partial-lines", pack.wording["summary.partial-lines"], {
        **values, "what": subject(case, values), "approved": len(lines) - len(denied), "total": len(lines),
        "dates": len(dates), "why": Joined(tuple(dict.fromkeys(line.reason for line in denied)), "semicolons")})
    return dataclasses.replace(determination, decision="partial", summary=summary,
                               notice=_notice("partial", summary, determination.documentation_needed,
                                              determination.reasons, case, pack, values))


def subject(case, values: Mapping[str, Any]) -> Phrase:
    """What the decision is about: the visits under review, or the therapy requested."""
    n, window = values["visits_under_review"], {"from": values["window_from"], "to": values["window_to"]}
    # a request names its visits; a concurrent request before any visit of its window too
    if case.review.requested_visits and (case.review.type == "prospective" or not n):
        return Phrase("subject.requested-visits", {"visits": case.review.requested_visits, **window})
    return (Phrase("subject.visits", {"visits": n, **window}) if n
            else Phrase("subject.requested-therapy", window))


def _summary(decision: str, case, pack, values: Mapping[str, Any], decisive: list[Check], approved) -> str:
    what = subject(case, values)
    why = Joined(tuple(c.reason or first_clause(c.statement) for c in decisive), "semicolons")
    key = f"summary.{decision}"
    lead = pack.rules.get(decisive[0].rule) if decisive else None
    if lead is not None and lead.summary and decision in ("deny", "pend"):  # e.g. a referral, a statute
        key = lead.summary
    elif decision == "deny":
        key += (".retrospective" if case.review.type == "retrospective" else
                ".therapy" if what.key == "subject.requested-therapy" else ".visits")
    return fill(pack, f"wording.{key}", pack.wording[key], {
        **values, "what": what, "why": why, "approved": approved,
        "given": values.get("course_visits") or 0})
