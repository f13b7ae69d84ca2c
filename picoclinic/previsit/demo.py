"""The demo's returned questionnaire: one upcoming consultation whose patient answered before
the visit (isotretinoin stopped three months ago: the screening flags a precaution)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS
from picoclinic.clinics.models import Clinic
from picoclinic.consultations.clinical_inputs import HISTORY_KEYS
from picoclinic.previsit.forms import QuestionnaireForm
from picoclinic.previsit.models import Questionnaire
from picoclinic.previsit.services import questionnaire_return
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus

COMPOSITE = {"isotretinoin", "topical_actives_last_used_on", "sun_exposures", "vitiligo"}


def _answers(today) -> dict[str, str]:
    answers = {key: "no" for key in HISTORY_KEYS if key not in COMPOSITE | {"cafe_au_lait"}}
    answers |= {
        "topical_actives": "no",
        "sun_exposure": "no",
        "vitiligo": "no",
        "cafe_au_lait": "no",
        "isotretinoin": "stopped",
        "isotretinoin_stopped_on": (today - timedelta(days=91)).isoformat(),
        "concern": "solar_lentigines",
        "body_site": "face",
        "near_eyes": "no",
        "medications": "None since the isotretinoin course",
        "goals": "Fade the sun spots on my cheeks",
        "prior_treatments": "IPL once, three years ago: little change",
    }
    return answers | {f"q_{item.id}": "2" for item in QUESTIONNAIRE_ITEMS}


def demo_load_previsit(*, clinic: Clinic) -> bool:
    """Return the questionnaire of the clinic's next booked consultation (once)."""
    if Questionnaire.objects.filter(clinic=clinic, returned_at__isnull=False).exists():
        return False
    now = timezone.now()
    appointment = (
        Appointment.objects.filter(
            clinic=clinic,
            kind=AppointmentKind.CONSULTATION,
            status=AppointmentStatus.BOOKED,
            patient__isnull=False,
            starts_at__gt=now,
        )
        .order_by("starts_at")
        .first()
    )
    if appointment is None:
        return False
    questionnaire, _ = Questionnaire.objects.get_or_create(
        appointment=appointment,
        defaults={"clinic": clinic, "nonce": secrets.token_urlsafe(24), "link_sent_at": now},
    )
    today = timezone.localdate(now, clinic.zone)
    data = _answers(today)
    form = QuestionnaireForm(data, today=today)
    if not form.check_complete():
        return False
    raw = {key: [value] for key, value in data.items()}
    questionnaire_return(
        actor=None, questionnaire=questionnaire, raw=raw, reported=form.reported_values()
    )
    return True
