from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.handover import PIN_MAX_DIGITS, PIN_MIN_DIGITS


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


PIN_FORMAT = _("A PIN is %(min)s to %(max)s digits.") % {
    "min": PIN_MIN_DIGITS,
    "max": PIN_MAX_DIGITS,
}
PIN_VALIDATOR = RegexValidator(rf"^[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}$", PIN_FORMAT)


def _pin_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=PIN_MAX_DIGITS,
        validators=[PIN_VALIDATOR],
        strip=True,
        widget=forms.PasswordInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]*"}
        ),
    )


class PinForm(forms.Form):
    """The PIN of the member of staff who handed the tablet over."""

    pin = _pin_field(_("Staff PIN"))


class HandoverSignInForm(LoginForm):
    """A full sign-in on the hand-back screen (any member of staff of the clinic)."""

    username = forms.EmailField(
        label=_("Staff e-mail"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


class StaffPinSetForm(forms.Form):
    pin = _pin_field(_("New PIN"))
    pin_again = _pin_field(_("The same PIN again"))
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To be sure it is you setting your PIN."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(ERR_PASSWORD)
        return password

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        pin, again = cleaned.get("pin"), cleaned.get("pin_again")
        if pin and again and pin != again:
            self.add_error("pin_again", ERR_PIN_MISMATCH)
        return cleaned


ERR_PASSWORD = _("That is not your password.")
ERR_PIN_MISMATCH = _("The two PINs are not the same.")
