"""Invoices, credit notes, payments and refunds.

Numbering: an invoice is a draft without a number until it is finalised; finalising locks
the clinic's ``BillingSettings`` row FOR UPDATE (SQLite: the write transaction is taken up
front, BEGIN IMMEDIATE) and takes the next number in the same transaction. A rollback
gives the number back with the counter, so none is skipped and none is shared."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from picoclinic.audit.models import AuditAction
from picoclinic.billing import errors
from picoclinic.billing.arithmetic import line_amounts
from picoclinic.billing.models import (
    BillingSettings,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    InvoiceStatus,
    Payment,
)
from picoclinic.billing.money import round_minor, show
from picoclinic.billing.roles import MoneyRight
from picoclinic.billing.services import MoneyRefused, audit_money, require, settings_for


def invoice_create(*, actor, patient, practitioner=None) -> Invoice:
    """A draft invoice for ``patient`` at their clinic, in its currency and tax mode."""
    clinic = patient.clinic
    require(actor, clinic, MoneyRight.TAKE)
    with transaction.atomic():
        invoice = Invoice.objects.create(
            clinic=clinic,
            patient=patient,
            currency=clinic.money_currency,
            tax_inclusive=settings_for(clinic).prices_include_tax,
            practitioner=practitioner,
            created_by=actor,
        )
        audit_money(actor, obj=invoice, patient=patient, clinic=clinic, summary="Draft invoice")
    return invoice


def _line_values(invoice: Invoice, *, quantity, unit_price, discount, tax_percent) -> dict:
    amounts = line_amounts(
        quantity=quantity,
        unit_price=unit_price,
        discount=discount,
        tax_percent=tax_percent,
        tax_inclusive=invoice.tax_inclusive,
        currency=invoice.currency,
    )
    return {"net": amounts.net, "tax": amounts.tax, "gross": amounts.gross}


def _check_discount(actor, invoice, rights, *, quantity, unit_price, discount, reason) -> None:
    if not discount:
        return
    if discount < 0 or discount > unit_price * quantity:
        raise MoneyRefused(str(errors.DISCOUNT_TOO_BIG), field="discount")
    if not reason.strip():
        raise MoneyRefused(str(errors.REASON_NEEDED), field="discount_reason")
    limit = settings_for(invoice.clinic).discount_limit_percent
    over = discount * 100 > unit_price * quantity * limit
    if over and MoneyRight.ADMIN not in rights:
        raise MoneyRefused(
            str(errors.DISCOUNT_OVER_LIMIT).format(limit=format(limit.normalize(), "f")),
            field="discount",
        )


def invoice_add_line(
    *,
    actor,
    invoice: Invoice,
    description: str,
    unit_price: Decimal,
    quantity: int = 1,
    tax_percent: Decimal | None = None,
    discount: Decimal = Decimal(0),
    discount_reason: str = "",
    price=None,
    session=None,
    appointment=None,
) -> InvoiceLine:
    """A line on a draft. A discount carries its reason; above the clinic's limit it needs a
    clinic admin. The line's net, tax and gross are rounded once, here."""
    rights = require(actor, invoice.clinic, MoneyRight.TAKE)
    unit_price = round_minor(unit_price, invoice.currency)
    discount = round_minor(discount or Decimal(0), invoice.currency)
    _check_discount(
        actor, invoice, rights, quantity=quantity, unit_price=unit_price,
        discount=discount, reason=discount_reason,
    )  # fmt: skip
    with transaction.atomic():
        locked = _lock_draft(invoice)
        line = InvoiceLine.objects.create(
            invoice=locked,
            description=description,
            quantity=quantity,
            unit_price=unit_price,
            discount=discount,
            discount_reason=discount_reason.strip(),
            tax_percent=tax_percent,
            price=price,
            session=session,
            appointment=appointment,
            **_line_values(
                locked,
                quantity=quantity,
                unit_price=unit_price,
                discount=discount,
                tax_percent=tax_percent,
            ),
        )
        _retotal(locked)
        summary = f"Invoice line: {show(line.gross, locked.currency)}"
        if discount:
            summary += f", discount {show(discount, locked.currency)}"
        audit_money(
            actor, obj=locked, patient=locked.patient, clinic=locked.clinic, summary=summary,
            action=AuditAction.UPDATE, discount_reason=line.discount_reason,
        )  # fmt: skip
    invoice.refresh_from_db()
    return line


def _lock_draft(invoice: Invoice) -> Invoice:
    locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.status != InvoiceStatus.DRAFT:
        raise MoneyRefused(str(errors.INVOICE_FINAL))
    return locked


def _retotal(invoice: Invoice) -> None:
    sums = invoice.lines.aggregate(net=Sum("net"), tax=Sum("tax"), gross=Sum("gross"))
    invoice.subtotal = sums["net"] or 0
    invoice.tax = sums["tax"] or 0
    invoice.total = sums["gross"] or 0
    invoice.save(update_fields=["subtotal", "tax", "total"])


def invoice_finalise(*, actor, invoice: Invoice, now: datetime | None = None) -> Invoice:
    """Take the clinic's next invoice number and freeze the invoice. The counter row is
    locked first, so two desks finalising at once get consecutive numbers."""
    require(actor, invoice.clinic, MoneyRight.TAKE)
    settings_for(invoice.clinic)
    with transaction.atomic():
        counter = BillingSettings.objects.select_for_update().get(clinic_id=invoice.clinic_id)
        locked = _lock_draft(invoice)
        if not locked.lines.exists():
            raise MoneyRefused(str(errors.INVOICE_EMPTY))
        counter.last_invoice_number += 1
        counter.save(update_fields=["last_invoice_number"])
        locked.number = counter.last_invoice_number
        locked.status = InvoiceStatus.FINAL
        locked.finalised_by, locked.finalised_at = actor, now or timezone.now()
        locked.save(update_fields=["number", "status", "finalised_by", "finalised_at"])
        audit_money(
            actor, obj=locked, patient=locked.patient, clinic=locked.clinic,
            summary=f"{locked.get_kind_display()} {invoice_number(locked)} finalised: "
            f"{show(locked.total, locked.currency)}",
            action=AuditAction.UPDATE,
        )  # fmt: skip
    return locked


def invoice_number(invoice: Invoice) -> str:
    if invoice.number is None:
        return ""
    prefix = "CN" if invoice.kind == InvoiceKind.CREDIT_NOTE else "INV"
    return f"{invoice.clinic.code}-{prefix}-{invoice.number:06d}"


def paid_total(invoice: Invoice) -> Decimal:
    return invoice.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def credited_total(invoice: Invoice) -> Decimal:
    credited = invoice.credit_notes.filter(status=InvoiceStatus.FINAL).aggregate(s=Sum("total"))
    return -(credited["s"] or Decimal(0))


def balance_due(invoice: Invoice) -> Decimal:
    """What the patient still owes: the total, less payments (net of refunds) and credits."""
    return invoice.total - paid_total(invoice) - credited_total(invoice)


def payment_take(
    *, actor, invoice: Invoice, amount: Decimal, method: str, reference: str = "",
    now: datetime | None = None,
) -> Payment:  # fmt: skip
    """A payment against a final invoice, up to its balance (part payments welcome)."""
    require(actor, invoice.clinic, MoneyRight.TAKE)
    amount = round_minor(amount, invoice.currency)
    if amount <= 0:
        raise MoneyRefused(str(errors.AMOUNT_POSITIVE), field="amount")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not locked.is_final or locked.kind != InvoiceKind.INVOICE:
            raise MoneyRefused(str(errors.INVOICE_NOT_FINAL))
        due = balance_due(locked)
        if amount > due:
            message = str(errors.OVERPAID).format(due=show(due, locked.currency))
            raise MoneyRefused(message, field="amount")
        payment = Payment.objects.create(
            invoice=locked, clinic=locked.clinic, amount=amount, currency=locked.currency,
            method=method, reference=reference.strip(), taken_by=actor,
            taken_at=now or timezone.now(),
        )  # fmt: skip
        audit_money(
            actor, obj=payment, patient=locked.patient, clinic=locked.clinic,
            summary=f"Payment {show(amount, locked.currency)} ({payment.get_method_display()}) "
            f"on {invoice_number(locked)}",
        )  # fmt: skip
    return payment


def payment_refund(
    *, actor, invoice: Invoice, amount: Decimal, method: str, reason: str,
    credit: bool = False, now: datetime | None = None,
) -> Payment:  # fmt: skip
    """Money given back (a clinic admin, with a reason), up to what was paid. With
    ``credit`` the same amount is credited too (a goodwill refund, unused sessions: the
    patient does not owe it back); without, the balance reopens (a payment taken twice)."""
    require(actor, invoice.clinic, MoneyRight.ADMIN)
    amount = round_minor(amount, invoice.currency)
    if amount <= 0:
        raise MoneyRefused(str(errors.AMOUNT_POSITIVE), field="amount")
    if not reason.strip():
        raise MoneyRefused(str(errors.REASON_NEEDED), field="reason")
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        paid = paid_total(locked)
        if amount > paid:
            message = str(errors.REFUND_TOO_BIG).format(paid=show(paid, locked.currency))
            raise MoneyRefused(message, field="amount")
        refund = Payment.objects.create(
            invoice=locked, clinic=locked.clinic, amount=-amount, currency=locked.currency,
            method=method, reason=reason.strip(), taken_by=actor, taken_at=now or timezone.now(),
        )  # fmt: skip
        audit_money(
            actor, obj=refund, patient=locked.patient, clinic=locked.clinic,
            summary=f"Refund {show(amount, locked.currency)} ({refund.get_method_display()}) "
            f"on {invoice_number(locked)}",
            reason=refund.reason,
        )  # fmt: skip
        if credit:
            credit_note_issue(actor=actor, invoice=locked, reason=reason, amount=amount, now=now)
    return refund


def credit_note_issue(
    *, actor, invoice: Invoice, reason: str, amount: Decimal | None = None, now=None
) -> Invoice:
    """A final credit note against ``invoice``, numbered from the same unbroken sequence (a
    clinic admin, with a reason). Without ``amount`` it negates every line, netting the
    invoice to zero; with one, a single line of that amount (tax at the invoice's first
    line's rate). Never more than is left to credit."""
    require(actor, invoice.clinic, MoneyRight.ADMIN)
    if not reason.strip():
        raise MoneyRefused(str(errors.REASON_NEEDED), field="reason")
    if not invoice.is_final or invoice.kind != InvoiceKind.INVOICE:
        raise MoneyRefused(str(errors.ONLY_INVOICES))
    with transaction.atomic():
        left = invoice.total - credited_total(invoice)
        if left <= 0 or (amount is not None and amount > left):
            raise MoneyRefused(str(errors.CREDIT_TWICE))
        note = Invoice.objects.create(
            clinic=invoice.clinic, patient=invoice.patient, kind=InvoiceKind.CREDIT_NOTE,
            credits=invoice, currency=invoice.currency, tax_inclusive=invoice.tax_inclusive,
            practitioner=invoice.practitioner, reason=reason.strip(), created_by=actor,
        )  # fmt: skip
        if amount is None:
            _negate_lines(invoice, note)
        else:
            _credit_line(invoice, note, amount=amount, reason=reason.strip())
        _retotal(note)
        note = invoice_finalise(actor=actor, invoice=note, now=now)
    return note


def _negate_lines(invoice: Invoice, note: Invoice) -> None:
    for line in invoice.lines.all():
        InvoiceLine.objects.create(
            invoice=note, description=line.description, quantity=line.quantity,
            unit_price=-line.unit_price, discount=-line.discount,
            discount_reason=line.discount_reason, tax_percent=line.tax_percent,
            net=-line.net, tax=-line.tax, gross=-line.gross,
        )  # fmt: skip


def _credit_line(invoice: Invoice, note: Invoice, *, amount: Decimal, reason: str) -> None:
    """One line crediting ``amount`` (gross): for an inclusive invoice the amount holds its
    tax; for an exclusive one the net is worked back so the gross is ``amount``."""
    first = invoice.lines.order_by("id").first()
    rate = first.tax_percent if first else None
    gross = -round_minor(amount, invoice.currency)
    if rate and not invoice.tax_inclusive:
        net = round_minor(gross * 100 / (100 + rate), invoice.currency)
        values = {"net": net, "tax": gross - net, "gross": gross}
    else:
        values = _line_values(
            note, quantity=1, unit_price=gross, discount=Decimal(0), tax_percent=rate
        )
    InvoiceLine.objects.create(
        invoice=note, description=reason[:200], quantity=1, unit_price=gross,
        tax_percent=rate, **values,
    )  # fmt: skip
