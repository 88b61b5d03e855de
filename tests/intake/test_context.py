"""The ConText reader: built without PyTorch, which spaCy's thinc would otherwise import."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

BUILD_AND_REPORT = """
import sys
from anklecheck.intake.context import ContextReader, Mention
from anklecheck.intake.rules import load_rules
reader = ContextReader(load_rules())
text = "no swelling"
[modifiers] = reader.read(text, [Mention(start=3, end=11)])
loaded = "torch" in sys.modules
import torch  # still importable afterwards, for the semantic fallback
print(modifiers.negated, loaded, __import__("thinc.compat").compat.has_torch)
"""


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="PyTorch is not installed here")
def test_the_reader_leaves_pytorch_unloaded_and_importable() -> None:
    result = subprocess.run([sys.executable, "-c", BUILD_AND_REPORT], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False"]
