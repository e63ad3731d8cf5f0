"""casekit: open, cited utilization review of outpatient therapy.

>>> import casekit
>>> r = casekit.review(casekit.load_case("cases/hip-seed.yaml"))  # doctest: +SKIP
>>> r.decision                                                     # doctest: +SKIP
'deny'
"""

from ._version import __version__
from .errors import CaseError, CasekitError, PackError, RenderError, UsageError
from .io import load_case
from .overrides import load_overrides
from .reviewing import Review, review

__all__ = [
    "CaseError",
    "CasekitError",
    "PackError",
    "RenderError",
    "Review",
    "UsageError",
    "__version__",
    "load_case",
    "load_overrides",
    "review",
]
