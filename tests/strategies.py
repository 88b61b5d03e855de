"""Hypothesis strategies for fuzzing the free-text intake and the API's payloads, shared by the
CI tests (tests/intake/test_fuzz.py, tests/api/test_payload_fuzz.py, small budgets) and the long
run (benchmarks/fuzz.py, 100,000 inputs)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from anklecheck.kb.loader import KnowledgePack

CUES = [
    "no", "not", "never", "without", "denies", "but", "maybe", "might", "my son", "my mum", "last year",
    "used to", "I'm 34", "aged 70", "female", "male", "3 days", "72 hours", "6 weeks", "since yesterday",
    "can't", "cannot", "isn't", "hardly", "a bit", "really", "very", "!!!", "?", ",", ".", "\n", "&", ";",
]  # fmt: skip
ODD = [
    "\x00", "\u200b", "\u202e", "\ufeff", "<script>alert(1)</script>", "<b>", "&amp;", "🦶", "🔥", "踝", "é",
    "ﬁ", "\t", "\r\n", "'", '"', "\\", "%s", "{}", "💥" * 20, "a" * 300, "9" * 40, "-1 years", "1e309",
]  # fmt: skip
# JSON has no NaN or infinity: a client cannot send them.
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | FLOATS | st.text(max_size=40)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)


def phrases(pack: KnowledgePack) -> list[str]:
    found = {p for f in pack.findings.values() for p in (*f.phrases, *f.absent_phrases)}
    return sorted(found)


def texts(pack: KnowledgePack, max_words: int = 60) -> st.SearchStrategy[str]:
    """Complaints made of the pack's own phrases, cues and odd characters (so that the matcher,
    negation and numbers are really exercised), and plain random Unicode."""
    word = st.sampled_from(phrases(pack)) | st.sampled_from(CUES) | st.sampled_from(ODD) | st.text(max_size=12)
    soup = st.lists(word, min_size=1, max_size=max_words).map(" ".join)
    return soup | st.text(max_size=400) | st.text(alphabet=st.characters(codec="utf-8"), max_size=2000)


def bodies(pack: KnowledgePack) -> st.SearchStrategy[dict[str, Any]]:
    """Request bodies near the API's schemas: the right keys with right, wrong and odd values,
    so that most reach the engine and the rest probe validation."""
    findings = sorted(pack.findings)
    groups = sorted(pack.groups)
    evidence = st.fixed_dictionaries(
        {"id": st.sampled_from(findings) | st.text(max_size=20)},
        optional={"choice_id": st.sampled_from(["present", "absent", "unknown"]) | JSON_SCALARS},
    )
    values: dict[str, st.SearchStrategy[Any]] = {
        "age": st.integers(-5, 130) | st.fixed_dictionaries({"value": st.integers(-1, 200)}) | JSON_SCALARS,
        "sex": st.sampled_from(["female", "male"]) | JSON_SCALARS,
        "evidence": st.lists(evidence, max_size=12) | JSON,
        "text": texts(pack, 20) | JSON_SCALARS,
        "target": st.sampled_from(sorted(pack.conditions)) | st.text(max_size=20),
        "symptoms_began": st.sampled_from(["2026-11-01T08:00:00Z", "2026-13-01", "yesterday"]) | JSON_SCALARS,
        "seq": st.integers(-2, 40) | JSON_SCALARS,
        "question_id": st.sampled_from([*groups, *findings[:40], "age", "sex"]) | st.text(max_size=20),
        "answer": st.lists(st.sampled_from(findings), max_size=4) | JSON_SCALARS | st.integers(0, 120),
        "progress": st.sampled_from(["better", "same", "worse"]) | JSON_SCALARS,
        "kind": st.sampled_from(["wrong_result", "unclear_text", "content_error", "other"]) | JSON_SCALARS,
        "message": st.text(min_size=1, max_size=200) | JSON_SCALARS,
        "page": st.text(max_size=50) | st.none(),
        "seen": JSON,
    }
    return st.dictionaries(st.sampled_from(sorted(values)), JSON, max_size=2).flatmap(
        lambda extra: st.fixed_dictionaries({}, optional=values).map(lambda body: {**extra, **body})
    )


# -- sending a fuzzed request to the app -----------------------------------------------------------

# (method, path): {id} is a stored session's id, or a random one.
ENDPOINTS = [
    ("POST", "/v1/parse"),
    ("POST", "/v1/diagnosis"),
    ("POST", "/v1/triage"),
    ("POST", "/v1/explain"),
    ("POST", "/v1/sessions"),
    ("POST", "/v1/sessions/{id}/answers"),
    ("POST", "/v1/sessions/{id}/undo"),
    ("POST", "/v1/sessions/{id}/followup"),
    ("POST", "/v1/feedback"),
    ("GET", "/v1/sessions/{id}"),
    ("GET", "/v1/sessions/{id}/result"),
    ("GET", "/v1/sessions/{id}/fhir"),
]
# Documented answers (docs/api.md): a session id with a "/" in it reaches another route, whose
# answer to that method is a 405 in the one error shape.
STATUSES = {200, 201, 204, 404, 405, 409, 413, 422}
ERROR_KEYS = {"code", "message", "field", "hint"}


def session_ids(stored: str) -> st.SearchStrategy[str]:
    return st.just(stored) | st.text(max_size=70)


def problem_with(response: Any) -> str | None:
    """What is wrong with an answer of the app to a fuzzed request (None: nothing): a server
    error, an undocumented status, or an error not in the one error shape."""
    status = response.status_code
    if status not in STATUSES:
        return f"status {status}: {response.text[:300]}"
    if status == 204:
        return None
    try:
        data = response.json()
    except ValueError:
        return f"status {status} with a body that is not JSON: {response.text[:200]}"
    if status >= 400 and (set(data) != {"error"} or set(data["error"]) != ERROR_KEYS):
        return f"status {status} not in the error shape: {data}"
    return None


def send(client: Any, method: str, path: str, session_id: str, body: dict[str, Any]) -> Any:
    from urllib.parse import quote

    url = path.replace("{id}", quote(session_id, safe="") or "%20")
    return client.get(url) if method == "GET" else client.post(url, json=body)
