"""The REST API (FastAPI): `anklecheck serve`, or `uvicorn anklecheck.api.app:create_app --factory`.

Nothing is imported until `create_app` runs; see docs/api.md."""
