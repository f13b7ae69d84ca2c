"""Who may do what with money, by role at the clinic the money belongs to.

The front desk takes payments and issues receipts; refunds, discounts beyond the clinic's
limit, credit notes, package settlements and the price list need a clinic admin; every
member of staff sees whether a session is paid."""

from __future__ import annotations

from django.db import models

from picoclinic.accounts.models import Membership, Role


class MoneyRight(models.TextChoices):
    SEE = "see", "See invoices and whether a session is paid"
    TAKE = "take", "Sell packages, invoice and take payments"
    ADMIN = "admin", "Refund, credit, discount beyond the limit, set prices"


MONEY_RIGHTS: dict[str, frozenset[MoneyRight]] = {
    Role.FRONT_DESK: frozenset({MoneyRight.SEE, MoneyRight.TAKE}),
    Role.PRACTITIONER: frozenset({MoneyRight.SEE}),
    Role.DOCTOR: frozenset({MoneyRight.SEE}),
    Role.CLINIC_ADMIN: frozenset({MoneyRight.SEE, MoneyRight.TAKE, MoneyRight.ADMIN}),
}


def money_rights(user, clinic) -> frozenset[MoneyRight]:
    """``user``'s money rights at ``clinic`` (one query; none for a non-member)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    role = (
        Membership.objects.filter(user=user, clinic=clinic, is_active=True)
        .values_list("role", flat=True)
        .first()
    )
    return MONEY_RIGHTS.get(role, frozenset())
