from __future__ import annotations

from django import forms

from picoclinic.consent.models import ConsentKind, SignatureMethod
from picoclinic.consent.signatures import Signature, signature_check
from picoclinic.consent.texts import ShownText

YES_NO = [("yes", "Yes"), ("no", "No")]
CHOICE_REQUIRED = "Choose yes or no."
REASON_REQUIRED = "Give the reason for the withdrawal."


class ConsentSignForm(forms.Form):
    """The patient's choices and signature, and the hash of each text as it was shown."""

    photography = forms.ChoiceField(
        label="Clinical photography",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_REQUIRED},
    )
    marketing = forms.ChoiceField(
        label="Marketing use of my photographs",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_REQUIRED},
    )
    signature_method = forms.ChoiceField(
        label="How the patient signs",
        choices=[
            (SignatureMethod.DRAWN, "Sign with a finger"),
            (SignatureMethod.TYPED, "Type full name"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    # No max_length here: signature_check refuses an oversized drawing with a clear message
    # (and Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds the request itself).
    signature_image = forms.CharField(required=False, widget=forms.HiddenInput, strip=True)
    signature_typed = forms.CharField(
        label="Full name",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    treatment_hash = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    photography_hash = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
    marketing_hash = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, shown: list[ShownText], full_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.full_name = full_name
        kinds = {item.kind for item in shown}
        for kind in (ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING):
            if kind not in kinds:
                del self.fields[kind]
        if not self.is_bound:
            for item in shown:
                self.initial[f"{item.kind}_hash"] = item.sha256

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        try:
            cleaned["signature"] = signature_check(
                method=cleaned.get("signature_method", ""),
                image=cleaned.get("signature_image", ""),
                typed=cleaned.get("signature_typed", ""),
                full_name=self.full_name,
            )
        except forms.ValidationError as error:
            field = _signature_field(cleaned.get("signature_method"))
            self.add_error(field, error)
        return cleaned

    def decisions(self) -> dict[str, bool | None]:
        return {
            kind: self.cleaned_data[kind] == "yes"
            for kind in (ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING)
            if kind in self.cleaned_data
        }

    def shown_hashes(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(f"{kind}_hash", "") for kind in ConsentKind.values}

    @property
    def signature(self) -> Signature:
        return self.cleaned_data["signature"]


def _signature_field(method: str | None) -> str:
    if method == SignatureMethod.TYPED:
        return "signature_typed"
    if method == SignatureMethod.DRAWN:
        return "signature_image"
    return "signature_method"


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the withdrawal",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_REQUIRED},
        help_text="In the patient's words where possible, e.g. “Does not want further sessions”.",
    )
