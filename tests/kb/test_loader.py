"""The pack loader reports every problem at once, each with its file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from anklecheck.errors import KnowledgePackError
from anklecheck.kb import load_pack

from ..conftest import Editor


def problems_of(root: Path) -> list[str]:
    with pytest.raises(KnowledgePackError) as caught:
        load_pack(root)
    return [str(p) for p in caught.value.problems]


def test_shipped_pack_loads(pack) -> None:
    assert len(pack.conditions) >= 49
    assert len(pack.findings) >= 150
    assert pack.rules


def test_probability_outside_0_1_names_file_and_field(pack_copy: Path, edit_yaml: Editor) -> None:
    def change(data: Any) -> None:
        first = next(iter(data["likelihoods"]))
        data["likelihoods"][first] = 1.4

    edit_yaml(pack_copy, "conditions/dvt.yaml", change)
    problems = problems_of(pack_copy)
    assert len(problems) == 1
    assert problems[0].startswith("conditions/dvt.yaml: likelihoods.")
    assert "1.4 is not a probability" in problems[0]


def test_missing_field(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data.pop("summary"))  # type: ignore[union-attr]
    assert problems_of(pack_copy) == ["conditions/gout.yaml: summary: is missing (required)"]


def test_unknown_finding_suggests_close_ids(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data["likelihoods"].update({"joint_hot_red_swolen": 0.9}))  # type: ignore[index]
    (problem,) = problems_of(pack_copy)
    assert problem.startswith("conditions/gout.yaml: likelihoods.joint_hot_red_swolen: unknown finding")
    assert "joint_hot_red_swollen" in problem


def test_bad_icd10_shape(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data.update({"icd10": "m10.07"}))  # type: ignore[union-attr]
    (problem,) = problems_of(pack_copy)
    assert problem.startswith("conditions/gout.yaml: icd10: ")
    assert "upper case" in problem


def test_icd10_not_in_official_list(pack_copy: Path, edit_yaml: Editor) -> None:
    from anklecheck.kb.codes import icd10_problems

    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data.update({"icd10": "M10.99"}))  # type: ignore[union-attr]
    problems = [str(p) for p in icd10_problems(load_pack(pack_copy))]
    assert problems == ["conditions/gout.yaml: icd10: 'M10.99' is not in the ICD-10-CM code list"]


def test_duplicate_id(pack_copy: Path, edit_yaml: Editor) -> None:
    def duplicate(data: Any) -> None:
        data["findings"].append(dict(data["findings"][0]))

    edit_yaml(pack_copy, "findings/skin.yaml", duplicate)
    (problem,) = problems_of(pack_copy)
    assert "duplicate finding id" in problem
    assert problem.startswith("findings/skin.yaml: ")


def test_every_problem_is_reported_not_just_the_first(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data.pop("summary"))  # type: ignore[union-attr]
    edit_yaml(pack_copy, "conditions/dvt.yaml", lambda data: data["prior"].update({"weight": -1}))  # type: ignore[index]
    edit_yaml(pack_copy, "sources/core.yaml", lambda data: data["sources"][0].update({"kind": "blog"}))  # type: ignore[index]
    problems = problems_of(pack_copy)
    assert len(problems) >= 3
    files = {p.split(":")[0] for p in problems}
    assert {"conditions/gout.yaml", "conditions/dvt.yaml", "sources/core.yaml"} <= files


def test_unknown_source_reference(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "conditions/gout.yaml", lambda data: data["sources"].append("no_such_source"))  # type: ignore[index]
    (problem,) = problems_of(pack_copy)
    assert problem == "conditions/gout.yaml: sources: unknown source 'no_such_source'"


def test_file_name_must_match_id(pack_copy: Path) -> None:
    (pack_copy / "conditions/gout.yaml").rename(pack_copy / "conditions/gouty.yaml")
    assert problems_of(pack_copy) == ["conditions/gouty.yaml: id: 'gout' does not match the file name 'gouty'"]


def test_yaml_syntax_error_names_the_line(pack_copy: Path) -> None:
    path = pack_copy / "conditions/gout.yaml"
    path.write_text("id: [unclosed\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    (problem,) = problems_of(pack_copy)
    assert problem.startswith("conditions/gout.yaml: YAML syntax error")
    assert "line" in problem


def test_rule_example_that_does_not_fire_is_a_problem(pack_copy: Path, edit_yaml: Editor) -> None:
    def break_example(data: Any) -> None:
        data["rules"][0]["fires_on"] = [{"findings": ["itch"]}]

    edit_yaml(pack_copy, "rules/red_flags.yaml", break_example)
    problems = problems_of(pack_copy)
    assert any("fires_on[0]: the rule does not fire on this example" in p for p in problems)


def test_bad_rule_expression(pack_copy: Path, edit_yaml: Editor) -> None:
    edit_yaml(pack_copy, "rules/red_flags.yaml", lambda data: data["rules"][0].update({"when": {"either": ["fever"]}}))  # type: ignore[index]
    problems = problems_of(pack_copy)
    assert any("unknown operator 'either'" in p for p in problems)


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    problems = problems_of(tmp_path / "nowhere")
    assert problems == [f"{tmp_path / 'nowhere'}: is not a folder with a knowledge pack"]


def test_an_empty_file_is_a_problem_not_a_silent_loss(pack_copy: Path) -> None:
    # Found by tests/kb/test_pack_mutations.py: an emptied advice topic used to vanish quietly.
    (pack_copy / "advice" / "seventy_two_hour_rule.yaml").write_text("", encoding="utf-8")
    assert problems_of(pack_copy) == ["advice/seventy_two_hour_rule.yaml: is empty (a truncated or emptied file?)"]
