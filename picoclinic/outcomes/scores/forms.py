"""The outcome-score form: common fields plus the inputs of the chosen scale.

Ranges are deliberately not checked here: the clinical core checks them and its message is
shown on the field (one source of truth for every limit).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone

from picoclinic.clinical.outcomes import CLEARANCE_SCHEMES, DEFAULT_CLEARANCE_SCHEME, MasiRegion
from picoclinic.clinical.outcomes_scars import (
    COUNT_BAND_NOTE,
    ECCA_COUNT_NOTE,
    ECCA_MAXIMUM_NOTE,
    ECCA_SCAR_TYPES,
    ECCA_UNVERIFIED_NOTE,
    KELOID_AREA_NOTE,
    LESION_TYPES,
    QUANTITATIVE_UNVERIFIED_NOTE,
)
from picoclinic.outcomes.forms import AppointmentChoice
from picoclinic.outcomes.scores.models import Rater, Scale
from picoclinic.outcomes.scores.services import PATIENT_ONLY
from picoclinic.plans.models import PlanItem
from picoclinic.scheduling.models import Appointment, AppointmentStatus

REGION_LABELS = {
    MasiRegion.FOREHEAD: "Forehead",
    MasiRegion.RIGHT_MALAR: "Right malar (cheek)",
    MasiRegion.LEFT_MALAR: "Left malar (cheek)",
    MasiRegion.CHIN: "Chin",
}
SCORE_HELP = {
    Scale.GAIS: "1 very much improved, 2 much improved, 3 improved, 4 no change, 5 worse.",
    Scale.GOODMAN_BARON_QUALITATIVE: "1 macular, 2 mild, 3 moderate, 4 severe.",
    Scale.PAIN_NRS: "0 no pain … 10 worst pain imaginable.",
    Scale.PATIENT_SATISFACTION: "1 very dissatisfied … 5 very satisfied.",
}

# What the clinician must read beside the counts: the core's own notes, UNVERIFIED kept.
SCALE_NOTES = {
    Scale.GOODMAN_BARON_QUANTITATIVE: (
        QUANTITATIVE_UNVERIFIED_NOTE,
        COUNT_BAND_NOTE,
        KELOID_AREA_NOTE,
    ),
    Scale.ECCA: (ECCA_UNVERIFIED_NOTE, ECCA_COUNT_NOTE, ECCA_MAXIMUM_NOTE),
}


def _int(label: str, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(label=label, help_text=help_text, required=False)


def _count(label: str, help_text: str) -> forms.IntegerField:
    """A lesion count: blank means none; the core refuses a negative count with its message."""
    field = _int(f"{label} (number)", help_text)
    field.widget.attrs.update({"inputmode": "numeric", "min": 0, "placeholder": "0"})
    return field


class ScoreForm(forms.Form):
    rater = forms.ChoiceField(label="Rated by", choices=Rater.choices, widget=forms.RadioSelect)
    assessed_on = forms.DateField(
        label="Assessed on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    appointment = AppointmentChoice(
        queryset=Appointment.objects.none(),
        required=False,
        label="Session",
        empty_label="A review, not a session",
    )
    note = forms.CharField(required=False, max_length=300, label="Note")

    def __init__(self, *args, item: PlanItem, scale: Scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["appointment"].queryset = (
            Appointment.objects.filter(plan_item=item)
            .exclude(status=AppointmentStatus.CANCELLED)
            .order_by("-starts_at")
        )
        self.initial.setdefault("assessed_on", timezone.localdate())
        self.initial.setdefault(
            "rater", Rater.PATIENT if scale in PATIENT_ONLY else Rater.CLINICIAN
        )
        self._add_scale_fields(scale)

    def _add_scale_fields(self, scale: Scale) -> None:
        if scale == Scale.PIGMENT_CLEARANCE:
            self.fields["percentage"] = forms.DecimalField(
                label="Clearance (%)",
                required=False,
                max_digits=6,
                decimal_places=2,
                help_text="The share of the pigment or ink cleared since baseline, 0-100.",
            )
            self.fields["scheme"] = forms.ChoiceField(
                label="Grading scheme",
                choices=[(s.value, spec.name) for s, spec in CLEARANCE_SCHEMES.items()],
                initial=DEFAULT_CLEARANCE_SCHEME.value,
            )
        elif scale in (Scale.MMASI, Scale.MASI):
            for region, label in REGION_LABELS.items():
                self.fields[f"{region.value}_area"] = _int(f"{label}: area (0-6)")
                self.fields[f"{region.value}_darkness"] = _int(f"{label}: darkness (0-4)")
                if scale == Scale.MASI:
                    self.fields[f"{region.value}_homogeneity"] = _int(f"{label}: homogeneity (0-4)")
        elif scale == Scale.GOODMAN_BARON_QUANTITATIVE:
            self._add_goodman_baron_fields()
        elif scale == Scale.ECCA:
            for scar, info in ECCA_SCAR_TYPES.items():
                self.fields[scar.value] = _count(info.description, f"Weight {info.weight}.")
        else:
            self.fields["score"] = _int("Score", SCORE_HELP.get(scale, ""))

    def _add_goodman_baron_fields(self) -> None:
        # Goodman & Baron 2006 (J Cosmet Dermatol 5:48) rows A-D, one count per lesion type.
        for lesion, info in LESION_TYPES.items():
            points = "/".join(str(info.multiplier * band) for band in (1, 2, 3))
            help_text = f"Row {info.row}: {points} points for 1-10 / 11-20 / more than 20."
            self.fields[lesion.value] = _count(info.description, help_text)
        self.fields["keloidal_area_cm2"] = forms.DecimalField(
            label="Keloidal or hypertrophic scars: area (cm²)",
            required=False,
            max_digits=7,
            decimal_places=1,
            help_text="Row D: 6 points under 5 cm², 12 for 5-20 cm², 18 over 20 cm².",
        )

    @property
    def scale_field_names(self) -> list[str]:
        common = {"rater", "assessed_on", "appointment", "note"}
        return [name for name in self.fields if name not in common]

    def scale_fields(self):
        return [self[name] for name in self.scale_field_names]

    def inputs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.scale_field_names}

    def core_error(self, field: str, message: str) -> None:
        """Put the core's message on the matching field (``regions.chin.area`` → chin_area)."""
        name = {"percentage": "percentage", "score": "score", "grade": "score"}.get(field)
        if name is None and field.startswith("regions"):
            name = "_".join(field.split(".")[1:]) or None
        if name is None and field.startswith(("lesion_counts.", "grades.")):
            name = field.split(".", 1)[1]
        name = name or field
        self.add_error(name if name in self.fields else None, message)
