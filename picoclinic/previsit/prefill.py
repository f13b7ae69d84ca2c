"""What the patient already told the clinic, to start the questionnaire from (their own words
in the self-assessment sent with an online request): they check it rather than type it again."""

from __future__ import annotations

from typing import Any

from picoclinic.previsit.models import Questionnaire

CARRIED = ("concern", "body_site")


def initial_answers(questionnaire: Questionnaire) -> dict[str, Any]:
    request = getattr(questionnaire.appointment, "booking_request", None)
    answers = ((request.assessment or {}).get("answers") or {}) if request else {}
    initial: dict[str, Any] = {key: answers[key] for key in CARRIED if answers.get(key)}
    if answers.get("near_eyes"):
        initial["near_eyes"] = answers["near_eyes"]
    for key, value in answers.items():
        if key.startswith("skin_"):
            initial[f"q_{key.removeprefix('skin_')}"] = str(value)
    if request is not None and not initial.get("concern") and request.concerns:
        initial["concern"] = request.concerns[0]
    return initial
