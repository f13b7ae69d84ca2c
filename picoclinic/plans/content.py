"""The content of a plan that an approval signs, as canonical JSON and its SHA-256.

Canonical: keys sorted, no whitespace, decimals written with their model's fixed places, items
in plan order. The same content always hashes the same on SQLite and PostgreSQL; any change to
an item (protocol, settings, sessions, interval, reason, adjuncts, texts), to the price or
package, or to the doctor's instructions changes the hash. The estimate snapshot and the
workflow fields (status, version, review reasons) are not content: they describe the plan,
they are not what the doctor signs.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from picoclinic.plans.instructions import instruction_content, plan_instructions
from picoclinic.plans.models import PlanItem, TreatmentPlan

ITEM_FIELDS = (
    "areas",
    "goals",
    "expected_outcome",
    "wavelength_nm",
    "handpiece",
    "sessions",
    "interval_min_days",
    "interval_target_days",
    "interval_max_days",
    "interval_reason",
    "adjuncts",
)
ITEM_DECIMALS = {"spot_mm": 1, "fluence_min": 2, "fluence_max": 2}
PLAN_FIELDS = ("currency", "package_sessions", "notes")


def _decimal(value: Decimal | None, places: int) -> str | None:
    if value is None:
        return None
    return f"{Decimal(value):.{places}f}"


def item_content(item: PlanItem) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in ITEM_FIELDS}
    data |= {name: _decimal(getattr(item, name), p) for name, p in ITEM_DECIMALS.items()}
    data["concern_id"] = item.concern_id
    return data


def plan_content(plan: TreatmentPlan) -> dict[str, Any]:
    """The plan's signed content. Uses prefetched items when the caller prefetched them."""
    items = sorted(plan.items.all(), key=lambda item: (item.position, item.pk or 0))
    data = {name: getattr(plan, name) for name in PLAN_FIELDS}
    data |= {
        "plan_id": plan.pk,
        "patient_id": plan.patient_id,
        "price": _decimal(plan.price, 2),
        "items": [item_content(item) for item in items],
    }
    instructions = plan_instructions(plan)
    if instructions:  # absent when none, so approvals given before instructions existed hold
        data["instructions"] = [instruction_content(i) for i in instructions]
    return data


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def plan_content_hash(plan: TreatmentPlan) -> str:
    """SHA-256 (hex) of the canonical JSON of ``plan_content(plan)``."""
    return hashlib.sha256(canonical_json(plan_content(plan)).encode("utf-8")).hexdigest()
