"""How the URL walk in tests/patients/test_access.py makes a consultation and a concern."""

from __future__ import annotations

from tests.consultations.helpers import concern_for, draft_consultation

OBJECT_FOR_KWARG = {
    "consultation_id": lambda world, patient: draft_consultation(world, patient).pk,
    # The concern belongs to the same draft consultation, whichever kwarg is made first.
    "concern_id": lambda world, patient: concern_for(draft_consultation(world, patient)).pk,
}
