from __future__ import annotations

from datetime import timedelta

from django import forms

from picoclinic.portal.models import SideEffectKind
from picoclinic.web.forms import ModelChoiceField

FUTURE = "That day has not come yet: give the day it started."
TOO_OLD = "Tell the clinic by phone about anything that started more than a year ago."
BEFORE_TREATMENT = (
    'That is before the treatment you chose: choose another treatment, or "I am not sure".'
)


class SideEffectForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you noticing?",
        choices=SideEffectKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are noticing."},
    )
    started_on = forms.DateField(
        label="When did it start?",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Give the day it started.", "invalid": "Give a real date."},
    )
    session = ModelChoiceField(
        label="After which treatment?",
        queryset=None,
        required=False,
        empty_label="I am not sure",
    )
    description = forms.CharField(
        label="Tell us more",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Where it is, how it has changed, what you have tried.",
        error_messages={"required": "Tell us a little about it, in your own words."},
    )

    def __init__(self, *args, sessions, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = lambda s: s.treated_on.strftime("%-d %B %Y")
        self.fields["started_on"].widget.attrs["max"] = today.isoformat()

    def clean_started_on(self):
        day = self.cleaned_data["started_on"]
        if day > self.today:
            raise forms.ValidationError(FUTURE)
        if day < self.today - timedelta(days=365):
            raise forms.ValidationError(TOO_OLD)
        return day

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        day, session = cleaned.get("started_on"), cleaned.get("session")
        if day and session and day < session.treated_on:
            self.add_error("started_on", BEFORE_TREATMENT)
        return cleaned


class ReportCloseForm(forms.Form):
    note = forms.CharField(
        label="Why no adverse event",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why no adverse event is recorded, for the record."},
    )
