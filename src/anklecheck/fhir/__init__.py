"""HL7 FHIR export of an assessment (docs/fhir.md), with the R4B models of fhir.resources.

Imported only by the commands and the endpoint that export (fhir.resources takes about 0.4 s to
import), never by the core.
"""

from __future__ import annotations

from anklecheck.fhir.builder import FHIR_JSON, Snapshot, build_bundle

__all__ = ["FHIR_JSON", "Snapshot", "build_bundle"]
