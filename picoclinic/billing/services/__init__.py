"""The money services: one use case each, keyword-only, one transaction, audited in it."""

from __future__ import annotations

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.billing import errors
from picoclinic.billing.models import BillingSettings
from picoclinic.billing.roles import MoneyRight, money_rights
from picoclinic.web.refusals import Refused


class MoneyRefused(Refused):
    """A money action the rules do not allow."""


def require(actor, clinic, right: MoneyRight) -> frozenset[MoneyRight]:
    rights = money_rights(actor, clinic)
    if right not in rights:
        raise MoneyRefused(
            str(errors.ADMIN_ONLY if right == MoneyRight.ADMIN else errors.NOT_ALLOWED)
        )
    return rights


def settings_for(clinic) -> BillingSettings:
    """The clinic's money settings (made with the defaults the first time)."""
    found, _created = BillingSettings.objects.get_or_create(clinic=clinic)
    return found


def audit_money(actor, *, obj, patient, clinic, summary: str, action=AuditAction.CREATE, **changes):
    audit_record(
        actor=actor,
        action=action,
        summary=summary,
        obj=obj,
        patient=patient,
        clinic=clinic,
        changes={k: str(v) for k, v in changes.items()},
    )
