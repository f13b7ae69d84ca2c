"""The clinical core imports nothing from Django or the apps: they import it, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "picoclinic" / "clinical"
MODULES = sorted(CORE.glob("*.py"))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_core_module_imports_only_the_core_and_the_standard_library(path):
    for name in _imports(path):
        top = name.split(".")[0]
        assert top != "django", f"{path.name} imports {name}"
        if top == "picoclinic":
            assert name.startswith("picoclinic.clinical"), f"{path.name} imports {name}"


def test_there_is_a_core_to_check():
    assert len(MODULES) > 10
