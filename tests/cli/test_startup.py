"""`anklecheck --help` starts fast (issue 7 target: 300 ms): it imports none of the heavy
libraries, not even rich, whose help formatting alone doubled the start-up time. The time itself
is measured by benchmarks/run_all.py; this checks the cause, which does not depend on the load
of the machine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("rich", "numpy", "pydantic", "yaml", "spacy", "medspacy", "fastapi", "sqlalchemy", "fhir", "questionary")
CODE = """
import sys
sys.argv = ["anklecheck", *{args!r}]
from anklecheck.cli.app import main
try:
    main()
except SystemExit:
    pass
import json
print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


# A command's or a group's own help imports pydantic: Typer (0.29) converts parameter types with it.
@pytest.mark.parametrize(
    ("args", "allowed"), [(["--help"], set()), (["kb", "--help"], {"pydantic"}), (["export", "--help"], {"pydantic"})]
)
def test_help_imports_no_heavy_library(args: list[str], allowed: set[str]) -> None:
    result = subprocess.run([sys.executable, "-c", CODE.format(args=args)], capture_output=True, text=True, check=True)
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "Usage: anklecheck" in result.stdout
    assert sorted(loaded & set(HEAVY) - allowed) == []
