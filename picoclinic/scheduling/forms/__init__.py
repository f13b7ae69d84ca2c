"""Forms of the front desk's booking page."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django import forms

from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.models import Practitioner
from picoclinic.scheduling.selectors import appointment_types_for_desk
from picoclinic.web.forms import ModelChoiceField

DAY_IN_PAST = "Choose today or a later day."
DAY_TOO_FAR = "Choose a day within the next two years."
SLOT_REQUIRED = "Choose a time."
SLOT_INVALID = "That time could not be read. Please choose it again."
MAX_DAYS_AHEAD = 730


class DateInput(forms.DateInput):
    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if isinstance(value, date) else value


class BookingForm(forms.Form):
    """Type, day and (optionally) practitioner choose the times shown; ``slot`` is the time
    picked, as "<ISO start>|<practitioner id>"."""

    appointment_type = ModelChoiceField(queryset=None, empty_label=None, label="Type")
    day = forms.DateField(widget=DateInput)
    practitioner = ModelChoiceField(queryset=None, required=False, empty_label="Any practitioner")
    slot = forms.CharField(required=False, max_length=80)
    notes = forms.CharField(
        required=False,
        max_length=300,
        label="Note for the team (optional)",
        help_text="e.g. interpreter needed. No clinical details here.",
    )

    def __init__(self, data=None, *, clinic: Clinic, today: date, **kwargs):
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["appointment_type"].queryset = appointment_types_for_desk(clinic=clinic)
        self.fields["practitioner"].queryset = (
            Practitioner.objects.filter(is_active=True, working_hours__clinic=clinic)
            .distinct()
            .order_by("name", "id")
        )

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if day < self.today:
            raise forms.ValidationError(DAY_IN_PAST)
        if day > self.today + timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(DAY_TOO_FAR)
        return day

    def chosen_slot(self) -> tuple[datetime, Practitioner]:
        """The picked start and practitioner (call after ``is_valid``); raises ValidationError."""
        raw = self.cleaned_data.get("slot") or ""
        if not raw:
            raise forms.ValidationError(SLOT_REQUIRED)
        try:
            when, practitioner_id = raw.split("|")
            starts_at = datetime.fromisoformat(when)
            practitioner = self.fields["practitioner"].queryset.get(pk=int(practitioner_id))
        except (ValueError, OverflowError, Practitioner.DoesNotExist):
            raise forms.ValidationError(SLOT_INVALID) from None
        if starts_at.tzinfo is None:
            raise forms.ValidationError(SLOT_INVALID)
        return starts_at, practitioner
