from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use it"), max_length=80, help_text=_("e.g. “Clinic website”")
    )
    clinics = forms.ModelMultipleChoiceField(
        label=_("Clinics it may reach"),
        queryset=Clinic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    can_write = forms.BooleanField(
        label=_("It may also change records (register patients, book and cancel)"), required=False
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=366, initial=90)

    def __init__(self, *args, clinics, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["clinics"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = clinics
