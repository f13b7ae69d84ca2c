"""Forms of the consultation workspace: skin type, the free-text sections, adding a concern.

Every section form validates what was typed and offers ``section_values()``: the model fields it
fills. A section saved while incomplete is not an error (the practitioner is still asking); only
what is wrong is. The medical history and the concern forms live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.skin import (
    ITEMS_BY_ID,
    QUESTIONNAIRE_ITEMS,
    QuestionnaireResult,
    QuestionnaireSection,
    confirmed_type,
    score_questionnaire,
)
from picoclinic.consultations import vocab
from picoclinic.consultations.models import Consultation, SkinTypeSource

DIRECT_TYPE_REASON_REQUIRED = (
    "Give a reason for entering the type directly (for example: assessed in person)."
)
TEXT_TOO_LONG = "This is too long: keep it under {limit} characters."
TEXT_LIMIT = 5000
REASON_LIMIT = 1000


def text_field(label: str, *, rows: int = 4, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": TEXT_TOO_LONG.format(limit=TEXT_LIMIT)},
    )


def _question_field(item) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=item.question,
        choices=[(str(score), text) for score, text in item.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )


@dataclass(frozen=True)
class QuestionnaireProgress:
    """How far the questionnaire is: answered items, running total, the result when complete."""

    answered: int
    running_total: int
    result: QuestionnaireResult | None

    @property
    def total_items(self) -> int:
        return len(QUESTIONNAIRE_ITEMS)


def questionnaire_progress(answers: dict[str, int]) -> QuestionnaireProgress:
    """Progress of a (possibly partial) set of valid answers."""
    known = {key: value for key, value in answers.items() if key in ITEMS_BY_ID}
    complete = len(known) == len(QUESTIONNAIRE_ITEMS)
    result = score_questionnaire(known) if complete else None
    return QuestionnaireProgress(len(known), sum(known.values()), result)


class SkinTypeForm(forms.Form):
    """The 10-item questionnaire and/or the clinician's type with its reason.

    A clinician's type needs a reason when the questionnaire is not complete (entered directly)
    or when it differs from the questionnaire's type (the core's ``confirmed_type`` says so).
    """

    clinician_type = forms.TypedChoiceField(
        label="Skin type confirmed by the clinician",
        choices=vocab.choices(vocab.FITZPATRICK_TYPES, blank="As the questionnaire"),
        coerce=int,
        empty_value=None,
        required=False,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed when the type is entered directly or differs from the questionnaire.",
        error_messages={"max_length": TEXT_TOO_LONG.format(limit=REASON_LIMIT)},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in QUESTIONNAIRE_ITEMS:
            self.fields[f"q_{item.id}"] = _question_field(item)

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The questions grouped by the questionnaire's sections, in order."""
        return [
            (
                section.title,
                [self[f"q_{i.id}"] for i in QUESTIONNAIRE_ITEMS if i.section is section],
            )
            for section in QuestionnaireSection
        ]

    def answers(self) -> dict[str, int]:
        """The valid answers given so far (also when another field has an error)."""
        data = getattr(self, "cleaned_data", {})
        return {
            item.id: data[f"q_{item.id}"]
            for item in QUESTIONNAIRE_ITEMS
            if data.get(f"q_{item.id}") is not None
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        progress = questionnaire_progress(self.answers())
        questionnaire_type = int(progress.result.fitzpatrick) if progress.result else None
        clinician = cleaned.get("clinician_type")
        reason = (cleaned.get("reason") or "").strip()
        if clinician is not None and questionnaire_type is None and not reason:
            self.add_error("reason", DIRECT_TYPE_REASON_REQUIRED)
        elif clinician is not None or questionnaire_type is not None:
            self._confirm(questionnaire_type, clinician, reason)
        cleaned["progress"] = progress
        return cleaned

    def _confirm(self, questionnaire_type: int | None, clinician: int | None, reason: str) -> None:
        try:
            confirmed_type(
                questionnaire_type=questionnaire_type, clinician_type=clinician, reason=reason
            )
        except ClinicalInputError as error:
            field = "reason" if error.field == "reason" else "clinician_type"
            self.add_error(field, error.message)

    def section_values(self) -> dict[str, Any]:
        progress: QuestionnaireProgress = self.cleaned_data["progress"]
        clinician = self.cleaned_data.get("clinician_type")
        result = progress.result
        questionnaire_type = int(result.fitzpatrick) if result else None
        if clinician is not None:
            fitzpatrick, source = clinician, SkinTypeSource.CLINICIAN
        elif questionnaire_type is not None:
            fitzpatrick, source = questionnaire_type, SkinTypeSource.QUESTIONNAIRE
        else:
            fitzpatrick, source = None, ""
        return {
            "questionnaire_answers": self.answers(),
            "questionnaire_total": result.total if result else None,
            "questionnaire_type": questionnaire_type,
            "fitzpatrick": fitzpatrick,
            "fitzpatrick_source": source,
            "fitzpatrick_reason": (self.cleaned_data.get("reason") or "").strip(),
        }

    @staticmethod
    def initial_from(consultation: Consultation) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"q_{key}": value for key, value in consultation.questionnaire_answers.items()
        }
        if consultation.fitzpatrick_source == SkinTypeSource.CLINICIAN:
            initial["clinician_type"] = consultation.fitzpatrick
        initial["reason"] = consultation.fitzpatrick_reason
        return initial


class PriorTreatmentsForm(forms.Form):
    prior_treatments = text_field(
        "Prior treatments and how they went",
        rows=5,
        help_text="Lasers, peels, creams: what, where, when, how many sessions, the result, "
        "any side effects.",
    )

    def section_values(self) -> dict[str, Any]:
        return {"prior_treatments": self.cleaned_data["prior_treatments"]}

    @staticmethod
    def initial_from(consultation: Consultation) -> dict[str, Any]:
        return {"prior_treatments": consultation.prior_treatments}


class GoalsForm(forms.Form):
    goals = text_field(
        "Goals and expectations",
        rows=5,
        help_text="In the patient's words: what they hope for, by when, and what they expect.",
    )

    def section_values(self) -> dict[str, Any]:
        return {"goals": self.cleaned_data["goals"]}

    @staticmethod
    def initial_from(consultation: Consultation) -> dict[str, Any]:
        return {"goals": consultation.goals}
