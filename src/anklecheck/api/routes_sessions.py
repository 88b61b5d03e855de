"""Stored sessions, follow-up and feedback. Each write may carry `seq` so that a retry is safe."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from anklecheck.api import models
from anklecheck.api.errors import documented
from anklecheck.api.service import Service
from anklecheck.api.sessions import Sessions

router = APIRouter(tags=["sessions"])
SessionId = Annotated[str, Path(max_length=64, description="The id POST /v1/sessions returned.")]


def get_sessions(request: Request) -> Sessions:
    service: Service = request.app.state.service
    return Sessions(service)


S = Annotated[Sessions, Depends(get_sessions)]


@router.post("/sessions", status_code=201, response_model=models.SessionView, responses=documented(503))
def create_session(body: models.SessionCreate, sessions: S) -> dict[str, Any]:
    """Start a stored interview, optionally with what is already known (free text is read, not stored)."""
    findings, age, sex = sessions.service.case_findings(body)
    return sessions.create(findings, age, sex, body.symptoms_began)


@router.get("/sessions/{session_id}", response_model=models.SessionView, responses=documented(404, 503))
def get_session(session_id: SessionId, sessions: S) -> dict[str, Any]:
    """The answers so far, the next question (or none) and the likely causes."""
    return sessions.view(session_id)


@router.post("/sessions/{session_id}/answers", response_model=models.SessionView, responses=documented(404, 409, 503))
def answer(session_id: SessionId, body: models.AnswerRequest, sessions: S) -> dict[str, Any]:
    """Answer a question. With `seq`, a retry of the same answer is stored once (200 again)."""
    value = tuple(body.answer) if isinstance(body.answer, list) else body.answer
    return sessions.answer(session_id, body.seq, body.question_id, value)


@router.post("/sessions/{session_id}/undo", response_model=models.SessionView, responses=documented(404, 409, 503))
def undo(session_id: SessionId, body: models.UndoRequest, sessions: S) -> dict[str, Any]:
    """Take back the last answer."""
    return sessions.undo(session_id, body.seq)


@router.get("/sessions/{session_id}/result", response_model=models.ResultResponse, responses=documented(404, 503))
def result(session_id: SessionId, sessions: S) -> dict[str, Any]:
    """The assessment: ranked causes with reasons, triage, evidence and advice."""
    return sessions.result(session_id)


FHIR_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A FHIR R4B Bundle (collection): Patient, QuestionnaireResponse, Observations, RiskAssessment",
        "content": {"application/fhir+json": {"schema": {"type": "object"}}},
    }
}


@router.get(
    "/sessions/{session_id}/fhir",
    response_class=Response,
    responses={**FHIR_RESPONSE, **documented(404, 503)},
)
def fhir_bundle(session_id: SessionId, sessions: S) -> Response:
    """The session's answers, findings, ranked conditions and triage as an HL7 FHIR R4B Bundle
    (docs/fhir.md), for a health record or a clinician's system."""
    from anklecheck.fhir import FHIR_JSON
    from anklecheck.fhir.session import session_bundle_json

    return Response(session_bundle_json(sessions, session_id), media_type=FHIR_JSON)


@router.delete("/sessions/{session_id}", status_code=204, responses=documented(404, 503))
def delete_session(session_id: SessionId, sessions: S) -> Response:
    """Erase the session and everything stored with it (its answers and feedback)."""
    sessions.delete(session_id)
    return Response(status_code=204)


@router.post(
    "/sessions/{session_id}/followup", response_model=models.FollowupResponse, responses=documented(404, 409, 503)
)
def followup(session_id: SessionId, body: models.FollowupRequest, sessions: S) -> dict[str, Any]:
    """Say how it has gone since: time since onset and progress re-assess the triage (pain not
    easing after 72 hours: at least `consultation`); `worse` asks the warning signs again."""
    findings = sessions.service.findings(body.evidence)
    return sessions.followup(session_id, body.seq, body.progress, findings)


@router.post(
    "/feedback",
    status_code=201,
    response_model=models.FeedbackResponse,
    responses=documented(404, 503),
    tags=["feedback"],
)
def feedback(body: models.FeedbackRequest, sessions: S) -> dict[str, Any]:
    """Report an issue with a result or a page; stored with a snapshot of what the person saw."""
    return sessions.feedback(
        kind=body.kind, message=body.message, session_id=body.session_id, page=body.page, seen=body.seen
    )
