"""A clinic's money: prices with effective dates, tax, prepaid packages and their
redemptions, invoices (numbered per clinic, immutable once final), payments and refunds.

Every amount is a Decimal in the currency written beside it (the clinic's at the time)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient

AMOUNT: dict[str, Any] = {"max_digits": 12, "decimal_places": 2}


class RefundPolicy(models.TextChoices):
    PRO_RATA = "pro_rata", _("Pro rata: the package price shared over its sessions")
    SINGLE_PRICE = "single_price", _("Used sessions charged at the single-session price")


class BillingSettings(models.Model):
    """A clinic's money settings, and the counter its invoice numbers are taken from (the row
    is locked FOR UPDATE at finalisation, so two desks never take the same number)."""

    clinic = models.OneToOneField(Clinic, on_delete=models.CASCADE, related_name="billing")
    prices_include_tax = models.BooleanField(
        default=True, help_text=_("Prices are shown with tax in them (UK VAT-inclusive).")
    )
    discount_limit_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_("A bigger discount needs a clinic admin."),
    )
    refund_policy = models.CharField(
        max_length=16, choices=RefundPolicy.choices, default=RefundPolicy.PRO_RATA
    )
    invoice_prefix = models.CharField(max_length=12, blank=True)
    last_invoice_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name_plural = "billing settings"

    def __str__(self) -> str:
        return f"Billing settings of {self.clinic}"


class TaxRate(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="tax_rates")
    name = models.CharField(max_length=60)
    percent = models.DecimalField(max_digits=5, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.name} ({self.percent}%)"


class AreaSize(models.TextChoices):
    SMALL = "small", _("Small area")
    MEDIUM = "medium", _("Medium area")
    LARGE = "large", _("Large area")


class PriceKind(models.TextChoices):
    APPOINTMENT = "appointment", _("Appointment type")
    TREATMENT = "treatment", _("Treatment session")


class Price(models.Model):
    """One price from a date on. A change is a new row from a later date: the old row and
    every invoice that used it stay as they were."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="prices")
    kind = models.CharField(max_length=16, choices=PriceKind.choices)
    appointment_type = models.ForeignKey(
        "scheduling.AppointmentType", null=True, blank=True, on_delete=models.PROTECT
    )
    indication = models.CharField(max_length=40, blank=True)
    area_size = models.CharField(max_length=8, choices=AreaSize.choices, blank=True)
    label = models.CharField(max_length=120)
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    tax_rate = models.ForeignKey(
        TaxRate, null=True, blank=True, on_delete=models.PROTECT, help_text=_("Empty: exempt.")
    )
    effective_from = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "label", "-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="price_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.amount} {self.currency} from {self.effective_from}"


class PackageStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    USED = "used", _("All sessions used")
    SETTLED = "settled", _("Unused sessions refunded or transferred")


class Package(models.Model):
    """A plan's course sold prepaid: ``sessions`` at ``price``; a signed session of the plan
    redeems one (``Redemption``), never twice."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="packages")
    plan = models.ForeignKey("plans.TreatmentPlan", on_delete=models.PROTECT, related_name="+")
    sessions = models.PositiveSmallIntegerField()
    price = models.DecimalField(**AMOUNT)
    single_price = models.DecimalField(
        **AMOUNT, help_text=_("One session's price when it was sold (for a refund by policy).")
    )
    currency = models.CharField(max_length=3)
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=PackageStatus.choices, default=PackageStatus.ACTIVE
    )
    invoice = models.ForeignKey(
        "Invoice", null=True, on_delete=models.PROTECT, related_name="packages"
    )
    sold_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sold_at = models.DateTimeField()
    settled_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-sold_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status="active"),
                name="one_active_package_per_plan",
            ),
            models.CheckConstraint(condition=Q(sessions__gte=1), name="package_has_sessions"),
        ]

    def __str__(self) -> str:
        return f"Package {self.pk}: {self.sessions} sessions"


class Redemption(models.Model):
    """One session of a package used: written in the signing transaction. The unique session
    is what makes "never twice" hold even when two signatures race."""

    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="redemptions")
    session = models.OneToOneField(
        "treatments.TreatmentSession", on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Redemption of session {self.session_id}"


class SettlementKind(models.TextChoices):
    REFUND = "refund", _("Refunded")
    TRANSFER = "transfer", _("Transferred to another plan")


class Settlement(models.Model):
    """A package's unused sessions refunded or transferred, by a clinic admin, with a reason."""

    package = models.OneToOneField(Package, on_delete=models.PROTECT, related_name="settlement")
    kind = models.CharField(max_length=10, choices=SettlementKind.choices)
    sessions = models.PositiveSmallIntegerField()
    amount = models.DecimalField(**AMOUNT)
    policy = models.CharField(max_length=16, choices=RefundPolicy.choices)
    reason = models.TextField()
    transferred_to = models.ForeignKey(
        Package, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.sessions} sessions"


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class Invoice(models.Model):
    """An invoice or a credit note. Its number is taken at finalisation, from the clinic's
    counter, in the same transaction: numbers are unbroken and never shared. A final
    invoice is never edited; a correction is a credit note against it."""

    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices, default="invoice")
    credits = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )
    status = models.CharField(max_length=8, choices=InvoiceStatus.choices, default="draft")
    number = models.PositiveIntegerField(null=True, blank=True)
    currency = models.CharField(max_length=3)
    tax_inclusive = models.BooleanField()
    practitioner = models.ForeignKey(
        "scheduling.Practitioner", null=True, blank=True, on_delete=models.PROTECT
    )
    reason = models.TextField(blank=True)
    subtotal = models.DecimalField(**AMOUNT, default=0)
    tax = models.DecimalField(**AMOUNT, default=0)
    total = models.DecimalField(**AMOUNT, default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "number"], name="invoice_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", number__isnull=True)
                | Q(status="final", number__isnull=False),
                name="invoice_numbered_when_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number or 'draft'}"

    @property
    def is_final(self) -> bool:
        return self.status == InvoiceStatus.FINAL


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="lines")
    description = models.CharField(max_length=200)
    quantity = models.PositiveSmallIntegerField(default=1)
    unit_price = models.DecimalField(**AMOUNT)
    discount = models.DecimalField(**AMOUNT, default=0)
    discount_reason = models.CharField(max_length=200, blank=True)
    tax_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    net = models.DecimalField(**AMOUNT)
    tax = models.DecimalField(**AMOUNT)
    gross = models.DecimalField(**AMOUNT)
    price = models.ForeignKey(Price, null=True, blank=True, on_delete=models.PROTECT)
    session = models.ForeignKey(
        "treatments.TreatmentSession", null=True, blank=True, on_delete=models.PROTECT
    )
    appointment = models.ForeignKey(
        "scheduling.Appointment", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card terminal")
    TRANSFER = "transfer", _("Bank transfer")
    ONLINE = "online", _("Online")


class Payment(models.Model):
    """Money in (``amount`` > 0) or a refund out (``amount`` < 0) against an invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    clinic = models.ForeignKey(Clinic, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(**AMOUNT)
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["taken_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="payment_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.method})"

    @property
    def is_refund(self) -> bool:
        return self.amount < 0
