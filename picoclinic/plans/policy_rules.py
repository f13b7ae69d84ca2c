"""The screening policy as a table: one row per rule of the clinical core's catalogue, with its
default, its floor, what it is and its sources, and the clinic's own outcome and waiting period
(blank: the default). Stored as ``ClinicPolicy.screening_rules``, the core's policy shape."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from picoclinic.clinical.screening import RuleCode
from picoclinic.clinical.screening_catalogue import RULES
from picoclinic.clinical.screening_model import Outcome

ERR_WHOLE_NUMBER = _("%(rule)s: the waiting period is a whole number.")

OUTCOME_LABELS = {
    Outcome.PROCEED: _("Proceed"),
    Outcome.PRECAUTION: _("Precaution"),
    Outcome.DOCTOR_REVIEW: _("Doctor review"),
    Outcome.DEFER: _("Defer"),
    Outcome.DO_NOT_TREAT: _("Do not treat"),
}
PARTS = ("outcome", "defer_days", "defer_months")


def rule_label(code: RuleCode) -> str:
    return code.value.replace("_", " ").capitalize()


class RulesTableWidget(forms.Widget):
    """Renders the table; reads back ``{code: {"outcome", "defer_days", "defer_months"}}`` of
    raw strings, so what was typed is shown again when the form has errors."""

    def value_from_datadict(self, data, files, name):
        return {
            code.value: {part: data.get(f"{name}__{code.value}__{part}", "") for part in PARTS}
            for code in RuleCode
        }

    def value_omitted_from_data(self, data, files, name):
        return False

    def render(self, name, value, attrs=None, renderer=None):
        value = value if isinstance(value, dict) else {}
        head = format_html(
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>",
            _("Rule"),
            _("Default"),
            _("This clinic"),
            _("Waiting period"),
            _("Source"),
        )
        rows = mark_safe("".join(self._row(name, code, value.get(code.value)) for code in RuleCode))
        return format_html(
            '<table class="screening-rules" data-testid="screening-rules">{}<tbody>{}</tbody>'
            "</table>",
            head,
            rows,
        )

    def _row(self, name: str, code: RuleCode, current) -> str:
        spec = RULES[code]
        current = current if isinstance(current, dict) else {}
        default = OUTCOME_LABELS[spec.default_outcome]
        if spec.window is not None:
            default = format_html("{} ({})", default, spec.window.label)
        return format_html(
            '<tr><th scope="row">{}<br><small>{}</small></th><td>{}</td><td>{}</td>'
            "<td>{}</td><td><small>{}</small></td></tr>",
            rule_label(code),
            spec.description,
            default,
            self._outcome(name, code, current.get("outcome", "")),
            self._window(name, code, current),
            "; ".join(str(source) for source in spec.sources),
        )

    @staticmethod
    def _outcome(name: str, code: RuleCode, chosen) -> str:
        spec = RULES[code]
        allowed = [o for o in Outcome if o.rank >= spec.floor.rank]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (o.value, mark_safe(" selected") if o.value == chosen else "", OUTCOME_LABELS[o])
                for o in allowed
            ),
        )
        return format_html(
            '<select name="{}__{}__outcome" aria-label="{}"><option value="">{}</option>{}'
            "</select>",
            name,
            code.value,
            rule_label(code),
            _("Default"),
            options,
        )

    @staticmethod
    def _window(name: str, code: RuleCode, current: dict) -> str:
        if RULES[code].window is None:
            return "—"
        return format_html(
            '<input type="number" min="0" name="{n}__{c}__defer_months" value="{m}" size="3" '
            'aria-label="{lm}"> {um} <input type="number" min="0" name="{n}__{c}__defer_days" '
            'value="{d}" size="4" aria-label="{ld}"> {ud}',
            n=name,
            c=code.value,
            m=current.get("defer_months", "") or "",
            d=current.get("defer_days", "") or "",
            lm=_("months"),
            ld=_("days"),
            um=_("months"),
            ud=_("days"),
        )


class ScreeningRulesField(forms.Field):
    """Turns the table's raw strings into the core's overrides (rules left on "default" with
    no waiting period are not stored); the form checks them with ``policy_from_dict``."""

    widget = RulesTableWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value if isinstance(value, dict) else {}

    def to_python(self, value) -> dict:
        if not isinstance(value, dict):
            return {}
        rules = {}
        for code in RuleCode:
            raw = value.get(code.value)
            override = self._override(code, raw if isinstance(raw, dict) else {})
            if override:
                rules[code.value] = override
        return rules

    @staticmethod
    def _override(code: RuleCode, raw: dict) -> dict:
        outcome = str(raw.get("outcome") or "").strip()
        override: dict = {}
        for part in ("defer_days", "defer_months"):
            value = raw.get(part)
            text = "" if value is None else str(value).strip()
            if text == "":
                continue
            try:
                override[part] = int(text)
            except ValueError:
                message = ERR_WHOLE_NUMBER % {"rule": rule_label(code)}
                raise forms.ValidationError(message) from None
        if not outcome and not override:
            return {}
        # A waiting period alone keeps the rule's default outcome.
        override["outcome"] = outcome or RULES[code].default_outcome.value
        return override
