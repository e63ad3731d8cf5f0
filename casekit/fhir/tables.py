"""The FHIR mapping tables (``casekit/packs/common/fhir.yaml``): code systems, PT codes, line of
business, the outcome-measure table, note types and the Da Vinci PAS URLs, each row citing a
reference with its tier.

>>> tables()["cpt"]["evaluation"][:3]
['97161', '97162', '97163']
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@lru_cache(maxsize=1)
def tables() -> dict[str, Any]:
    """The tables as read from the package data (read once)."""
    return yaml.safe_load(resources.files("casekit").joinpath("packs/common/fhir.yaml").read_bytes())


def systems(key: str) -> tuple[str, ...]:
    """The URIs a code system goes by: ``systems("cpt")`` -> ("http://www.ama-assn.org/go/cpt", ...)."""
    value = tables()["systems"][key]
    return tuple(value) if isinstance(value, list) else (value,)


def say(key: str, **values: Any) -> str:
    """One of casekit's common wording templates (``fhir_...``), filled.

    >>> say("fhir_source_eob")
    'claims history (EOB)'
    """
    from ..packs import say_common
    return say_common(key, **values)