"""Configuration forms in the admin: choices as checkboxes, drawn from the clinical catalogue,
so no clinic manager types JSON (a laser's wavelengths and handpieces, a practitioner's
indications, an appointment type's wavelength)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.common import Indication
from picoclinic.clinical.indications import CATALOGUE, all_profiles
from picoclinic.clinical.indications_model import Handpiece
from picoclinic.scheduling.models import AppointmentType, Device, Practitioner

HANDPIECE_LABELS = {
    Handpiece.FLAT_BEAM: _("Flat beam (full spot)"),
    Handpiece.FRACTIONAL: _("Fractional (micro-lens, DOE or holographic)"),
}
ERR_NO_WAVELENGTH = _("Tick at least one wavelength the laser delivers.")


def catalogue_wavelengths() -> list[int]:
    """Every wavelength the clinical catalogue publishes settings for."""
    return sorted({use.nm for profile in all_profiles() for use in profile.wavelengths})


def _with_current(choices: list[tuple], current) -> list[tuple]:
    """Keep a stored value the catalogue does not list, so saving never drops it."""
    known = {value for value, _label in choices}
    extra = [(value, str(value)) for value in current or [] if value not in known]
    return choices + extra


def _nm_choices(current=()) -> list[tuple]:
    choices = [(nm, f"{nm} nm") for nm in catalogue_wavelengths()]
    return _with_current(choices, current)


class DeviceForm(forms.ModelForm):
    wavelengths_nm = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wavelengths"),
        error_messages={"required": ERR_NO_WAVELENGTH},
    )
    handpieces = forms.MultipleChoiceField(
        choices=[(h.value, HANDPIECE_LABELS[h]) for h in Handpiece],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Handpieces"),
    )

    class Meta:
        model = Device
        fields = [
            "clinic",
            "name",
            "model_name",
            "serial_number",
            "wavelengths_nm",
            "handpieces",
            "cleanup_minutes",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.wavelengths_nm if self.instance.pk else []
        self.fields["wavelengths_nm"].choices = _nm_choices(current)

    def clean_wavelengths_nm(self) -> list[int]:
        return sorted(set(self.cleaned_data["wavelengths_nm"]))

    def clean_handpieces(self) -> list[str]:
        return sorted(set(self.cleaned_data["handpieces"]))


class PractitionerForm(forms.ModelForm):
    indications = forms.MultipleChoiceField(
        choices=[(i.value, CATALOGUE[i].label) for i in Indication],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Indications they may treat"),
    )

    class Meta:
        model = Practitioner
        fields = ["user", "name", "appointment_types", "indications", "is_active"]

    def clean_indications(self) -> list[str]:
        return sorted(set(self.cleaned_data["indications"]))


class AppointmentTypeForm(forms.ModelForm):
    wavelength_nm = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Needs a laser delivering"),
    )

    class Meta:
        model = AppointmentType
        fields = [
            "clinic",
            "name",
            "kind",
            "duration_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "needs_room",
            "needs_device",
            "wavelength_nm",
            "online_bookable",
            "is_active",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = [self.instance.wavelength_nm] if self.instance.wavelength_nm else []
        self.fields["wavelength_nm"].choices = [("", _("Any wavelength")), *_nm_choices(current)]
