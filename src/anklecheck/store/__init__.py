"""Storage of sessions, follow-ups and feedback: SQLAlchemy 2 over SQLite (default, a file in the
user data folder) or PostgreSQL (``ANKLECHECK_DATABASE_URL``), migrated by the Alembic scripts in
``migrations/`` on first use. Nothing is imported until used."""
