"""Stateless endpoints: parse, diagnosis, triage, explain, and the pack's conditions and findings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response

from anklecheck.api import models
from anklecheck.api.errors import documented
from anklecheck.api.service import Service
from anklecheck.errors import NotFoundError, UnknownIdError

router = APIRouter()


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


Svc = Annotated[Service, Depends(get_service)]


@router.post("/parse", response_model=models.ParseResponse, responses=documented(), tags=["engine"])
def parse(body: models.ParseRequest, service: Svc) -> dict[str, Any]:
    """Read a complaint in the person's own words: evidence with spans, and what was not understood."""
    return service.parse(body.text)


@router.post("/diagnosis", response_model=models.DiagnosisResponse, responses=documented(), tags=["engine"])
async def diagnosis(body: models.DiagnosisRequest, service: Svc) -> Response:
    """One step of a stateless interview: the next question, the likely causes, whether to stop.

    Send back everything known each time (the answers to earlier questions added to `evidence`).
    Steps are cached by evidence, age band and sex, so repeating a state costs next to nothing.
    """
    # async: a cache hit takes microseconds, and a miss a few ms of NumPy; a thread hop costs more.
    return Response(service.diagnosis(body), media_type="application/json")


@router.post("/triage", response_model=models.TriageResponse, responses=documented(), tags=["engine"])
def triage(body: models.Case, service: Svc) -> dict[str, Any]:
    """How urgent it is (the level and why) and what to do now."""
    return service.triage(body)


@router.post("/explain", response_model=models.ExplainResponse, responses=documented(), tags=["engine"])
def explain(body: models.ExplainRequest, service: Svc) -> dict[str, Any]:
    """For one condition: its probability and the findings that speak for and against it."""
    return service.explain(body, body.target)


@router.get("/conditions", response_model=list[models.ConditionSummary], tags=["knowledge"])
def conditions(service: Svc) -> list[dict[str, Any]]:
    """Every condition the knowledge pack covers."""
    return service.condition_list


@router.get("/conditions/{condition_id}", responses=documented(404), tags=["knowledge"])
def condition(condition_id: Annotated[str, Path(max_length=80)], service: Svc) -> dict[str, Any]:
    """One condition's page: names, ICD-10-CM code, triage ladder, findings, advice, sources."""
    try:
        return service.condition_page(condition_id)
    except UnknownIdError as error:
        missing = NotFoundError("condition", condition_id)
        missing.hint = error.hint
        raise missing from None


@router.get("/findings", response_model=list[models.FindingSummary], tags=["knowledge"])
def findings(service: Svc) -> list[dict[str, Any]]:
    """Every finding (symptom, sign, history) with the question that asks about it."""
    return service.finding_list
