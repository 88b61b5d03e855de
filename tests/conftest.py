from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from anklecheck import Checker
from anklecheck.kb import KnowledgePack, default_root, load_pack

REPO = Path(__file__).resolve().parents[1]
VIGNETTES = REPO / "vignettes"


@pytest.fixture(scope="session")
def pack() -> KnowledgePack:
    return load_pack()


@pytest.fixture(scope="session")
def checker(pack: KnowledgePack) -> Checker:
    return Checker(pack)


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge pack."""
    target = tmp_path / "knowledge"
    shutil.copytree(default_root(), target)
    return target


Editor = Callable[[Path, str, Callable[[object], object]], None]


@pytest.fixture
def edit_yaml() -> Editor:
    """Load a YAML file of a pack copy, change it in place with a function, write it back."""

    def edit(root: Path, name: str, change: Callable[[object], object]) -> None:
        path = root / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)  # mutates data; a return value (e.g. of dict.pop) is ignored
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    return edit
