"""Load and validate the knowledge pack, reporting every problem at once.

Each file is validated on its own by the models of :mod:`anklecheck.kb.schema`, then the pack
is checked as a whole (ids that must exist, duplicates, rule examples). Problems are collected,
never raised one by one, so `anklecheck kb check` can list them all with file and field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from anklecheck.errors import KnowledgePackError, Problem
from anklecheck.kb import expressions
from anklecheck.kb.schema import (
    Condition,
    Finding,
    Group,
    PackMeta,
    Rule,
    Source,
    SourcedText,
    Topic,
)

Model = TypeVar("Model", bound=BaseModel)

# libyaml's C loader is about ten times faster; PyYAML built without it still works.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class CompiledRule:
    """A rule together with its parsed ``when`` expression."""

    rule: Rule
    expression: expressions.Expression
    required: frozenset[str] = frozenset()  # all of these must be present for it to fire
    positive: frozenset[str] = frozenset()  # any of these may help it fire

    def fires(self, ctx: expressions.Context) -> bool:
        return self.required <= ctx.present and self.expression(ctx)

    @cached_property
    def terms(self) -> tuple[expressions.Term, ...]:
        """Its disjunctive normal form (worked out when first needed: the interview uses it)."""
        return expressions.terms(self.expression)


@dataclass(frozen=True)
class KnowledgePack:
    """The validated pack: plain, immutable data for the engine to compile."""

    root: Path
    meta: PackMeta
    sources: Mapping[str, Source]
    groups: Mapping[str, Group]
    findings: Mapping[str, Finding]
    conditions: Mapping[str, Condition]
    rules: tuple[CompiledRule, ...]
    topics: Mapping[str, Topic]
    group_members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @cached_property
    def implications(self) -> Mapping[str, frozenset[str]]:
        """Each finding's implied findings, followed transitively (own and its group's)."""
        direct: dict[str, set[str]] = {}
        for finding in self.findings.values():
            group = self.groups.get(finding.group) if finding.group else None
            direct[finding.id] = set(finding.implies) | set(group.implies if group else ())
        closed: dict[str, frozenset[str]] = {}
        for start in direct:
            seen: set[str] = set()
            todo = list(direct[start])
            while todo:
                item = todo.pop()
                if item not in seen and item != start:
                    seen.add(item)
                    todo.extend(direct.get(item, ()))
            closed[start] = frozenset(seen)
        return closed

    @cached_property
    def red_flag_findings(self) -> frozenset[str]:
        """Findings whose presence can fire a red-flag rule."""
        return frozenset().union(
            *(expressions.positive_findings(c.expression) for c in self.rules if c.rule.kind == "red_flag")
        )


def default_root() -> Path:
    """The pack shipped inside the package."""
    return Path(str(resources.files("anklecheck").joinpath("knowledge")))


def load_pack(root: Path | None = None) -> KnowledgePack:
    """Load, validate and return the pack; raise KnowledgePackError listing every problem."""
    return _PackReader(root or default_root()).read()


class _PackReader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    # -- reading files -------------------------------------------------------------------

    def read(self) -> KnowledgePack:
        if not self.root.is_dir():
            raise KnowledgePackError([Problem(str(self.root), "", "is not a folder with a knowledge pack")])
        meta = self._read_meta()
        sources = self._read_list("sources", "sources", Source)
        groups = self._read_list("groups.yaml", "groups", Group)
        findings = self._read_list("findings", "findings", Finding)
        topics = self._read_list("advice", "topics", Topic)
        conditions = self._read_conditions()
        raw_rules = self._read_list("rules", "rules", Rule)
        if self.problems or meta is None:
            raise KnowledgePackError(self.problems)
        pack = KnowledgePack(
            root=self.root,
            meta=meta,
            sources=_by_id(sources),
            groups=_by_id(groups),
            findings=_by_id(findings),
            conditions=_by_id(conditions),
            rules=(),
            topics=_by_id(topics),
            group_members=_group_members(item for _, item in findings),
        )
        rules = self._compile_rules(raw_rules, pack)
        _CrossChecker(pack, self.problems).check(sources, groups, findings, conditions, raw_rules, topics, meta)
        if self.problems:
            raise KnowledgePackError(self.problems)
        return KnowledgePack(**{**pack.__dict__, "rules": rules})

    def _files(self, where: str) -> list[Path]:
        path = self.root / where
        if path.is_file():
            return [path]
        if not path.is_dir():
            self.problems.append(Problem(where, "", "is missing from the pack"))
            return []
        return sorted(path.glob("*.yaml"))

    def _name(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _load_yaml(self, path: Path) -> Any:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - safe loader
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            line = f"line {mark.line + 1}: " if mark is not None else ""
            self.problems.append(Problem(self._name(path), "", f"YAML syntax error, {line}{exc.problem}"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            self.problems.append(Problem(self._name(path), "", f"cannot be read: {exc}"))
        else:
            if data is not None:
                return data
            # An empty file (emptied, or truncated to nothing) would otherwise drop its items from
            # the pack without a word: a condition or an advice topic silently gone.
            self.problems.append(Problem(self._name(path), "", "is empty (a truncated or emptied file?)"))
        return None

    def _read_meta(self) -> PackMeta | None:
        path = self.root / "pack.yaml"
        if not path.is_file():
            self.problems.append(Problem("pack.yaml", "", "is missing from the pack"))
            return None
        data = self._load_yaml(path)
        if not isinstance(data, dict) or "pack" not in data:
            self.problems.append(Problem("pack.yaml", "pack", "is missing (required)"))
            return None
        return self._validate(PackMeta, data["pack"], "pack.yaml", "pack")

    def _read_list(self, where: str, key: str, model: type[Model]) -> list[tuple[str, Model]]:
        items: list[tuple[str, Model]] = []
        for path in self._files(where):
            name = self._name(path)
            data = self._load_yaml(path)
            if data is None:
                continue
            if not isinstance(data, dict) or not isinstance(data.get(key), list):
                self.problems.append(Problem(name, key, f"must be a list under the top-level key {key!r}"))
                continue
            for index, raw in enumerate(data[key]):
                label = str(raw["id"]) if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"[{index}]"
                item = self._validate(model, raw, name, label)
                if item is not None:
                    items.append((name, item))
        return items

    def _read_conditions(self) -> list[tuple[str, Condition]]:
        items: list[tuple[str, Condition]] = []
        for path in self._files("conditions"):
            name = self._name(path)
            data = self._load_yaml(path)
            if data is None:
                continue
            condition = self._validate(Condition, data, name, "")
            if condition is None:
                continue
            if condition.id != path.stem:
                self.problems.append(
                    Problem(name, "id", f"{condition.id!r} does not match the file name {path.stem!r}")
                )
            items.append((name, condition))
        return items

    def _validate(self, model: type[Model], raw: Any, file: str, prefix: str) -> Model | None:
        try:
            return model.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors():
                path = ".".join(str(part) for part in (prefix, *error["loc"]) if part != "")
                self.problems.append(Problem(file, path, _message(error)))
        return None

    def _compile_rules(self, raw_rules: list[tuple[str, Rule]], pack: KnowledgePack) -> tuple[CompiledRule, ...]:
        compiled = []
        for file, rule in raw_rules:
            found: list[tuple[str, str]] = []
            expr = expressions.parse(rule.when, f"{rule.id}.when", found)
            self.problems.extend(Problem(file, path, message) for path, message in found)
            if expr is None:
                continue
            for finding in sorted(expressions.findings_in(expr) - set(pack.findings)):
                self.problems.append(Problem(file, f"{rule.id}.when", f"unknown finding {finding!r}"))
            compiled_rule = CompiledRule(
                rule,
                expr,
                expressions.required_findings(expr),
                frozenset(expressions.positive_findings(expr)),
            )
            self._check_examples(file, compiled_rule, pack)
            compiled.append(compiled_rule)
        return tuple(compiled)

    def _check_examples(self, file: str, compiled: CompiledRule, pack: KnowledgePack) -> None:
        rule = compiled.rule
        for label, examples, expected in (("fires_on", rule.fires_on, True), ("not_on", rule.not_on, False)):
            for index, example in enumerate(examples):
                path = f"{rule.id}.{label}[{index}]"
                unknown = sorted(set(example.findings) - set(pack.findings))
                if unknown:
                    self.problems.append(Problem(file, path, f"unknown findings {unknown}"))
                    continue
                ctx = expressions.Context(frozenset(example.findings), example.age, example.sex)
                if compiled.fires(ctx) is not expected:
                    verb = "does not fire" if expected else "fires"
                    self.problems.append(Problem(file, path, f"the rule {verb} on this example"))


class _CrossChecker:
    """Checks that need the whole pack: references, duplicates."""

    def __init__(self, pack: KnowledgePack, problems: list[Problem]) -> None:
        self.pack = pack
        self.problems = problems

    def check(
        self,
        sources: list[tuple[str, Source]],
        groups: list[tuple[str, Group]],
        findings: list[tuple[str, Finding]],
        conditions: list[tuple[str, Condition]],
        rules: list[tuple[str, Rule]],
        topics: list[tuple[str, Topic]],
        meta: PackMeta,
    ) -> None:
        for kind, items in (
            ("source", sources),
            ("group", groups),
            ("finding", findings),
            ("condition", conditions),
            ("rule", rules),
            ("topic", topics),
        ):
            self._duplicates(kind, items)
        self._sources("pack.yaml", "pack.none_of_these.source", meta.none_of_these.source)
        for file, group in groups:
            self._sources(file, f"{group.id}.source", group.source)
            self._ids(file, f"{group.id}.implies", group.implies, self.pack.findings, "finding")
            if not self.pack.group_members.get(group.id):
                self.problems.append(Problem(file, group.id, "no finding belongs to this group"))
        for file, finding in findings:
            self._sources(file, f"{finding.id}.source", finding.source)
            if finding.group is not None and finding.group not in self.pack.groups:
                self.problems.append(Problem(file, f"{finding.id}.group", f"unknown group {finding.group!r}"))
            self._ids(file, f"{finding.id}.implies", finding.implies, self.pack.findings, "finding")
            if finding.id in finding.implies:
                self.problems.append(Problem(file, f"{finding.id}.implies", "a finding cannot imply itself"))
        for file, condition in conditions:
            self._condition(file, condition)
        for file, rule in rules:
            self._sources(file, f"{rule.id}.source", rule.source)
            self._ids(file, f"{rule.id}.about", rule.about, self.pack.conditions, "condition")
        for file, topic in topics:
            self._ids(file, f"{topic.id}.applies_to", topic.applies_to, self.pack.conditions, "condition")
            self._texts(file, f"{topic.id}.items", topic.items)
            for conflict in topic.conflicts:
                self._sources(file, f"{topic.id}.conflicts.{conflict.id}.source", conflict.source)

    def _condition(self, file: str, condition: Condition) -> None:
        self._sources(file, "prior.source", condition.prior.source)
        for index, modifier in enumerate(condition.prior.modifiers):
            self._sources(file, f"prior.modifiers[{index}].source", modifier.source)
        self._sources(file, "triage.source", condition.triage.source)
        self._sources(file, "likelihood_source", condition.likelihood_source)
        self._sources(file, "sources", condition.sources)
        for finding_id, entry in condition.likelihoods.items():
            if finding_id not in self.pack.findings:
                self.problems.append(
                    Problem(
                        file,
                        f"likelihoods.{finding_id}",
                        f"unknown finding {finding_id!r}{_close(finding_id, self.pack.findings)}",
                    )
                )
            if entry.source:
                self._sources(file, f"likelihoods.{finding_id}.source", entry.source)
        for name in ("self_care", "while_you_wait", "prevention", "see_doctor_if"):
            self._texts(file, name, getattr(condition, name))
        self._ids(file, "related", condition.related, self.pack.conditions, "condition")
        if condition.id in condition.related:
            self.problems.append(Problem(file, "related", "a condition cannot be related to itself"))

    def _texts(self, file: str, path: str, texts: Iterable[SourcedText]) -> None:
        for index, text in enumerate(texts):
            self._sources(file, f"{path}[{index}].source", text.source)

    def _sources(self, file: str, path: str, ids: Iterable[str]) -> None:
        self._ids(file, path, ids, self.pack.sources, "source")

    def _ids(self, file: str, path: str, ids: Iterable[str], known: Mapping[str, object], kind: str) -> None:
        for value in ids:
            if value not in known:
                self.problems.append(Problem(file, path, f"unknown {kind} {value!r}{_close(value, known)}"))

    def _duplicates(self, kind: str, items: list[tuple[str, Any]]) -> None:
        first: dict[str, str] = {}
        for file, item in items:
            if item.id in first:
                self.problems.append(Problem(file, item.id, f"duplicate {kind} id (first defined in {first[item.id]})"))
            else:
                first[item.id] = file


def _close(value: str, known: Iterable[str]) -> str:
    import difflib

    matches = difflib.get_close_matches(value, list(known), n=3)
    return f" (did you mean {', '.join(matches)}?)" if matches else ""


def _message(error: Mapping[str, Any]) -> str:
    kind = error.get("type")
    if kind == "missing":
        return "is missing (required)"
    if kind == "extra_forbidden":
        return "is not a known field"
    message = str(error.get("msg", "is invalid"))
    return message.removeprefix("Value error, ")


def _by_id(items: Iterable[tuple[str, Model]]) -> dict[str, Model]:
    result: dict[str, Model] = {}
    for _, item in items:
        result.setdefault(getattr(item, "id"), item)  # noqa: B009 - generic over models with an id
    return result


def _group_members(findings: Iterable[Finding]) -> dict[str, tuple[str, ...]]:
    members: dict[str, list[str]] = {}
    for finding in findings:
        if finding.group is not None:
            members.setdefault(finding.group, []).append(finding.id)
    return {group: tuple(ids) for group, ids in members.items()}
