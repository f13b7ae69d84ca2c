"""The self-assessment's questions, in plain words, with the booking page's two bot traps (a
field people never see, and a signed moment the form was shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.common import BodySite, Indication
from picoclinic.clinical.indications_model import InkColour
from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS
from picoclinic.scheduling.forms.online import BotTraps
from picoclinic.scheduling.online import PLAIN_CONCERNS

if TYPE_CHECKING:  # django-stubs' name for text that is either plain or translated lazily
    from django_stubs_ext import StrOrPromise

# Examples beside each concern, in the words people use (the catalogue's indications).
EXAMPLES: dict[Indication, StrOrPromise] = {
    Indication.SOLAR_LENTIGINES: _("flat brown spots on the face or hands that came with the sun"),
    Indication.FRECKLES: _("small light brown dots that darken in summer"),
    Indication.MELASMA: _("patches on the cheeks, forehead or upper lip, often after pregnancy"),
    Indication.HORI_NEVUS: _("grey-brown dots on both cheekbones, first seen in adulthood"),
    Indication.NEVUS_OF_OTA: _("a blue-grey patch around the eye or temple, often since birth"),
    Indication.CAFE_AU_LAIT: _("smooth, milky-coffee coloured patches, often since childhood"),
    Indication.PIH: _("dark marks left after acne, a burn, a rash or a graze"),
    Indication.TATTOO: _("a tattoo, including eyebrows or lips, you want lighter or gone"),
    Indication.ACNE_SCARS: _("small pits or dents left by acne"),
    Indication.REJUVENATION: _("uneven texture, fine lines or large pores"),
}
SITES = [
    (BodySite.FACE, _("Face")),
    (BodySite.NECK, _("Neck")),
    (BodySite.CHEST, _("Chest")),
    (BodySite.BACK, _("Back")),
    (BodySite.ABDOMEN, _("Tummy")),
    (BodySite.ARM, _("Upper arm")),
    (BodySite.FOREARM, _("Forearm")),
    (BodySite.HAND, _("Hand")),
    (BodySite.THIGH, _("Thigh")),
    (BodySite.LEG, _("Lower leg")),
    (BodySite.FOOT, _("Foot")),
]
YES_NO = [("no", _("No")), ("yes", _("Yes"))]
INKS = [
    (InkColour.BLACK_DARK_BLUE, _("Black or dark blue")),
    (InkColour.BLUE_GREEN_PURPLE, _("Blue, green or purple")),
    (InkColour.RED_ORANGE, _("Red or orange")),
    (InkColour.YELLOW, _("Yellow")),
    (InkColour.WHITE_FLESH_COSMETIC, _("White, skin-coloured or pink")),
]
CHOOSE_ONE = _("Please choose one answer.")
TATTOO_COLOURS_REQUIRED = _("Please tick the colours in your tattoo.")
TATTOO_MAKER_REQUIRED = _("Please tell us who made the tattoo.")
SESSIONS_REQUIRED = _("Please say roughly how many sessions you had before.")
EYES_ONLY_FACE = _("This question is only for the face; please answer “No”.")
CALM_COUNT_REQUIRED = _("Please tell us how many of these marks you have.")


def _radio(label, choices, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_ONE, "invalid_choice": CHOOSE_ONE},
    )


class AssessForm(BotTraps, forms.Form):
    concern = _radio(
        _("What bothers you?"),
        [(i.value, PLAIN_CONCERNS[i]) for i in Indication],
    )
    body_site = _radio(_("Where is it?"), SITES)
    near_eyes = _radio(_("Is it close to the eyes (on the eyelids or just around them)?"), YES_NO)
    since = _radio(
        _("Since when have you had it?"),
        [
            ("under_1_year", _("Less than a year")),
            ("1_5_years", _("1 to 5 years")),
            ("over_5_years", _("More than 5 years")),
            ("childhood", _("Since birth or childhood")),
        ],
    )
    size = _radio(
        _("How large is it (all of it together)?"),
        [
            ("fingernail", _("Smaller than a fingernail")),
            ("coin", _("About the size of a coin")),
            ("palm", _("Up to the size of a palm")),
            ("larger", _("Larger than a palm")),
        ],
    )
    noticeable = _radio(
        _("How noticeable is it?"),
        [
            ("faint", _("Faint: mostly I notice it")),
            ("clear", _("Clearly visible")),
            ("marked", _("Very marked")),
        ],
    )
    calm_count = _radio(
        _("How many of these light brown birthmarks do you have?"),
        [("few", _("One to five")), ("six_or_more", _("Six or more"))],
        required=False,
    )
    tattoo_age = _radio(
        _("How old is the tattoo?"),
        [
            ("under_1_year", _("Less than a year")),
            ("1_5_years", _("1 to 5 years")),
            ("5_10_years", _("5 to 10 years")),
            ("over_10_years", _("More than 10 years")),
        ],
        required=False,
    )
    tattoo_colours = forms.MultipleChoiceField(
        label=_("Which colours does it have?"),
        choices=INKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tattoo_maker = _radio(
        _("Who made it?"),
        [
            ("professional", _("A professional tattoo artist")),
            ("amateur", _("An amateur, or done at home")),
            ("cosmetic", _("Cosmetic tattooing (eyebrows, lips or eyeliner)")),
        ],
        required=False,
    )
    tattoo_scarring = _radio(
        _("Is the skin of the tattoo raised or scarred?"),
        [("none", _("No")), ("little", _("A little")), ("clear", _("Clearly"))],
        required=False,
    )
    tattoo_cover_up = _radio(_("Does it cover an older tattoo?"), YES_NO, required=False)
    earlier = _radio(
        _("Have you had laser treatment for it before?"),
        [
            ("no", _("No")),
            ("good", _("Yes, and it faded well")),
            ("partial", _("Yes, and it faded a little")),
            ("none", _("Yes, but nothing changed")),
        ],
    )
    earlier_sessions = forms.IntegerField(
        label=_("If yes, about how many sessions?"),
        required=False,
        min_value=1,
        max_value=100,
    )
    pregnant = _radio(_("Are you pregnant, or trying to become pregnant (IVF included)?"), YES_NO)
    isotretinoin = _radio(
        _("Have you taken isotretinoin (acne tablets such as Roaccutane)?"),
        [
            ("never", _("No, never")),
            ("now", _("Yes, I take it now")),
            ("6_months", _("Yes, I stopped in the last 6 months")),
            ("longer", _("Yes, I stopped more than 6 months ago")),
        ],
    )
    cold_sores = _radio(_("Do you get cold sores?"), YES_NO)
    cold_sore_now = _radio(
        _("Do you have a cold sore or a skin infection where you want treatment, right now?"),
        YES_NO,
    )
    tan = _radio(
        _("Has that skin been tanned (sun, sunbed or self-tan) recently?"),
        [
            ("no", _("No, not in the last 4 weeks")),
            ("4_weeks", _("Yes, 2 to 4 weeks ago")),
            ("2_weeks", _("Yes, in the last 2 weeks")),
        ],
    )
    light_medicines = _radio(
        _(
            "Do you take medicines that make skin sensitive to light (for example some "
            "antibiotics such as doxycycline, water tablets, or St John's wort)?"
        ),
        [("no", _("No")), ("yes", _("Yes")), ("unsure", _("I am not sure"))],
    )
    keloids = _radio(_("Do cuts or spots leave you with raised, thick scars (keloids)?"), YES_NO)
    # The trap: hidden from people (and from screen readers), filled in by form-filling bots.
    website = forms.CharField(label=_("Leave this empty"), required=False, max_length=200)
    started = forms.CharField(required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in QUESTIONNAIRE_ITEMS:
            # The core's questionnaire is already in a person's words; its answers score 0-4.
            self.fields[f"skin_{item.id}"] = _radio(
                item.question, [(str(score), label) for score, label in item.choices]
            )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def skin_fields(self):
        return [self[f"skin_{item.id}"] for item in QUESTIONNAIRE_ITEMS]

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        self.check_traps(cleaned)
        self._clean_follow_ups(cleaned)
        return cleaned

    def _clean_follow_ups(self, cleaned) -> None:
        concern = cleaned.get("concern")
        if concern == Indication.TATTOO:
            if not cleaned.get("tattoo_colours"):
                self.add_error("tattoo_colours", TATTOO_COLOURS_REQUIRED)
            if not cleaned.get("tattoo_maker"):
                self.add_error("tattoo_maker", TATTOO_MAKER_REQUIRED)
        if concern == Indication.CAFE_AU_LAIT and not cleaned.get("calm_count"):
            self.add_error("calm_count", CALM_COUNT_REQUIRED)
        if cleaned.get("earlier") not in (None, "no") and not cleaned.get("earlier_sessions"):
            self.add_error("earlier_sessions", SESSIONS_REQUIRED)
        if cleaned.get("near_eyes") == "yes" and cleaned.get("body_site") not in (
            None,
            BodySite.FACE,
        ):
            self.add_error("near_eyes", EYES_ONLY_FACE)
