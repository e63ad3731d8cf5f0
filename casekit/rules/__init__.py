"""The rules: one small pure function per contract rule, registered once by its id.

:mod:`.core` holds the registry, the shared helpers and :func:`evaluate`; each family module
registers its rules with ``@register`` when imported. The families are imported below in the
order their rules run, which is the order of the checks in every output: utilisation,
measures, diagnosis, care, Medicare, workers' compensation. The registry is the only list of rule ids.

>>> sorted(REGISTRY)[:2]
['alternative-diagnosis', 'imaging-not-considered']
"""

from .core import REGISTRY, Check, Context, Outcome, describe, evaluate, get, register

# The families register their rules as they are imported: this order is the registry's.
# isort: off
from . import utilisation, measures, diagnosis, care, medicare, workers_comp  # noqa: F401
# isort: on

__all__ = ["Check", "Context", "Outcome", "REGISTRY", "describe", "evaluate", "get", "register"]
