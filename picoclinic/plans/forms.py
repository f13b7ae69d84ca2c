from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.consultations.models import Consultation
from picoclinic.plans import errors
from picoclinic.plans.catalogue import concern_profile, fluence_hints
from picoclinic.plans.instructions import (
    READING_DAYS_DEFAULT,
    READING_DAYS_MAX,
    READING_DAYS_MIN,
    RULES,
    instruction_errors,
)
from picoclinic.plans.models import InstructionKind, PlanItem, TreatmentPlan
from picoclinic.plans.services import DETAIL_FIELDS, ITEM_FIELDS
from picoclinic.plans.validation import details_errors, item_errors
from picoclinic.web.forms import ModelChoiceField

MAX_SESSIONS = 30
MAX_INTERVAL_DAYS = 730
MAX_PACKAGE = 100


def _add_errors(form: forms.BaseForm, found: dict[str, str]) -> None:
    for name, message in found.items():
        form.add_error(name, message)


# What a form mixin runs in: the checker sees a form (its clean, errors, cleaned_data); at run
# time it stays a plain class ahead of the form in the bases, as before.
if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


class _DetailsMixin(_FormBase):
    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            if cleaned.get("currency"):
                cleaned["currency"] = cleaned["currency"].strip().upper()
            _add_errors(self, details_errors(cleaned))
        return cleaned


class PlanDetailsForm(_DetailsMixin, forms.ModelForm):
    """Price and prepaid package (recorded only: nothing is charged here) and notes."""

    class Meta:
        model = TreatmentPlan
        fields = DETAIL_FIELDS
        labels = {
            "price": "Price of the course",
            "currency": "Currency",
            "package_sessions": "Prepaid package (sessions)",
            "notes": "Notes for the team",
        }
        help_texts = {
            "currency": "Three letters, such as GBP or HKD.",
            "package_sessions": "Leave empty when sessions are paid one by one.",
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "currency": forms.TextInput(attrs={"maxlength": 3, "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price"].validators.append(MinValueValidator(0))
        self.fields["price"].widget.attrs.update(min="0", step="0.01")
        package = self.fields["package_sessions"]
        package.validators += [MinValueValidator(1), MaxValueValidator(MAX_PACKAGE)]
        package.widget.attrs.update(min="1", max=str(MAX_PACKAGE))


class PlanCreateForm(_DetailsMixin, forms.Form):
    consultation = ModelChoiceField(
        queryset=Consultation.objects.none(),
        label="From the consultation",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    price = forms.DecimalField(
        label="Price of the course", required=False, min_value=0, max_digits=10, decimal_places=2
    )
    currency = forms.CharField(
        label="Currency", required=False, max_length=3, help_text="Three letters, such as GBP."
    )
    package_sessions = forms.IntegerField(
        label="Prepaid package (sessions)", required=False, min_value=1, max_value=MAX_PACKAGE
    )

    def __init__(self, *args, consultations: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        field.queryset = Consultation.objects.filter(pk__in=[c.pk for c in consultations])
        field.label_from_instance = _consultation_label
        if len(consultations) == 1 and not self.is_bound:
            field.initial = consultations[0].pk


def _consultation_label(consultation: Consultation) -> str:
    day = timezone.localtime(consultation.completed_at or consultation.started_at)
    return f"{day:%d %b %Y} with {consultation.practitioner.full_name}"


class PlanItemForm(forms.ModelForm):
    """One plan item. Rules are ``validation.item_errors``; the errors sit beside the fields."""

    wavelength_nm = forms.TypedChoiceField(label="Wavelength", coerce=int)

    class Meta:
        model = PlanItem
        fields = ITEM_FIELDS
        labels = {
            "areas": "Areas",
            "goals": "Goals",
            "expected_outcome": "What to expect",
            "handpiece": "Handpiece",
            "spot_mm": "Spot (mm)",
            "fluence_min": "Fluence from (J/cm²)",
            "fluence_max": "Fluence up to (J/cm²)",
            "sessions": "Sessions",
            "interval_min_days": "At least (days)",
            "interval_target_days": "Aim for (days)",
            "interval_max_days": "At most (days)",
            "interval_reason": "Reason for an interval outside the published range",
            "adjuncts": "Adjuncts and precautions",
        }
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 2}),
            "expected_outcome": forms.Textarea(attrs={"rows": 6}),
            "interval_reason": forms.Textarea(attrs={"rows": 2}),
            "adjuncts": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, fitzpatrick: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = concern_profile(self.instance.concern)
        self.fluence_hints = fluence_hints(self.instance.concern, fitzpatrick=fitzpatrick)
        listed = sorted(self.profile.wavelengths_nm() | {self.instance.wavelength_nm})
        self.fields["wavelength_nm"].choices = [(nm, f"{nm} nm") for nm in listed]
        self._bound_numbers()
        window = self.profile.interval
        self.fields[
            "interval_reason"
        ].help_text = (
            f"Required when the window reaches outside {window.min_days} to {window.max_days} days."
        )

    def _bound_numbers(self) -> None:
        limits = {
            "sessions": (1, MAX_SESSIONS),
            "interval_min_days": (1, MAX_INTERVAL_DAYS),
            "interval_target_days": (1, MAX_INTERVAL_DAYS),
            "interval_max_days": (1, MAX_INTERVAL_DAYS),
        }
        for name, (low, high) in limits.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.validators = [
                MinValueValidator(low),
                MaxValueValidator(high),
            ]
            field.widget.attrs.update(min=str(low), max=str(high))
        self.fields["sessions"].error_messages["min_value"] = errors.ERR_SESSIONS_MIN
        for name in ("spot_mm", "fluence_min", "fluence_max"):
            self.fields[name].validators.append(MinValueValidator(0))
            self.fields[name].widget.attrs.update(min="0", step="0.01")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        values = {name: cleaned.get(name) for name in ITEM_FIELDS}
        found = item_errors(concern=self.instance.concern, values=values)
        _add_errors(self, {k: v for k, v in found.items() if k not in self.errors})
        return cleaned


class ApproveForm(forms.Form):
    # The version the doctor read: approval is refused if the plan has moved on since.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31)
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="What needs to change",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.ERR_RETURN_COMMENT},
    )


class StopForm(forms.Form):
    reason = forms.CharField(
        label="Reason for stopping",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": errors.ERR_STOP_REASON},
    )


class CourseChangeForm(forms.Form):
    sessions = forms.IntegerField(
        label="Sessions in the whole course",
        min_value=1,
        max_value=2**15,
        error_messages={"required": "Give the number of sessions for the whole course."},
    )
    reason = forms.CharField(
        label="Why the course changes",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": errors.ERR_COURSE_REASON},
    )


class CourseDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("decline", "Decline")])
    comment = forms.CharField(
        label="Comment (required to decline)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InstructionsForm(forms.Form):
    """The doctor's instructions: one tick per kind, with its parameters and a short note.

    Written by the practitioner with the plan (for the doctor to confirm) and by the doctor
    at review (``prefix="instr"`` beside the approval)."""

    def __init__(self, *args, instructions: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {i.kind: i for i in instructions or []}
        for kind, label in InstructionKind.choices:
            found = current.get(kind)
            self.fields[kind] = forms.BooleanField(
                label=label, required=False, initial=found is not None
            )
            if kind == InstructionKind.LOWER_FLUENCE:
                self.fields[f"{kind}_cap"] = forms.DecimalField(
                    label=_("Cap (J/cm²)"),
                    required=False,
                    max_digits=5,
                    decimal_places=2,
                    initial=found.fluence_cap if found else None,
                    widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": "50"}),
                )
            if kind == InstructionKind.TEST_SPOT_FIRST:
                self.fields[f"{kind}_days"] = forms.IntegerField(
                    label=_("Read after (days)"),
                    required=False,
                    min_value=READING_DAYS_MIN,
                    max_value=READING_DAYS_MAX,
                    initial=(found.reading_days if found else None) or READING_DAYS_DEFAULT,
                )
            self.fields[f"{kind}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=200,
                initial=found.note if found else "",
            )

    def rows(self):
        """(tick, parameter or None, note, rule) per kind, for the template."""
        found = []
        for kind, _label in InstructionKind.choices:
            extra = self[f"{kind}_cap"] if f"{kind}_cap" in self.fields else None
            if f"{kind}_days" in self.fields:
                extra = self[f"{kind}_days"]
            found.append((self[kind], extra, self[f"{kind}_note"], RULES[kind]))
        return found

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            _add_errors(self, instruction_errors(self.instructions()))
        return cleaned

    def instructions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "kind": kind,
                "fluence_cap": data.get(f"{kind}_cap"),
                "reading_days": data.get(f"{kind}_days"),
                "note": (data.get(f"{kind}_note") or "").strip(),
            }
            for kind in InstructionKind.values
            if data.get(kind)
        ]
