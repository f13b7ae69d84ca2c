"""How the URL walk in tests/patients/test_access.py makes a consultation and a concern."""

from __future__ import annotations

from tests.consultations.helpers import concern_for, draft_consultation

OBJECT_FOR_KWARG = {
    "consultation_id": lambda world, patient: draft_consultation(world, patient).pk,
    # The concern belongs to the same draft consultation, whichever kwarg is made first.
    "concern_id": lambda world, patient: concern_for(draft_consultation(world, patient)).pk,
}


def _reported_item(world, patient):
    from picoclinic.consultations.models import ReportedItem

    consultation = draft_consultation(world, patient)
    item, _ = ReportedItem.objects.get_or_create(
        consultation=consultation,
        source="questionnaire",
        key="history:pregnant",
        defaults={"label": "Pregnant or possibly pregnant?", "answer": "No", "value": False},
    )
    return item.pk


OBJECT_FOR_KWARG["reported_item_id"] = _reported_item
