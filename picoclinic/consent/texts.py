"""What the patient is shown: the clinic's current text, with the plan's course for treatment.

The shown text is rendered once, on the server, as plain text. The same function renders it
when the page is shown and again when the signature arrives; the record keeps it verbatim with
its SHA-256, so what the patient agreed to is provable whatever the clinic writes later.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from picoclinic.consent.models import ConsentKind, ConsentText

if TYPE_CHECKING:
    from picoclinic.clinics.models import Clinic
    from picoclinic.plans.models import PlanItem, TreatmentPlan

# The order the sections appear on the page and in the PDF.
KIND_ORDER = [ConsentKind.TREATMENT, ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING]


@dataclass(frozen=True)
class ShownText:
    kind: str
    text: ConsentText
    content: str

    @property
    def sha256(self) -> str:
        return text_hash(self.content)


def text_hash(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def current_texts(*, clinic: Clinic) -> dict[str, ConsentText]:
    """The newest version of each kind of the clinic's texts (one query)."""
    current: dict[str, ConsentText] = {}
    for text in ConsentText.objects.filter(clinic=clinic).order_by("kind", "-version"):
        current.setdefault(text.kind, text)
    return current


def texts_to_show(*, clinic: Clinic, plan: TreatmentPlan | None) -> list[ShownText]:
    """The texts for this sitting: treatment (only with a plan), photography and marketing."""
    kinds = KIND_ORDER if plan is not None else KIND_ORDER[1:]
    texts = current_texts(clinic=clinic)
    items = _plan_items(plan) if plan is not None else []
    return [
        ShownText(kind=kind, text=texts[kind], content=render(texts[kind], plan, items))
        for kind in kinds
        if kind in texts
    ]


def render(text: ConsentText, plan: TreatmentPlan | None, items: list[PlanItem]) -> str:
    body = "\n".join(line.rstrip() for line in text.body.strip().splitlines())
    parts = [text.title.strip(), body]
    if text.kind == ConsentKind.TREATMENT and plan is not None:
        parts.append(plan_summary(plan, items))
    return "\n\n".join(parts)


def plan_summary(plan: TreatmentPlan, items: list[PlanItem]) -> str:
    made = timezone.localtime(plan.created_at, plan.clinic.zone).date()
    lines = [f"Your treatment course (plan of {made:%-d %b %Y}, version {plan.version}):"]
    lines += [f"- {_item_line(item)}" for item in items]
    total = sum(item.sessions for item in items)
    lines.append(f"In all: {total} session{'s' if total != 1 else ''}.")
    return "\n".join(lines)


def _item_line(item: PlanItem) -> str:
    concern = item.concern
    where = item.areas or concern.get_body_site_display().lower()
    sessions = f"{item.sessions} session{'s' if item.sessions != 1 else ''}"
    return f"{concern.get_indication_display()}, {where}: {sessions}, {_interval(item)}"


def _interval(item: PlanItem) -> str:
    low, target, high = item.interval_min_days, item.interval_target_days, item.interval_max_days
    every = f"{target // 7} weeks" if target % 7 == 0 else f"{target} days"
    return f"one about every {every} (at least {low} and at most {high} days apart)"


def _plan_items(plan: TreatmentPlan) -> list[PlanItem]:
    return list(plan.items.select_related("concern").order_by("position", "id"))
