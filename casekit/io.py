"""Reading case files (YAML or JSON) and collecting every problem at once.

Every problem becomes one line: ``file: field.path: 'value' what was expected``. YAML is read
with a loader that keeps dates as strings, so ``2025-02-30`` is a field error, not a crash.

>>> case = load_case("cases/hip-seed.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable

import yaml
from pydantic import ValidationError

from .errors import CaseError
from .model import Case


# libyaml's C parser when the wheel has it (it is several times faster than pure Python).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDateLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: dates stay strings for the model to check."""


def _mapping_without_repeats(loader, node, deep=False):
    """A mapping whose keys are unique: a second ``visits:`` would silently replace the first."""
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            named = f"{key!r}" if isinstance(key, str) and _KEY.match(key) else "a key"
            raise yaml.constructor.ConstructorError(
                None, None, f"{named} appears twice in one block (lines {seen[key] + 1} and "
                f"{key_node.start_mark.line + 1}); keep one", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,40}$")  # a field name, shown; anything else is not
_StringDateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                  lambda loader, node: _mapping_without_repeats(loader, node))
_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = "from" if part == "from_" else str(part)
            out += ("." if out else "") + name
    return out or "(top level)"


_PHI_FIELDS = {"name", "mrn", "birth_date", "text", "author", "quote", "claim_id", "member_id", "licence",
               "npi"}
_TOKEN = re.compile(r"^[A-Za-z0-9._:/+#-]{0,24}$")


def _show(value: Any, loc: Iterable[Any] = ()) -> str:
    """The offending value, if it is safe to print: a number or a short token (a date, a code,
    a choice). Free text may hold patient data, so it is described, never echoed."""
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if isinstance(value, str) and (set(map(str, loc)) & _PHI_FIELDS or not _TOKEN.match(value)):
        return f"a text of {len(value)} characters"
    return repr(value)


_EXPECT = {
    "missing": "is required",
    "extra_forbidden": "is not a field of the casekit/1 format (check the spelling in case-format.md)",
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "int_from_float": "is not a whole number",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "bool_parsing": "is not true or false",
    "bool_type": "is not true or false",
    "string_type": "is not text",
    "list_type": "is not a list",
    "model_type": "is not a mapping of fields",
    "dict_type": "is not a mapping of fields",
}


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = err["loc"]
    value = err.get("input")
    # Pydantic reports Literal choices and constraints in its own words; rephrase the common ones.
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        return f"{_show(value, loc)} is not one of {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return f"{_show(value, loc)} may hold only letters, digits, '.', '_' and '-'"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(err["ctx"].values()))
        word = {"greater_than_equal": "at least", "greater_than": "more than",
                "less_than_equal": "at most", "less_than": "less than"}[kind]
        return f"{_show(value, loc)} must be {word} {bound}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "value_error":
        reason = str(err.get("ctx", {}).get("error", err["msg"]))
        return f"{_show(value, loc)} {reason}" if reason.startswith("is ") else reason
    if kind in _EXPECT:
        return f"{_show(value, loc)} {_EXPECT[kind]}" if kind != "extra_forbidden" else _EXPECT[kind]
    return f"{_show(value, loc)}: {err['msg']}"


class _Repeated(ValueError):
    pass


def _json_object(pairs):
    keys = [k for k, _ in pairs]
    repeated = next((k for k in keys if keys.count(k) > 1), None)
    if repeated is not None:
        named = f"{repeated!r}" if _KEY.match(repeated) else "a key"
        raise _Repeated(f"{named} appears twice in one object; keep one")
    return dict(pairs)


def parse_text(text: str, name: str, suffix: str = ".yaml") -> Any:
    """Parse YAML or JSON text; raise CaseError with the parser's line and column."""
    try:
        if suffix.lower() == ".json":
            return json.loads(text, object_pairs_hook=_json_object)
        return yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 (a SafeLoader subclass)
    except json.JSONDecodeError as exc:
        raise CaseError(name, [f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                               f"({exc.msg})"]) from None
    except _Repeated as exc:
        raise CaseError(name, [f"{name}: {exc}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "could not be parsed"
        raise CaseError(name, [f"{name}: {where}not valid YAML ({problem})"]) from None


def validate_data(data: Any, name: str) -> Case:
    """Turn parsed data into a Case, or raise CaseError listing every problem."""
    if not isinstance(data, dict):
        raise CaseError(name, [f"{name}: (top level): expected a mapping of fields "
                               "(format, id, service, review, ...)"])
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            problems.append(f"{name}: {_path(err['loc'])}: {_message(err)}")
        raise CaseError(name, problems) from None
    cross = case.problems()
    if cross:
        raise CaseError(name, [f"{name}: {path}: {msg}" for path, msg in cross])
    return case


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load and validate one case file (``.yaml``, ``.yml`` or ``.json``).

    >>> case = load_case("cases/hip-seed.yaml")  # doctest: +SKIP
    >>> case.primary_diagnosis.code  # doctest: +SKIP
    'M25.552'
    """
    p = Path(path)
    name = str(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CaseError(name, [f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise CaseError(name, [f"{name}: is a folder, not a case file"]) from None
    except UnicodeDecodeError:
        raise CaseError(name, [f"{name}: is not UTF-8 text"]) from None
    return validate_data(parse_text(text, name, p.suffix), name)


def file_hash(path: str | os.PathLike[str]) -> str:
    """sha256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
