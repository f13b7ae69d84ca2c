"""The demo's money: each clinic's currency and tax, a price list with a price change,
Mei Lin's melasma course sold as a prepaid package before her first session (her signed
sessions redeem it, so it is part used), a paid consultation with a goodwill refund, and an
invoice part paid with a balance due. Made through the services the pages use, so the audit
trail is real. Loaded once: nothing if the clinic has prices already."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from picoclinic.accounts.models import Role, User
from picoclinic.billing.models import BillingSettings, Price, PriceKind, TaxRate
from picoclinic.billing.services.invoices import (
    invoice_add_line,
    invoice_create,
    invoice_finalise,
    payment_refund,
    payment_take,
)
from picoclinic.billing.services.packages import package_sell, plan_course_sessions
from picoclinic.clinics.models import Clinic, Currency
from picoclinic.patients.models import Patient
from picoclinic.plans.models import PlanApproval, PlanStatus, TreatmentPlan
from picoclinic.scheduling.models import AppointmentType, Practitioner

# London charges VAT at 20% inside its prices (HMRC: cosmetic laser treatment is standard
# rated); Hong Kong has no VAT or GST.
CURRENCIES = {"CEN": Currency.GBP, "HBR": Currency.HKD}
CEN_PRICES = [
    # label, kind, indication, area size, amount, days from today it took effect
    ("Consultation", PriceKind.APPOINTMENT, "", "", "95", -400),
    ("Melasma toning, face", PriceKind.TREATMENT, "melasma", "", "230", -400),
    ("Melasma toning, face", PriceKind.TREATMENT, "melasma", "", "250", -120),
    ("Pigmented spots, small area", PriceKind.TREATMENT, "solar_lentigines", "small", "180", -400),
    ("Tattoo removal, small", PriceKind.TREATMENT, "tattoo", "small", "150", -400),
    ("Tattoo removal, large", PriceKind.TREATMENT, "tattoo", "large", "320", -400),
]  # fmt: skip
HBR_PRICES = [
    ("Consultation", PriceKind.APPOINTMENT, "", "", "800", -400),
    ("Melasma toning, face", PriceKind.TREATMENT, "melasma", "", "2400", -400),
]


def demo_load_billing(*, clinics: dict[str, Clinic]) -> bool:
    """Prices and tax at every demo clinic; the desk's money at Lumen Central."""
    if Price.objects.filter(clinic__in=clinics.values()).exists():
        return False
    for code, clinic in clinics.items():
        Clinic.objects.filter(pk=clinic.pk).update(currency=CURRENCIES.get(code, ""))
        clinic.refresh_from_db()
        _prices(clinic, CEN_PRICES if code == "CEN" else HBR_PRICES, vat=code == "CEN")
    _desk_day(clinics["CEN"])
    return True


def _admin(clinic: Clinic) -> User:
    return User.objects.filter(
        memberships__clinic=clinic, memberships__role=Role.CLINIC_ADMIN
    ).order_by("id").first()  # fmt: skip


def _prices(clinic: Clinic, rows, *, vat: bool) -> None:
    BillingSettings.objects.get_or_create(clinic=clinic, defaults={"invoice_prefix": clinic.code})
    tax = TaxRate.objects.create(clinic=clinic, name="VAT", percent=Decimal(20)) if vat else None
    consultation = AppointmentType.objects.filter(clinic=clinic, name="Consultation").first()
    today = timezone.localdate()
    for label, kind, indication, area, amount, days in rows:
        Price.objects.create(
            clinic=clinic, kind=kind, label=label, indication=indication, area_size=area,
            amount=Decimal(amount), currency=clinic.money_currency, tax_rate=tax,
            appointment_type=consultation if kind == PriceKind.APPOINTMENT else None,
            effective_from=today + timedelta(days=days), created_by=_admin(clinic),
        )  # fmt: skip


def _at(clinic: Clinic, day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clinic.zone)


def _desk_day(clinic: Clinic) -> None:
    desk = User.objects.filter(
        memberships__clinic=clinic, memberships__role=Role.FRONT_DESK
    ).order_by("id").first()  # fmt: skip
    admin = _admin(clinic)
    if desk is None or admin is None:
        return
    patients = {p.given_name: p for p in Patient.objects.filter(clinic=clinic)}
    if "Mei" in patients:
        _mei_package(patients["Mei"], desk)
    vat = TaxRate.objects.filter(clinic=clinic).first()
    percent = vat.percent if vat else None
    practitioner = Practitioner.objects.filter(
        user__memberships__clinic=clinic, user__memberships__role=Role.PRACTITIONER
    ).first()
    today = timezone.localdate()
    if "Oliver" in patients:  # a consultation paid in cash, then a goodwill refund
        invoice = _invoice(desk, patients["Oliver"], "Consultation", "95", percent, practitioner)
        payment_take(actor=desk, invoice=invoice, amount=Decimal(95), method="cash",
                     now=_at(clinic, today, 10))  # fmt: skip
        payment_refund(
            actor=admin, invoice=invoice, amount=Decimal(20), method="cash",
            reason="Goodwill: the appointment started 40 minutes late.", credit=True,
            now=_at(clinic, today, 11),
        )  # fmt: skip
    if "Aisha" in patients:  # a treatment session part paid by card: a balance due
        invoice = _invoice(
            desk, patients["Aisha"], "Pigmented spots, small area", "180", percent, practitioner
        )
        payment_take(actor=desk, invoice=invoice, amount=Decimal(100), method="card",
                     reference="Terminal 1 · auth 4821", now=_at(clinic, today, 12))  # fmt: skip


def _invoice(desk, patient, description, amount, percent, practitioner):
    invoice = invoice_create(actor=desk, patient=patient, practitioner=practitioner)
    invoice_add_line(
        actor=desk, invoice=invoice, description=description, unit_price=Decimal(amount),
        tax_percent=percent,
    )  # fmt: skip
    return invoice_finalise(actor=desk, invoice=invoice)


def _mei_package(patient: Patient, desk: User) -> None:
    """Her course sold on the day the doctor approved it, paid by card the same day."""
    plan = TreatmentPlan.objects.filter(
        patient=patient, status__in=(PlanStatus.APPROVED, PlanStatus.IN_PROGRESS)
    ).first()
    if plan is None:
        return
    approval = PlanApproval.objects.filter(plan=plan).order_by("-approved_at").first()
    sold_at = (approval.approved_at if approval else timezone.now()) + timedelta(hours=2)
    sessions = plan_course_sessions(plan)
    package = package_sell(
        actor=desk, plan=plan, sessions=sessions, price=Decimal(225) * sessions, now=sold_at
    )
    payment_take(actor=desk, invoice=package.invoice, amount=package.price, method="card",
                 reference="Terminal 1", now=sold_at)  # fmt: skip
