"""Settings in one declarative place, read from the environment only when asked for.

| variable                     | meaning                                              | default      |
|------------------------------|------------------------------------------------------|--------------|
| ANKLECHECK_KNOWLEDGE_PATH    | folder of a knowledge pack to use instead of the shipped one | shipped pack |
| ANKLECHECK_MODEL             | inference model: naive_bayes or noisy_or             | naive_bayes  |
| ANKLECHECK_EVIDENCE_WEIGHT   | weight of the evidence against the priors (0 < w <= 3) | 1.0        |
| ANKLECHECK_TOP               | how many ranked conditions an assessment lists       | 10           |
| ANKLECHECK_SEMANTIC          | 1: free text also matched by meaning (`embeddings` extra) | 0       |
| ANKLECHECK_CACHE_DIR         | where computed phrase vectors are kept               | ~/.cache/anklecheck |
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
