"""A concern: what the patient wants treated, with the variant fields of its indication.

The form's ``details`` is the rest of a ``picoclinic estimate`` input, checked by the core's own
``parse_concern`` so the stored JSON is always one the estimate accepts.
"""

from __future__ import annotations

from typing import Any

from django import forms

from picoclinic.clinical.common import BodySite, ClinicalInputError, Indication
from picoclinic.clinical.estimate_io import parse_concern
from picoclinic.clinical.estimate_model import MAX_AREA_CM2, MAX_PRIOR_SESSIONS
from picoclinic.consultations import vocab
from picoclinic.consultations.clinical_inputs import SHAPE_CHECK_FITZPATRICK
from picoclinic.consultations.models import Concern

TATTOO_FIELD_REQUIRED = "Needed for a tattoo (it sets the Kirby-Desai score)."
TATTOO_DETAILS_NEEDED = (
    "A tattoo needs its Kirby-Desai details: location, colours, amount of ink, scarring and "
    "layering."
)
PERIOCULAR_NOT_FACE = "Work near the eye is on the face: choose Face as the body site."
AREA_OUT_OF_RANGE = f"Give the area in cm², above 0 and at most {MAX_AREA_CM2:g}."
PRIOR_SESSIONS_OUT_OF_RANGE = f"Give a whole number of sessions from 0 to {MAX_PRIOR_SESSIONS}."
NOTES_LIMIT = 2000

TATTOO_FIELDS = {
    "tattoo_location": "location",
    "tattoo_colours": "colours",
    "tattoo_ink_amount": "ink_amount",
    "tattoo_scarring": "scarring",
    "tattoo_layering": "layering",
}
# The core names a field in its error; the form shows the message beside that field.
CORE_FIELD_TO_FORM = {
    "area_cm2": "area_cm2",
    "prior_sessions": "prior_sessions",
    "prior_response": "prior_response",
    "ink_colours_present": "ink_colours_present",
    "acne_scar_type": "acne_scar_type",
    "rejuvenation_target": "rejuvenation_target",
    "indication": "indication",
    "body_site": "body_site",
    "severity": "severity",
    **{f"tattoo.{key}": name for name, key in TATTOO_FIELDS.items()},
}
YES_NO = [("yes", "Yes"), ("no", "No")]


def _select(label: str, labels: dict, *, required: bool = False, blank: str = "—"):
    return forms.ChoiceField(
        label=label,
        choices=vocab.choices(labels, blank=None if required else blank),
        required=required,
    )


def _plain_number(value: float | None) -> float | int | None:
    """2.0 shows as "2", 2.5 as "2.5"."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class ConcernAddForm(forms.Form):
    """The three answers that make a concern; everything else is filled in on its card."""

    indication = _select("Concern", vocab.INDICATIONS, required=True)
    body_site = _select("Body site", vocab.BODY_SITES, required=True)
    severity = _select("Severity", vocab.SEVERITIES, required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        for name, blank in (("indication", "Choose…"), ("body_site", "Choose…")):
            self.fields[name].choices = [
                ("", blank),
                *self.fields[name].choices,
            ]


class ConcernForm(forms.Form):
    indication = _select("Concern", vocab.INDICATIONS, required=True)
    body_site = _select("Body site", vocab.BODY_SITES, required=True)
    severity = _select("Severity", vocab.SEVERITIES, required=True)
    periocular = forms.BooleanField(label="Near the eye (periocular)", required=False)
    area_cm2 = forms.FloatField(
        label="Area (cm²)",
        required=False,
        min_value=0.01,
        max_value=MAX_AREA_CM2,
        error_messages={
            "invalid": AREA_OUT_OF_RANGE,
            "min_value": AREA_OUT_OF_RANGE,
            "max_value": AREA_OUT_OF_RANGE,
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    tattoo_location = _select("Location (Kirby-Desai)", vocab.KD_LOCATIONS)
    tattoo_colours = _select("Colours (Kirby-Desai)", vocab.KD_COLOURS)
    tattoo_ink_amount = _select("Amount of ink", vocab.KD_INK_AMOUNTS)
    tattoo_scarring = _select("Scarring or tissue change", vocab.KD_SCARRING)
    tattoo_layering = forms.ChoiceField(
        label="Layering (cover-up or re-worked)",
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    ink_colours_present = forms.MultipleChoiceField(
        label="Ink colours present",
        choices=vocab.choices(vocab.INK_COLOURS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    acne_scar_type = _select("Scar type", vocab.ACNE_SCAR_TYPES)
    rejuvenation_target = _select("Target", vocab.REJUVENATION_TARGETS)
    prior_sessions = forms.IntegerField(
        label="Earlier laser sessions for this",
        required=False,
        min_value=0,
        max_value=MAX_PRIOR_SESSIONS,
        error_messages={
            "invalid": PRIOR_SESSIONS_OUT_OF_RANGE,
            "min_value": PRIOR_SESSIONS_OUT_OF_RANGE,
            "max_value": PRIOR_SESSIONS_OUT_OF_RANGE,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    prior_response = _select("How it responded", vocab.PRIOR_RESPONSES, blank="No earlier sessions")
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        if cleaned.get("periocular") and cleaned.get("body_site") != BodySite.FACE:
            self.add_error("periocular", PERIOCULAR_NOT_FACE)
        details = self._details(cleaned)
        if details is not None and not self.errors:
            self._check_with_core(cleaned, details)
        cleaned["details"] = details
        return cleaned

    def _details(self, cleaned: dict[str, Any]) -> dict[str, Any] | None:
        indication = cleaned["indication"]
        details: dict[str, Any] = {}
        if cleaned.get("area_cm2") is not None:
            details["area_cm2"] = cleaned["area_cm2"]
        if indication == Indication.TATTOO:
            tattoo = self._tattoo(cleaned)
            if tattoo is None:
                return None
            details["tattoo"] = tattoo
            details["ink_colours_present"] = list(cleaned.get("ink_colours_present") or [])
        if indication == Indication.ACNE_SCARS and cleaned.get("acne_scar_type"):
            details["acne_scar_type"] = cleaned["acne_scar_type"]
        if indication == Indication.REJUVENATION and cleaned.get("rejuvenation_target"):
            details["rejuvenation_target"] = cleaned["rejuvenation_target"]
        if cleaned.get("prior_sessions"):
            details["prior_sessions"] = cleaned["prior_sessions"]
        if cleaned.get("prior_response"):
            details["prior_response"] = cleaned["prior_response"]
        return details

    def _tattoo(self, cleaned: dict[str, Any]) -> dict[str, Any] | None:
        missing = [name for name in TATTOO_FIELDS if not cleaned.get(name)]
        if len(missing) == len(TATTOO_FIELDS):  # just chosen: one message, not five
            self.add_error(None, TATTOO_DETAILS_NEEDED)
            return None
        for name in missing:
            self.add_error(name, TATTOO_FIELD_REQUIRED)
        if missing:
            return None
        tattoo = {key: cleaned[name] for name, key in TATTOO_FIELDS.items()}
        tattoo["layering"] = tattoo["layering"] == "yes"
        return tattoo

    def _check_with_core(self, cleaned: dict[str, Any], details: dict[str, Any]) -> None:
        data = {
            "indication": cleaned["indication"],
            "fitzpatrick": SHAPE_CHECK_FITZPATRICK,
            "severity": cleaned["severity"],
            "body_site": cleaned["body_site"],
            **details,
        }
        try:
            parse_concern(data)
        except ClinicalInputError as error:
            self.add_error(CORE_FIELD_TO_FORM.get(error.field), error.message)

    def section_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "indication": data["indication"],
            "body_site": data["body_site"],
            "severity": data["severity"],
            "periocular": data["periocular"],
            "details": data["details"],
            "notes": data["notes"],
        }

    @staticmethod
    def initial_from(concern: Concern) -> dict[str, Any]:
        details = concern.details or {}
        tattoo = details.get("tattoo") or {}
        initial: dict[str, Any] = {
            "indication": concern.indication,
            "body_site": concern.body_site,
            "severity": concern.severity,
            "periocular": concern.periocular,
            "notes": concern.notes,
            "area_cm2": _plain_number(details.get("area_cm2")),
            "acne_scar_type": details.get("acne_scar_type"),
            **{key: details.get(key) for key in ("rejuvenation_target", "prior_response")},
            "prior_sessions": details.get("prior_sessions"),
            "ink_colours_present": details.get("ink_colours_present") or [],
        }
        for name, key in TATTOO_FIELDS.items():
            initial[name] = tattoo.get(key)
        if "layering" in tattoo:
            initial["tattoo_layering"] = "yes" if tattoo["layering"] else "no"
        return initial
