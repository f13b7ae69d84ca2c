from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use it"), max_length=80, help_text=_("e.g. “Clinic website”")
    )
    # Plain choices, checked against the list before any query (a junk id never reaches the
    # database), turned into clinics in clean_clinics.
    clinics = forms.TypedMultipleChoiceField(
        label=_("Clinics it may reach"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    can_write = forms.BooleanField(
        label=_("It may also change records (register patients, book and cancel)"), required=False
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def __init__(self, *args, clinics, **kwargs):
        super().__init__(*args, **kwargs)
        self._clinics = list(clinics)
        field = self.fields["clinics"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(clinic.pk, clinic.name) for clinic in self._clinics]

    def clean_clinics(self) -> list[Clinic]:
        chosen = set(self.cleaned_data["clinics"])
        return [clinic for clinic in self._clinics if clinic.pk in chosen]
