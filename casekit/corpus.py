"""The labelled sentence corpus: load it, check its labels, and score the evidence extractor on it.

A corpus is a folder of YAML files, each a list of entries ``{id, region, style, text, findings}``
(``tests/corpus/README.md`` defines the labels). :func:`score` reads every entry's text with
:func:`casekit.evidence.extract_text` and counts, per finding kind, the findings casekit reported
(``predicted``), the labelled ones (``expected``) and those that agree (``matched``). Findings
labelled with a ``context`` other than ``other-side`` (goals, prior level of function, family
history) are hard negatives: reported as current facts, they count against precision.

>>> s = score(load("tests/corpus/dev"))            # doctest: +SKIP
>>> s.table()["pain"]                                # doctest: +SKIP
{'expected': 120, 'predicted': 118, 'matched': 117, 'precision': 0.99, 'recall': 0.975}
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import CaseError
from .evidence import KINDS, Finding, extract_text
from .io import parse_text

ENTRY_KEYS = {"id", "region", "style", "text", "findings", "note"}
FINDING_KEYS = {"kind", "name", "value", "unit", "side", "body_part", "negated", "context", "load", "sets_reps",
                "previous", "subscale", "result", "status", "qualifier"}
CONTEXTS = {"historical", "hypothetical", "family", "other-side"}
REGIONS = {"hip", "knee", "ankle/foot", "shoulder", "elbow", "wrist/hand"}
# Units written differently for the same thing.
_UNITS = {"deg": "degrees", "degree": "degrees", "°": "degrees", "lbs": "lb", "pounds": "lb", "#": "lb",
          "sec": "s", "secs": "s", "seconds": "s", "rep": "reps", "kgf": "kg", "meters": "m", "feet": "ft"}
_DAY = datetime.date(2025, 1, 6)


@dataclass(frozen=True)
class Entry:
    """One labelled text of the corpus."""

    id: str
    file: str
    region: str
    style: str
    text: str
    findings: tuple[dict, ...]


def _grade(v: Any) -> float | None:
    """A number, or a muscle grade written "4-" / "4+" / "4-/5" as 3.67 / 4.33 / 3.67."""
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, (int, float)):
        return float(v)
    m = re.fullmatch(r"\s*([0-5](?:\.\d+)?)\s*([+-])?\s*(?:/\s*5)?\s*", str(v))
    if not m:
        return None
    return round(float(m.group(1)) + {"+": 1 / 3, "-": -1 / 3}.get(m.group(2) or "", 0), 2)


def load(*folders: str | Path) -> list[Entry]:
    """Every entry of the YAML files in ``folders``. Bad labels raise one :class:`CaseError` listing
    each problem on its own line (file, entry id, field, value, what is expected)."""
    entries, problems, seen = [], [], {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.yaml")):
            data = parse_text(path.read_text(encoding="utf-8"), str(path))
            if not isinstance(data, list):
                problems.append(f"{path}: expected a list of entries, got {type(data).__name__}")
                continue
            for i, e in enumerate(data):
                where = f"{path}: entry {i + 1}"
                if not isinstance(e, dict):
                    problems.append(f"{where}: expected a mapping")
                    continue
                where = f"{path}: {e.get('id', f'entry {i + 1}')}"
                problems += [f"{where}: unknown key {k!r}; expected one of {sorted(ENTRY_KEYS)}"
                             for k in e if k not in ENTRY_KEYS]
                problems += [f"{where}: missing {k!r}" for k in ("id", "text", "findings") if k not in e]
                if e.get("id") in seen:
                    problems.append(f"{where}: id repeats the one in {seen[e['id']]}")
                seen.setdefault(e.get("id"), str(path))
                found = e.get("findings") or []
                if not isinstance(found, list):
                    problems.append(f"{where}: findings: expected a list")
                    found = []
                for f in found:
                    problems += [f"{where}: {p}" for p in _check_finding(f)]
                entries.append(Entry(str(e.get("id")), path.name, str(e.get("region", "")), str(e.get("style", "")),
                                     str(e.get("text") or ""), tuple(f for f in found if isinstance(f, dict))))
    if problems:
        raise CaseError(str(folders[0]) if folders else "corpus", problems)
    return entries


def _check_finding(f: Any) -> list[str]:
    if not isinstance(f, dict):
        return [f"finding {f!r}: expected a mapping"]
    out = [f"finding {f.get('kind')}: unknown key {k!r}; expected one of {sorted(FINDING_KEYS)}"
           for k in f if k not in FINDING_KEYS]
    if f.get("kind") not in KINDS:
        out.append(f"finding kind {f.get('kind')!r}: expected one of {', '.join(KINDS)}")
    if f.get("context") is not None and f["context"] not in CONTEXTS:
        out.append(f"finding {f.get('kind')}: context {f['context']!r}: expected one of {sorted(CONTEXTS)}")
    if f.get("kind") in {"pain", "function", "outcome-measure", "objective-measure", "visit-number"} \
            and "value" in f and _grade(f["value"]) is None and f.get("context") is None:
        out.append(f"finding {f.get('kind')}: value {f['value']!r}: expected a number")
    return out


# ------------------------------------------------------------------ what is compared per kind
def _unit(u: Any) -> str | None:
    if u is None:
        return None
    u = str(u).strip().lower()
    return _UNITS.get(u, u)


def _expected(f: dict) -> dict:
    """A label in the form :func:`_agree` compares."""
    k = f["kind"]
    # the other side is scored for sides and readings; for any other kind it is not a current fact
    other = f.get("context") == "other-side" and k in {"side", "objective-measure"}
    out = {"kind": k, "context": f.get("context") if not other else None}
    if k in {"pain", "function", "visit-number", "outcome-measure", "objective-measure"}:
        out["value"] = _grade(f.get("value"))
    if k == "pain":
        out["unit"] = _unit(f.get("unit"))
    if k in {"outcome-measure", "symptom", "red-flag", "imaging", "skilled-care", "passive-modality", "side"}:
        out["name"] = f.get("name")
    if k == "objective-measure":
        out["unit"], out["side"], out["other"] = _unit(f.get("unit")), f.get("side"), other
    if k == "side":
        out["off"] = bool(f.get("negated")) or other
        out["region"] = f.get("body_part") if f.get("body_part") in REGIONS else None
    if k in {"symptom", "red-flag", "imaging", "exercise", "gap-explanation", "new-injury", "baseline-comparison"}:
        out["negated"] = bool(f.get("negated"))
    if k == "exercise":
        out["load"], out["sets_reps"] = bool(f.get("load")), bool(f.get("sets_reps"))
    if k == "imaging":
        out["result"], out["planned"] = f.get("result"), f.get("status") == "planned"
    return out


def _reported(f: Finding) -> dict | None:
    """A finding of casekit's in the form :func:`_agree` compares; None when it is not scored
    (a questionnaire named without a score)."""
    k, ctx = f.kind, f.context
    if f.get("historical"):
        ctx = "historical"
    other = ctx == "other-side" and k in {"side", "objective-measure"}
    out: dict[str, Any] = {"kind": k, "context": None if other else ctx}
    if k == "outcome-measure":
        if f.value is None:
            return None
        written = f.get("written")
        num = re.match(r"\d+(?:\.\d+)?", str(written)) if written else None
        out["value"], out["name"] = (float(num.group()) if num else f.value), f.name
        out["also"] = f.value
    elif k in {"pain", "function", "visit-number", "objective-measure"}:
        out["value"] = f.value
    if k == "pain":
        out["unit"] = _unit(f.unit)
    if k in {"symptom", "red-flag", "imaging", "skilled-care", "passive-modality", "side"}:
        out["name"] = f.name
    if k == "objective-measure":
        out["unit"], out["side"], out["other"] = _unit(f.unit), f.get("side"), other
    if k == "side":
        out["off"] = f.negated or other
        out["region"] = f.get("body_part") if f.get("body_part") in REGIONS else None
    if k in {"symptom", "red-flag", "imaging", "exercise", "gap-explanation", "new-injury", "baseline-comparison"}:
        out["negated"] = f.negated
    if k == "exercise":
        out["load"], out["sets_reps"] = bool(f.get("has_load")), bool(f.get("has_sets_reps"))
    if k == "imaging":
        out["result"], out["planned"] = f.get("result"), f.get("status") == "planned"
    return out


def _agree(exp: dict, rep: dict) -> bool:
    """Whether a reported finding is the labelled one: the same kind and context, and every key
    field equal (numbers within 0.01; a unit, side, region or imaging result only where the label
    gives one)."""
    if exp["kind"] != rep["kind"] or exp["context"] != rep["context"]:
        return False
    for key, want in exp.items():
        if key in {"kind", "context"}:
            continue
        got = rep.get(key)
        if key == "value":
            vals = [v for v in (got, rep.get("also")) if v is not None]
            if want is not None and not any(abs(v - want) < 0.01 for v in vals):
                return False
        elif key in {"unit", "side", "result"}:
            if want is not None and want != got:
                return False
        elif key == "region":
            if want is not None and got is not None and want != got:
                return False
        elif key == "name" and exp["kind"] == "outcome-measure":
            if str(want).lower().replace(" ", "") != str(got).lower().replace(" ", "") and \
                    not str(want).lower().startswith(str(got).lower()):
                return False
        elif want != got:
            return False
    return True


_ONE_PER_TEXT = {"exercise", "gap-explanation", "new-injury", "baseline-comparison"}


@dataclass
class Result:
    """Counts per kind, and each entry's misses and extras (for ``bench/evidence_eval.py --show``)."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[tuple[Entry, list[dict], list[dict]]] = field(default_factory=list)

    def add(self, kind: str, key: str, n: int = 1) -> None:
        self.counts.setdefault(kind, {"expected": 0, "predicted": 0, "matched": 0})[key] += n

    def table(self) -> dict[str, dict[str, float]]:
        """Per kind and ``overall``: expected, predicted, matched, precision, recall."""
        rows = {k: dict(v) for k, v in sorted(self.counts.items())}
        rows["overall"] = {key: sum(v[key] for v in self.counts.values())
                           for key in ("expected", "predicted", "matched")}
        for r in rows.values():
            r["precision"] = r["matched"] / r["predicted"] if r["predicted"] else 1.0
            r["recall"] = r["matched"] / r["expected"] if r["expected"] else 1.0
        return rows


def score(entries: Iterable[Entry], vocabulary: Any = None) -> Result:
    """Read every entry with the extractor and count agreement per kind (see the module doc)."""
    res = Result()
    for e in entries:
        kw = {"vocabulary": vocabulary} if vocabulary is not None else {}
        rep = [r for r in (_reported(f) for f in extract_text("corpus", _DAY, e.text, **kw)) if r is not None]
        exp = [_expected(f) for f in e.findings]
        # one finding per text for some kinds (a list of exercises is one exercise finding, dosed
        # if any line is): the lines' findings merge, affirmed over negated
        for group in (rep, exp):
            merged: dict[str, dict] = {}
            keep = []
            for r in group:
                if r["kind"] not in _ONE_PER_TEXT or r["context"] is not None:
                    keep.append(r)
                    continue
                m = merged.get(r["kind"])
                if m is None:
                    merged[r["kind"]] = m = dict(r)
                    keep.append(m)
                m["negated"] = m["negated"] and r["negated"]
                for k in ("load", "sets_reps"):
                    if k in r:
                        m[k] = m[k] or r[k]
            group[:] = keep
        # a reading written twice in one text is one finding (labels list each once)
        scored_exp = [x for x in exp if x["context"] is None]
        scored_rep = list({tuple(sorted((k, str(v)) for k, v in r.items())): r
                           for r in rep if r["context"] is None}.values())
        missed, extra = list(scored_exp), []
        for r in scored_rep:
            res.add(r["kind"], "predicted")
            hit = next((x for x in missed if _agree(x, r)), None)
            if hit is not None:
                missed.remove(hit)
                res.add(r["kind"], "matched")
            else:
                extra.append(r)
        for x in scored_exp:
            res.add(x["kind"], "expected")
        if missed or extra:
            res.misses.append((e, missed, extra))
    return res
