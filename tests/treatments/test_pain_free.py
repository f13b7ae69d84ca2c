"""A session without pain (score 0) is recorded like any other (it raised AttributeError)."""

from __future__ import annotations

from picoclinic.treatments.models import ImmediateResponse
from picoclinic.treatments.services.record import response_record
from tests.treatments import helpers as h


def test_a_pain_score_of_0_is_recorded_without_a_severity(world):
    session = h.complete_checklist(world, h.started(world))
    values = h.RESPONSE | {"pain_score": 0}
    response_record(actor=world.practitioner, session=session, values=values)
    saved = ImmediateResponse.objects.get(session=session)
    assert (saved.pain_score, saved.pain_severity) == (0, "")
