"""Random corruptions of the knowledge pack's YAML all give a clean `KnowledgePackError` naming
the file and the field, never a traceback and never a pack that loads (hazard H8).

Each example corrupts one file of a copy of the shipped pack in one of these ways: a required
key deleted, a value of the wrong type, a probability out of range, a reference to an id that
does not exist, an id defined twice, a YAML syntax error, the file emptied. A truncation at a
random point is checked more weakly (a clean error naming files of the pack, or a pack that
still loads), because a cut between two items leaves a shorter valid file: the problems then
appear where the lost ids are used, and a file cut after its last item still loads.
"""

from __future__ import annotations

import copy
import math
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from anklecheck.errors import KnowledgePackError, Problem
from anklecheck.kb import default_root, load_pack
from anklecheck.kb.schema import Condition, Finding, Group, PackMeta, Rule, Source, Topic

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Per test; each example loads the whole pack (about 0.3 s). A longer hunt:
# ANKLECHECK_MUTATION_EXAMPLES=1000 .venv/bin/python -m pytest tests/kb/test_pack_mutations.py
EXAMPLES = int(os.environ.get("ANKLECHECK_MUTATION_EXAMPLES", "40"))
WRONG = {"corrupted": [1, 2]}  # fits no field: not a string, number, list or model
BAD_PROBABILITIES = [0.0, 1.0, 1.5, -0.2, 42, math.nan, math.inf]
# Where each kind of file keeps its items, and their model.
KINDS: dict[str, tuple[str | None, type[BaseModel]]] = {
    "conditions": (None, Condition),
    "findings": ("findings", Finding),
    "sources": ("sources", Source),
    "advice": ("topics", Topic),
    "rules": ("rules", Rule),
    "groups.yaml": ("groups", Group),
    "pack.yaml": ("pack", PackMeta),
}
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@dataclass(frozen=True)
class Target:
    """A file of the pack, its parsed YAML and the item inside it that a mutation changes."""

    name: str  # relative to the pack root, as problems name it
    data: Any
    key: str | None  # the list the items are under (None: the file is one item)
    model: type[BaseModel]

    def items(self) -> list[Any]:
        if self.key is None:
            return [self.data]
        found = self.data[self.key]
        return found if isinstance(found, list) else [found]


@cache
def files() -> list[str]:
    root = default_root()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


def target(name: str) -> Target:
    data = yaml.load(_pristine(name), Loader=LOADER)
    key, model = KINDS[name.split("/")[0]]
    return Target(name, data, key, model)


@cache
def _pristine(name: str) -> str:
    return (default_root() / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pack_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pack") / "knowledge"
    shutil.copytree(default_root(), root)
    return root


@pytest.fixture
def restore(pack_root: Path) -> Iterator[list[Path]]:
    """Files a test writes; after each example, the pristine copies are put back."""
    written: list[Path] = []
    yield written
    _restore(pack_root, written)


def _restore(root: Path, written: list[Path]) -> None:
    for path in written:
        original = default_root() / path.relative_to(root)
        if original.exists():
            shutil.copyfile(original, path)
        else:
            path.unlink(missing_ok=True)
    written.clear()


def _write(root: Path, written: list[Path], name: str, data: Any) -> None:
    path = root / name
    written.append(path)
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    path.write_text(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _problems(root: Path) -> tuple[Problem, ...]:
    with pytest.raises(KnowledgePackError) as caught:  # any other exception fails the test as it is
        load_pack(root)
    return caught.value.problems


def _named(problems: tuple[Problem, ...], file: str, field: str | None) -> bool:
    return any(p.file == file and (field is None or field in p.path) for p in problems)


def _paths(node: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path to a value below the node (dict keys and list indices)."""
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield (*here, key)
        yield from _paths(child, (*here, key))


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


# -- the mutations: each returns the name of the file it broke and the field a problem must name --


def _delete_required(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    required = [name for name, info in t.model.model_fields.items() if info.is_required()]
    item = draw(st.sampled_from(t.items()))
    key = draw(st.sampled_from(required))
    item.pop(key, None)
    _write(root, written, t.name, t.data)
    return t.name, key


def _wrong_type(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    index = draw(st.integers(0, len(t.items()) - 1))
    item = t.items()[index]
    path = draw(st.sampled_from(list(_paths(item))))
    _set(item, path, copy.deepcopy(WRONG))
    _write(root, written, t.name, t.data)
    return t.name, str(path[0])


def _bad_probability(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    spots = [
        (item, path)
        for item in t.items()
        for path in _paths(item)
        if path[-1] in ("leak", "p", "threshold") or (len(path) == 2 and path[0] == "likelihoods")
    ]
    if not spots:  # nothing probabilistic in this file: break a probability of a condition instead
        return _bad_probability(draw, target("conditions/gout.yaml"), root, written)
    item, path = draw(st.sampled_from(spots))
    if isinstance(path[-1], str) and path[-1] != "p" and isinstance(_get(item, path), dict):
        path = (*path, "p")
    _set(item, path, draw(st.sampled_from(BAD_PROBABILITIES)))
    _write(root, written, t.name, t.data)
    return t.name, str(path[0]) if path[0] != "triage" else "triage"


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _unknown_reference(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    item = draw(st.sampled_from(t.items()))
    fields = [f for f in ("likelihoods", "implies", "about", "related", "applies_to", "source", "sources") if f in item]
    if not fields:
        return _unknown_reference(draw, target("conditions/gout.yaml"), root, written)
    field = draw(st.sampled_from(fields))
    if isinstance(item[field], dict):
        item[field]["no_such_finding_zz"] = 0.5
    else:
        item[field] = [*item[field], "no_such_id_zz"]
    _write(root, written, t.name, t.data)
    return t.name, field


def _duplicate_id(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    if t.key is None:  # one condition per file: the same condition again under another file name
        name = t.name.replace(".yaml", "_copy.yaml")
        _write(root, written, name, t.data)
        return name, None
    if t.name == "pack.yaml":
        return _duplicate_id(draw, target("findings/skin.yaml"), root, written)
    item = draw(st.sampled_from(t.items()))
    t.data[t.key].append(copy.deepcopy(item))
    _write(root, written, t.name, t.data)
    return t.name, str(item["id"])


def _syntax_error(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    path = root / t.name
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    # Before a line where a key starts: inside a quoted text that runs over several lines, the
    # broken line would only be more text.
    at = draw(st.sampled_from([*_key_lines(text), len(lines)]))
    broken = draw(st.sampled_from(["]: [\n", "key: [unclosed\n", "\t- tab: indented\n", "{{ template }}: x\n"]))
    written.append(path)
    path.write_text("".join([*lines[:at], broken, *lines[at:]]), encoding="utf-8")
    return t.name, None


def _key_lines(text: str) -> list[int]:
    """The lines (0-based) where a mapping key of the YAML starts."""
    found: set[int] = set()
    nodes = [yaml.compose(text, Loader=LOADER)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                found.add(key.start_mark.line)
                nodes.append(value)
        elif isinstance(node, yaml.SequenceNode):
            nodes.extend(node.value)
    return sorted(found)


def _emptied(draw: st.DrawFn, t: Target, root: Path, written: list[Path]) -> tuple[str, str | None]:
    path = root / t.name
    written.append(path)
    path.write_text(draw(st.sampled_from(["", "\n", "# nothing left\n"])), encoding="utf-8")
    return t.name, None


MUTATIONS = [
    _delete_required,
    _wrong_type,
    _bad_probability,
    _unknown_reference,
    _duplicate_id,
    _syntax_error,
    _emptied,
]


@SETTINGS
@given(data=st.data())
def test_every_corruption_is_a_clean_pack_error(pack_root: Path, restore: list[Path], data: st.DataObject) -> None:
    try:
        mutation = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        chosen = target(data.draw(st.sampled_from(files()), label="file"))
        file, field = mutation(data.draw, chosen, pack_root, restore)
        problems = _problems(pack_root)
        assert _named(problems, file, field), (file, field, [str(p) for p in problems])
    finally:
        _restore(pack_root, restore)


@SETTINGS
@given(data=st.data())
def test_a_truncated_file_is_a_clean_error_or_a_pack_that_loads(
    pack_root: Path, restore: list[Path], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(files()), label="file")
    path = pack_root / name
    text = path.read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(text) - 1), label="cut")
    restore.append(path)
    try:
        path.write_text(text[:cut], encoding="utf-8")
        try:
            load_pack(pack_root)
        except KnowledgePackError as error:
            problems = error.problems
        else:
            return  # cut after the last required field: still a valid pack
        # A cut between two items leaves a shorter, valid file: the problems are then where the
        # lost ids are used (a source cited elsewhere), so they may name other files; each names one.
        assert problems
        assert all(p.file and (pack_root / p.file).exists() for p in problems), [str(p) for p in problems]
    finally:
        _restore(pack_root, restore)


def test_the_mutations_cover_every_kind_of_file() -> None:
    kinds = {name.split("/")[0] for name in files()}
    assert kinds == set(KINDS)
