"""FHIR R4 and Da Vinci PAS inputs: a Bundle becomes a ``casekit/1`` case; a review goes back as
a ClaimResponse.

    casekit import fhir cases/fhir/hip-seed.bundle.json --out hip.yaml
    casekit review cases/fhir/pas-request.json --claim-response

Modules: :mod:`.bundle` (R4B validation, references), :mod:`.lines` (dates of service and PT
codes), :mod:`.mapping` (resources -> case fields), :mod:`.pas` (prior authorisation),
:mod:`.importer` (the loader's entry and the command), :mod:`.tables` (the data tables).

>>> from casekit.fhir import import_command, case_from_bundle, claim_response  # doctest: +SKIP
"""

from .importer import case_from_bundle, identifiers, import_command, is_bundle
from .pas import claim_response

__all__ = ["case_from_bundle", "claim_response", "identifiers", "import_command", "is_bundle"]
