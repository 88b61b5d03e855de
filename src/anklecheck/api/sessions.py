"""Stored sessions, follow-ups and feedback over the engine and the store (no web framework here,
so that the CLI's `followup` and `feedback` commands use the same code).

A session is its events replayed through the engine: ``start`` (the opening answers), then
``answer``, ``undo`` and ``followup`` in order. Nothing derived is stored, so a worker on any
host rebuilds the same state from the database alone. An age is stored only as the first year of
its band (engine/diagnosis.py), which gives the same result as the age itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from anklecheck.api.service import Service, triage_json
from anklecheck.engine.answers import check_answer, state_from_evidence
from anklecheck.engine.diagnosis import Step
from anklecheck.engine.followup import FollowUp, Progress, follow_up, onset
from anklecheck.engine.interview import AGE, AnswerValue, InterviewState
from anklecheck.errors import InvalidInputError, NotFoundError
from anklecheck.store.repository import FEEDBACK_KINDS, Event, SessionRecord, utcnow

SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Replayed:
    record: SessionRecord
    state: InterviewState
    step: Step
    recheck: tuple[str, ...] = ()
    days: float = 0.0


class Sessions:
    def __init__(self, service: Service) -> None:
        self.service = service
        self.interviewer = service.diagnoser.interviewer

    # -- writing ------------------------------------------------------------------------------

    def create(
        self,
        findings: dict[str, bool | None],
        age: int | None,
        sex: str | None,
        symptoms_began: datetime | None,
    ) -> dict[str, Any]:
        band = None if age is None else self.service.diagnoser.age_band(age).first
        state = state_from_evidence(self.interviewer, findings, band, sex)
        answers = [[q, _plain(v)] for q, v in state.answers]
        record = self.service.store.create_session({"answers": answers}, symptoms_began=symptoms_began)
        return self.view(record.id)

    def answer(self, session_id: str, seq: int | None, question_id: str, value: object) -> dict[str, Any]:
        checked = check_answer(self.interviewer, question_id, value)
        if question_id == AGE and isinstance(checked, int):
            checked = self.service.diagnoser.age_band(checked).first  # never store the age itself
        payload = {"question": question_id, "value": _plain(checked)}
        current = self.replay(session_id)
        if self._is_retry(current.record, seq, payload):
            self.service.store.append(session_id, seq, "answer", payload)  # finds the stored copy
            return self._view_json(current)
        if seq is not None and seq != current.record.next_seq:
            self.service.store.append(session_id, seq, "answer", payload)  # raises the ConflictError
        if question_id in current.state.asked:
            raise InvalidInputError(question_id, "has already been answered", hint="Undo it first to change it.")
        step = self.service.diagnoser.step(current.state.answer(question_id, checked))
        self.service.store.append(session_id, seq, "answer", payload, assessed=step.should_stop)
        return self.view(session_id)

    def undo(self, session_id: str, seq: int | None) -> dict[str, Any]:
        current = self.replay(session_id)
        retry = seq is not None and seq < current.record.next_seq
        if not current.state.answers and not retry:
            raise InvalidInputError("undo", "there is no answer to take back")
        self.service.store.append(session_id, seq, "undo", {})
        return self.view(session_id)

    def followup(
        self, session_id: str, seq: int | None, progress: Progress, findings: dict[str, bool | None]
    ) -> dict[str, Any]:
        before = self.replay(session_id)
        payload = {"progress": progress, "evidence": sorted([f, v] for f, v in findings.items())}
        now = utcnow()
        # Worked out before storing: evidence that cannot be replayed must never land in the store.
        step = self.service.diagnoser.step(self._followup(before.state, before.record, progress, findings, now).state)
        self.service.store.append(session_id, seq, "followup", payload, assessed=step.should_stop, now=now)
        after = self.replay(session_id)
        return {
            "session": self._view_json(after),
            "previous_level": before.step.triage.level.name,
            "level": after.step.triage.level.name,
            "days_since_onset": round(after.days, 2),
            "recheck": list(after.recheck),
            "triage": triage_json(self.interviewer.assess(after.state)),
        }

    def delete(self, session_id: str) -> None:
        _check_id(session_id)
        self.service.store.delete_session(session_id)

    def feedback(
        self, *, kind: str, message: str, session_id: str | None, page: str | None, seen: dict[str, Any] | None
    ) -> dict[str, Any]:
        if (session_id is None) == (page is None):
            raise InvalidInputError("session_id", "give either session_id or page", hint="One of the two, not both.")
        if session_id is not None:
            _check_id(session_id)
        if kind not in FEEDBACK_KINDS:
            raise InvalidInputError("kind", f"{kind!r} is not one of {', '.join(FEEDBACK_KINDS)}")
        snapshot = (
            {"session": self.view(session_id), "result": self.result(session_id)} if session_id else {"seen": seen}
        )
        record = self.service.store.add_feedback(
            kind=kind, message=_text(message), snapshot=snapshot, session_id=session_id, page=page and _text(page)
        )
        return {"id": record.id, "created_at": record.created_at, "kind": record.kind}

    # -- reading ------------------------------------------------------------------------------

    def view(self, session_id: str) -> dict[str, Any]:
        return self._view_json(self.replay(session_id))

    def result(self, session_id: str) -> dict[str, Any]:
        current = self.replay(session_id)
        return {"complete": current.step.should_stop, "assessment": self.interviewer.assess(current.state).to_dict()}

    def replay(self, session_id: str) -> Replayed:
        _check_id(session_id)
        record = self.service.store.session(session_id)
        state = InterviewState()
        recheck: tuple[str, ...] = ()
        days = 0.0
        previous_at = record.created_at
        for event in record.events:
            state, recheck, days = self._apply(record, state, event, previous_at, (recheck, days))
            previous_at = event.created_at
        return Replayed(record, state, self.service.diagnoser.step(state), recheck, days)

    def _apply(
        self,
        record: SessionRecord,
        state: InterviewState,
        event: Event,
        previous_at: datetime,
        last: tuple[tuple[str, ...], float],
    ) -> tuple[InterviewState, tuple[str, ...], float]:
        payload = event.payload
        if event.kind == "start":
            return InterviewState(tuple((q, _value(v)) for q, v in payload["answers"])), *last
        if event.kind == "answer":
            return state.answer(payload["question"], _value(payload["value"])), *last
        if event.kind == "undo":
            return state.undo(), *last
        findings = dict(payload["evidence"])
        done = self._followup(state, record, payload["progress"], findings, event.created_at, previous_at)
        return done.state, done.recheck, done.days

    def _followup(
        self,
        state: InterviewState,
        record: SessionRecord,
        progress: Progress,
        findings: dict[str, bool | None],
        now: datetime,
        assessed_at: datetime | None = None,
    ) -> FollowUp:
        assessed = assessed_at or (record.events[-1].created_at if record.events else record.created_at)
        began = record.symptoms_began or onset(self.interviewer, state, assessed)
        return follow_up(self.interviewer, state, began=began, now=now, progress=progress, findings=findings)

    @staticmethod
    def _is_retry(record: SessionRecord, seq: int | None, payload: dict[str, Any]) -> bool:
        if seq is None or not 0 < seq < len(record.events):
            return False
        stored = record.events[seq]
        return stored.kind == "answer" and stored.payload == payload

    def _view_json(self, current: Replayed) -> dict[str, Any]:
        record, state = current.record, current.state
        band = None if state.age is None else self.service.diagnoser.age_band(state.age).label
        return {
            "id": record.id,
            "next_seq": record.next_seq,
            "created_at": record.created_at,
            "assessed_at": record.assessed_at,
            "symptoms_began": record.symptoms_began,
            "age_band": band,
            "sex": state.sex,
            "answers": [{"question_id": q, "answer": _plain(v)} for q, v in state.answers],
            **self.service.step_json(current.step),
        }


def _check_id(session_id: str) -> None:
    """Ids are what new_id makes; anything else names no session (and never reaches SQL text
    that a database may refuse, such as a NUL character)."""
    if not SESSION_ID.fullmatch(session_id):
        raise NotFoundError("session", session_id[:64])


def _text(value: str) -> str:
    return value.replace("\x00", "")  # PostgreSQL text cannot hold NUL; nothing is lost with it


def _plain(value: AnswerValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _value(raw: Any) -> AnswerValue:
    return tuple(raw) if isinstance(raw, list) else raw
