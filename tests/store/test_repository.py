"""Sessions as numbered events and feedback, on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect

from anklecheck.errors import ConflictError, NotFoundError, StorageError
from anklecheck.store import db
from anklecheck.store.repository import Store

START = {"answers": [["age", 40], ["sex", "female"]]}


def test_migrations_create_the_schema_once(database_url: str) -> None:
    first = Store(database_url)
    second = Store(database_url)  # the second start finds the schema up to date
    tables = set(inspect(second.engine).get_table_names())
    assert {"sessions", "events", "feedback", "alembic_version"} <= tables
    first.close()
    second.close()


def test_sqlite_runs_in_wal_mode(tmp_path: object) -> None:
    store = Store(f"sqlite:///{tmp_path}/wal.db")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


def test_a_session_id_is_128_random_bits(store: Store) -> None:
    ids = {store.create_session(START).id for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) == 22 for i in ids)  # 16 bytes, URL-safe base64 without padding


def test_events_are_numbered_and_read_back_in_order(store: Store) -> None:
    began = datetime(2025, 4, 28, 9, tzinfo=UTC)
    session = store.create_session(START, symptoms_began=began)
    store.append(session.id, 1, "answer", {"question": "main_complaint", "value": ["complaint_pain"]})
    store.append(session.id, None, "undo", {})
    read = store.session(session.id)
    assert [(e.seq, e.kind) for e in read.events] == [(0, "start"), (1, "answer"), (2, "undo")]
    assert read.events[0].payload == START
    assert read.symptoms_began == began
    assert read.next_seq == 3


def test_a_retry_is_not_stored_twice_and_a_different_answer_conflicts(store: Store) -> None:
    session = store.create_session(START)
    answer = {"question": "warning_signs", "value": []}
    assert store.append(session.id, 1, "answer", answer).replayed is False
    assert store.append(session.id, 1, "answer", dict(answer)).replayed is True
    with pytest.raises(ConflictError, match="already a different answer"):
        store.append(session.id, 1, "answer", {"question": "warning_signs", "value": ["fever"]})
    with pytest.raises(ConflictError, match="next answer is number 2"):
        store.append(session.id, 5, "answer", answer)
    assert len(store.session(session.id).events) == 2


def test_concurrent_copies_of_one_answer_store_it_once(store: Store) -> None:
    session = store.create_session(START)
    results: list[object] = []

    def send() -> None:
        try:
            results.append(store.append(session.id, 1, "answer", {"question": "sex", "value": "male"}).replayed)
        except Exception as exc:  # collected: the test fails on any
            results.append(exc)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(str, results)) == ["False"] + ["True"] * 7
    assert len(store.session(session.id).events) == 2


def test_assessed_and_updated_times_are_kept(store: Store) -> None:
    session = store.create_session(START, now=datetime(2025, 5, 1, tzinfo=UTC))
    later = datetime(2025, 5, 2, tzinfo=UTC)
    store.append(session.id, None, "answer", {"question": "x", "value": None}, assessed=True, now=later)
    read = store.session(session.id)
    assert read.assessed_at == later
    assert read.updated_at == later


def test_unknown_sessions_are_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.session("nope")
    with pytest.raises(NotFoundError):
        store.append("nope", None, "undo", {})
    with pytest.raises(NotFoundError):
        store.delete_session("nope")


def test_delete_erases_the_session_its_events_and_its_feedback(store: Store) -> None:
    session = store.create_session(START)
    kept = store.create_session(START)
    store.add_feedback(kind="other", message="gone", snapshot={"x": 1}, session_id=session.id)
    store.add_feedback(kind="unclear_text", message="kept", snapshot={}, page="/results")
    store.delete_session(session.id)
    with pytest.raises(NotFoundError):
        store.session(session.id)
    assert [f.message for f in store.feedback()] == ["kept"]
    assert store.session(kept.id).events


def test_purge_erases_sessions_untouched_since_the_cutoff(store: Store) -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    old = store.create_session(START, now=now - timedelta(days=40))
    recent = store.create_session(START, now=now - timedelta(days=40))
    store.append(recent.id, None, "undo", {}, now=now - timedelta(days=1))
    assert store.purge(now - timedelta(days=30)) == 1
    with pytest.raises(NotFoundError):
        store.session(old.id)
    assert store.session(recent.id).id == recent.id


def test_feedback_keeps_its_snapshot_newest_first(store: Store) -> None:
    session = store.create_session(START)
    now = datetime(2025, 6, 1, tzinfo=UTC)
    store.add_feedback(
        kind="wrong_result", message="first", snapshot={"triage": "self_care"}, session_id=session.id, now=now
    )
    store.add_feedback(
        kind="content_error",
        message="ünïcödé ✓ 🦶",
        snapshot={},
        page="/conditions/gout",
        now=now + timedelta(seconds=1),
    )
    reports = store.feedback()
    assert [r.message for r in reports] == ["ünïcödé ✓ 🦶", "first"]
    assert reports[1].snapshot == {"triage": "self_care"}
    assert reports[1].session_id == session.id
    assert store.feedback(limit=1)[0].page == "/conditions/gout"


def test_feedback_on_an_unknown_session_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.add_feedback(kind="other", message="x", snapshot={}, session_id="missing")


def test_an_unreachable_server_is_a_storage_error_without_the_password() -> None:
    with pytest.raises(StorageError) as caught:
        Store("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert "s3cret" not in caught.value.message


@pytest.mark.parametrize("url", ["mysql://x@y/z", "not a url"])
def test_unsupported_urls_are_storage_errors(url: str) -> None:
    with pytest.raises(StorageError):
        db.resolve_url(url)


def test_the_default_is_a_sqlite_file_in_the_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = db.resolve_url(None)
    assert url.get_backend_name() == "sqlite"
    assert str(url.database).startswith(str(tmp_path))


def test_new_ids_never_read_as_a_command_line_option() -> None:
    from anklecheck.store.repository import new_id

    ids = [new_id() for _ in range(2000)]
    assert not any(i.startswith("-") for i in ids)
    assert len(set(ids)) == len(ids)
