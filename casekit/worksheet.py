"""Training views of a review: the trainee's worksheet, the answer key's teaching notes, and the
answer files (YAML) that go with them.

The worksheet shows the case material (banner without the decision, history, plan of care,
dates of service, claims counts, measures and every record's text) and the questions a reviewer
answers (:data:`casekit.answers.FIGURES`, each criterion, the decision, the documentation to ask
for); it never shows a finding, a status, the decision or the documentation needed. The answer
key is the full report plus one teaching note per criterion. Every sentence and label is a
template of ``casekit/packs/common/teaching.yaml`` (a pack's own ``wording`` wins), which is kept
out of the packs' hash: training text never changes a review. Case text is escaped everywhere.

>>> review = casekit.review(casekit.load_case("cases/hip-seed.yaml"))     # doctest: +SKIP
>>> rep = casekit.report.build(review)                                     # doctest: +SKIP
>>> html = banner_html(rep) + case_html(rep) + questions_html(rep)          # doctest: +SKIP
>>> print(answers_yaml(review)[:40])                                        # doctest: +SKIP
# casekit answer file for case HIP-SEED-0001 ...
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import Any, Optional

from . import answers
from .errors import PackError, UsageError
from .quotes import Quote
from .report import Item, Section, Table
from .wording import Phrase, fill, phrase

E = html.escape
#: What the review notebook renders: the report, the trainee's worksheet, or the answer key.
MODES = ("report", "worksheet", "answer-key")
#: What each training mode writes beside its report: the blank answer file, or the key.
ANSWER_FILES = {"worksheet": "answers.yaml", "answer-key": "key.yaml"}
#: The suffix of each mode's report files: ``<id>.html``, ``<id>.worksheet.html``, ``<id>.key.html``.
SUFFIXES = {"report": "", "worksheet": ".worksheet", "answer-key": ".key"}


def check_mode(mode: str, letter: bool = False) -> None:
    """A UsageError for a mode not in :data:`MODES`, or a worksheet asked with the letter (which
    states the decision)."""
    if mode not in MODES:
        raise UsageError(f"mode {mode!r}: choose from {', '.join(MODES)}")
    if mode == "worksheet" and letter:
        raise UsageError("--worksheet with --to letter: a worksheet has no letter (the letter states the "
                         "decision); use --to html or html,pdf")


@functools.lru_cache(maxsize=1)
def teaching() -> dict[str, Any]:
    """``casekit/packs/common/teaching.yaml``: its ``wording`` and each rule's ``checks``/``note``."""
    import yaml
    from importlib import resources
    text = (resources.files("casekit") / "packs" / "common" / "teaching.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _pack(pack):
    """``pack`` with the teaching wording beneath its own (the pack's keys win)."""
    return pack.model_copy(update={"wording": {**teaching()["wording"], **pack.wording}})


def _say(pack, key: str, **values) -> str:
    return phrase(_pack(pack), Phrase(key, values), f"teaching.wording.{key}")


def rule_text(review, rule: str, part: str, check=None) -> str:
    """A rule's teaching ``part`` ("checks" or "note") filled with the review's values (and the
    check's); a PackError names the template and the field where one is missing."""
    template = teaching()["rules"][rule][part]
    values = {**review.values, **(check.values if check is not None else {})}
    return fill(_pack(review.pack), f"teaching.rules.{rule}.{part}", template, values)


# --- the case, without findings ------------------------------------------------------------------

def banner_html(report) -> str:
    """The report's banner facts under the worksheet's title: no decision, no approved visits."""
    p = report.review.pack
    approved = phrase(p, Phrase("banner.approved"))
    v = report.review.values
    # the criteria a reviewer looks up (never a finding): the benchmark for the code, the gap limit
    criteria = [(_say(p, "worksheet.benchmark"), _say(p, "worksheet.benchmark-value", visits=v["benchmark_visits"])
                 if v.get("benchmark_visits") is not None else _say(p, "worksheet.no-benchmark")),
                (_say(p, "worksheet.gap-limit"), _say(p, "worksheet.gap-limit-value", days=v.get("gap_limit_days")))]
    cells = "".join(f"<tr><th>{E(k)}</th><td>{E(val)}</td></tr>"
                    for k, val in [*report.banner_rows(), *criteria] if k != approved)
    intro = _say(p, "worksheet.intro", file=f"{report.review.case.id}.{ANSWER_FILES['worksheet']}")
    return (f"<div class='ck-banner ck-worksheet'><h1>{E(_say(p, 'worksheet.title', title=report.title))}</h1>"
            f"<p>{E(intro)}</p><table class='ck-facts'>{cells}</table></div>")


def _section(report, key: str, title: str, *, items=(), table: Optional[Table] = None, level: int = 2) -> str:
    return report.render_section(Section(key, title, level, tuple(Item(i) for i in items), table))


def _table(pack, prefix: str, columns, rows) -> Table:
    return Table(tuple(_say(pack, f"{prefix}.{c}") for c in columns), tuple(rows))


def case_html(report) -> str:
    """The case material a trainee reads: history, plan of care, dates of service, claims counts,
    measures (the figures come from the notebook) and the records (:func:`records_html`)."""
    r, p = report.review, report.review.pack
    c = r.case
    none = _say(p, "worksheet.none")
    out = [_section(report, "ws-history", _say(p, "worksheet.heading.history"), items=_history(r))]
    plan = c.plan_of_care
    plan_rows = [] if plan is None else [(_say(p, "worksheet.plan.date"), plan.date.isoformat()),
                                         (_say(p, "worksheet.plan.frequency"), _say(
                                             p, "worksheet.plan.frequency-value", per_week=plan.visits_per_week,
                                             weeks=plan.weeks))]
    if plan is not None:
        plan_rows += [(_say(p, f"worksheet.plan.{k}"), getattr(plan, f).isoformat())
                      for k, f in (("certified", "certified_on"), ("recertified", "recertified_on"),
                                   ("order-signed", "order_signed_on"), ("sent", "sent_to_referrer_on"))
                      if getattr(plan, f) is not None]
        plan_rows += [(_say(p, "worksheet.plan.goals"), goal) for goal in plan.goals]
    out.append(_section(report, "ws-plan", _say(p, "worksheet.heading.plan"),
                        items=() if plan_rows else (none,),
                        table=Table(("", ""), tuple(plan_rows)) if plan_rows else None))
    visits = [(v.date.isoformat(), v.kind, ", ".join(_code(p, code) for code in v.codes), v.document or "")
              for v in c.visits]
    out.append(_section(report, "ws-visits", _say(p, "worksheet.heading.visits"), items=() if visits else (none,),
                        table=_table(p, "worksheet.visits", ("date", "kind", "codes", "document"), visits)
                        if visits else None))
    if c.visit_counts:
        out.append(_section(report, "ws-counts", _say(p, "worksheet.heading.counts"), table=_table(
            p, "worksheet.counts", ("from", "to", "visits", "source"),
            [(k.from_.isoformat(), k.to.isoformat(), str(k.visits), k.source or "") for k in c.visit_counts])))
    measures = [(m.name, m.date.isoformat(), f"{m.value:g}", m.unit or "") for m in c.measures]
    out.append(_section(report, "ws-measures", _say(p, "worksheet.heading.measures"),
                        items=() if measures else (none,),
                        table=_table(p, "worksheet.measures", ("name", "date", "value", "unit"), measures)
                        if measures else None))
    return "".join(out)


def _code(pack, code) -> str:
    if isinstance(code, str):
        return code
    return _say(pack, "worksheet.code-units", code=code.code, units=code.units)


def _history(review) -> list[str]:
    p, h = review.pack, review.case.history
    out = []
    if h.onset:
        out.append(f"{_say(p, 'worksheet.history.onset')}: {h.onset}")
    if h.duration_months is not None:
        out.append(f"{_say(p, 'worksheet.history.duration')}: {h.duration_months:g}")
    if h.surgery:
        out.append(f"{_say(p, 'worksheet.history.surgery')}: " + _say(
            p, "worksheet.history.surgery-value", procedure=h.surgery.procedure, date=h.surgery.date))
    out += [f"{_say(p, 'worksheet.history.imaging')}: " + _say(
        p, "worksheet.history.imaging-value", modality=i.modality, date=i.date, result=i.result or "")
        for i in h.imaging]
    return out or [_say(p, "worksheet.none")]


def records_html(report) -> str:
    """Every record's text, in date order, as the trainee must read it (escaped, line breaks kept)."""
    r, p = report.review, report.review.pack
    docs = sorted(r.case.documents, key=lambda d: (d.date, d.id))
    body = "".join(f"<article class='ck-record' id='record-{E(d.id, quote=True)}'><h3>{E(d.id)}</h3>"
                   f"<p class='ck-src'>{E(_say(p, 'worksheet.records.meta', kind=d.kind, date=d.date))}</p>"
                   f"<div style='white-space:pre-wrap'>{E(d.text)}</div></article>" for d in docs)
    return (f"<section class='ck-section ck-records'><h2>{E(_say(p, 'worksheet.heading.records'))}</h2>"
            f"{body or E(_say(p, 'worksheet.none'))}</section>")


# --- the questions --------------------------------------------------------------------------------

def documentation_choices(review) -> dict[str, str]:
    """The pack's documentation items (``answers.documentation_choices``), filled with the pack's
    settings only: a field of the case or of a finding reads "…" (the worksheet must not give
    away a figure or what was found); an item that cannot be read so keeps its id alone."""
    from .facts import field_names
    from .wording import fields_of
    p = review.pack
    facts = set(field_names())
    settings = {k: v for k, v in review.values.items() if k not in facts}
    out = {}
    for i, (key, text) in enumerate(answers.documentation_choices(p).items()):
        values = {**{f: "\u2026" for f in fields_of(text)}, **settings,
                  "outcome_comparison": Phrase("documentation.change-over-episode")}
        try:
            filled = fill(p, f"documentation[{i}].text", text, values)
            out[key] = filled if filled.strip("\u2026 ") else key
        except (PackError, ValueError, TypeError):
            out[key] = key
    return out


def questions_html(report) -> str:
    """The four questions: the figures (with what each means), each criterion (what it checks),
    the decision, and the documentation to ask for; every answer cell empty."""
    r, p = report.review, report.review.pack
    figures = _table(p, "worksheet.figures", ("column-figure", "column-meaning", "column-answer"),
                     [(k, _say(p, f"worksheet.figure.{k}"), "") for k in answers.FIGURES])
    criteria = _table(p, "worksheet.criteria", ("column-rule", "column-checks", "column-answer"),
                      [(c.rule, rule_text(r, c.rule, "checks"), "") for c in r.checks])
    decision = Table((_say(p, "worksheet.heading.decision"), ""),
                     ((_say(p, "worksheet.decision.choices"), ""), (_say(p, "worksheet.decision.visits"), "")))
    docs = _table(p, "worksheet.documentation", ("column-id", "column-item"), documentation_choices(r).items())
    parts = [_section(report, "ws-figures", _say(p, "worksheet.heading.figures"), level=3,
                      items=(_say(p, "worksheet.figures.intro"),), table=figures),
             _section(report, "ws-criteria", _say(p, "worksheet.heading.criteria"), level=3,
                      items=(_say(p, "worksheet.criteria.intro"),), table=criteria),
             _section(report, "ws-decision", _say(p, "worksheet.heading.decision"), level=3,
                      items=(_say(p, "worksheet.decision.intro"),), table=decision),
             _section(report, "ws-documentation", _say(p, "worksheet.heading.documentation"), level=3,
                      items=(_say(p, "worksheet.documentation.intro"),), table=docs)]
    return (f"<section class='ck-section ck-questions'><h2>{E(_say(p, 'worksheet.heading.questions'))}</h2>"
            f"{''.join(parts)}</section>")


# --- the answer key's teaching notes --------------------------------------------------------------

def turned_on(review, check) -> str:
    """The figure or quote a check turned on: its first piece of evidence, else the figures."""
    p = review.pack
    if not check.evidence:
        return _say(p, "worksheet.teaching.figures")
    ev = check.evidence[0]
    if isinstance(ev, Quote):
        return _say(p, "worksheet.teaching.quote", quote=ev.quote, document=ev.document, date=ev.date)
    return _say(p, "worksheet.teaching.fact", field=ev.field, text=ev.text)


def sources(report, check) -> list[str]:
    """A check's citations as "[n] reference", the guidelines before the records."""
    entries = {e.key: e for e in report.cites.entries}
    keys = sorted((k for k in check.citations if k in entries), key=lambda k: k.startswith("record:"))
    return [f"[{entries[k].number}] {entries[k].text}" for k in keys]


def teaching_html(report) -> str:
    """One teaching note per criterion: what it checks, what to look at, the figure or quote it
    turned on, its status and why (the check's statement), and its source (citation markers and
    the references)."""
    r, p = report.review, report.review.pack
    notes = []
    for c in r.checks:
        rows = ((_say(p, "worksheet.teaching.checks"), rule_text(r, c.rule, "checks", c)),
                (_say(p, "worksheet.teaching.look"), rule_text(r, c.rule, "note", c)),
                (_say(p, "worksheet.teaching.turned-on"), turned_on(r, c)),
                (_say(p, "worksheet.teaching.status"), c.status),
                (_say(p, "worksheet.teaching.why"), c.statement),
                (_say(p, "worksheet.teaching.source"), "; ".join(sources(report, c))
                 or _say(p, "worksheet.teaching.no-source")))
        cells = "".join(f"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>" for k, v in rows)
        notes.append(f"<article class='ck-teaching' id='teach-{E(c.rule, quote=True)}'><h3>{E(c.rule)} "
                     f"{report.cites.markers_html(c.citations)}</h3><table class='ck-facts'>{cells}</table></article>")
    return (f"<section class='ck-section ck-teaching-notes'><h2>{E(_say(p, 'worksheet.heading.teaching'))}</h2>"
            f"<p>{E(_say(p, 'worksheet.teaching.intro'))}</p>{''.join(notes)}</section>")


# --- answer files ---------------------------------------------------------------------------------

def _comment(text: str) -> str:
    return "".join(f"# {line}\n" for line in text.splitlines())


def _dump(mapping: dict) -> str:
    import yaml
    return yaml.safe_dump(mapping, sort_keys=False, allow_unicode=True, default_flow_style=False)


def answers_yaml(review) -> str:
    """``answers.blank_for(review)`` as YAML, each section under a comment that says how to fill
    it (the documentation's comment lists the choices)."""
    p = review.pack
    blank = answers.blank_for(review)
    choices = "\n".join(_say(p, "answers.choice", id=k, text=v) for k, v in documentation_choices(review).items())
    notes = {"trainee": "answers.trainee", "decision": "answers.decision",
             "approved_visits": "answers.approved_visits", "figures": "answers.figures",
             "criteria": "answers.criteria"}
    out = [_comment(_say(p, "answers.header", case_id=review.case.id))]
    for key, value in blank.items():
        if key in notes:
            out.append(_comment(_say(p, notes[key])))
        elif key == "documentation":
            out.append(_comment(_say(p, "answers.documentation") + "\n" + choices))
        out.append(_dump({key: value}))
    return "".join(out)


def key_yaml(review) -> str:
    """``answers.key_for(review)`` as YAML under a one-line comment."""
    key = answers.key_for(review).model_dump(mode="json")
    return _comment(_say(review.pack, "key.header", case_id=review.case.id)) + _dump(key)


def write_answers(review, out_dir: str, mode: str) -> Optional[Path]:
    """Write the mode's answer file beside its report (``<id>.answers.yaml`` for a worksheet,
    ``<id>.key.yaml`` for an answer key); None for the report."""
    if mode not in ANSWER_FILES:
        return None
    path = Path(out_dir) / f"{review.case.id}.{ANSWER_FILES[mode]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(answers_yaml(review) if mode == "worksheet" else key_yaml(review), encoding="utf-8")
    return path


# --- a worksheet batch's page ---------------------------------------------------------------------

def write_index(out_dir, rows: list[dict]) -> Path:
    """A worksheet batch's ``index.html``: each rendered case and the links to its worksheet and
    answer file, nothing else (no decision, no figure). ``rows`` are the manifest's rows.

    >>> write_index(Path("out"), rows).name      # doctest: +SKIP
    'index.html'
    """
    from .render import atomic_write
    from .wording import fill_text
    words = teaching()["wording"]

    def say(key: str, **values) -> str:
        return fill_text(words[f"worksheet.index.{key}"], values)
    done = [r for r in rows if r["status"] == "ok"]
    body = "".join(f"<tr><td>{E(r['id'])}</td><td>" + ", ".join(
        f"<a href='{E(o, quote=True)}'>{E(o)}</a>" for o in r["outputs"] if not o.endswith(".ipynb"))
        + "</td></tr>" for r in done)
    table = (f"<table><thead><tr><th>{E(say('case'))}</th><th>{E(say('files'))}</th></tr></thead>"
             f"<tbody>{body}</tbody></table>" if done else f"<p>{E(say('none'))}</p>")
    page = (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(say('title'))}</title>"
            f"</head><body><main><h1>{E(say('title'))}</h1><p>{E(say('intro', cases=len(done)))}</p>{table}"
            "</main></body></html>\n")
    path = Path(out_dir) / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path
