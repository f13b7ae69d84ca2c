"""The house in layers (docs/layers.md): every import between apps, at module level or inside a
function, goes down the order kept in pyproject.toml's import-linter contract, and every app is
placed in it. (``make lint`` runs the contract with import-linter; this test reads every import
with ``ast`` too, so the rule holds under ``make test`` alone and for any import form.)"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "picoclinic"
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LAYERS = next(c for c in CONTRACTS["contracts"] if c["type"] == "layers")["layers"]
RANK = {app: len(LAYERS) - i for i, app in enumerate(LAYERS)}  # the bottom layer ranks 1
APPS = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())


def _app_imports(path: Path) -> list[tuple[int, str]]:
    """(line, app imported) for every import of a picoclinic package in ``path``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "picoclinic" and parts[1] in APPS:
                found.add((node.lineno, parts[1]))
    return sorted(found)


def test_every_app_has_its_place_in_the_layers():
    assert sorted(LAYERS) == APPS


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_its_own_layer_and_those_below(app):
    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in sorted((PACKAGE / app).rglob("*.py"))
        for line, other in _app_imports(path)
        if RANK.get(other, 0) > RANK[app]
    ]
    assert upward == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from picoclinic.home.views import today\n")
    assert _app_imports(probe) == [(2, "home")]
