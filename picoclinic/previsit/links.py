"""The questionnaire's link: the portal for a patient with a login, otherwise a signed link.

The signed link names the questionnaire and its random nonce; it stops working once the
questionnaire is returned (single use) or when the appointment starts (it expires).
"""

from __future__ import annotations

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from picoclinic.previsit.models import Questionnaire

SALT = "picoclinic.previsit.link"
LINK_UNKNOWN = _(
    "This link does not work: it may have been copied incompletely. Use the link in the latest "
    "message from the clinic, or call the clinic."
)


def token_for(questionnaire: Questionnaire) -> str:
    return signing.dumps({"q": questionnaire.pk, "n": questionnaire.nonce}, salt=SALT)


def questionnaire_for_token(token: str) -> Questionnaire | None:
    """The questionnaire a link names, or None for a forged, altered or replaced token."""
    try:
        data = signing.loads(token, salt=SALT)
        pk, nonce = int(data["q"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return (
        Questionnaire.objects.select_related(
            "clinic", "appointment__patient", "appointment__booking_request"
        )
        .filter(pk=pk, nonce=nonce)
        .first()
    )


def link_path(questionnaire: Questionnaire) -> str:
    patient = questionnaire.appointment.patient
    if patient is not None and patient.user_id is not None:
        return reverse("previsit_portal:mine", kwargs={"questionnaire_id": questionnaire.pk})
    return reverse("previsit:fill", kwargs={"token": token_for(questionnaire)})
