"""Forms of the session page. Touch-sized radio pills for choices; numbers with units."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from picoclinic.scheduling.models import Device
from picoclinic.treatments.models import (
    AdverseEventKind,
    AdverseEventSource,
    AdverseGrade,
    Anaesthesia,
    CheckCode,
    Cooling,
    Endpoint,
    Grade,
    SettingsEntry,
    TreatmentSession,
)
from picoclinic.treatments.models.records import HANDPIECE_CHOICES, INK_CHOICES
from picoclinic.web.forms import ModelChoiceField

YES_NO = [("yes", "Yes"), ("no", "No")]
NUMBER_INVALID = "Enter a number."
REASON_HELP = "Kept in the record and the audit trail."


def plain_number(value):
    """0.700 shows as 0.7 and 10.0 as 10 (the stored precision is not what was typed)."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else value


def _pills(**attrs) -> forms.RadioSelect:
    return forms.RadioSelect(attrs={"class": "pill-input", **attrs})


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=YES_NO, coerce=lambda v: v == "yes", widget=_pills()
    )


def _decimal(label: str, *, low: str, high: str, places: int, digits: int, unit: str):
    return forms.DecimalField(
        label=label,
        max_digits=digits,
        decimal_places=places,
        validators=[MinValueValidator(Decimal(low)), MaxValueValidator(Decimal(high))],
        error_messages={"invalid": NUMBER_INVALID},
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "data-unit": unit}),
    )


def _reason(label: str = "Reason", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TickForm(forms.Form):
    code = forms.ChoiceField(choices=CheckCode.choices)
    done = forms.TypedChoiceField(
        choices=[("1", "Done"), ("0", "Not done")], coerce=lambda v: v == "1", initial="1"
    )
    tanned = forms.TypedChoiceField(
        choices=YES_NO, coerce=lambda v: v == "yes", required=False, empty_value=None
    )


class ItemOverrideForm(forms.Form):
    code = forms.ChoiceField(choices=CheckCode.choices)
    reason = _reason("Doctor's reason for passing this item")


class OverrideForm(forms.Form):
    reason = _reason("Doctor's reason for allowing this setting")


class EntryForm(forms.Form):
    """One area, one pass. The core's context (skin, tan, test spot) comes from the session."""

    area = forms.CharField(
        label="Area",
        max_length=80,
        widget=forms.TextInput(attrs={"list": "areas", "autocomplete": "off"}),
    )
    device = ModelChoiceField(label="Laser", queryset=Device.objects.none())
    wavelength_nm = forms.IntegerField(
        label="Wavelength (nm)",
        min_value=300,
        max_value=3000,
        error_messages={"invalid": NUMBER_INVALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    handpiece = forms.ChoiceField(label="Handpiece", choices=HANDPIECE_CHOICES)
    spot_mm = _decimal("Spot (mm)", low="0.1", high="20", places=1, digits=4, unit="mm")
    fluence_j_cm2 = _decimal(
        "Fluence (J/cm²)", low="0.001", high="99", places=3, digits=6, unit="J/cm²"
    )
    pulse_ps = forms.IntegerField(
        label="Pulse (ps)",
        min_value=1,
        max_value=1_000_000,
        error_messages={"invalid": NUMBER_INVALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    repetition_hz = _decimal("Rate (Hz)", low="0.1", high="100", places=1, digits=4, unit="Hz")
    pulses = forms.IntegerField(
        label="Pulses",
        required=False,
        min_value=1,
        max_value=100_000,
        error_messages={"invalid": NUMBER_INVALID},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    endpoint = forms.ChoiceField(
        label="Clinical endpoint seen", choices=[("", "Choose…"), *Endpoint.choices]
    )
    ink_colour = forms.ChoiceField(
        label="Ink treated", choices=[("", "—"), *INK_CHOICES], required=False
    )
    notes = forms.CharField(label="Note", max_length=300, required=False)
    override_reason = _reason("Doctor's override reason (only for a BLOCK)", required=False)
    carried_from = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, devices, tattoo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["device"].queryset = devices
        if not tattoo:
            del self.fields["ink_colour"]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("override_reason", None)
        data.pop("carried_from", None)
        return data

    @staticmethod
    def initial_from(entry: SettingsEntry) -> dict:
        names = (
            "area",
            "device",
            "wavelength_nm",
            "handpiece",
            "spot_mm",
            "fluence_j_cm2",
            "pulse_ps",
            "repetition_hz",
            "pulses",
            "endpoint",
            "ink_colour",
        )
        initial = {name: getattr(entry, name) for name in names}
        for name in ("spot_mm", "fluence_j_cm2", "repetition_hz"):
            initial[name] = plain_number(initial[name])
        initial["device"] = entry.device_id
        return initial


class ResponseForm(forms.Form):
    erythema = forms.ChoiceField(label="Erythema", choices=Grade.choices, widget=_pills())
    oedema = forms.ChoiceField(label="Oedema", choices=Grade.choices, widget=_pills())
    whitening = _yes_no("Whitening or frosting")
    pinpoint_bleeding = _yes_no("Pinpoint bleeding")
    blistering = _yes_no("Blistering")
    pain_score = forms.TypedChoiceField(
        label="Pain, 0 (none) to 10 (worst imaginable)",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=_pills(),
    )
    anaesthesia = forms.ChoiceField(
        label="Anaesthesia", choices=Anaesthesia.choices, widget=_pills()
    )
    cooling = forms.ChoiceField(label="Cooling", choices=Cooling.choices, widget=_pills())
    notes = forms.CharField(
        label="Notes", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def initial_from(response) -> dict:
        if response is None:
            return {"anaesthesia": Anaesthesia.NONE, "cooling": Cooling.NONE}
        initial = {name: getattr(response, name) for name in ResponseForm.base_fields}
        for name in ("whitening", "pinpoint_bleeding", "blistering"):
            initial[name] = "yes" if initial[name] else "no"
        return initial


class AdverseEventForm(forms.Form):
    kind = forms.ChoiceField(label="What", choices=[("", "Choose…"), *AdverseEventKind.choices])
    grade = forms.TypedChoiceField(
        label="Grade", choices=AdverseGrade.choices, coerce=int, widget=_pills()
    )
    onset_at = forms.DateTimeField(
        label="Onset",
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": "Enter the date and time it started."},
    )
    settings_entry = ModelChoiceField(
        label="After which setting",
        queryset=SettingsEntry.objects.none(),
        required=False,
        empty_label="Not linked to one setting",
    )
    description = forms.CharField(
        label="What was seen and done", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settings_entry"].queryset = entries
        self.fields["settings_entry"].label_from_instance = entry_label


def entry_label(entry: SettingsEntry) -> str:
    return (
        f"{entry.area}, pass {entry.pass_number}: {entry.wavelength_nm} nm, "
        f"{plain_number(entry.fluence_j_cm2)} J/cm²"
    )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Correction or addition",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotTreatedForm(forms.Form):
    reason = _reason("Why the patient was not treated")


class _EntrySelect(forms.Select):
    """Each setting's option names its session (``data-session``), so the page can offer only
    the settings of the session chosen (treatments.js); the service checks it anyway."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-session"] = str(instance.session_id)
        return option


class EventReportForm(AdverseEventForm):
    """An adverse event reported after a session: how it came to us, which session it
    followed and which setting of it (the patient's signed sessions only)."""

    source = forms.ChoiceField(
        label="How it came to us",
        choices=[
            (value, label)
            for value, label in AdverseEventSource.choices
            if value != AdverseEventSource.SESSION
        ],
        widget=_pills(),
    )
    session = ModelChoiceField(
        label="After which session",
        queryset=TreatmentSession.objects.none(),
        required=False,
        empty_label="Not linked to a session",
    )

    field_order = ["source", "kind", "grade", "onset_at", "session", "settings_entry"]

    def __init__(self, *args, sessions, entries, **kwargs):
        super().__init__(*args, entries=entries, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].label_from_instance = session_label
        entry_field = self.fields["settings_entry"]
        entry_field.widget = _EntrySelect(attrs={"data-entries-of": self.add_prefix("session")})
        entry_field.widget.choices = entry_field.choices
        entry_field.label_from_instance = lambda e: (
            f"{e.session.treated_on:%d %b}: {entry_label(e)}"
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        entry, session = data.get("settings_entry"), data.get("session")
        if entry is not None and (session is None or entry.session_id != session.pk):
            self.add_error("settings_entry", "Choose a setting of the session chosen above.")
        return data


def session_label(session: TreatmentSession) -> str:
    return f"{session.treated_on:%d %b %Y}: session {session.session_number}"


class EventResolveForm(forms.Form):
    resolved_on = forms.DateField(
        label="Resolved on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the day it resolved."},
    )
    note = forms.CharField(
        label="How it resolved", required=False, max_length=2000, widget=forms.Textarea({"rows": 2})
    )


class EventAcknowledgeForm(forms.Form):
    note = _reason("What you decided (review, treatment, plan change)")
