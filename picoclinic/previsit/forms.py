"""The questionnaire's form: the consultation's own questions, asked ahead of the visit.

One source of questions: the medical history is the consultation's ``HistoryForm`` (and its
template), the skin type the clinical core's questionnaire items, scored by the core. What
this form adds is what a patient alone can say: what
bothers them and where, earlier treatments and goals. The two follow-ups a clinician
usually judges at the chair are asked in a patient's words (the practitioner confirms them).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.common import BodySite, Indication
from picoclinic.clinical.skin import QUESTIONNAIRE_ITEMS
from picoclinic.consultations.forms import text_field
from picoclinic.consultations.forms.history import HistoryForm
from picoclinic.scheduling.online import PLAIN_CONCERNS

# The same questions (same keys, same answers) in a patient's words; the consultation keeps
# the clinical wording for staff.
IN_PATIENT_WORDS = {
    "isotretinoin": _("Have you taken isotretinoin (acne tablets such as Roaccutane)?"),
    "topical_actives": _("Do you use creams with retinol, tretinoin, AHA or BHA (acids)?"),
    "photosensitising_drugs": _(
        "Do you take medicines that make skin sensitive to light (for example doxycycline, "
        "water tablets or St John's wort)?"
    ),
    "anticoagulants": _("Do you take blood thinners (aspirin included)?"),
    "gold_therapy_ever": _("Have you ever had gold injections or tablets (for arthritis)?"),
    "active_infection_at_site": _("Is the skin there infected right now?"),
    "cold_sore_at_site": _("Do you have a cold sore there right now?"),
    "suspicious_lesion_at_site": _("Is there a mole or dark spot there that has changed?"),
    "suspicious_lesion_cleared": _("Has a skin doctor checked it and said it is harmless?"),
    "tattoo_ink_cosmetic": _("Is there cosmetic, white or skin-coloured tattoo ink there?"),
    "hsv_history": _("Do you get cold sores?"),
    "keloid_history": _("Do cuts or spots leave you with raised, thick scars?"),
    "dysplastic_naevi_history": _(
        "Have you or your family been told you have unusual (atypical) moles?"
    ),
    "melasma": _("Have you been told you have melasma (patchy brown marks)?"),
    "existing_pih": _("Do you have dark marks left by acne, a rash or an injury now?"),
    "light_triggered_seizures": _("Have you ever had a seizure set off by flashing light?"),
    "autoimmune_disorder": _("Do you have an autoimmune condition (such as lupus)?"),
    "photosensitive_disorder": _("Does light or sun make a condition of yours worse?"),
    "raynauds": _("Do your fingers or toes turn white or blue in the cold (Raynaud's)?"),
    "poorly_controlled_condition": _("Is any illness of yours not well controlled right now?"),
    "immunosuppressed": _("Do you take medicines that lower your immunity?"),
    "sun_exposure": _("Have you had sun, a tan, self-tanner or sunburn in the last months?"),
    "vitiligo_activity": _("Is it spreading, or are there new white patches now?"),
    "cafe_au_lait": _("Do you have light brown (café-au-lait) birthmarks?"),
    "calm_post_puberty": _("Are you past puberty?"),
}
CONCERN_NEEDED = _("Tell us what you would like treated, and where, before sending.")
FIX_MARKED = _("Some answers need a look: they are marked below. Everything you typed is kept.")
SITES = [("", _("Choose…")), *((site.value, site.value.capitalize()) for site in BodySite)]


def _skin_field(item) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=item.question,
        choices=[(str(score), text) for score, text in item.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class QuestionnaireForm(HistoryForm):
    concern = forms.ChoiceField(
        label=_("What would you like treated?"),
        choices=[("", _("Choose…")), *((i.value, PLAIN_CONCERNS[i]) for i in Indication)],
        required=False,
    )
    body_site = forms.ChoiceField(label=_("Where is it?"), choices=SITES, required=False)
    near_eyes = forms.TypedChoiceField(
        label=_("Is it close to the eyes?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    prior_treatments = text_field(
        _("Earlier treatments"),
        rows=3,
        help_text=_("Lasers, peels or creams you have had: what, when, and how it went."),
    )
    goals = text_field(_("What do you hope for?"), rows=3)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in IN_PATIENT_WORDS.items():
            self.fields[name].label = label
        for item in QUESTIONNAIRE_ITEMS:
            self.fields[f"q_{item.id}"] = _skin_field(item)
        self.fields["medications"].label = _("Medicines you take")
        self.fields["medications"].help_text = _("Name, dose and since when.")
        self.fields["medical_history_notes"].label = _("Anything else about your health")

    def skin_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{item.id}"] for item in QUESTIONNAIRE_ITEMS]

    def skin_answers(self) -> dict[str, int]:
        data = getattr(self, "cleaned_data", {})
        return {
            item.id: data[f"q_{item.id}"]
            for item in QUESTIONNAIRE_ITEMS
            if data.get(f"q_{item.id}") is not None
        }

    def check_complete(self) -> bool:
        """For sending: what bothers them and where must be said (the screening needs it)."""
        if not self.is_valid():
            return False
        missing = [name for name in ("concern", "body_site") if not self.cleaned_data.get(name)]
        for name in missing:
            self.add_error(name, CONCERN_NEEDED)
        return not missing

    def reported_values(self) -> dict[str, Any]:
        """What the patient reported, in the shapes the consultation keeps."""
        data = self.cleaned_data
        concern = None
        if data.get("concern") and data.get("body_site"):
            concern = {
                "indication": data["concern"],
                "body_site": data["body_site"],
                "periocular": bool(data.get("near_eyes")) and data["body_site"] == BodySite.FACE,
            }
        return {
            "history": data["history"],
            "skin": self.skin_answers(),
            "concern": concern,
            "medications": data["medications"].strip(),
            "medical_history_notes": data["medical_history_notes"].strip(),
            "prior_treatments": data["prior_treatments"].strip(),
            "goals": data["goals"].strip(),
        }
