from __future__ import annotations

import re

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import User
from picoclinic.clinics.zones import countries, time_zone_choices, zones_for_country
from picoclinic.home.copying import ERR_CODE_TAKEN
from picoclinic.home.services import ERR_ZONE_COUNTRY

CODE_PATTERN = re.compile(r"^[A-Z0-9]{2,6}$")
ERR_CODE = _("Use 2 to 6 capital letters or digits, e.g. CEN.")
ERR_PASSWORDS = _("The two passwords differ.")
ERR_EMAIL_TAKEN = _("A login with this e-mail address exists already.")


class FirstRunForm(forms.Form):
    """The organisation, its first clinic and the owner's login: the first-run page and
    ``picoclinic setup`` validate through this one form."""

    organisation = forms.CharField(label=_("Organisation name"), max_length=200)
    clinic = forms.CharField(label=_("First clinic's name"), max_length=200)
    code = forms.CharField(
        label=_("Clinic code"),
        max_length=6,
        help_text=_("2-6 capitals that start its patient numbers, e.g. CEN for CEN-000001."),
    )
    address = forms.CharField(label=_("Clinic address"), widget=forms.Textarea(attrs={"rows": 3}))
    # Choosing the country narrows the time zones in place (htmx asks this page again).
    country = forms.ChoiceField(
        label=_("Country"),
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("first_run"),
                "hx-target": "#id_time_zone",
                "hx-select": "#id_time_zone",
                "hx-swap": "outerHTML",
            }
        ),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"))
    owner_name = forms.CharField(label=_("Your name"), max_length=150)
    owner_email = forms.EmailField(label=_("Your e-mail address (your login)"))
    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(render_value=False)
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(render_value=False)
    )

    starter = forms.BooleanField(
        label=_("Add starter content to review"),
        required=False,
        initial=True,
        help_text=_(
            "Consent texts, appointment types, a default policy and the country's public "
            'holidays, each marked "review before use" until you edit or confirm it.'
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", _("Choose the country")),
            *countries(),
        ]
        country = (self.data.get("country") or self.initial.get("country") or "").strip()
        self.fields["time_zone"].choices = [
            ("", _("Choose the time zone")),
            *time_zone_choices(country),
        ]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_PATTERN.match(code):
            raise ValidationError(ERR_CODE)
        return code

    def clean_owner_email(self) -> str:
        email = self.cleaned_data["owner_email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(ERR_EMAIL_TAKEN)
        return email

    def clean(self):
        super().clean()
        data = self.cleaned_data
        country, zone = data.get("country"), data.get("time_zone")
        if country and zone and zone not in zones_for_country(country):
            self.add_error("time_zone", ERR_ZONE_COUNTRY)
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", ERR_PASSWORDS)
        elif first:
            owner = User(email=data.get("owner_email") or "", full_name=data.get("owner_name", ""))
            try:
                validate_password(first, owner)
            except ValidationError as error:
                self.add_error("password1", error)
        return data

    def service_arguments(self) -> dict:
        """``installation_set_up``'s arguments from the valid form."""
        data = self.cleaned_data
        return {
            "organisation_name": data["organisation"],
            "clinic_name": data["clinic"],
            "clinic_code": data["code"],
            "address": data["address"],
            "country": data["country"],
            "time_zone": data["time_zone"],
            "owner_email": data["owner_email"],
            "owner_name": data["owner_name"],
            "owner_password": data["password1"],
            "starter": data["starter"],
        }


class CopyClinicForm(forms.Form):
    """A new clinic copied from this one: its own name, code and address."""

    name = forms.CharField(label=_("New clinic's name"), max_length=200)
    code = forms.CharField(
        label=_("Clinic code"),
        max_length=6,
        help_text=_("2-6 capitals that start its patient numbers, e.g. CEN for CEN-000001."),
    )
    address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        if not CODE_PATTERN.match(code):
            raise ValidationError(ERR_CODE)
        if self.organisation.clinics.filter(code=code).exists():
            raise ValidationError(ERR_CODE_TAKEN)
        return code
