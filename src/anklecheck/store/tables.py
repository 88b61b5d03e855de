"""The tables, as the newest migration leaves them (migrations/versions/ is the authority).

What is stored is only what a follow-up needs: the answers (an age only as the first year of its
band, see engine/diagnosis.py), when the symptoms began and when it was assessed. Free text is
read on arrival and never stored. Each answer is an event with a sequence number per session;
the primary key (session, seq) makes a retried POST land on the same row instead of a second one.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text

metadata = MetaData()

sessions = Table(
    "sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("symptoms_began", DateTime(timezone=True), nullable=True),
    Column("assessed_at", DateTime(timezone=True), nullable=True),
)

events = Table(
    "events",
    metadata,
    Column("session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("session_id", String(40), ForeignKey("sessions.id", ondelete="CASCADE"), nullable=True, index=True),
    Column("page", String(200), nullable=True),
    Column("kind", String(20), nullable=False),
    Column("message", Text, nullable=False),
    Column("snapshot", Text, nullable=False),
)
