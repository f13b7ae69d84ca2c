"""Money for the tests: a clinic's tax and prices, a package sold for a plan, a paid invoice."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from picoclinic.billing.models import Price, PriceKind, TaxRate
from picoclinic.billing.services import settings_for
from picoclinic.billing.services.invoices import (
    invoice_add_line,
    invoice_create,
    invoice_finalise,
    payment_take,
)
from picoclinic.billing.services.packages import package_sell
from tests.treatments import helpers as th


def vat(clinic, percent="20") -> TaxRate:
    return TaxRate.objects.get_or_create(clinic=clinic, name="VAT", percent=Decimal(percent))[0]


def price(world, *, indication="solar_lentigines", amount="300", day=None) -> Price:
    clinic = world.clinic_a
    day = day or timezone.localdate() - timedelta(days=30)
    return Price.objects.create(
        clinic=clinic, kind=PriceKind.TREATMENT, indication=indication, label="Lentigines",
        amount=Decimal(amount), currency=clinic.money_currency, tax_rate=vat(clinic),
        effective_from=day, created_by=world.clinic_admin,
    )  # fmt: skip


def sold(world, *, plan=None, sessions=3, amount="750", **kwargs):
    plan = plan or th.approved_plan(world)
    settings_for(plan.clinic)
    return package_sell(
        actor=world.front_desk, plan=plan, sessions=sessions, price=Decimal(amount), **kwargs
    )


def final_invoice(world, *, patient=None, amount="100", paid=None, tax=None):
    patient = patient or world.patient_a
    invoice = invoice_create(actor=world.front_desk, patient=patient)
    invoice_add_line(
        actor=world.front_desk, invoice=invoice, description="Consultation",
        unit_price=Decimal(amount), tax_percent=tax,
    )  # fmt: skip
    invoice = invoice_finalise(actor=world.front_desk, invoice=invoice)
    if paid:
        payment_take(
            actor=world.front_desk, invoice=invoice, amount=Decimal(paid), method="card",
            now=timezone.now(),
        )  # fmt: skip
    return invoice


def signed_from(world, ready, number=None):
    """Start, treat and sign the session of ``ready``'s appointment."""
    from picoclinic.treatments.services import session_start
    from picoclinic.treatments.services.sign import session_sign

    session = session_start(actor=world.practitioner, appointment=ready.appointment)
    th.treated(world, session)
    return session_sign(actor=world.practitioner, session=session)
