"""What the patient reported before the visit, as items for the consultation to confirm.

Two sources: the questionnaire returned before the visit (``questionnaire``) and the
self-assessment sent with an online booking (``assessment``, carried on the booking request).
Each item names what it fills in the consultation (``consultations.services.reported``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from picoclinic.clinical.common import Indication
from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS, score_questionnaire
from picoclinic.consultations.forms.history import GROUPS
from picoclinic.patients.models import Patient
from picoclinic.previsit.models import Questionnaire
from picoclinic.scheduling.models import BookingRequest
from picoclinic.scheduling.online import PLAIN_CONCERNS

QUESTIONNAIRE = "questionnaire"
ASSESSMENT = "assessment"
QUESTIONS = {key: question for _, questions in GROUPS for key, question in questions}
SPECIAL_LABELS = {
    "isotretinoin": "Isotretinoin (Roaccutane) now or in the past?",
    "topical_actives_last_used_on": "Topical retinoids, AHA or BHA: last used",
    "sun_exposures": "Sun, tanning, self-tanner or sunburn in the last months",
    "vitiligo": "Vitiligo",
    "cafe_au_lait": "Café-au-lait macules",
    "suspicious_lesion_cleared": "Suspicious lesion cleared by a dermatologist",
}
TEXT_LABELS = {
    "medications": "Medicines",
    "medical_history_notes": "Other health notes",
    "prior_treatments": "Earlier treatments",
    "goals": "Goals",
}


def history_answer(key: str, value: Any) -> str:
    """The patient's answer to one history key, in words (for staff)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == []:
        return _("No")
    if key == "isotretinoin":
        stopped = value.get("stopped_on")
        return _("Stopped on %(day)s") % {"day": stopped} if stopped else _("Taking it now")
    if key == "sun_exposures":
        return "; ".join(f"{e['kind'].replace('_', ' ')} {e['last_on']}" for e in value)
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in value.items())
    return _("Yes, last %(day)s") % {"day": value}


def skin_answer(answers: dict[str, int]) -> str:
    if len(answers) < len(QUESTIONNAIRE_ITEMS):
        return _("%(n)s of %(total)s questions answered") % {
            "n": len(answers),
            "total": len(QUESTIONNAIRE_ITEMS),
        }
    result = score_questionnaire(answers)
    return _("Type %(type)s (score %(total)s)") % {
        "type": result.fitzpatrick.roman,
        "total": result.total,
    }


def questionnaire_items(reported: dict[str, Any]) -> list[dict[str, Any]]:
    """The returned questionnaire's answers, item by item (nothing unanswered)."""
    items = []
    concern = reported.get("concern")
    if concern:
        where = concern["body_site"] + (", near the eyes" if concern.get("periocular") else "")
        items.append(
            _item(
                "concern",
                "What they would like treated",
                f"{PLAIN_CONCERNS[Indication(concern['indication'])]} ({where})",
                concern,
            )
        )
    skin = reported.get("skin") or {}
    if skin:
        items.append(_item("skin", "Skin-type questionnaire", skin_answer(skin), skin))
    for key, value in (reported.get("history") or {}).items():
        label = QUESTIONS.get(key) or SPECIAL_LABELS.get(key, key)
        items.append(_item(f"history:{key}", label, history_answer(key, value), value))
    for key, label in TEXT_LABELS.items():
        if reported.get(key):
            items.append(_item(key, label, reported[key], reported[key]))
    return [item | {"source": QUESTIONNAIRE} for item in items]


def _item(key: str, label: str, answer: str, value: Any) -> dict[str, Any]:
    return {"key": key, "label": label, "answer": answer, "value": value}


def assessment_items(assessment: dict[str, Any], concerns: list[str]) -> list[dict[str, Any]]:
    """The concern a patient described in /assess/ (or ticked when booking), to confirm."""
    answers = assessment.get("answers") or {}
    items = []
    indication = answers.get("concern") or (concerns[0] if concerns else None)
    if indication in Indication._value2member_map_:
        site = answers.get("body_site") or ""
        value = {
            "indication": indication,
            "body_site": site,
            "periocular": answers.get("near_eyes") == "yes" and site == "face",
        }
        where = f" ({site})" if site else ""
        items.append(
            _item(
                "concern",
                "What they would like treated",
                PLAIN_CONCERNS[Indication(indication)] + where,
                value,
            )
        )
    return [item | {"source": ASSESSMENT} for item in items]


def reported_for_patient(patient: Patient) -> dict[str, Any] | None:
    """Everything the patient reported before the visit, for a new consultation (2 queries)."""
    booking = (
        BookingRequest.objects.filter(appointment__patient=patient)
        .order_by("-created_at", "-id")
        .values("assessment", "concerns")
        .first()
    )
    returned = (
        Questionnaire.objects.filter(appointment__patient=patient, returned_at__isnull=False)
        .order_by("-returned_at", "-id")
        .values_list("reported", flat=True)
        .first()
    )
    if not booking and not returned:
        return None
    assessment = (booking or {}).get("assessment") or {}
    answers = assessment.get("answers") or {}
    skin = {k.removeprefix("skin_"): v for k, v in answers.items() if k.startswith("skin_")}
    if returned and returned.get("skin"):
        skin = returned["skin"]
    items = assessment_items(assessment, (booking or {}).get("concerns") or [])
    if returned:
        items += questionnaire_items(returned)
    if not skin and not items and not assessment.get("summary"):
        return None
    return {"skin": skin, "lines": assessment.get("summary") or [], "items": items}
