"""Check the pack's ICD-10-CM codes against the official code list (simple-icd-10-cm).

Kept apart from the loader so that loading the pack does not load the whole code list.
"""

from __future__ import annotations

from anklecheck.errors import Problem
from anklecheck.kb.loader import KnowledgePack


def icd10_problems(pack: KnowledgePack) -> list[Problem]:
    import simple_icd_10_cm as icd  # the full code list: imported only when checking codes

    problems = []
    for condition in pack.conditions.values():
        file = f"conditions/{condition.id}.yaml"
        for field, code in [("icd10", condition.icd10), *(("icd10_also", c) for c in condition.icd10_also)]:
            if not icd.is_valid_item(code):
                problems.append(Problem(file, field, f"{code!r} is not in the ICD-10-CM code list"))
    return problems
