"""How to make a consent record of a patient, for the URL-walking access test."""

from __future__ import annotations

from tests.consent.helpers import publish_texts, sign


def _consent_id(world, patient) -> int:
    publish_texts(patient.clinic, kinds={"photography", "marketing"})
    return sign(world, patient=patient)[0].pk


OBJECT_FOR_KWARG = {"consent_id": _consent_id}
