from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": "That e-mail and password do not match an account.",
        "inactive": "This account has been deactivated. Ask your clinic admin.",
    }


class ClinicSwitchForm(forms.Form):
    clinic_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
