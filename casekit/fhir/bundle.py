"""A FHIR R4 Bundle, validated with ``fhir.resources.R4B`` and indexed for reference lookups.

Each resource (every entry's, or a lone resource given instead of a Bundle) is validated against
its R4B model; a problem becomes one line naming the resource type, its id and the field, never
the value. Then the plain JSON is indexed by ``fullUrl`` (``urn:uuid:...`` included), by
``Type/id`` and by the tail of an absolute URL, so a reference resolves whichever way it is
written; ``#id`` resolves among the resources contained in the one that refers. A reference that
finds nothing is counted (``Bundle.dangling``), not an error: EHR exports often point outside.

>>> b = Bundle.parse({"resourceType": "Patient", "id": "p", "gender": "female"}, "p.json")
>>> [r["resourceType"] for r in b.resources]
['Patient']
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from typing import Any, Iterator, Optional

from ..errors import CaseError
from .tables import say


def _where(resource: dict, private: frozenset = frozenset()) -> str:
    """``Patient/p1``; the type alone when the resource has no id, or when its id is one of the
    bundle's identifiers (``private``: an EHR may use the MRN as the id)."""
    rid = resource.get("id")
    kind = str(resource.get("resourceType", "?"))
    return f"{kind}/{rid}" if isinstance(rid, str) and rid not in private else kind


def _field(loc: tuple) -> str:
    from ..io import _path
    return _path(loc)


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


def _validate(resource: dict, where: str, name: str) -> list[str]:
    """One line per problem R4B finds in ``resource`` (its contained resources included)."""
    from fhir.resources.R4B import get_fhir_model_class
    from pydantic import ValidationError

    kind = resource.get("resourceType")
    try:
        model = get_fhir_model_class(kind) if isinstance(kind, str) else None
    except (KeyError, ValueError):
        model = None
    if model is None:
        return [f"{name}: {where}: resourceType: {say('fhir_not_r4_type')}"]
    try:
        model.model_validate(resource)
    except ValidationError as exc:
        return [f"{name}: {where}: {_field(tuple(e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)]
    return []


def _reversed_periods(resource: dict, where: str, name: str) -> list[str]:
    """One line per Period of ``resource`` (``period``, ``billablePeriod``, ``servicedPeriod``, ...,
    at any depth) whose end is before its start, which R4B's models do not check. Dates are
    compared on the day written (an instant's time zone can move a day; not compared)."""
    out, stack = [], [((), resource)]
    while stack:
        loc, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if (key == "period" or key.endswith("Period")) and isinstance(value, dict):
                    start, end = value.get("start"), value.get("end")
                    if isinstance(start, str) and isinstance(end, str) and end[:10] < start[:10]:
                        out.append(f"{name}: {where}: {_field(loc + (key,))}: "
                                   f"{say('fhir_period_reversed', start=start[:10], end=end[:10])}")
                stack.append((loc + (key,), value))
        elif isinstance(node, list):
            stack.extend((loc + (i,), v) for i, v in enumerate(node))
    return sorted(out)


class Bundle:
    """The resources of one bundle, validated, and the lookups a mapping needs.

    ``resources`` lists every entry's resource in order (contained ones are reached through
    :meth:`resolve`); ``request_only`` counts transaction entries with no resource (a DELETE or
    a GET); ``dangling`` counts references that found nothing, by the type they name.
    """

    def __init__(self, resources: list[dict], full_urls: list[Optional[str]], request_only: int, top: dict,
                 private: frozenset = frozenset()):
        self.resources = resources
        self.private = private  # the bundle's identifying values: never shown, not even as an id
        self.top = top
        self.request_only = request_only
        self.dangling: Counter = Counter()
        self._by_key: dict[str, dict] = {}
        self._url = {id(r): u for r, u in zip(resources, full_urls) if u}
        for resource, url in zip(resources, full_urls):
            keys = [url] if url else []
            if isinstance(resource.get("id"), str):
                keys.append(f"{resource['resourceType']}/{resource['id']}")
            for key in keys:
                self._by_key.setdefault(key, resource)

    @classmethod
    def parse(cls, data: Any, name: str) -> "Bundle":
        """Validate parsed JSON as an R4 Bundle (or one resource); CaseError with every problem."""
        if not isinstance(data, dict) or not isinstance(data.get("resourceType"), str):
            raise CaseError(name, [f"{name}: resourceType: {say('fhir_not_a_resource')}"])
        private = frozenset(identifiers(data))
        if data["resourceType"] != "Bundle":
            problems = _validate(data, _where(data, private), name)
            if problems:
                raise CaseError(name, problems)
            return cls([data], [None], 0, data, private)
        entries = data.get("entry") or []
        shell = {k: v for k, v in data.items() if k != "entry"}
        problems = _validate(shell, _where(data, private), name)
        if not isinstance(entries, list):
            raise CaseError(name, problems + [f"{name}: {_where(data)}: entry: {say('fhir_not_a_list')}"])
        resources, urls, request_only = [], [], 0
        for i, entry in enumerate(entries):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if resource is None:
                if isinstance(entry, dict) and isinstance(entry.get("request"), dict):
                    request_only += 1  # a transaction's GET or DELETE: nothing to read
                else:
                    misplaced = isinstance(entry, dict) and "resourceType" in entry
                    problems.append(f"{name}: entry[{i}]: resource: "
                                    f"{say('fhir_entry_misplaced' if misplaced else 'fhir_entry_empty')}")
                continue
            where = _where(resource, private) if isinstance(resource, dict) else f"entry[{i}]"
            if not isinstance(resource, dict):
                problems.append(f"{name}: {where}: resource: {say('fhir_not_a_resource')}")
                continue
            problems += _validate(resource, where, name) + _reversed_periods(resource, where, name)
            resources.append(resource)
            urls.append(entry.get("fullUrl") if isinstance(entry.get("fullUrl"), str) else None)
        if problems:
            raise CaseError(name, problems)
        return cls(resources, urls, request_only, data, private)

    def where(self, resource: dict) -> str:
        """How a message names a resource: ``Patient/p1``, or ``Patient`` when its id identifies
        someone (:func:`_where`)."""
        return _where(resource, self.private)

    def reference_to(self, resource: dict) -> Optional[dict]:
        """A Reference to an entry's resource: ``Type/id``, else its ``fullUrl``."""
        if isinstance(resource.get("id"), str):
            return {"reference": f"{resource['resourceType']}/{resource['id']}"}
        return {"reference": self._url[id(resource)]} if id(resource) in self._url else None

    def of_type(self, *kinds: str) -> list[dict]:
        """The entries' resources of these types, in bundle order."""
        return [r for r in self.resources if r.get("resourceType") in kinds]

    def resolve(self, ref: Any, within: Optional[dict] = None) -> Optional[dict]:
        """The resource a Reference (or its ``reference`` text) points to, else None (counted in
        ``dangling``). ``within``: the resource holding the reference, for ``#id``."""
        text = ref.get("reference") if isinstance(ref, dict) else ref
        if not isinstance(text, str) or not text:
            return None
        if text.startswith("#"):
            for c in (within or {}).get("contained") or []:
                if isinstance(c, dict) and c.get("id") == text[1:]:
                    return c
        elif text in self._by_key:
            return self._by_key[text]
        else:
            parts = text.split("?")[0].rstrip("/").split("/")
            tail = "/".join(parts[-2:]) if len(parts) >= 2 else text
            if len(parts) >= 4 and parts[-2] == "_history":  # Type/id/_history/n
                tail = "/".join(parts[-4:-2])
            if tail in self._by_key:
                return self._by_key[tail]
        kind = text.lstrip("#").split("/")[0].split("?")[0] if "/" in text or "?" in text else "contained"
        self.dangling[kind if kind[:1].isupper() else "other"] += 1
        return None

    def each(self) -> Iterator[dict]:
        """Every resource with the ones it contains, depth first."""
        stack = list(reversed(self.resources))
        while stack:
            r = stack.pop()
            yield r
            stack.extend(reversed([c for c in r.get("contained") or [] if isinstance(c, dict)]))
