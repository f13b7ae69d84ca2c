"""One user action = one service function: a view parses, calls one service or selector and
renders. No view module opens a transaction or writes the audit trail itself (in the spirit of
tests/clinical/test_purity.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "picoclinic"
VIEW_MODULES = sorted(
    path for path in PACKAGE.rglob("*.py") if "views" in path.stem or "views" in path.parent.name
)
FORBIDDEN = ("django.db.transaction", "picoclinic.audit.services", "picoclinic.notifications.once")


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_view_module_neither_opens_a_transaction_nor_writes_the_audit_trail(path):
    found = {name for name in _imported_names(path) if name.startswith(FORBIDDEN)}
    assert found == set()


def test_the_check_sees_both_kinds_of_import(tmp_path):
    probe = tmp_path / "views.py"
    probe.write_text(
        "from django.db import transaction\n"
        "def f():\n    from picoclinic.audit.services import audit_record\n"
    )
    assert {n for n in _imported_names(probe) if n.startswith(FORBIDDEN)} == {
        "django.db.transaction",
        "picoclinic.audit.services.audit_record",
    }


def test_there_are_views_to_check():
    assert len(VIEW_MODULES) > 20
