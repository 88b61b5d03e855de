"""A stored session as a FHIR bundle: the one function the endpoint and the command share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anklecheck.fhir.builder import Snapshot, build_bundle

if TYPE_CHECKING:
    from anklecheck.api.sessions import Sessions


def session_snapshot(sessions: Sessions, session_id: str) -> Snapshot:
    """The session replayed and assessed now (NotFoundError for an unknown or erased id)."""
    current = sessions.replay(session_id)
    state = current.state
    band = None if state.age is None else sessions.service.diagnoser.age_band(state.age)
    record = current.record
    return Snapshot(
        answers=state.answers,
        assessment=sessions.interviewer.assess(state),
        complete=current.step.should_stop,
        authored=record.assessed_at or record.updated_at,
        age_band=None if band is None else (band.first, band.last),
        sex=state.sex,
    )


def session_bundle_json(sessions: Sessions, session_id: str) -> str:
    """The session's FHIR R4B Bundle as JSON text (media type application/fhir+json)."""
    pack = sessions.service.checker.pack
    return build_bundle(pack, session_snapshot(sessions, session_id)).model_dump_json(indent=2)
