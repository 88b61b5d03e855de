"""Settings in one declarative place, read from the environment only when asked for.

| variable                     | meaning                                              | default      |
|------------------------------|------------------------------------------------------|--------------|
| ANKLECHECK_KNOWLEDGE_PATH    | folder of a knowledge pack to use instead of the shipped one | shipped pack |
| ANKLECHECK_MODEL             | inference model: naive_bayes or noisy_or             | naive_bayes  |
| ANKLECHECK_EVIDENCE_WEIGHT   | weight of the evidence against the priors (0 < w <= 3) | 1.0        |
| ANKLECHECK_TOP               | how many ranked conditions an assessment lists       | 10           |
| ANKLECHECK_SEMANTIC          | 1: free text also matched by meaning (`embeddings` extra) | 0       |
| ANKLECHECK_CACHE_DIR         | where computed phrase vectors are kept               | ~/.cache/anklecheck |
| ANKLECHECK_DATABASE_URL      | where sessions and feedback live: sqlite:///… or postgresql://… | SQLite in user data |
| ANKLECHECK_RETENTION_DAYS    | sessions untouched for longer are purged (0 keeps them) | 30        |
| ANKLECHECK_MAX_BODY_BYTES    | largest request body the API accepts (413 above)     | 65536        |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from anklecheck.errors import InvalidInputError

_ENV = {
    "knowledge_path": "ANKLECHECK_KNOWLEDGE_PATH",
    "model": "ANKLECHECK_MODEL",
    "evidence_weight": "ANKLECHECK_EVIDENCE_WEIGHT",
    "top": "ANKLECHECK_TOP",
    "semantic": "ANKLECHECK_SEMANTIC",
    "cache_dir": "ANKLECHECK_CACHE_DIR",
    "database_url": "ANKLECHECK_DATABASE_URL",
    "retention_days": "ANKLECHECK_RETENTION_DAYS",
    "max_body_bytes": "ANKLECHECK_MAX_BODY_BYTES",
}


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    knowledge_path: Path | None = None
    model: Literal["naive_bayes", "noisy_or"] = "naive_bayes"
    # Measured on the development vignettes (docs/models.md): tempering the evidence improves
    # calibration (Brier) without losing top-1 accuracy.
    evidence_weight: float = Field(default=1.0, gt=0.0, le=3.0)
    top: int = Field(default=10, ge=1, le=100)
    semantic: bool = False  # off by default: the extra is optional and the lexicon alone is measured
    cache_dir: Path = Field(default_factory=lambda: Path.home() / ".cache" / "anklecheck")
    # None: a SQLite file in the user data folder (platformdirs), created on first use.
    database_url: str | None = None
    # Sessions hold health answers: keep them no longer than a follow-up needs (the longest
    # duration limit in the pack is 6 weeks, but most follow-ups are within days).
    retention_days: int = Field(default=30, ge=0, le=3650)
    # A free-text complaint is at most 10,000 characters (intake.parser.MAX_TEXT); 64 KiB leaves
    # room for its JSON escaping and a long evidence list, and nothing larger is legitimate.
    max_body_bytes: int = Field(default=65_536, ge=1_024, le=10_000_000)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values = {field: environ[name] for field, name in _ENV.items() if environ.get(name)}
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            error = exc.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else "settings"
            raise InvalidInputError(
                _ENV.get(field, field),
                str(error["msg"]),
                hint=f"Fix or unset the environment variable {_ENV.get(field, field)}.",
            ) from None
