"""The medical history: one structured question for every answer the screening needs.

The stored ``Consultation.medical_history`` is the ``picoclinic screen`` "history" object with
the questions answered so far; screening runs once every key is there (a question left out is
not a "no"). What is given is checked by the core's own parser, so what is stored always parses.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from picoclinic.clinical.common import ClinicalInputError
from picoclinic.clinical.screening import SunExposureKind
from picoclinic.clinical.screening_io import parse_history
from picoclinic.clinical.screening_model import ERR_CALM_COUNTS
from picoclinic.consultations import vocab
from picoclinic.consultations.clinical_inputs import HISTORY_KEYS
from picoclinic.consultations.forms import text_field
from picoclinic.consultations.models import Consultation

DATE_IN_FUTURE = "This date is after today."
DATE_INVALID = "Enter a date such as 2026-03-31."
COUNT_INVALID = "Give a whole number, 0 or more."
YES_NO = [("yes", "Yes"), ("no", "No")]
ISOTRETINOIN_CHOICES = [("no", "No"), ("taking", "Taking it now"), ("stopped", "Stopped")]

# (key, question as asked at the chair), grouped as the form shows them.
GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Medicines and skincare",
        (
            ("photosensitising_drugs", "Taking a photosensitising drug?"),
            ("anticoagulants", "Taking an anticoagulant or antiplatelet (aspirin included)?"),
            ("bleeding_supplements", "Taking ginkgo, garlic, ginseng or fish oil?"),
            ("gold_therapy_ever", "Ever had systemic gold therapy?"),
        ),
    ),
    (
        "Pregnancy",
        (
            ("pregnant", "Pregnant or possibly pregnant?"),
            ("breastfeeding", "Breastfeeding?"),
            ("ivf", "Undergoing IVF?"),
        ),
    ),
    (
        "At the area to be treated",
        (
            ("active_infection_at_site", "An active infection there?"),
            ("cold_sore_at_site", "An active cold sore there?"),
            ("suspicious_lesion_at_site", "A suspicious or undiagnosed pigmented lesion there?"),
            ("tattoo_ink_cosmetic", "Tattoo with cosmetic, white or flesh-tone ink?"),
        ),
    ),
    (
        "Skin history",
        (
            ("hsv_history", "Ever had cold sores or herpes simplex?"),
            ("keloid_history", "Keloid or hypertrophic scars?"),
            ("dysplastic_naevi_history", "Dysplastic naevi, personal or in the family?"),
            ("melasma", "Melasma?"),
            ("existing_pih", "Post-inflammatory hyperpigmentation now?"),
        ),
    ),
    (
        "General health",
        (
            ("light_triggered_seizures", "Seizures triggered by light?"),
            ("autoimmune_disorder", "An autoimmune disorder?"),
            ("photosensitive_disorder", "A photosensitive disorder (lupus, porphyria)?"),
            ("raynauds", "Raynaud's or sensitivity to cold?"),
            ("poorly_controlled_condition", "A poorly controlled medical condition?"),
            ("immunosuppressed", "Immunosuppressed?"),
            ("insulin_dependent_diabetes", "Insulin-dependent diabetes?"),
        ),
    ),
)
PLAIN_KEYS = tuple(key for _, questions in GROUPS for key, _ in questions)
SUN_KINDS = tuple(SunExposureKind)
# The core names a dotted field in its error; the form shows it beside this field.
CORE_FIELD_TO_FORM = {
    "history.isotretinoin.stopped_on": "isotretinoin_stopped_on",
    "history.topical_actives_last_used_on": "topical_actives_last_used_on",
    "history.vitiligo.last_active_on": "vitiligo_last_active_on",
    "history.cafe_au_lait.over_5_mm": "calm_over_5_mm",
    "history.cafe_au_lait.over_15_mm": "calm_over_15_mm",
}
# Every "no": fills the questions not yet answered when the given ones are checked by the core.
ALL_NO: dict[str, Any] = dict.fromkeys(HISTORY_KEYS, False) | {
    "isotretinoin": None,
    "topical_actives_last_used_on": None,
    "sun_exposures": [],
    "vitiligo": None,
    "cafe_au_lait": None,
}


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "yes-no"}),
    )


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": DATE_INVALID},
    )


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={"invalid": COUNT_INVALID, "min_value": COUNT_INVALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class HistoryForm(forms.Form):
    isotretinoin = forms.ChoiceField(
        label="Isotretinoin (Roaccutane) now or in the past?",
        choices=ISOTRETINOIN_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    isotretinoin_stopped_on = _date("Stopped on")
    topical_actives = _yes_no("Using topical retinoids, AHA or BHA?")
    topical_actives_last_used_on = _date("Last used on")
    sun_exposure = _yes_no("Sun, tanning, self-tanner or sunburn in the last months?")
    vitiligo = _yes_no("Vitiligo?")
    vitiligo_last_active_on = _date("Last new or spreading patch on (blank if unknown)")
    vitiligo_activity = _yes_no("Signs of activity now (Koebner, confetti, hypochromic borders)?")
    cafe_au_lait = _yes_no("Café-au-lait macules?")
    calm_over_5_mm = _count("How many over 5 mm?")
    calm_over_15_mm = _count("How many over 15 mm?")
    calm_post_puberty = _yes_no("Past puberty?")
    suspicious_lesion_cleared = _yes_no("Cleared by a dermatologist?")
    medications = text_field("Medications", rows=3, help_text="Name, dose and since when.")
    medical_history_notes = text_field("Other medical history and notes", rows=3)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        for _, questions in GROUPS:
            for key, question in questions:
                self.fields[key] = _yes_no(question)
        for kind in SUN_KINDS:
            label = f"Last {vocab.SUN_EXPOSURE_KINDS[kind].lower()}"
            self.fields[f"sun_{kind.value}_on"] = _date(label)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[key] for key, _ in questions]) for title, questions in GROUPS]

    def sun_fields(self) -> list[forms.BoundField]:
        return [self[f"sun_{kind.value}_on"] for kind in SUN_KINDS]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for name, value in list(cleaned.items()):
            if isinstance(value, date) and value > self.today:
                self.add_error(name, DATE_IN_FUTURE)
        over_5, over_15 = cleaned.get("calm_over_5_mm"), cleaned.get("calm_over_15_mm")
        if over_5 is not None and over_15 is not None and over_15 > over_5:
            self.add_error("calm_over_15_mm", ERR_CALM_COUNTS)  # the core's own check, sooner
        if not self.errors:
            history = self._history(cleaned)
            self._check_with_core(history)
            cleaned["history"] = history
        return cleaned

    def _history(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        history: dict[str, Any] = {
            key: cleaned[key] for key in PLAIN_KEYS if cleaned.get(key) is not None
        }
        for key, value in (
            ("isotretinoin", _isotretinoin(cleaned)),
            ("topical_actives_last_used_on", _dated_answer(cleaned, "topical_actives")),
            ("sun_exposures", _sun_exposures(cleaned)),
            ("vitiligo", _vitiligo(cleaned)),
            ("cafe_au_lait", _cafe_au_lait(cleaned)),
            ("suspicious_lesion_cleared", _lesion_cleared(cleaned)),
        ):
            if value is not _UNANSWERED:
                history[key] = value
        return history

    def _check_with_core(self, history: dict[str, Any]) -> None:
        try:
            parse_history(ALL_NO | history)
        except ClinicalInputError as error:
            self.add_error(CORE_FIELD_TO_FORM.get(error.field), error.message)

    def section_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "medical_history": data["history"],
            "medications": data["medications"],
            "medical_history_notes": data["medical_history_notes"],
        }

    @staticmethod
    def initial_from(consultation: Consultation) -> dict[str, Any]:
        return history_initial(consultation.medical_history) | {
            "medications": consultation.medications,
            "medical_history_notes": consultation.medical_history_notes,
        }


_UNANSWERED = object()


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _isotretinoin(cleaned: dict[str, Any]) -> Any:
    answer = cleaned.get("isotretinoin")
    if answer == "no":
        return None
    if answer == "taking":
        return {"stopped_on": None}
    if answer == "stopped" and cleaned.get("isotretinoin_stopped_on"):
        return {"stopped_on": _iso(cleaned["isotretinoin_stopped_on"])}
    return _UNANSWERED


def _dated_answer(cleaned: dict[str, Any], question: str) -> Any:
    answer = cleaned.get(question)
    if answer is False:
        return None
    if answer and cleaned.get(f"{question}_last_used_on"):
        return _iso(cleaned[f"{question}_last_used_on"])
    return _UNANSWERED


def _sun_exposures(cleaned: dict[str, Any]) -> Any:
    answer = cleaned.get("sun_exposure")
    if answer is False:
        return []
    exposures = [
        {"kind": kind.value, "last_on": _iso(cleaned[f"sun_{kind.value}_on"])}
        for kind in SUN_KINDS
        if cleaned.get(f"sun_{kind.value}_on")
    ]
    return exposures if answer and exposures else _UNANSWERED


def _vitiligo(cleaned: dict[str, Any]) -> Any:
    answer = cleaned.get("vitiligo")
    if answer is False:
        return None
    if answer and cleaned.get("vitiligo_activity") is not None:
        return {
            "last_active_on": _iso(cleaned.get("vitiligo_last_active_on")),
            "signs_of_activity": cleaned["vitiligo_activity"],
        }
    return _UNANSWERED


def _cafe_au_lait(cleaned: dict[str, Any]) -> Any:
    answer = cleaned.get("cafe_au_lait")
    if answer is False:
        return None
    parts = ("calm_over_5_mm", "calm_over_15_mm", "calm_post_puberty")
    if answer and all(cleaned.get(name) is not None for name in parts):
        return {
            "over_5_mm": cleaned["calm_over_5_mm"],
            "over_15_mm": cleaned["calm_over_15_mm"],
            "post_puberty": cleaned["calm_post_puberty"],
        }
    return _UNANSWERED


def _lesion_cleared(cleaned: dict[str, Any]) -> Any:
    lesion = cleaned.get("suspicious_lesion_at_site")
    if lesion is False:
        return False
    if lesion and cleaned.get("suspicious_lesion_cleared") is not None:
        return cleaned["suspicious_lesion_cleared"]
    return _UNANSWERED


def _yes_no_initial(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def history_initial(history: dict[str, Any]) -> dict[str, Any]:
    """Form initial values from a stored (possibly partial) history object."""
    initial: dict[str, Any] = {
        key: _yes_no_initial(history.get(key)) for key in (*PLAIN_KEYS, "suspicious_lesion_cleared")
    }
    if "isotretinoin" in history:
        course = history["isotretinoin"]
        if course is None:
            initial["isotretinoin"] = "no"
        else:
            stopped = course.get("stopped_on")
            initial["isotretinoin"] = "stopped" if stopped else "taking"
            initial["isotretinoin_stopped_on"] = stopped
    if "topical_actives_last_used_on" in history:
        last = history["topical_actives_last_used_on"]
        initial["topical_actives"] = _yes_no_initial(last is not None)
        initial["topical_actives_last_used_on"] = last
    if "sun_exposures" in history:
        exposures = history["sun_exposures"]
        initial["sun_exposure"] = _yes_no_initial(bool(exposures))
        for exposure in exposures:
            initial[f"sun_{exposure['kind']}_on"] = exposure["last_on"]
    return initial | _vitiligo_initial(history) | _cafe_au_lait_initial(history)


def _vitiligo_initial(history: dict[str, Any]) -> dict[str, Any]:
    if "vitiligo" not in history:
        return {}
    vitiligo = history["vitiligo"]
    if vitiligo is None:
        return {"vitiligo": "no"}
    return {
        "vitiligo": "yes",
        "vitiligo_last_active_on": vitiligo.get("last_active_on"),
        "vitiligo_activity": _yes_no_initial(vitiligo.get("signs_of_activity")),
    }


def _cafe_au_lait_initial(history: dict[str, Any]) -> dict[str, Any]:
    if "cafe_au_lait" not in history:
        return {}
    spots = history["cafe_au_lait"]
    if spots is None:
        return {"cafe_au_lait": "no"}
    return {
        "cafe_au_lait": "yes",
        "calm_over_5_mm": spots.get("over_5_mm"),
        "calm_over_15_mm": spots.get("over_15_mm"),
        "calm_post_puberty": _yes_no_initial(spots.get("post_puberty")),
    }
