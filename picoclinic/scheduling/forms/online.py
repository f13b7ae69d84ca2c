"""The public booking form: the time, contact details, concerns, the privacy notice, and two
bot traps (a field people never see, and a signed time the form was shown)."""

from __future__ import annotations

import re
import secrets
import time
from datetime import date, datetime
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from picoclinic.patients.forms import date_of_birth_checked
from picoclinic.scheduling.forms import DateInput
from picoclinic.scheduling.online import PLAIN_CONCERNS
from picoclinic.scheduling.services.online import Contact

STAMP_SALT = "picoclinic.scheduling.booking-form"
# A person needs more than this to read and fill the form; a script does not.
MIN_SECONDS = 4
# A form left open longer than this is shown again (with a new stamp) rather than accepted.
MAX_SECONDS = 2 * 60 * 60

BOT_REFUSED = (
    "Sorry, we could not accept this request. Please wait a moment and send it again, "
    "or call the clinic."
)
FORM_TOO_OLD = (
    "This page was open for a long time, so the free times may have changed. Please check "
    "your choice and send it again."
)
CHOOSE_TIME = "Please choose a time."
TIME_UNREADABLE = "That time could not be read. Please choose it again."
PHONE_INVALID = "Please enter a phone number we can call or text, with its area code."
CONCERN_REQUIRED = "Please tell us what you would like help with."
PRIVACY_REQUIRED = "Please confirm you have read how we use your details."
ASSESSMENT_UNREADABLE = _(
    "Your answers to “Is one session enough for me?” could not be read (or are more than a day "
    "old). You can send this request without them, or answer the questions again."
)
# The public self-assessment (a higher app) signs the answers it hands over with this salt; the
# booking only checks the signature and stores them, so nothing is kept before booking.
ASSESSMENT_SALT = "picoclinic.assessment.answers"
ASSESSMENT_MAX_AGE = 24 * 60 * 60


def form_stamp() -> str:
    """The signed moment the form is shown, with a random part: each stamp books at most once
    (``BookingRequest.form_stamp_hash``), so a replayed or double-sent form cannot book twice."""
    return signing.dumps([int(time.time()), secrets.token_urlsafe(12)], salt=STAMP_SALT)


def stamp_age(value: str) -> float | None:
    try:
        shown = signing.loads(value, salt=STAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(shown, list) or len(shown) != 2:
        return None
    moment, nonce = shown
    if not isinstance(moment, int) or isinstance(moment, bool) or not isinstance(nonce, str):
        return None
    return time.time() - moment


# What a form mixin runs in: the checker sees a form (its clean, errors, cleaned_data); at run
# time it stays a plain class ahead of the form in the bases, as before.
if TYPE_CHECKING:
    _FormBase = forms.Form
else:
    _FormBase = object


class BotTraps(_FormBase):
    """The two bot traps of a public form: its ``website`` field people never see, and its
    ``started`` stamp (signed; too fast or too old is refused, the input kept)."""

    too_old = False

    def check_traps(self, cleaned: dict) -> None:
        if cleaned.get("website"):
            raise forms.ValidationError(BOT_REFUSED, code="bot")
        age = stamp_age(cleaned.get("started") or "")
        minimum = getattr(settings, "PICOCLINIC_BOOKING_MIN_SECONDS", MIN_SECONDS)
        if age is None or age < minimum:
            raise forms.ValidationError(BOT_REFUSED, code="bot")
        if age > MAX_SECONDS:
            self.too_old = True
            raise forms.ValidationError(FORM_TOO_OLD, code="too_old")
        # Shown again to correct a field, the form keeps the moment it was first shown: a
        # person who only ticks a box must not be refused as too fast.
        self.human_stamp = cleaned["started"]

    @property
    def is_bot(self) -> bool:
        return any(e.code == "bot" for e in self.non_field_errors().as_data())


class PublicBookingForm(BotTraps, forms.Form):
    slot = forms.CharField(max_length=40, required=False)
    given_name = forms.CharField(label="First name", max_length=100)
    family_name = forms.CharField(label="Last name", max_length=100)
    email = forms.EmailField(label="E-mail", max_length=254)
    phone = forms.CharField(label="Mobile phone", max_length=40)
    date_of_birth = forms.DateField(
        label="Date of birth (optional)", required=False, widget=DateInput
    )
    concerns = forms.MultipleChoiceField(
        label="What would you like help with?",
        required=False,
        choices=[(i.value, text) for i, text in PLAIN_CONCERNS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    concerns_text = forms.CharField(
        label="Anything else you would like us to know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    privacy = forms.BooleanField(
        label="I have read how the clinic uses my details (above).",
        error_messages={"required": PRIVACY_REQUIRED},
    )
    # The trap: hidden from people (and from screen readers), filled in by form-filling bots.
    website = forms.CharField(label="Leave this empty", required=False, max_length=200)
    started = forms.CharField(required=False, max_length=200)
    # The self-assessment's answers, signed by it; only present when booked "with these answers".
    assessment = forms.CharField(required=False, max_length=20_000, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        autocomplete = {
            "given_name": "given-name",
            "family_name": "family-name",
            "email": "email",
            "phone": "tel",
            "date_of_birth": "bday",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["phone"].widget.input_type = "tel"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.too_old = False

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if not 7 <= len(re.sub(r"\D", "", phone)) <= 17 or re.search(r"[^\d\s+()\-.]", phone):
            raise forms.ValidationError(PHONE_INVALID)
        return phone

    def clean_date_of_birth(self) -> date | None:
        dob = self.cleaned_data.get("date_of_birth")
        return None if dob is None else date_of_birth_checked(dob)

    def clean_assessment(self) -> dict:
        raw = self.cleaned_data.get("assessment") or ""
        if not raw:
            return {}
        try:
            found = signing.loads(raw, salt=ASSESSMENT_SALT, max_age=ASSESSMENT_MAX_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(ASSESSMENT_UNREADABLE) from None
        if not isinstance(found, dict):
            raise forms.ValidationError(ASSESSMENT_UNREADABLE)
        return found

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.check_traps(cleaned)
        if not cleaned.get("concerns") and not (cleaned.get("concerns_text") or "").strip():
            self.add_error("concerns", CONCERN_REQUIRED)
        return cleaned

    def chosen_start(self) -> datetime:
        """The picked start (after ``is_valid``); raises ValidationError."""
        raw = self.cleaned_data.get("slot") or ""
        if not raw:
            raise forms.ValidationError(CHOOSE_TIME)
        try:
            starts_at = datetime.fromisoformat(raw)
        except ValueError:
            raise forms.ValidationError(TIME_UNREADABLE) from None
        if starts_at.tzinfo is None:
            raise forms.ValidationError(TIME_UNREADABLE)
        return starts_at

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            given_name=data["given_name"].strip(),
            family_name=data["family_name"].strip(),
            email=data["email"].strip(),
            phone=data["phone"],
            date_of_birth=data.get("date_of_birth"),
            concerns=list(data.get("concerns") or []),
            concerns_text=(data.get("concerns_text") or "").strip(),
            assessment=data.get("assessment") or {},
        )
