"""The one exception tree of anklecheck.

Every error that the core raises on purpose derives from :class:`AnklecheckError`; each edge
(the CLI, the REST API in ``api/errors.py``, later the web app) turns it into its one error shape.
Each carries a ``hint`` that tells the person what to do about it.

::

    AnklecheckError
    ├── KnowledgePackError      the YAML pack is broken: .problems lists every problem found
    ├── UnknownIdError          a condition or finding id that the pack does not know (+ suggestions)
    ├── InvalidInputError       a value outside what the core accepts (age, sex, evidence)
    ├── EvaluationError         an evaluation case file that cannot be read (+ file and line)
    ├── NotFoundError           a stored session or feedback id that does not exist (or was erased)
    ├── ConflictError           an answer numbered like a different answer already stored (a retry
    │                           with the same number and content is not an error)
    └── StorageError            the database cannot be reached, opened or migrated
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class AnklecheckError(Exception):
    """Base of every error anklecheck raises on purpose."""

    hint: str = ""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        if hint:
            self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One problem in the knowledge pack: which file, which field, what is wrong."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}: " if self.path else f"{self.file}: "
        return where + self.message


class KnowledgePackError(AnklecheckError):
    """The knowledge pack failed validation; ``problems`` lists all problems at once."""

    hint = "Fix the listed fields in the knowledge pack, then run `anklecheck kb check`."

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the knowledge pack has {count} problem{'s' if count != 1 else ''}:\n{lines}")


class UnknownIdError(AnklecheckError):
    """An id that names no condition or finding in the pack."""

    def __init__(self, kind: str, value: str, suggestions: Sequence[str] = ()) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = tuple(suggestions)
        hint = (
            "Did you mean: " + ", ".join(self.suggestions) + "?"
            if self.suggestions
            else f"List the valid ids with `anklecheck {kind}s`."
        )
        super().__init__(f"unknown {kind} id {value!r}", hint=hint)


class InvalidInputError(AnklecheckError):
    """A value the core cannot accept, such as an age of 300."""

    def __init__(self, field: str, message: str, *, hint: str = "") -> None:
        self.field = field
        super().__init__(f"{field}: {message}", hint=hint)


class EvaluationError(AnklecheckError):
    """An evaluation case file that cannot be read."""

    hint = "Each line must be one JSON case as described in docs/evaluation.md."


class NotFoundError(AnklecheckError):
    """A stored record (a session, a feedback report) that does not exist, or no longer does."""

    def __init__(self, kind: str, value: str) -> None:
        self.kind = kind
        self.value = value
        super().__init__(
            f"no {kind} with id {value!r}",
            hint=f"Check the id; {kind}s are erased on request and purged after the retention period.",
        )


class ConflictError(AnklecheckError):
    """A write that contradicts what is already stored, e.g. a different answer at the same place."""

    def __init__(self, field: str, message: str, *, hint: str = "") -> None:
        self.field = field
        super().__init__(f"{field}: {message}", hint=hint)


class StorageError(AnklecheckError):
    """The database cannot be reached, opened or migrated (the message never includes a password)."""

    hint = "Check ANKLECHECK_DATABASE_URL and that the database server is running."
