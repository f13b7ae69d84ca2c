"""Invoices: numbered when final, never edited after, tax and discounts, part payments,
refunds and credit notes; who may do what; every money event audited."""

from __future__ import annotations

from decimal import Decimal

import pytest

from picoclinic.audit.models import AuditEvent
from picoclinic.billing import errors
from picoclinic.billing.models import Invoice, InvoiceKind
from picoclinic.billing.services import MoneyRefused, settings_for
from picoclinic.billing.services.invoices import (
    balance_due,
    credit_note_issue,
    invoice_add_line,
    invoice_create,
    invoice_finalise,
    invoice_number,
    payment_refund,
    payment_take,
)
from tests.billing import helpers as bh

pytestmark = pytest.mark.django_db


def test_a_clinic_charges_in_its_countrys_currency_unless_it_chose_one(world):
    world.clinic_a.country = "GB"
    assert world.clinic_a.money_currency == "GBP"
    world.clinic_b.country = "HK"
    assert world.clinic_b.money_currency == "HKD"
    world.clinic_b.currency = "SGD"
    assert world.clinic_b.money_currency == "SGD"


def test_numbers_are_taken_at_finalisation_in_order(world):
    draft = invoice_create(actor=world.front_desk, patient=world.patient_a)
    assert draft.number is None
    first = bh.final_invoice(world)
    second = bh.final_invoice(world)
    assert (first.number, second.number) == (1, 2)
    assert invoice_number(second) == "ALP-INV-000002"


def test_each_clinic_has_its_own_sequence(world):
    from picoclinic.accounts.models import Role
    from tests import factories

    bh.final_invoice(world)
    desk_b = factories.staff(world.clinic_b, Role.FRONT_DESK)
    invoice = invoice_create(actor=desk_b, patient=world.patient_b)
    invoice_add_line(actor=desk_b, invoice=invoice, description="x", unit_price=Decimal(5))
    assert invoice_finalise(actor=desk_b, invoice=invoice).number == 1


def test_an_empty_invoice_is_not_finalised_and_keeps_no_number(world):
    draft = invoice_create(actor=world.front_desk, patient=world.patient_a)
    with pytest.raises(MoneyRefused, match=str(errors.INVOICE_EMPTY)):
        invoice_finalise(actor=world.front_desk, invoice=draft)
    assert settings_for(world.clinic_a).last_invoice_number == 0


def test_a_final_invoice_is_never_edited(world):
    invoice = bh.final_invoice(world)
    with pytest.raises(MoneyRefused, match="credit note"):
        invoice_add_line(
            actor=world.front_desk, invoice=invoice, description="More", unit_price=Decimal(1)
        )
    assert invoice.lines.count() == 1


def test_tax_inclusive_and_exclusive_and_exempt(world):
    inclusive = bh.final_invoice(world, amount="120", tax=Decimal(20))
    assert (inclusive.subtotal, inclusive.tax, inclusive.total) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"),
    )  # fmt: skip
    billing = settings_for(world.clinic_a)
    billing.prices_include_tax = False
    billing.save()
    exclusive = bh.final_invoice(world, amount="100", tax=Decimal(20))
    assert (exclusive.subtotal, exclusive.tax, exclusive.total) == (
        Decimal("100.00"), Decimal("20.00"), Decimal("120.00"),
    )  # fmt: skip
    exempt = bh.final_invoice(world, amount="100")
    assert (exempt.tax, exempt.total) == (Decimal("0.00"), Decimal("100.00"))


def test_a_discount_needs_a_reason_and_over_the_limit_a_clinic_admin(world):
    invoice = invoice_create(actor=world.front_desk, patient=world.patient_a)
    line = {"invoice": invoice, "description": "Session", "unit_price": Decimal(200)}
    with pytest.raises(MoneyRefused, match=str(errors.REASON_NEEDED)):
        invoice_add_line(actor=world.front_desk, discount=Decimal(10), **line)
    with pytest.raises(MoneyRefused, match="needs a clinic admin"):
        invoice_add_line(
            actor=world.front_desk, discount=Decimal(50), discount_reason="Friend", **line
        )
    invoice_add_line(
        actor=world.clinic_admin, discount=Decimal(50), discount_reason="Complaint", **line
    )
    invoice_add_line(
        actor=world.front_desk, discount=Decimal(20), discount_reason="Loyalty", **line
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("330.00")


def test_part_payments_leave_a_balance_and_no_overpaying(world):
    invoice = bh.final_invoice(world, amount="250")
    payment_take(actor=world.front_desk, invoice=invoice, amount=Decimal(100), method="cash")
    assert balance_due(invoice) == Decimal("150.00")
    with pytest.raises(MoneyRefused, match="more than the balance due"):
        payment_take(actor=world.front_desk, invoice=invoice, amount=Decimal(151), method="card")
    payment_take(actor=world.front_desk, invoice=invoice, amount=Decimal(150), method="card")
    assert balance_due(invoice) == 0


def test_a_draft_takes_no_payment(world):
    draft = invoice_create(actor=world.front_desk, patient=world.patient_a)
    with pytest.raises(MoneyRefused, match=str(errors.INVOICE_NOT_FINAL)):
        payment_take(actor=world.front_desk, invoice=draft, amount=Decimal(1), method="cash")


def test_practitioners_see_but_do_not_take_money(world):
    with pytest.raises(MoneyRefused, match=str(errors.NOT_ALLOWED)):
        invoice_create(actor=world.practitioner, patient=world.patient_a)
    with pytest.raises(MoneyRefused):
        invoice_create(actor=world.other_clinic_admin, patient=world.patient_a)


def test_refunds_are_for_a_clinic_admin_with_a_reason_up_to_what_was_paid(world):
    invoice = bh.final_invoice(world, amount="100", paid="100")
    refund = {"invoice": invoice, "amount": Decimal(40), "method": "card"}
    with pytest.raises(MoneyRefused, match=str(errors.ADMIN_ONLY)):
        payment_refund(actor=world.front_desk, reason="Asked", **refund)
    with pytest.raises(MoneyRefused, match=str(errors.REASON_NEEDED)):
        payment_refund(actor=world.clinic_admin, reason=" ", **refund)
    payment_refund(actor=world.clinic_admin, reason="Goodwill", **refund)
    assert balance_due(invoice) == Decimal("40.00")
    with pytest.raises(MoneyRefused, match="more than was paid"):
        payment_refund(actor=world.clinic_admin, reason="Again", **refund | {"amount": 61})


def test_a_credit_note_nets_its_invoice_to_zero_with_the_next_number(world):
    invoice = bh.final_invoice(world, amount="99.99", tax=Decimal(20))
    note = credit_note_issue(actor=world.clinic_admin, invoice=invoice, reason="Wrong patient")
    assert note.kind == InvoiceKind.CREDIT_NOTE
    assert note.number == invoice.number + 1
    assert invoice.total + note.total == 0
    assert invoice.tax + note.tax == 0
    assert balance_due(invoice) == 0
    with pytest.raises(MoneyRefused, match=str(errors.CREDIT_TWICE)):
        credit_note_issue(actor=world.clinic_admin, invoice=invoice, reason="Again")


def test_every_money_event_is_audited_with_the_patient_and_no_name(world):
    before = AuditEvent.objects.count()
    invoice = bh.final_invoice(world, amount="100", paid="60")
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert len(events) == 4  # draft, line, finalised, payment
    assert all(e.patient_id == world.patient_a.pk and e.actor == world.front_desk for e in events)
    assert "Payment £60.00 (Card terminal) on ALP-INV-000001" in events[-1].summary
    assert all(world.patient_a.family_name not in e.summary for e in events)
    assert Invoice.objects.get(pk=invoice.pk).total == Decimal("100.00")


def test_a_goodwill_refund_credits_the_invoice_so_nothing_is_owed(world):
    invoice = bh.final_invoice(world, amount="95", paid="95", tax=Decimal(20))
    payment_refund(
        actor=world.clinic_admin, invoice=invoice, amount=Decimal(20), method="cash",
        reason="Started late", credit=True,
    )  # fmt: skip
    note = invoice.credit_notes.get()
    assert (note.total, note.tax, note.number) == (Decimal("-20.00"), Decimal("-3.33"), 2)
    assert balance_due(invoice) == 0


def test_a_partial_credit_on_a_tax_exclusive_invoice_credits_the_gross(world):
    billing = settings_for(world.clinic_a)
    billing.prices_include_tax = False
    billing.save()
    invoice = bh.final_invoice(world, amount="100", tax=Decimal(20))
    note = credit_note_issue(
        actor=world.clinic_admin, invoice=invoice, reason="Price error", amount=Decimal(30)
    )
    assert (note.subtotal, note.tax, note.total) == (
        Decimal("-25.00"), Decimal("-5.00"), Decimal("-30.00"),
    )  # fmt: skip
    assert balance_due(invoice) == Decimal("90.00")
    with pytest.raises(MoneyRefused, match=str(errors.CREDIT_TWICE)):
        credit_note_issue(
            actor=world.clinic_admin, invoice=invoice, reason="Too much", amount=Decimal(91)
        )
