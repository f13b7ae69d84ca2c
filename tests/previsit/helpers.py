"""Booking a consultation and filling in its questionnaire, for the previsit tests."""

from __future__ import annotations

import re

from django.core import mail

from picoclinic.previsit.models import Questionnaire
from picoclinic.previsit.services import questionnaire_link_send
from tests.consultations.helpers import NO_HISTORY_POST, QUESTIONNAIRE_III, questionnaire_post
from tests.scheduling.helpers import at, book

LINK = re.compile(r"https?://\S+/(before-your-visit|me/questionnaire)/\S+/")

# Everything answered: melasma on the face, pregnant, isotretinoin stopped on 2031-03-01.
FILLED = {
    **NO_HISTORY_POST,
    **questionnaire_post(QUESTIONNAIRE_III),
    "concern": "melasma",
    "body_site": "face",
    "near_eyes": "no",
    "pregnant": "yes",
    "isotretinoin": "stopped",
    "isotretinoin_stopped_on": "2031-03-01",
    "medications": "Folic acid 400 µg daily",
    "goals": "Even out the patches before summer",
}


def book_consultation(world, sched, capture, patient=None, hour: int = 10):
    """Book a consultation at the desk, then run the task queued after commit (the link)."""
    with capture(execute=True) as callbacks:
        appointment = book(
            world,
            sched.consultation,
            at(world.clinic_a, hour),
            patient=patient,
            site_url="http://t",
        )
    assert callbacks, "the link is queued after commit"
    questionnaire = Questionnaire.objects.get(appointment=appointment)
    with capture(execute=True):
        questionnaire_link_send(questionnaire_id=questionnaire.pk, site_url="http://t")
    return questionnaire


def link_in_mail() -> str:
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0).removeprefix("http://t")
