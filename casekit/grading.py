"""Grading: a trainee's answers (:mod:`casekit.answers`) against casekit's key, one case or a class.

    grade(review, answers)                 -> Grade: items, score, each miss and false alarm explained
    load_answers(path)                     -> Answers (CaseError, one line per problem, exit 2)
    grade_class(answer_dir, case_dir)      -> Class: per-criterion and per-trainee agreement, kappas
    write_class_page(klass, out_dir)       -> OUT/class.html (offline, plotly.js inline) + class.json

Scoring (points; the score is the percent of points right). Each criterion, each figure the key
knows and each documentation item of the key is worth 1; each documentation item asked for that
the key does not need (a false alarm) costs 1 more point in the total; a partial approval's
visits are worth 1; the decision is worth :data:`WEIGHTS` ``["decision"]`` = 5, so a wrong
decision alone (about 31 of 36 points) fails the default 90% pass mark, as a plan's reviewer test
treats a wrong approve/deny as critical. Tolerances (:data:`TOLERANCE`): counts are exact; a
partial's approved visits may differ from the key by 1 (whether an evaluation day counts as a
visit used is where reviewers honestly differ); a figure that is not a whole number (a projected
total) within 0.05.

A miss is a key answer the trainee did not give (a failing criterion called met, a key
documentation item not asked for, a wrong decision or figure); a false alarm is a trainee's "fail"
the key does not make, or an item asked for that the key does not need. Each is explained by the
check's statement, its first two quoted sentences and the pack references it cites (short
citation and tier).

Patient data: the quoted sentences are note text of de-identified teaching cases, printed as the
teaching material they are; nothing else of a case is printed, never an identifier (name, MRN,
member or claim id, provider, reviewer). The trainee field is a pseudonym.

Agreement (class): percent agreement per criterion and per trainee; Cohen's kappa of each trainee
against the key over every criterion status and decision (scikit-learn), with statsmodels'
asymptotic 95% CI clipped to [-1, 1]; Fleiss' kappa across trainees on the items every trainee
answered (statsmodels); bands after Landis & Koch 1977. Few items make wide intervals.

>>> g = grade(review, key_for(review))          # doctest: +SKIP
>>> g.score, g.mistakes                          # doctest: +SKIP
(100.0, ())
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from pydantic import ValidationError

from .answers import FIGURES, Answers, from_mapping
from .registry import nearest
from .errors import CaseError
from .wording import Phrase, fields_of, phrase

__all__ = ["WEIGHTS", "TOLERANCE", "Item", "Grade", "grade", "load_answers", "check_answers", "Class",
           "grade_class", "band", "sayer", "write_class_page"]

WEIGHTS = {"decision": 5, "approved_visits": 1, "figure": 1, "criterion": 1, "documentation": 1}
TOLERANCE = {"approved_visits": 1, "figure": 0.05}
FORM = ("the casekit-answers/1 format", "its fields: format, case_id, trainee, decision, approved_visits, "
        "figures, criteria, documentation")
_BLANK = "(blank)"
_ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Item:
    """One graded answer: ``kind`` (decision, approved_visits, figure, criterion, documentation),
    ``name``, the key's and the trainee's answers, ``mistake`` ("miss", "false-alarm" or None)
    and, for a mistake, its ``explanation`` (statements, evidence, citations)."""

    kind: str
    name: str
    expected: Any
    given: Any
    weight: float
    mistake: Optional[str] = None
    explanation: dict = field(default_factory=dict)

    @property
    def right(self) -> bool:
        return self.mistake is None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "expected": self.expected, "given": self.given,
                "weight": self.weight, "right": self.right, "mistake": self.mistake,
                **({"explanation": self.explanation} if self.mistake else {})}


@dataclass(frozen=True)
class Grade:
    """A trainee's answers to one case, graded against the key."""

    case_id: str
    trainee: Optional[str]
    items: tuple[Item, ...]

    @property
    def total(self) -> float:
        return sum(i.weight for i in self.items)

    @property
    def right(self) -> float:
        return sum(i.weight for i in self.items if i.right)

    @property
    def score(self) -> float:
        """Percent of points right, to one decimal."""
        return round(100 * self.right / self.total, 1) if self.total else 100.0

    @property
    def mistakes(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.right)

    def to_dict(self) -> dict:
        return {"case_id": self.case_id, "trainee": self.trainee, "score": self.score, "right": self.right,
                "total": self.total, "weights": WEIGHTS, "tolerance": TOLERANCE,
                "items": [i.to_dict() for i in self.items]}

    def to_text(self, pack) -> str:
        """The grade for the terminal, every sentence a template of ``pack``'s wording."""
        say = sayer(pack)
        trainee = self.trainee or say("grade.no-trainee")
        lines = [say("grade.heading", case_id=self.case_id, trainee=trainee, score=self.score,
                     right=self.right, total=self.total), say("grade.weights", **WEIGHTS),
                 say("grade.tolerance", visits=TOLERANCE["approved_visits"], figure=TOLERANCE["figure"]), ""]
        if not self.mistakes:
            lines.append(say("grade.all-right"))
        for item in self.mistakes:
            lines.append(say("grade.mistake", kind=Phrase(f"grade.kind.{item.mistake}"),
                             item=Phrase(f"grade.item.{item.kind}", {"name": item.name}),
                             given=_shown(pack, item, item.given, True),
                             expected=_shown(pack, item, item.expected, False)))
            ex = item.explanation
            lines += ["    " + say("grade.statement", statement=s) for s in ex.get("statements", [])]
            lines += ["    " + say("grade.evidence", **q) for q in ex.get("evidence", [])]
            lines += ["    " + say("grade.citation", **c) for c in ex.get("citations", [])]
        return "\n".join(lines)


def sayer(pack):
    """``say(wording_key, **values)``: one of ``pack``'s wording templates, filled."""
    def say(wording_key: str, /, **values: Any) -> str:
        return phrase(pack, Phrase(wording_key, values))
    return say


def _shown(pack, item: Item, value: Any, given: bool) -> Any:
    if item.kind == "documentation":
        key = ("grade.doc-asked" if value else "grade.doc-missed") if given else \
            ("grade.doc-needed" if value else "grade.doc-not-needed")
        return Phrase(key)
    return Phrase("grade.blank") if value is None else value


# --- explanations ---------------------------------------------------------------------------------

def _explain(review, checks) -> dict:
    """The statements of ``checks``, their first two quoted sentences and their pack references."""
    checks = list(checks)
    quotes = list({(q.document, q.quote): q.to_dict() for c in checks for q in c.quotes}.values())[:2]
    cites: dict[str, dict] = {}
    for c in checks:
        for key in c.citations:
            ref = review.pack.references.get(key)
            if ref is not None and key not in cites:
                cites[key] = {"key": key, "short": ref.short or ref.citation, "tier": ref.tier, "link": ref.link}
    return {"rules": [c.rule for c in checks], "statements": [c.statement for c in checks],
            "evidence": quotes, "citations": list(cites.values())}


def _decision_checks(review) -> list:
    """The checks behind the decision: its decisive rules, else the failed ones, else the criteria
    met (an approval rests on them)."""
    decisive = [review.check(r) for r in review.determination.decisive_rules]
    failed = [c for c in review.checks if c.failed and c.severity != "info"]
    met = [c for c in review.checks if c.status == "pass"]
    return (decisive or failed or met)[:2]


def _figure_checks(review, name: str) -> list:
    """The checks whose pack statements name the figure, else the decision's checks."""
    named = [c for c in review.checks if c.rule in review.pack.rules and any(
        name in fields_of(t) for t in review.pack.rules[c.rule].statements.values())]
    return named[:2] or _decision_checks(review)


def _document_checks(review, item: str) -> list:
    """The checks whose rule asks for documentation item ``item``: the failed ones when the key
    asks for it, else all of them (their statements say why it is not needed)."""
    asking = [c for c in review.checks if c.rule in review.pack.rules and review.pack.rules[c.rule].document == item]
    return [c for c in asking if c.failed][:2] or asking[:2]


# --- grading one answer file ----------------------------------------------------------------------

def _close(given: Any, expected: Any, tolerance: float) -> bool:
    if given is None:
        return False
    whole = float(expected).is_integer() and tolerance < 1
    return given == expected if whole else abs(float(given) - float(expected)) <= tolerance


def grade(review, answers: Answers) -> Grade:
    """Grade ``answers`` against ``key_for(review)``; the caller checks the case id and the names
    first (:func:`check_answers`).

    >>> grade(review, key_for(review)).score      # doctest: +SKIP
    100.0
    """
    from .answers import key_for
    key, items = key_for(review), []

    def add(kind, name, expected, given, right, checks, false_alarm=False):
        mistake = None if right else ("false-alarm" if false_alarm else "miss")
        items.append(Item(kind, name, expected, given, WEIGHTS[kind], mistake,
                          _explain(review, checks) if mistake else {}))

    add("decision", "decision", key.decision, answers.decision, answers.decision == key.decision,
        _decision_checks(review))
    if key.decision == "partial" and key.approved_visits is not None:
        add("approved_visits", "approved_visits", key.approved_visits, answers.approved_visits,
            _close(answers.approved_visits, key.approved_visits, TOLERANCE["approved_visits"]),
            _decision_checks(review))
    for name in FIGURES:
        expected, given = key.figures.get(name), answers.figures.get(name)
        if expected is not None:
            add("figure", name, expected, given, _close(given, expected, TOLERANCE["figure"]),
                _figure_checks(review, name))
    for rule, expected in key.criteria.items():
        given = answers.criteria.get(rule)
        add("criterion", rule, expected, given, given == expected, [review.check(rule)],
            false_alarm=given == "fail")
    asked = set(answers.documentation)
    for doc in key.documentation:
        add("documentation", doc, True, doc in asked, doc in asked, _document_checks(review, doc))
    for doc in [d for d in dict.fromkeys(answers.documentation) if d not in key.documentation]:
        add("documentation", doc, False, True, False, _document_checks(review, doc), false_alarm=True)
    return Grade(key.case_id, answers.trainee, tuple(items))


# --- reading answer files -------------------------------------------------------------------------

def load_answers(path) -> Answers:
    """The answers of an answer file (YAML or JSON); CaseError with one line per problem."""
    from .io import decode_case, problem_line as _problem, parse_text, read_case_bytes
    name = str(path)
    text = decode_case(read_case_bytes(path), name)
    data = parse_text(text, name, Path(path).suffix)
    if not isinstance(data, dict):
        raise CaseError(name, [f"{name}: (top level): expected a mapping ({FORM[1]})"])
    try:
        return from_mapping(data)
    except ValidationError as exc:
        raise CaseError(name, [_problem(name, e, text, FORM) for e in _first_per_field(exc.errors(include_url=False))]) from None


_BRANCH = re.compile(r"^(?:int|float|str|bool|function-[a-z]+\[.*\]|constrained-\w+)$")


def _first_per_field(errors: list[dict]) -> list[dict]:
    """One error per field: a figure that is neither a whole number nor a number fails both
    branches of its union (tagged ``int``, ``float``); the first branch's message stands."""
    out: dict[tuple, dict] = {}
    for err in errors:
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and _BRANCH.match(p)))
        out.setdefault(loc, {**err, "loc": loc})
    return list(out.values())


def check_answers(answers: Answers, review, name: str) -> list[str]:
    """Problems of answers that parse but do not fit the case's review: a rule, figure or
    documentation item it does not have (one line each; empty when all is well)."""
    say = sayer(review.pack)
    rules = [c.rule for c in review.checks]
    items = [i.id for i in review.pack.documentation]
    out = [say("grade.unknown-rule", file=name, rule=r, hint=nearest(r, rules), choices=", ".join(rules))
           for r in answers.criteria if r not in rules]
    out += [say("grade.unknown-figure", file=name, name=f, choices=", ".join(FIGURES))
            for f in answers.figures if f not in FIGURES]
    out += [say("grade.unknown-item", file=name, item=i, pack=review.pack.id, choices=", ".join(items))
            for i in answers.documentation if i not in items]
    return out


def grade_file(case_path, answers_path) -> tuple[Grade, Any]:
    """Load a case and an answer file, check them against each other and grade: (Grade, review)."""
    from .io import load_case
    from .reviewing import review as review_case
    answers = load_answers(answers_path)
    result = review_case(load_case(case_path))
    name = str(answers_path)
    if answers.case_id != result.case.id:
        raise CaseError(name, [phrase(result.pack, Phrase("grade.not-the-case", {
            "file": name, "given": answers.case_id, "expected": result.case.id}))])
    problems = check_answers(answers, result, name)
    if problems:
        raise CaseError(name, problems)
    return grade(result, answers), result


# --- a class --------------------------------------------------------------------------------------

_BANDS = ((0.0, "none"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"), (0.80, "substantial"))


def band(kappa: Optional[float]) -> str:
    """The Landis & Koch 1977 band of a kappa (a wording key suffix): none, slight, fair, moderate,
    substantial, almost-perfect; "undefined" for no kappa.

    >>> band(0.714), band(-0.1), band(0.2), band(None)
    ('substantial', 'none', 'slight', 'undefined')
    """
    if kappa is None:
        return "undefined"
    for upper, name in _BANDS:
        if kappa < upper or (upper > 0 and kappa <= upper):
            return name
    return "almost-perfect"


def _common():
    from .packs import common_pack
    return common_pack()


@dataclass(frozen=True)
class Class:
    """A class graded: every (trainee, case) grade and the agreement figures (``figures``)."""

    grades: tuple[Grade, ...]
    pass_mark: float
    figures: dict

    def to_text(self) -> str:
        w = _common()
        say = sayer(w)
        f = self.figures
        lines = [say("grade.class.title"), say("grade.class.meta", **f["meta"]), ""]
        for t, row in f["trainees"].items():
            k = row["kappa"]
            lines.append(say("grade.class.trainee-line", trainee=t, percent=row["percent"],
                             verdict=Phrase(f"grade.class.{'pass' if row['pass'] else 'fail'}"),
                             kappa=_num(k["kappa"]), band=Phrase(f"grade.band.{k['band']}"),
                             low=_num(k["low"]), high=_num(k["high"]), n=k["n"]))
        lines += ["", say("grade.heading.criteria")]
        lines += ["  " + say("grade.class.criterion-line", rule=r, **row) for r, row in f["criteria"].items()]
        lines.append("")
        for s, row in f["fleiss"].items():
            if row["kappa"] is None:
                lines.append(say("grade.class.fleiss-none", set=Phrase(f"grade.class.set.{s}"),
                                 why=Phrase(f"grade.class.{row['why']}")))
            else:
                lines.append(say("grade.class.fleiss-line", set=Phrase(f"grade.class.set.{s}"),
                                 kappa=_num(row["kappa"]), band=Phrase(f"grade.band.{row['band']}"), n=row["n"]))
        lines += ["", say("grade.class.caution"), say("grade.class.bands")]
        return "\n".join(lines)


def _num(x: Optional[float]) -> str:
    return "–" if x is None else f"{x:.3f}"


def _answer_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _ANSWER_SUFFIXES)


def _cases_by_id(case_dir: Path) -> dict[str, Path]:
    """Case files of a folder by id (override sidecars and unreadable files are skipped)."""
    from .io import load_case
    from .overrides import sidecar_stem
    out = {}
    for p in _answer_files(case_dir):
        if sidecar_stem(p.name):
            continue
        try:
            out.setdefault(load_case(p).id, p)
        except CaseError:
            continue
    return out


def grade_class(answer_dir, case_dir, pass_mark: float = 90.0) -> Class:
    """Grade every answer file of ``answer_dir`` against the cases of ``case_dir`` (found by id);
    CaseError listing every bad file at once.

    >>> grade_class("answers/", "cases/teaching").figures["trainees"]["T07"]["percent"]  # doctest: +SKIP
    """
    from .io import load_case
    from .reviewing import review as review_case
    answer_dir, case_dir = Path(answer_dir), Path(case_dir)
    w = _common()
    say = sayer(w)
    files = _answer_files(answer_dir)
    if not files:
        raise CaseError(str(answer_dir), [say("grade.no-answers", folder=str(answer_dir))])
    cases, reviews, problems, seen, graded = _cases_by_id(case_dir), {}, [], {}, []
    for path in files:
        name = str(path)
        try:
            answers = load_answers(path)
        except CaseError as exc:
            problems += exc.problems
            continue
        if not answers.trainee:
            problems.append(say("grade.no-trainee-field", file=name))
        if answers.case_id not in cases:
            problems.append(say("grade.no-case", file=name, case_id=answers.case_id, folder=str(case_dir)))
            continue
        if (answers.trainee, answers.case_id) in seen:
            problems.append(say("grade.twice", file=name, trainee=answers.trainee, case_id=answers.case_id,
                                other=seen[(answers.trainee, answers.case_id)]))
            continue
        seen[(answers.trainee, answers.case_id)] = name
        if answers.case_id not in reviews:
            reviews[answers.case_id] = review_case(load_case(cases[answers.case_id]))
        review = reviews[answers.case_id]
        bad = check_answers(answers, review, name)
        problems += bad
        if not bad and answers.trainee:
            graded.append((answers, review))
    if problems:
        raise CaseError(str(answer_dir), problems)
    grades = tuple(grade(r, a) for a, r in graded)
    return Class(grades, pass_mark, agreement(graded, grades, pass_mark))


def _labels(answers: Answers, review) -> dict[tuple, str]:
    """(case, item) -> label over every criterion and the decision; a blank answer is a label
    of its own (it never matches the key)."""
    out = {(review.case.id, c.rule): answers.criteria.get(c.rule) or _BLANK for c in review.checks}
    out[(review.case.id, "decision")] = answers.decision or _BLANK
    return out


def agreement(graded: list, grades: tuple[Grade, ...], pass_mark: float) -> dict:
    """Every figure of a class, as JSON-ready data (the class page and ``class.json``)."""
    from ._version import __version__
    from .answers import key_for
    keys = {r.case.id: _labels(key_for(r), r) for _, r in graded}
    criteria: dict[str, dict] = {}
    for answers, review in graded:
        for c in review.checks:
            row = criteria.setdefault(c.rule, {"agree": 0, "answers": 0})
            row["answers"] += 1
            row["agree"] += answers.criteria.get(c.rule) == c.status
    for row in criteria.values():
        row["percent"] = round(100 * row["agree"] / row["answers"], 1)
    trainees: dict[str, dict] = {}
    labels: dict[str, dict] = {}
    for (answers, review), g in zip(graded, grades):
        row = trainees.setdefault(answers.trainee, {"right": 0.0, "total": 0.0, "cases": {}})
        row["right"] += g.right
        row["total"] += g.total
        row["cases"][g.case_id] = g.score
        labels.setdefault(answers.trainee, {}).update(_labels(answers, review))
    for t, row in trainees.items():
        row["percent"] = round(100 * row["right"] / row["total"], 1) if row["total"] else 100.0
        row["pass"] = row["percent"] >= pass_mark
        items = sorted(labels[t])
        row["kappa"] = cohen([keys[i[0]][i] for i in items], [labels[t][i] for i in items])
    trainees = dict(sorted(trainees.items()))
    return {"meta": {"answers": len(grades), "trainees": len(trainees), "cases": len(keys),
                     "pass_mark": pass_mark, "version": __version__},
            "weights": WEIGHTS, "tolerance": TOLERANCE, "criteria": dict(sorted(criteria.items())),
            "trainees": trainees, "fleiss": {s: fleiss(labels, s) for s in ("criteria", "decisions")},
            "grades": [{"trainee": g.trainee, "case_id": g.case_id, "score": g.score} for g in grades]}


def cohen(key: list[str], given: list[str]) -> dict:
    """Cohen's kappa of ``given`` against ``key`` (scikit-learn), with statsmodels' asymptotic 95%
    CI clipped to [-1, 1]; kappa None when it is undefined (one category only)."""
    import numpy as np
    from sklearn.metrics import cohen_kappa_score
    from statsmodels.stats.inter_rater import cohens_kappa
    cats = sorted(set(key) | set(given))
    out = {"n": len(key), "kappa": None, "low": None, "high": None, "band": "undefined"}
    if len(cats) < 2 or not key:
        return out
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = float(cohen_kappa_score(key, given, labels=cats))
        table = np.zeros((len(cats), len(cats)))
        for a, b in zip(key, given):
            table[cats.index(a), cats.index(b)] += 1
        res = cohens_kappa(table)
    if math.isnan(kappa):
        return out
    low, high = float(res.kappa_low), float(res.kappa_upp)
    clip = lambda x: None if math.isnan(x) else max(-1.0, min(1.0, x))  # noqa: E731
    return {**out, "kappa": round(kappa, 4), "low": clip(low), "high": clip(high), "band": band(kappa)}


def fleiss(labels: dict[str, dict], item_set: str) -> dict:
    """Fleiss' kappa across trainees over the items of ``item_set`` (criteria or decisions) that
    every trainee answered (not blank)."""
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa
    raters = list(labels)
    if len(raters) < 2:
        return {"kappa": None, "n": 0, "band": "undefined", "why": "fleiss-few-raters"}
    wanted = lambda i: (i[1] == "decision") == (item_set == "decisions")  # noqa: E731
    common = set.intersection(*({i for i, v in labels[t].items() if v != _BLANK and wanted(i)} for t in raters))
    items = sorted(common)
    if not items:
        return {"kappa": None, "n": 0, "band": "undefined", "why": "fleiss-no-items"}
    cats = sorted({labels[t][i] for t in raters for i in items})
    matrix = np.array([[cats.index(labels[t][i]) for t in raters] for i in items])
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        kappa = float(fleiss_kappa(aggregate_raters(matrix, n_cat=len(cats))[0], method="fleiss"))
    if math.isnan(kappa):
        return {"kappa": None, "n": len(items), "band": "undefined", "why": "undefined"}
    return {"kappa": round(kappa, 4), "n": len(items), "band": band(kappa)}


def write_class_page(klass: Class, out_dir) -> tuple[Path, Path]:
    """Write ``out_dir/class.html`` and ``out_dir/class.json``; return both paths."""
    from .classpage import page
    from .render import atomic_write
    out_dir = Path(out_dir)
    atomic_write(out_dir / "class.json", json.dumps(klass.figures, indent=2, ensure_ascii=False).encode("utf-8"))
    atomic_write(out_dir / "class.html", page(klass, _common()).encode("utf-8"))
    return out_dir / "class.html", out_dir / "class.json"

