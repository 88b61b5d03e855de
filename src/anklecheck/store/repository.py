"""`Store`: sessions as numbered events, and feedback reports.

A session's answers are an append-only list of events numbered 0, 1, 2, …; the primary key
(session, seq) lets the database, not a lock in one process, decide which of two concurrent
writes wins. A retried write with the same number and the same content returns the stored event
(``replayed``), so a client that lost the response can simply send it again; a different content
at a used number is a `ConflictError`. Nothing here knows about medicine: payloads are JSON that
the API builds and reads back.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from anklecheck.errors import ConflictError, NotFoundError, StorageError
from anklecheck.store import db
from anklecheck.store.tables import events, feedback, sessions

FEEDBACK_KINDS = ("wrong_result", "unclear_text", "content_error", "other")


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str
    payload: Mapping[str, Any]
    created_at: datetime


@dataclass(frozen=True)
class SessionRecord:
    id: str
    created_at: datetime
    updated_at: datetime
    symptoms_began: datetime | None
    assessed_at: datetime | None
    events: tuple[Event, ...]

    @property
    def next_seq(self) -> int:
        return len(self.events)


@dataclass(frozen=True)
class Appended:
    event: Event
    replayed: bool  # True: the same event was already stored (a retry)


@dataclass(frozen=True)
class FeedbackRecord:
    id: str
    created_at: datetime
    session_id: str | None
    page: str | None
    kind: str
    message: str
    snapshot: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "session_id": self.session_id,
            "page": self.page,
            "kind": self.kind,
            "message": self.message,
            "snapshot": self.snapshot,
        }


def new_id() -> str:
    """128 random bits, URL-safe: not guessable, so the id alone guards a session. Never starting
    with "-", which the command line would read as an option (`anklecheck followup -m…` failed
    now and then); drawn again in that case (1 in 64)."""
    while (made := secrets.token_urlsafe(16)).startswith("-"):
        pass
    return made


def utcnow() -> datetime:
    return datetime.now(UTC)


class Store:
    """Sessions and feedback in one database (see `db.connect`)."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.engine = engine or db.connect(url)

    def close(self) -> None:
        self.engine.dispose()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except IntegrityError:
            raise
        except DBAPIError as exc:
            where = db.describe(self.engine.url)
            raise StorageError(f"the database {where} failed ({type(exc.orig).__name__})") from None

    # -- sessions ---------------------------------------------------------------------------

    def create_session(
        self, first: Mapping[str, Any], *, symptoms_began: datetime | None = None, now: datetime | None = None
    ) -> SessionRecord:
        """A new session whose event 0 (``start``) holds ``first``."""
        now = now or utcnow()
        session_id = new_id()
        with self._transaction() as c:
            c.execute(
                insert(sessions).values(id=session_id, created_at=now, updated_at=now, symptoms_began=symptoms_began)
            )
            c.execute(
                insert(events).values(session_id=session_id, seq=0, kind="start", payload=_dump(first), created_at=now)
            )
        return self.session(session_id)

    def session(self, session_id: str) -> SessionRecord:
        with self._transaction() as c:
            row = c.execute(select(sessions).where(sessions.c.id == session_id)).first()
            if row is None:
                raise NotFoundError("session", session_id)
            stored = c.execute(select(events).where(events.c.session_id == session_id).order_by(events.c.seq)).all()
        return SessionRecord(
            id=row.id,
            created_at=_aware(row.created_at),
            updated_at=_aware(row.updated_at),
            symptoms_began=_aware(row.symptoms_began) if row.symptoms_began else None,
            assessed_at=_aware(row.assessed_at) if row.assessed_at else None,
            events=tuple(_event(e) for e in stored),
        )

    def append(
        self,
        session_id: str,
        seq: int | None,
        kind: str,
        payload: Mapping[str, Any],
        *,
        assessed: bool = False,
        now: datetime | None = None,
    ) -> Appended:
        """Store event ``seq`` (None: the next one). The number must be the next one or a retry of
        a stored event; ``assessed`` records that the interview reached its result now."""
        now = now or utcnow()
        body = _dump(payload)
        try:
            with self._transaction() as c:
                current = self._next_seq(c, session_id)
                number = current if seq is None else seq
                if number > current:
                    raise ConflictError("seq", f"is {number}, but the next answer is number {current}")
                if number == current:
                    c.execute(
                        insert(events).values(
                            session_id=session_id, seq=number, kind=kind, payload=body, created_at=now
                        )
                    )
                    changes: dict[str, Any] = {"updated_at": now, **({"assessed_at": now} if assessed else {})}
                    c.execute(update(sessions).where(sessions.c.id == session_id).values(**changes))
                    return Appended(Event(number, kind, payload, now), replayed=False)
        except IntegrityError:
            if seq is None:  # another writer took the next number first: the caller may retry
                raise ConflictError(
                    "seq", "another answer was stored at the same moment", hint="Send it again."
                ) from None
            number = seq  # a concurrent copy of this request (a retry racing the original) won
        return self._replay(session_id, number, kind, body)

    def _next_seq(self, c: Connection, session_id: str) -> int:
        found = c.execute(select(sessions.c.id).where(sessions.c.id == session_id)).first()
        if found is None:
            raise NotFoundError("session", session_id)
        last = c.execute(select(func.max(events.c.seq)).where(events.c.session_id == session_id)).scalar()
        return 0 if last is None else int(last) + 1

    def _replay(self, session_id: str, seq: int, kind: str, body: str) -> Appended:
        with self._transaction() as c:
            row = c.execute(select(events).where(events.c.session_id == session_id, events.c.seq == seq)).first()
        if row is None:
            raise NotFoundError("session", session_id)
        if row.kind != kind or row.payload != body:
            raise ConflictError(
                "seq",
                f"number {seq} is already a different answer",
                hint="Fetch the session (GET /v1/sessions/{id}) and send the next number.",
            )
        return Appended(_event(row), replayed=True)

    def delete_session(self, session_id: str) -> None:
        """Erase a session with everything stored about it (its events and feedback)."""
        with self._transaction() as c:
            self._erase(c, [session_id])
            found = c.execute(delete(sessions).where(sessions.c.id == session_id)).rowcount
        if not found:
            raise NotFoundError("session", session_id)

    def purge(self, before: datetime) -> int:
        """Erase every session not changed since ``before``; how many were erased."""
        with self._transaction() as c:
            old: list[str] = list(c.execute(select(sessions.c.id).where(sessions.c.updated_at < before)).scalars())
            for start in range(0, len(old), 500):  # stay under bound-parameter limits
                chunk = old[start : start + 500]
                self._erase(c, chunk)
                c.execute(delete(sessions).where(sessions.c.id.in_(chunk)))
        return len(old)

    @staticmethod
    def _erase(c: Connection, session_ids: list[str]) -> None:
        # Explicit, not only ON DELETE CASCADE: the same on every backend and connection setting.
        c.execute(delete(events).where(events.c.session_id.in_(session_ids)))
        c.execute(delete(feedback).where(feedback.c.session_id.in_(session_ids)))

    # -- feedback ---------------------------------------------------------------------------

    def add_feedback(
        self,
        *,
        kind: str,
        message: str,
        snapshot: Mapping[str, Any],
        session_id: str | None = None,
        page: str | None = None,
        now: datetime | None = None,
    ) -> FeedbackRecord:
        record = FeedbackRecord(new_id(), now or utcnow(), session_id, page, kind, message, snapshot)
        try:
            with self._transaction() as c:
                c.execute(
                    insert(feedback).values(
                        id=record.id,
                        created_at=record.created_at,
                        session_id=session_id,
                        page=page,
                        kind=kind,
                        message=message,
                        snapshot=_dump(snapshot),
                    )
                )
        except IntegrityError:  # the session was erased meanwhile
            raise NotFoundError("session", session_id or "") from None
        return record

    def feedback(self, limit: int | None = None) -> list[FeedbackRecord]:
        """Feedback reports, newest first."""
        query = select(feedback).order_by(feedback.c.created_at.desc(), feedback.c.id)
        with self._transaction() as c:
            rows = c.execute(query.limit(limit) if limit else query).all()
        return [
            FeedbackRecord(r.id, _aware(r.created_at), r.session_id, r.page, r.kind, r.message, json.loads(r.snapshot))
            for r in rows
        ]


def _dump(payload: Mapping[str, Any]) -> str:
    # Canonical, so that a retried request compares equal to the stored one.
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_iso)


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored as JSON")


def _event(row: Any) -> Event:
    return Event(int(row.seq), str(row.kind), json.loads(row.payload), _aware(row.created_at))


def _aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
