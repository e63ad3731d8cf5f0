"""Reviewer overrides: casekit proposes, a licensed reviewer decides.

A reviewer sets any check's status (``pass``, ``fail``, ``not-applicable``,
``insufficient-data``) with a reason. :func:`casekit.review` applies the overrides to the checks
before the determination, so the decision, what must be documented, the lines and the notice are
recomputed as in any review; each overridden check keeps casekit's own status and statement
beside the reviewer's (``Check.casekit_status``, ``Check.casekit_statement``).

An override file (YAML or JSON), read as strictly as a case file (no key twice, bounded size)::

    reviewer: {name: Dana Reyes, credentials: "PT, DPT"}   # optional: every entry's reviewer
    overrides:
      - rule: laterality-mismatch
        status: pass
        reason: "Operative report confirms the left hip; code corrected on resubmission."
        # reviewer: {...}   optional, for this entry only

An entry without a reviewer (and no default in the file) is the case's ``review.reviewer``. The
reason and the reviewer are free text, so possibly patient data: an error names the field and
what is wrong with it, never its value.

A reviewer's overrides of one case may sit beside it as its *sidecar*,
``<case stem>.overrides.yaml`` (or ``.yml``, ``.json``): ``casekit batch`` applies it to that
case; ``casekit review`` and ``casekit report`` take overrides only from ``--overrides``.

>>> overrides = load_overrides("cases/hip-laterality.overrides.yaml")      # doctest: +SKIP
>>> casekit.review(case, overrides=overrides).decision                # doctest: +SKIP
'approve'
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional

from pydantic import Field, ValidationError, field_validator

from .errors import CaseError, UsageError
from .io import decode_case, problem_line as _problem, parse_text, read_case_bytes
from .limits import MAX_ITEMS
from .model import Reviewer, ReviewerField, _Model
from .packs import Status
from .registry import nearest
from .rules import REGISTRY, Check
from .rules.core import settle_pitfalls
from .wording import fill

#: the override file's format and its fields, for the message about an unknown key
FORM = ("an override file", "its fields: reviewer, overrides; each override: rule, status, reason, reviewer")


class Override(_Model):
    """One reviewer's decision on one rule: ``Override(rule="laterality-mismatch",
    status="pass", reason="...")``."""

    rule: str
    status: Status
    reason: str
    reviewer: Optional[ReviewerField] = None

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, rule: str) -> str:
        if rule not in REGISTRY:
            raise ValueError(f"is not a rule of casekit{nearest(rule, REGISTRY)}; `casekit packs` lists them")
        return rule

    @field_validator("reason")
    @classmethod
    def _said(cls, reason: str) -> str:
        if not reason:
            raise ValueError("must not be empty: an override needs the reviewer's reason")
        return reason


class OverrideFile(_Model):
    """An override file: a default reviewer and the overrides."""

    reviewer: Optional[ReviewerField] = None
    overrides: list[Override] = Field(max_length=MAX_ITEMS)


def load_overrides(source: "str | os.PathLike[str] | Mapping[str, Any]") -> tuple[Override, ...]:
    """The overrides of an override file (a path), or of its content already parsed (a mapping,
    as the review notebook's ``overrides`` parameter may give it); CaseError (exit 2) with one
    line per problem otherwise.

    >>> [o.rule for o in load_overrides("cases/hip-laterality.overrides.yaml")]   # doctest: +SKIP
    ['laterality-mismatch']
    """
    if isinstance(source, Mapping):
        return from_data(source, "overrides")
    name = str(source)
    text = decode_case(read_case_bytes(source), name)
    return from_data(parse_text(text, name, Path(source).suffix), name, text)


def from_data(data: Any, name: str, text: Optional[str] = None) -> tuple[Override, ...]:
    """The overrides of parsed override-file data; ``name`` names it in errors, ``text`` (the
    file's) lets a message give the line of a key it may not quote."""
    if not isinstance(data, Mapping):
        raise CaseError(name, [f"{name}: (top level): expected a mapping with `overrides:` (a list of "
                               "rule, status, reason) and optionally `reviewer:`"])
    try:
        given = OverrideFile.model_validate(dict(data))
    except ValidationError as exc:
        raise CaseError(name, [_problem(name, err, text, FORM) for err in exc.errors(include_url=False)]) from None
    first: dict[str, int] = {}
    problems = []
    for i, o in enumerate(given.overrides):
        if o.rule in first:
            problems.append(f"{name}: overrides[{i}].rule: {o.rule!r} is overridden already by "
                            f"overrides[{first[o.rule]}]; keep one")
        first.setdefault(o.rule, i)
    if problems:
        raise CaseError(name, problems)
    return tuple(o if o.reviewer or not given.reviewer else o.model_copy(update={"reviewer": given.reviewer})
                 for o in given.overrides)


def override(rule: str, status: str, reason: str,
             reviewer: "Reviewer | Mapping[str, Any] | str | None" = None) -> Override:
    """One override from Python, checked as a file's entry is (UsageError naming what is wrong);
    ``reviewer`` is a :class:`~casekit.model.Reviewer`, its fields as a mapping, or a name."""
    who = Reviewer(name=reviewer) if isinstance(reviewer, str) else reviewer
    try:
        return Override.model_validate({"rule": rule, "status": status, "reason": reason, "reviewer": who})
    except ValidationError as exc:
        raise UsageError("\n".join(_problem("override", err, None, FORM)
                                   for err in exc.errors(include_url=False))) from None


def merged(*groups: Iterable[Override]) -> tuple[Override, ...]:
    """The overrides of ``groups`` in order, a later override of a rule replacing an earlier one."""
    out: dict[str, Override] = {}
    for o in (o for group in groups for o in group):
        out.pop(o.rule, None)
        out[o.rule] = o
    return tuple(out.values())


def apply(checks: list[Check], overrides: Iterable[Override], pack) -> list[Check]:
    """The checks with each override's status and reason in place of casekit's, casekit's own
    kept beside them; the pitfalls that need other failures are settled again."""
    by_rule = {o.rule: o for o in overrides}
    if not by_rule:
        return checks
    return settle_pitfalls([_overruled(c, by_rule[c.rule], pack) if c.rule in by_rule else c for c in checks],
                           pack)


def _overruled(check: Check, o: Override, pack) -> Check:
    values = {"reason": o.reason, "clause": o.reason.rstrip(". ")}
    statement = fill(pack, "wording.override.statement", pack.wording["override.statement"], values)
    # a failure's short reason is the reviewer's, for summaries and lines; casekit's pitfall for
    # its own finding no longer holds
    reason = (fill(pack, "wording.override.reason", pack.wording["override.reason"], values)
              if o.status == "fail" else None)
    return dataclasses.replace(check, status=o.status, statement=statement, reason=reason, pitfall=None,
                               casekit_status=check.status, casekit_statement=check.statement)


def reviewer_of(o: Override, case) -> Optional[Reviewer]:
    """Who overrode: the override's reviewer, else the case's ``review.reviewer``."""
    return o.reviewer or case.review.reviewer


def who(o: Override, case, pack) -> str:
    """The reviewer as the report names them ("Dana Reyes, PT, DPT"), or the pack's "not given"."""
    from .attestation import name_of
    return name_of(reviewer_of(o, case), pack)


def to_dict(o: Override, check: Check, case) -> dict:
    """The contract's ``overrides[]`` entry: the reviewer's status, reason and reviewer, with
    casekit's own status and statement beside them."""
    r = reviewer_of(o, case)
    return {"rule": o.rule, "status": o.status, "reason": o.reason,
            "reviewer": r.model_dump(mode="json") if r else None,
            "casekit_status": check.casekit_status, "casekit_statement": check.casekit_statement}


#: how an override sidecar's file name ends, after the stem of its case's
SIDECAR_SUFFIXES = (".overrides.yaml", ".overrides.yml", ".overrides.json")


def sidecar_stem(name: str) -> Optional[str]:
    """The stem of the case an override sidecar's file name belongs to, or None when ``name``
    is not a sidecar's (the suffix is matched in any letter case, as a case file's is).

    >>> sidecar_stem("hip-laterality.overrides.yaml"), sidecar_stem("hip-laterality.yaml")
    ('hip-laterality', None)
    """
    low = name.lower()
    return next((name[:-len(s)] for s in SIDECAR_SUFFIXES if low.endswith(s) and len(name) > len(s)), None)


def sidecars_of(case_path: "str | os.PathLike[str]", names: Optional[Iterable[str]] = None) -> list[Path]:
    """The override sidecars beside a case file, sorted (more than one is the caller's error):
    ``[cases/x.overrides.yaml]`` for ``cases/x.yaml``; ``names`` is the folder's listing, when
    the caller has it already (a batch lists each folder once). A sidecar is never a case.

    >>> sidecars_of("cases/hip-laterality.yaml")   # doctest: +SKIP
    [PosixPath('cases/hip-laterality.overrides.yaml')]
    """
    case = Path(case_path)
    if sidecar_stem(case.name) is not None:
        return []
    if names is None:
        try:
            names = os.listdir(case.parent)
        except OSError:  # a folder that cannot be listed has no sidecar casekit could read
            return []
    return sorted(case.parent / n for n in names if not n.startswith(".") and sidecar_stem(n) == case.stem)


def kernel_path(overrides: "str | os.PathLike[str]", case_path: "str | os.PathLike[str]") -> str:
    """The override file as the review notebook's kernel (run in the case's folder) names it:
    relative to that folder, so the same files give the same notebook bytes from wherever they
    are rendered; absolute where no relative path exists (another drive)."""
    target, folder = Path(overrides).resolve(), Path(case_path).resolve().parent
    try:
        return os.path.relpath(target, folder)
    except ValueError:
        return str(target)


__all__ = ["FORM", "Override", "OverrideFile", "SIDECAR_SUFFIXES", "apply", "from_data", "kernel_path",
           "load_overrides", "merged", "override", "reviewer_of", "sidecar_stem", "sidecars_of", "to_dict", "who"]
