"""The money forms. Amounts are Decimals (never floats), at most two decimal places."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.billing.models import AreaSize, PaymentMethod, PriceKind, SettlementKind, TaxRate
from picoclinic.billing.money import show

MAX = Decimal("9999999.99")


def _amount(label, *, required: bool = True, minimum: Decimal = Decimal("0.01")):
    return forms.DecimalField(
        label=label, max_digits=10, decimal_places=2, min_value=minimum, max_value=MAX,
        required=required,
    )  # fmt: skip


class PackageSellForm(forms.Form):
    plan = forms.TypedChoiceField(label=_("Treatment plan"), coerce=int)
    sessions = forms.IntegerField(label=_("Sessions"), min_value=1, max_value=50)
    price = _amount(_("Package price"))
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(p.pk, p.label) for p in plans]


class LineForm(forms.Form):
    price = forms.TypedChoiceField(label=_("From the price list"), coerce=int, required=False)
    description = forms.CharField(label=_("Item"), max_length=200, required=False)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=99, initial=1)
    unit_price = _amount(_("Price each"), minimum=Decimal(0), required=False)
    tax_rate = forms.ModelChoiceField(
        label=_("Tax"), queryset=TaxRate.objects.none(), required=False, empty_label=_("Exempt")
    )
    discount = _amount(_("Discount"), required=False, minimum=Decimal(0))
    discount_reason = forms.CharField(
        label=_("Reason for the discount"), max_length=200, required=False
    )

    def __init__(self, *args, clinic=None, prices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.prices = {price.pk: price for price in prices}
        self.fields["price"].choices = [("", _("— type the item below —"))] + [
            (price.pk, f"{price.label} · {show(price.amount, price.currency)}") for price in prices
        ]
        self.fields["tax_rate"].queryset = TaxRate.objects.filter(clinic=clinic)

    def clean(self):
        data = super().clean()
        price = self.prices.get(data.get("price"))
        data["price"] = price
        if price is not None:
            data["description"] = data.get("description") or price.label
            data["unit_price"] = price.amount
            data["tax_rate"] = price.tax_rate
        else:
            if not data.get("description"):
                self.add_error("description", _("Choose a price or name the item."))
            if data.get("unit_price") is None and "unit_price" not in self.errors:
                self.add_error("unit_price", _("Choose a price or enter one."))
        return data


class PaymentForm(forms.Form):
    amount = _amount(_("Amount"))
    method = forms.ChoiceField(label=_("Paid by"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("Reference (optional)"), max_length=100, required=False)


class RefundForm(forms.Form):
    amount = _amount(_("Amount to refund"))
    method = forms.ChoiceField(label=_("Refunded by"), choices=PaymentMethod.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    credit = forms.BooleanField(
        label=_("Credit the invoice too: the patient does not owe this back"),
        required=False,
        initial=True,
        help_text=_("Untick only to give back a payment taken by mistake."),
    )


class CreditForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class SettleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Unused sessions are"), choices=SettlementKind.choices)
    method = forms.ChoiceField(
        label=_("Refunded by"), choices=PaymentMethod.choices, required=False
    )
    to_plan = forms.TypedChoiceField(label=_("Transfer to plan"), coerce=int, required=False)
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_plan"].choices = [("", "—")] + [(p.pk, p.label) for p in plans]


class PriceForm(forms.Form):
    kind = forms.ChoiceField(label=_("For"), choices=PriceKind.choices)
    label = forms.CharField(label=_("Name"), max_length=120)
    indication = forms.CharField(label=_("Indication (treatments)"), max_length=40, required=False)
    area_size = forms.ChoiceField(
        label=_("Area size"), choices=[("", _("Any")), *AreaSize.choices], required=False
    )
    amount = _amount(_("Price"), minimum=Decimal(0))
    tax_rate = forms.ModelChoiceField(
        label=_("Tax"), queryset=TaxRate.objects.none(), required=False, empty_label=_("Exempt")
    )
    effective_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, clinic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tax_rate"].queryset = TaxRate.objects.filter(clinic=clinic)


class DayForm(forms.Form):
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
