"""Clinic policy in the configuration admin: a clinic admin keeps their own clinic's policy.

The screening overrides are checked by the clinical core's ``policy_from_dict`` (an unknown rule,
a bad outcome, a relaxation below a safety floor is a form error naming the rule, never a 500);
skin types and indications are chosen from fixed lists.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.scoping import ClinicScopedAdmin
from picoclinic.clinical.common import ClinicalInputError, Fitzpatrick, Indication
from picoclinic.clinical.indications import CATALOGUE
from picoclinic.clinical.screening import RuleCode, policy_from_dict
from picoclinic.clinics.models import ClinicPolicy
from picoclinic.plans.policy_rules import ScreeningRulesField, rule_label

ERR_RULES_NOT_OBJECT = (
    'Screening rules must be a JSON object keyed by rule code, e.g. {"isotretinoin": '
    '{"outcome": "defer", "defer_months": 6}}.'
)
ERR_SCREENING_RULE = "{field}: {message}"

SKIN_TYPE_CHOICES = [(t.value, f"Type {t.roman}") for t in Fitzpatrick]
INDICATION_CHOICES = [(i.value, CATALOGUE[i].label) for i in Indication]
POLICY_FIELDS = [
    "clinic",
    "name",
    "review_all_plans",
    "review_skin_types",
    "review_on_precaution",
    "review_indications",
    "review_periocular",
    "screening_rules",
]


class ClinicPolicyForm(forms.ModelForm):
    review_skin_types = forms.TypedMultipleChoiceField(
        choices=SKIN_TYPE_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Review plans for skin types",
    )
    review_indications = forms.MultipleChoiceField(
        choices=INDICATION_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Always review plans for",
    )
    screening_rules = ScreeningRulesField(
        label=_("Screening rules"),
        help_text=_(
            "Leave a rule on Default to follow the evidence-based default shown with its "
            "sources; a rule's floor limits how far it can be relaxed."
        ),
    )

    class Meta:
        model = ClinicPolicy
        fields = POLICY_FIELDS
        help_texts = {
            "review_all_plans": "Every plan needs a doctor's approval before it can start.",
            "review_periocular": "Plans that treat near the eye need review.",
        }

    def clean_review_skin_types(self) -> list[int]:
        return sorted(set(self.cleaned_data["review_skin_types"]))

    def clean_review_indications(self) -> list[str]:
        return sorted(set(self.cleaned_data["review_indications"]))

    def clean_screening_rules(self) -> dict:
        rules = self.cleaned_data.get("screening_rules")
        if rules in (None, ""):
            return {}
        if not isinstance(rules, dict):
            raise forms.ValidationError(ERR_RULES_NOT_OBJECT)
        name = self.data.get("name") or "Clinic policy"
        try:
            policy_from_dict({"name": name, "rules": rules})
        except ClinicalInputError as error:
            text = ERR_SCREENING_RULE.format(field=_rule_named(error.field), message=error.message)
            raise forms.ValidationError(text) from None
        return rules


def _rule_named(field: str | None) -> str:
    """ "rules.isotretinoin.outcome" -> "Isotretinoin"."""
    parts = (field or "").split(".")
    if len(parts) > 1 and parts[1] in {code.value for code in RuleCode}:
        return rule_label(RuleCode(parts[1]))
    return str(_("Screening rules"))


@admin.register(ClinicPolicy)
class ClinicPolicyAdmin(ClinicScopedAdmin):
    """A clinic admin sees, adds and changes the policy of the clinics they administer."""

    form = ClinicPolicyForm
    fields = POLICY_FIELDS
    list_display = ["name", "clinic", "review_all_plans", "review_on_precaution"]
    list_select_related = ["clinic"]

    class Media:
        css = {"all": ["css/admin_policy.css"]}

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def save_model(self, request, obj, form, change):
        obj.needs_review = False  # an admin saved it: starter content no longer to review
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        # Moving a policy to another clinic is not a change a clinic admin makes.
        return ["clinic"] if obj is not None and not request.user.is_superuser else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            # Only their own clinics, and only those without a policy yet.
            kwargs["queryset"] = self._clinics(request).filter(policy__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
