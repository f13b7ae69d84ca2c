from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone

from picoclinic.patients.models import Patient
from picoclinic.patients.services import EDITABLE_FIELDS

DOB_IN_FUTURE = "The date of birth cannot be in the future."
DOB_TOO_OLD = "Please check the date of birth: that would make the patient over 120."


def date_of_birth_checked(dob: date) -> date:
    """``dob`` if it can be a living person's date of birth (not in the future, not over 120
    years ago), else a ValidationError saying which."""
    today = timezone.localdate()
    if dob > today:
        raise forms.ValidationError(DOB_IN_FUTURE)
    if today.year - dob.year > 120:
        raise forms.ValidationError(DOB_TOO_OLD)
    return dob


CONTACT_REQUIRED = (
    "Give at least a phone number or an e-mail address, so the clinic can reach them."
)


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = EDITABLE_FIELDS
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def clean_date_of_birth(self) -> date:
        return date_of_birth_checked(self.cleaned_data["date_of_birth"])

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            raise forms.ValidationError(CONTACT_REQUIRED)
        return cleaned


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Find a patient",
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={"placeholder": "Name, patient number or phone", "autocomplete": "off"}
        ),
    )
