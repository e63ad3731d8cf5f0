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

import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

from .bundle import Bundle


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
    from ..io import decode_case, parse_text, read_case_bytes

    if Path(path).suffix.lower() != ".json":
        return None
    data = parse_text(decode_case(read_case_bytes(path), path), path, ".json")
    return Bundle.parse(data, path) if is_bundle(data) else None


_PEOPLE = {"Patient", "RelatedPerson", "Practitioner", "Person"}
_IDENTIFIED = {"Coverage", "Claim", "ExplanationOfBenefit", "ClaimResponse", "Bundle", "Account"}


def identifiers(data: Any) -> Iterator[str]:
    """Every identifying value of a parsed bundle: people's names, identifiers, telecoms,
    addresses and birth dates; Coverage, Claim and EOB identifiers and member ids; and the text
    of plain-text attachments (note text), for a batch to redact from its messages.

    >>> sorted(identifiers({"resourceType": "Patient", "name": [{"family": "Doe"}], "birthDate": "1970-01-02"}))
    ['1970-01-02', 'Doe']
    """
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("resourceType")
        if kind in _PEOPLE:
            for n in node.get("name") or []:
                yield from (v for v in [n.get("text"), n.get("family"), *(n.get("given") or [])] if isinstance(v, str))
            for t in node.get("telecom") or []:
                if isinstance(t.get("value"), str):
                    yield t["value"]
            for a in node.get("address") or []:
                yield from (v for v in [a.get("text"), *(a.get("line") or []), a.get("city"), a.get("postalCode")]
                            if isinstance(v, str))
            if isinstance(node.get("birthDate"), str):
                yield node["birthDate"]
        if kind in _PEOPLE | _IDENTIFIED:
            ids = node.get("identifier")
            for i in ids if isinstance(ids, list) else [ids] if isinstance(ids, dict) else []:
                if isinstance(i, dict) and isinstance(i.get("value"), str):
                    yield i["value"]
            if isinstance(node.get("subscriberId"), str):
                yield node["subscriberId"]
        if node.get("contentType", "").startswith("text/plain") and isinstance(node.get("data"), str):
            try:
                yield base64.b64decode(node["data"]).decode("utf-8")
            except (binascii.Error, ValueError):
                pass
        stack.extend(v for v in node.values() if isinstance(v, (dict, list)))


def import_command(args) -> int:
    """``casekit import fhir BUNDLE [--out FILE]``: the case as YAML, printed or written (atomic);
    the mapping's warnings on stderr, one line each. Nothing is written when the bundle is
    refused (exit 2, one line per problem)."""
    import yaml

    from ..deidentify import _Block
    from ..errors import CaseError
    from ..io import decode_case, parse_text, read_case_bytes
    from ..render import atomic_write
    from .tables import say

    name = args.bundle
    data = parse_text(decode_case(read_case_bytes(name), name), name, ".json")
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
