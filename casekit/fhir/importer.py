"""Reading a bundle as a case: ``case_from_bundle`` (the loader's path for a ``.json`` whose top
level has ``resourceType``), ``identifiers`` (what a batch must redact), ``import_command``.

A bundle's case id is derived from its content (``fhir-`` and 12 hex digits of a hash), never from
a name, MRN or claim id. The mapping's warnings travel with the case (:meth:`Case.warnings`), so
``validate``, ``review`` and ``batch`` print them as they print the case's own.

>>> case = case_from_bundle(json.load(open("cases/fhir/hip-seed.bundle.json")), "hip-seed.bundle.json")  # doctest: +SKIP
>>> case.review.type  # doctest: +SKIP
'retrospective'
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Optional

from .bundle import Bundle, identifiers  # noqa: F401 (identifiers: re-exported)


def is_bundle(data: Any) -> bool:
    """Whether parsed JSON is a FHIR resource (a Bundle, or one resource) rather than a case."""
    return isinstance(data, dict) and "resourceType" in data


def case_from_bundle(data: dict, name: str):
    """The validated Case of a parsed bundle; CaseError with one line per problem."""
    from ..io import validate_data
    from .mapping import to_case

    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    case_data, warnings = to_case(Bundle.parse(data, name), name, f"fhir-{digest}")
    case = validate_data(case_data, name)
    case.__dict__["_import_warnings"] = tuple(warnings)  # not a field: read by Case.warnings
    return case


def read_bundle(path: str) -> Optional[Bundle]:
    """The bundle in a ``.json`` file, or None when the file is a case file."""
    from ..io import parse_text, read_case_text

    if Path(path).suffix.lower() != ".json":
        return None
    data = parse_text(read_case_text(path), path, ".json")
    return Bundle.parse(data, path) if is_bundle(data) else None


def import_command(args) -> int:
    """``casekit import fhir BUNDLE [--out FILE]``: the case as YAML, printed or written (atomic);
    the mapping's warnings on stderr, one line each. Nothing is written when the bundle is
    refused (exit 2, one line per problem)."""
    import yaml

    from ..deidentify import _Block
    from ..errors import CaseError
    from ..io import parse_text, read_case_text
    from ..render import atomic_write
    from .tables import say

    name = args.bundle
    data = parse_text(read_case_text(name), name, ".json")
    if not is_bundle(data):
        raise CaseError(name, [f"{name}: resourceType: {say('fhir_not_a_resource')}"])
    case = case_from_bundle(data, name)
    for where, what in case.__dict__.get("_import_warnings", ()):
        print(f"warning: {name}: {where}: {what}", file=sys.stderr)
    data = case.model_dump(mode="json", by_alias=True, exclude_defaults=True, exclude_none=True)
    text = yaml.dump(data, Dumper=_Block, sort_keys=False, allow_unicode=True, width=100)
    if args.out:
        atomic_write(Path(args.out), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
