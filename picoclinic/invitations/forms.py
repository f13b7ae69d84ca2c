from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Role
from picoclinic.clinical.common import Indication
from picoclinic.clinical.indications import CATALOGUE

# Values and labels of the clinical catalogue.
INDICATION_CHOICES = [(i.value, CATALOGUE[i].label) for i in Indication]


class _IndicationsMixin(forms.Form):
    indications = forms.MultipleChoiceField(
        label=_("Indications they treat (practitioners and doctors)"),
        choices=INDICATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They can be booked for treatments of these at this clinic."),
    )


class StaffInviteForm(_IndicationsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    clinic = forms.ModelChoiceField(label=_("Clinic"), queryset=None, empty_label=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    field_order = ["full_name", "email", "clinic", "role", "indications"]

    def __init__(self, *args, clinics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = clinics


class RoleChangeForm(_IndicationsMixin):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    field_order = ["role", "indications"]


class PatientPortalActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("invite", "invite"), ("resend", "resend"), ("revoke", "revoke")]
    )
