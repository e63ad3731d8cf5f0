"""Reading case files (YAML or JSON) and collecting every problem at once.

Every problem becomes one line: ``file: field.path: 'value' what was expected``. YAML is read
with a loader that keeps dates as strings, so ``2025-02-30`` is a field error, not a crash.

What a file may be is bounded before it is parsed (:mod:`casekit.limits`): a regular file (a FIFO
or a device is refused without being opened), at most ``MAX_CASE_FILE_BYTES``, mappings and lists
nested at most ``MAX_NESTING`` deep, no key twice in one mapping (both lines named), no YAML alias
of a mapping or list (an alias bomb expands exponentially). Values from patient fields and free
text are described ("a text of 12 characters"), never echoed (:func:`_show`).

>>> case = load_case("cases/hip-seed.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import errno
import stat
import sys
from pathlib import Path
from typing import Any, Iterable, Optional

import yaml
from pydantic import ValidationError

from .errors import CaseError, CasekitError
from .limits import MAX_CASE_FILE_BYTES, MAX_NESTING
from .model import Case


# libyaml's C parser when the wheel has it (it is several times faster than pure Python).
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDateLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without the timestamp resolver: dates stay strings for the model to check."""


class _Twice(yaml.constructor.ConstructorError):
    """A key twice in one YAML mapping: casekit's own message, which names the key only when it
    looks like a field name."""


def _mapping_without_repeats(loader, node, deep=False):
    """A mapping whose keys are unique: a second ``visits:`` would silently replace the first."""
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            first = seen.get(key)
        except TypeError:  # a list or mapping as a key: SafeLoader refuses it below, with its line
            continue
        if first is not None:
            raise _Twice(
                None, None, f"{_named(key)} appears twice in one block "
                f"{_lines(first + 1, key_node.start_mark.line + 1)}; keep one", key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,40}$")  # a field name, shown; anything else is not
_StringDateLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                                  lambda loader, node: _mapping_without_repeats(loader, node))
# YAML 1.1 reads "ON" (Ontario), "no" and "y" as booleans and "010" as octal 8; casekit reads
# booleans and integers as YAML 1.2 does (true/false; decimal digits), and leaves the rest text
# for the model to judge. Dates stay text too (the model parses and checks them).
_BOOL_12 = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT_12 = re.compile(r"^[-+]?[0-9][0-9_]*$")
_YAML_11_ONLY = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"}
_StringDateLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML_11_ONLY]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StringDateLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL_12, list("tTfF"))
_StringDateLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, list("-+0123456789"))


def _decimal_int(loader, node):
    return int(loader.construct_scalar(node).replace("_", ""), 10)  # "010" is ten, not eight


_StringDateLoader.add_constructor("tag:yaml.org,2002:int", _decimal_int)


def _lines(first: int, second: int) -> str:
    """"(lines 3 and 40)", or "(both on line 3)"."""
    return f"(lines {first} and {second})" if first != second else f"(both on line {first})"


def _named(key: Any) -> str:
    """A mapping key as a message may show it: quoted when it looks like a field name, else
    described (a note line at the wrong indentation becomes a key holding the patient's name)."""
    return repr(key) if isinstance(key, str) and _KEY.match(key) else "a key"


def _path(loc: Iterable[Any]) -> str:
    """``documents[2].text`` from pydantic's ``("documents", 2, "text")``; a part that is not a
    field name is described, never echoed."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = "from" if part == "from_" else str(part)
            out += ("." if out else "") + (name if _KEY.match(name) else "(a key)")
    return out or "(top level)"


_PHI_FIELDS = {"name", "mrn", "birth_date", "text", "author", "quote", "claim_id", "member_id", "licence",
               "npi", "reviewer", "reason"}
#: blocks every value of which is about the patient or the claim: never shown, whatever it is
_PRIVATE_BLOCKS = {("patient",), ("review", "claim_id"), ("review", "member_id"), ("review", "provider"),
                   ("review", "reviewer")}
_TOKEN = re.compile(r"^[A-Za-z0-9._:/+#-]{0,24}$")


def _private(loc: tuple) -> bool:
    """Whether a field's values are patient or claim data (``patient.*``, claim and member ids,
    provider, reviewer) or free text that may hold them (names, note text, authors)."""
    return bool(set(map(str, loc)) & _PHI_FIELDS) or any(loc[:len(b)] == b for b in _PRIVATE_BLOCKS)


def _show(value: Any, loc: Iterable[Any] = ()) -> str:
    """The offending value, if it is safe to print: a number or a short token (a date, a code,
    a choice). Free text may hold patient data, so it is described, never echoed; nothing of a
    patient or claim field is echoed ("the value given")."""
    loc = tuple(loc)
    if isinstance(value, (dict, list)):
        return f"a {'mapping' if isinstance(value, dict) else 'list'}"
    if isinstance(value, str) and (_private(loc) or not _TOKEN.match(value)):
        return f"a text of {len(value)} characters"
    if _private(loc):
        return "the value given"
    shown = repr(value)
    return shown if len(shown) <= 24 else f"a number of {len(shown)} characters"


_EXPECT = {
    "missing": "is required",
    "int_parsing": "is not a whole number",
    "int_type": "is not a whole number",
    "int_from_float": "is not a whole number",
    "float_parsing": "is not a number",
    "float_type": "is not a number",
    "finite_number": "is not a finite number",
    "bool_parsing": "is not true or false",
    "bool_type": "is not true or false",
    "string_type": "is not text",
    "list_type": "is not a list",
    "model_type": "is not a mapping of fields",
    "dict_type": "is not a mapping of fields",
}


#: what each pattern of the model expects, in words
_PATTERNS = {
    r"^[A-Za-z0-9._-]+$": "may hold only letters, digits, '.', '_' and '-'",
    r"^[0-9]{10}$": "is not an NPI (10 digits)",
    r"^[A-Z]{2}$": "is not a two-letter state or province code (e.g. CA)",
    r"^[A-Z0-9]{4,5}$": "is not a CPT or HCPCS code (4 or 5 capital letters and digits, e.g. 97110)",
}


#: what a file follows and where its fields are listed, for the message about an unknown key
CASE_FORMAT = ("the casekit/1 format", "check the spelling in case-format.md")


def _unknown(loc: tuple, text: Optional[str], form: tuple[str, str] = CASE_FORMAT) -> tuple[str, str]:
    """(path, message) of a key the format does not have: named when it looks like a field name
    (outside patient and claim blocks), else described by its length and line."""
    key = loc[-1]
    if isinstance(key, str) and _KEY.match(key) and not _private(loc[:-1]):
        return _path(loc), f"is not a field of {form[0]} ({form[1]})"
    where = _line_of_key(text, key) if text and isinstance(key, str) else None
    at = f" at line {where}" if where else ""
    what = f"a text of {len(key)} characters" if isinstance(key, str) else _kind_of(key)
    return _path(loc[:-1]), f"an unknown field ({what}){at}; not a field of {form[0]}"


def _line_of_key(text: str, key: str) -> Optional[int]:
    """The line a key is written on (its first occurrence followed by a colon), if found."""
    m = re.search(re.escape(key) + r"[\"']?[ \t]*:", text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def _message(err: dict[str, Any]) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    value = err.get("input")
    # Pydantic reports Literal choices and constraints in its own words; rephrase the common ones.
    if kind == "missing":
        return "is required"
    if kind == "literal_error":
        return f"{_show(value, loc)} is not one of {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        pattern = err["ctx"]["pattern"]
        return f"{_show(value, loc)} {_PATTERNS.get(pattern, 'does not match ' + pattern)}"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        bound = next(iter(err["ctx"].values()))
        word = {"greater_than_equal": "at least", "greater_than": "more than",
                "less_than_equal": "at most", "less_than": "less than"}[kind]
        return f"{_show(value, loc)} must be {word} {bound}"
    if kind == "too_short":
        return "needs at least one entry"
    if kind == "too_long":
        return f"has {len(value)} entries; casekit reads at most {err['ctx']['max_length']}"
    if kind == "string_too_long":
        return f"is {len(value)} characters long; casekit reads at most {err['ctx']['max_length']}"
    if kind == "value_error":
        reason = str(err.get("ctx", {}).get("error", err["msg"]))
        return f"{_show(value, loc)} {reason}" if reason.startswith("is ") else reason
    if kind in _EXPECT:
        return f"{_show(value, loc)} {_EXPECT[kind]}"
    return f"{_show(value, loc)}: {err['msg']}"


def _problem(name: str, err: dict[str, Any], text: Optional[str], form: tuple[str, str] = CASE_FORMAT) -> str:
    """One line of a validation error: ``file: field.path: what is wrong``; ``form`` names the
    format a file follows (:data:`CASE_FORMAT`, or another file's, such as the reviewer's
    overrides)."""
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        path, message = _unknown(loc, text, form)
        return f"{name}: {path}: {message}"
    return f"{name}: {_path(loc)}: {_message(err)}"


_FIELD = re.compile(r"^[a-z_][a-z0-9_]*$")
#: errors that say only "this branch wanted another shape" (text, a mapping, a number)
_WRONG_SHAPE = {"string_type", "model_type", "dict_type", "model_attributes_type", "int_type", "float_type",
                "list_type", "bool_type"}



#: the public name of one validation error's line, for the other formats casekit reads
problem_line = _problem

def _one_branch(errors: list[dict]) -> list[dict]:
    """Pydantic reports a value that fits no branch of a union once per branch, with the branch's
    tag in the path (``codes[0].constrained-str``, ``codes[0].BilledCode.units``). Keep the
    branch that says what is wrong with the value as given (its shape matched), without its tag;
    "this branch wanted text" is kept only when no branch matched the shape."""
    def split(loc: tuple, kind: str) -> tuple[tuple, tuple]:
        # a user's key can only be last, in an extra_forbidden error
        for i, part in enumerate(loc[:-1] if kind == "extra_forbidden" else loc):
            if isinstance(part, str) and not _FIELD.match(part):
                return loc[:i], loc[i + 1:]
        return loc, ()

    groups: dict[tuple, list[dict]] = {}
    plain = []
    for err in errors:
        loc = tuple(err["loc"])
        head, rest = split(loc, err["type"])
        if len(head) == len(loc):
            plain.append(err)
        else:
            groups.setdefault(head, []).append({**err, "loc": head + rest})
    for head, errs in groups.items():
        specific = [e for e in errs if e["type"] not in _WRONG_SHAPE]
        plain.extend(specific or errs[:1])
    return plain


class _Repeated(ValueError):
    pass


def _json_object(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) < len(keys):
        raise _Repeated()
    return dict(pairs)


# A JSON string (its escapes included) or a bracket; a string followed by a colon is a key.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(?P<key>\s*:)?|[\[\]{}]')


def _json_repeat(text: str) -> str:
    """Where a JSON object has a key twice: ``'id' appears twice in one object (lines 2 and
    5)``. One linear scan of the text the parser has read (valid JSON up to the object that
    holds the repeat, so every string is matched whole); objects are tracked on a stack of the
    keys seen in each."""
    stack: list[Optional[dict]] = []
    for m in _JSON_TOKEN.finditer(text):
        c = m.group()[0]
        if c in "[{":
            stack.append({} if c == "{" else None)
        elif c in "]}":
            if stack:
                stack.pop()
        elif m.group("key") and stack and stack[-1] is not None:
            key = json.loads(m.group()[:-len(m.group("key"))])
            if key in stack[-1]:
                lines = _lines(text.count("\n", 0, stack[-1][key]) + 1, text.count("\n", 0, m.start()) + 1)
                return f"{_named(key)} appears twice in one object {lines}; keep one"
            stack[-1][key] = m.start()
    return "a key appears twice in one object; keep one"


def _kind_of(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return "true, false or null"
    if isinstance(value, (int, float)):
        return "a number"
    return "a date" if hasattr(value, "isoformat") else f"a {type(value).__name__}"


def _too_deep(where: str) -> str:
    return (f"{where}mappings and lists nested more than {MAX_NESTING} deep; the casekit/1 format needs "
            "at most 5")


def _check_shape(data: Any, name: str) -> None:
    """Refuse nesting deeper than ``MAX_NESTING`` and a mapping or list reached twice (a YAML
    alias: ``*a`` repeated expands exponentially). One walk over each container, no recursion."""
    seen: set[int] = set()
    todo = [(data, 1, "")]
    while todo:
        node, depth, top = todo.pop()
        if not isinstance(node, (dict, list)):
            continue
        if depth > MAX_NESTING:
            raise CaseError(name, [f"{name}: {_too_deep((top or '(top level)') + ': ')}"])
        if id(node) in seen:
            raise CaseError(name, [f"{name}: {top or '(top level)'}: a mapping or list is used twice "
                                   "through a YAML alias (*name); write it out in full"])
        seen.add(id(node))
        if isinstance(node, dict):
            odd = next((k for k in node if not isinstance(k, str)), None)
            if odd is not None:  # a number or date as a key may be an identifier: described only
                where = top or "(top level)"
                raise CaseError(name, [f"{name}: {where}: a key written as {_kind_of(odd)}; keys are field "
                                       "names (quote a key to make it text)"])
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            todo.append((child, depth + 1, top or (_path([key]) if depth == 1 else "")))


def parse_text(text: str, name: str, suffix: str = ".yaml") -> Any:
    """Parse YAML or JSON text; raise CaseError with the parser's line and column."""
    try:
        if suffix.lower() == ".json":
            data = json.loads(text, object_pairs_hook=_json_object)
        else:
            data = yaml.load(text, Loader=_StringDateLoader)  # noqa: S506 (a SafeLoader subclass)
    except json.JSONDecodeError as exc:
        raise CaseError(name, [f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON "
                               f"({exc.msg})"]) from None
    except _Repeated:
        raise CaseError(name, [f"{name}: {_json_repeat(text)}"]) from None
    except ValueError as exc:  # Python's limit on digits in an int (CVE-2020-10735), a giant number
        if "integer string conversion" not in str(exc):
            raise
        raise CaseError(name, [f"{name}: a number of more than {sys.get_int_max_str_digits()} digits; "
                               "no field of the casekit/1 format takes one"]) from None
    except RecursionError:  # JSON (or YAML without libyaml) a thousand levels deep: the parser
        raise CaseError(name, [f"{name}: {_too_deep('')}"]) from None  # recurses; shallower, below
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or "could not be parsed"
        if not isinstance(exc, _Twice):  # the parser quotes what it met (a tag, an alias): not echoed
            problem = re.sub(r"'[^']*'", "(as written)", problem)
        raise CaseError(name, [f"{name}: {where}not valid YAML ({problem})"]) from None
    _check_shape(data, name)
    return data


def validate_data(data: Any, name: str, text: Optional[str] = None) -> Case:
    """Turn parsed data into a Case, or raise CaseError listing every problem. ``text``, the
    file's text, lets a message give the line of a key it may not quote."""
    if not isinstance(data, dict):
        raise CaseError(name, [f"{name}: (top level): expected a mapping of fields "
                               "(format, id, service, review, ...)"])
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        errors = _one_branch(exc.errors(include_url=False))
        raise CaseError(name, [_problem(name, err, text) for err in errors]) from None
    cross = case.problems()
    if cross:
        raise CaseError(name, [f"{name}: {path}: {msg}" for path, msg in cross])
    return case


class NotReadable(CasekitError):
    """An input that cannot be read as a case file; ``str()`` is the reason, which names no
    content (``is a named pipe (FIFO), not a case file``)."""


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def read_regular(path: str | os.PathLike[str], max_bytes: int = MAX_CASE_FILE_BYTES) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``, else NotReadable.

    The file is opened without blocking and checked on the open descriptor, so a FIFO (or a
    file swapped for one after a ``stat``) is refused at once instead of waiting for a writer
    that never comes; a device is never read.

    Example::

        hashlib.sha256(read_regular("cases/hip-seed.yaml")).hexdigest()
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        _regular(os.stat(path), max_bytes)  # what can be refused unopened is
        fd = os.open(path, flags)
    except OSError as exc:
        raise NotReadable(_os_reason(exc, path)) from None
    try:
        _regular(os.fstat(fd), max_bytes)  # and again on what was opened: it may have been swapped
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 20):
            total += len(chunk)
            if total > max_bytes:  # it grew while being read
                raise NotReadable(_too_large(max_bytes))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(_os_reason(exc, path)) from None
    finally:
        os.close(fd)


def _regular(st: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
        raise NotReadable(f"is {kind}, not a case file")
    if st.st_size > max_bytes:
        raise NotReadable(_too_large(max_bytes))


def _os_reason(exc: OSError, path: str | os.PathLike[str]) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file (or a broken symbolic link)" if os.path.islink(path) else "no such file"
    if exc.errno == errno.ELOOP:
        return "is a loop of symbolic links"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be read (permission denied)"
    return f"cannot be read ({exc.strerror or type(exc).__name__})"


def read_case_text(path: str | os.PathLike[str]) -> str:
    """A case file's text, or CaseError: only a regular file (a FIFO would block the open for
    ever, a device never end), only up to ``MAX_CASE_FILE_BYTES``, only UTF-8."""
    return decode_case(read_case_bytes(path), str(path))


def read_case_bytes(path: str | os.PathLike[str]) -> bytes:
    """:func:`read_regular` with its refusal as a CaseError naming the file."""
    name = str(path)
    try:
        return read_regular(path)
    except NotReadable as exc:
        raise CaseError(name, [f"{name}: {exc}"]) from None


def decode_case(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CaseError(name, [f"{name}: is not UTF-8 text"]) from None


def _too_large(max_bytes: int) -> str:
    return f"is larger than {max_bytes / 2 ** 20:g} MiB; casekit reads case files of at most {max_bytes} bytes"


def load_case(path: str | os.PathLike[str]) -> Case:
    """Load and validate one case file (``.yaml``, ``.yml`` or ``.json``).

    >>> case = load_case("cases/hip-seed.yaml")  # doctest: +SKIP
    >>> case.primary_diagnosis.code  # doctest: +SKIP
    'M25.552'
    """
    from .overrides import sidecar_stem  # overrides reads its files through this module
    if (stem := sidecar_stem(Path(path).name)) is not None:
        raise CaseError(str(path), [f"{path}: is a reviewer's override file (the sidecar of the case "
                                    f"{stem}), not a case file; give it to --overrides, or let "
                                    "`casekit batch` apply it beside its case"])
    return case_from_bytes(read_case_bytes(path), path)


def case_from_bytes(raw: bytes, path: str | os.PathLike[str]) -> Case:
    """A case from a file's bytes already read (a batch reads each input once, to hash it too).
    A ``.json`` file whose top level has ``resourceType`` is a FHIR R4 bundle (or resource): it is
    mapped by :mod:`casekit.fhir`, and its mapping's warnings come with ``case.warnings()``."""
    name = str(path)
    text = decode_case(raw, name)
    data = parse_text(text, name, Path(path).suffix)
    if isinstance(data, dict) and "resourceType" in data:
        from .fhir import case_from_bundle
        return case_from_bundle(data, name)
    return validate_data(with_files(data, Path(path), name), name, text)


def with_files(data: Any, path: Path, name: str) -> Any:
    """``data`` with each document that names a PDF (``file:``, relative to the case file) given
    that PDF's text, source and extraction (:func:`casekit.pdftext.document_fields`); CaseError
    with one line per file that cannot be read (missing, not a PDF, encrypted, no text and no OCR).

    >>> with_files({"documents": [{"id": "e", "file": "eval.pdf"}]}, Path("cases/x.yaml"), "x")  # doctest: +SKIP
    """
    docs = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(docs, list) or not any(isinstance(d, dict) and "file" in d for d in docs):
        return data
    from .pdftext import PdfError, document_fields, MAX_PDF_BYTES
    problems, out = [], []
    for i, doc in enumerate(docs):
        if not (isinstance(doc, dict) and isinstance(doc.get("file"), str)):
            out.append(doc)  # a file that is not text is the model's to report
            continue
        where = f"documents[{i}].file"
        label = f"{name}: {where}: {_show(doc['file'], ('documents', i, 'file'))}"
        if doc.get("text") or doc.get("extraction"):
            problems.append(f"{label}: given with text or extraction; give the note as text or as a file, not both")
            continue
        try:
            raw = read_regular(path.parent / doc["file"], MAX_PDF_BYTES)
            out.append({**doc, **document_fields(raw, label)})
        except NotReadable as exc:
            hint = " (a path relative to the case file)" if "no such file" in str(exc) else ""
            problems.append(f"{label}: {str(exc).replace('case file', 'PDF note')}{hint}")
        except PdfError as exc:
            problems.append(str(exc))
    if problems:
        raise CaseError(name, problems)
    return {**data, "documents": out}


def file_hash(path: str | os.PathLike[str]) -> str:
    """sha256 of a file's bytes, hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
