"""How tests/patients/test_access.py makes a photo of a patient (the ``photo_id`` in
/patients/<patient_id>/photos/<photo_id>/...): through the real service, so the files exist
and the clinic's staff get a 200."""

from __future__ import annotations

from tests.outcomes.helpers import add_photo, consent_to_photos


def _photo_id(world, patient) -> int:
    consent_to_photos(world, patient)
    return add_photo(world, patient).pk


OBJECT_FOR_KWARG = {"photo_id": _photo_id}
