"""Prepaid packages: sold for a plan's course, redeemed when a session of the plan is signed
(in the signing transaction, once: the package row is locked and the redemption's session is
unique), settled by a clinic admin when sessions are left unused."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from picoclinic.billing import errors
from picoclinic.billing.arithmetic import at_single_price, pro_rata
from picoclinic.billing.models import (
    Package,
    PackageStatus,
    Redemption,
    RefundPolicy,
    Settlement,
    SettlementKind,
)
from picoclinic.billing.money import round_minor, show
from picoclinic.billing.roles import MoneyRight
from picoclinic.billing.services import MoneyRefused, audit_money, require, settings_for
from picoclinic.billing.services.invoices import (
    invoice_add_line,
    invoice_create,
    invoice_finalise,
    payment_refund,
)
from picoclinic.billing.services.prices import price_on
from picoclinic.plans.models import PlanStatus

SELLABLE = (PlanStatus.APPROVED, PlanStatus.IN_PROGRESS)


def plan_course_sessions(plan) -> int:
    return sum(item.sessions for item in plan.items.all())


def single_session_price(plan, *, day: date):
    """The price list's single-session price for the plan's first item, or None."""
    item = plan.items.select_related("concern").first()
    if item is None:
        return None
    return price_on(clinic=plan.clinic, day=day, indication=item.concern.indication)


def package_sell(
    *, actor, plan, sessions: int, price: Decimal, expires_on: date | None = None,
    now: datetime | None = None,
) -> Package:  # fmt: skip
    """Sell ``plan``'s course as a package: the package and its final invoice, together."""
    require(actor, plan.clinic, MoneyRight.TAKE)
    now = now or timezone.now()
    if plan.status not in SELLABLE:
        raise MoneyRefused(str(errors.PLAN_NOT_SELLABLE))
    currency = plan.clinic.money_currency
    price = round_minor(price, currency)
    single = single_session_price(plan, day=timezone.localdate(now))
    tax = single.tax_rate.percent if single and single.tax_rate else None
    with transaction.atomic():
        if Package.objects.filter(plan=plan, status=PackageStatus.ACTIVE).exists():
            raise MoneyRefused(str(errors.PLAN_HAS_PACKAGE))
        invoice = invoice_create(actor=actor, patient=plan.patient)
        invoice_add_line(
            actor=actor, invoice=invoice, unit_price=price, tax_percent=tax,
            description=f"Prepaid course: {sessions} sessions",
        )  # fmt: skip
        invoice = invoice_finalise(actor=actor, invoice=invoice, now=now)
        package = Package.objects.create(
            clinic=plan.clinic, patient=plan.patient, plan=plan, sessions=sessions, price=price,
            single_price=single.amount if single else round_minor(price / sessions, currency),
            currency=currency, expires_on=expires_on, invoice=invoice, sold_by=actor,
            sold_at=now,
        )  # fmt: skip
        audit_money(
            actor, obj=package, patient=plan.patient, clinic=plan.clinic,
            summary=f"Package sold: {sessions} sessions for {show(price, currency)}",
        )  # fmt: skip
    return package


def session_redeem(*, actor, session, now: datetime) -> Redemption | None:
    """Use one session of the plan's active package for a signed ``session`` (call inside the
    signing transaction). Nothing when there is no package, it has none left or expired."""
    package = (
        Package.objects.select_for_update()
        .filter(plan_id=session.plan_id, status=PackageStatus.ACTIVE)
        .first()
    )
    if package is None or (
        package.expires_on
        and package.expires_on < timezone.localtime(now, package.clinic.zone).date()
    ):
        return None
    if Redemption.objects.filter(session=session).exists():
        return None
    used = package.redemptions.count()
    if used >= package.sessions:
        return None
    redemption = Redemption.objects.create(package=package, session=session, at=now)
    if used + 1 == package.sessions:
        package.status = PackageStatus.USED
        package.save(update_fields=["status"])
    audit_money(
        actor, obj=redemption, patient=package.patient, clinic=package.clinic,
        summary=f"Package session {used + 1} of {package.sessions} used",
    )  # fmt: skip
    return redemption


def unused_value(package: Package, *, used: int, policy: str) -> Decimal:
    unused = package.sessions - used
    if policy == RefundPolicy.SINGLE_PRICE:
        value = at_single_price(
            price=package.price, used=used, single=package.single_price, currency=package.currency
        )
        return min(value, package.price)
    return pro_rata(
        price=package.price, sessions=package.sessions, unused=unused, currency=package.currency
    )


def package_settle(
    *, actor, package: Package, kind: str, reason: str, method: str = "card", to_plan=None,
    now: datetime | None = None,
) -> Settlement:  # fmt: skip
    """Refund or transfer a package's unused sessions, valued by the clinic's policy (a
    clinic admin, with a reason). A refund is money back on the package's invoice; a transfer
    is a new package of the unused sessions on another plan of the same patient."""
    require(actor, package.clinic, MoneyRight.ADMIN)
    if not reason.strip():
        raise MoneyRefused(str(errors.REASON_NEEDED), field="reason")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Package.objects.select_for_update().get(pk=package.pk)
        used = locked.redemptions.count()
        if locked.status != PackageStatus.ACTIVE or used >= locked.sessions:
            raise MoneyRefused(str(errors.PACKAGE_NOT_ACTIVE))
        policy = settings_for(locked.clinic).refund_policy
        amount = unused_value(locked, used=used, policy=policy)
        target = None
        if kind == SettlementKind.REFUND:
            if amount > 0:
                payment_refund(
                    actor=actor, invoice=locked.invoice, amount=amount, method=method,
                    reason=reason, credit=True, now=now,
                )  # fmt: skip
        else:
            target = _transfer(actor, locked, to_plan, sessions=locked.sessions - used,
                               amount=amount, now=now)  # fmt: skip
        locked.status, locked.settled_reason = PackageStatus.SETTLED, reason.strip()
        locked.save(update_fields=["status", "settled_reason"])
        settlement = Settlement.objects.create(
            package=locked, kind=kind, sessions=locked.sessions - used, amount=amount,
            policy=policy, reason=reason.strip(), transferred_to=target, by=actor, at=now,
        )  # fmt: skip
        audit_money(
            actor, obj=settlement, patient=locked.patient, clinic=locked.clinic,
            summary=f"Package {settlement.get_kind_display().lower()}: {settlement.sessions} "
            f"unused sessions, {show(amount, locked.currency)}",
            reason=settlement.reason,
        )  # fmt: skip
    return settlement


def _transfer(actor, package, to_plan, *, sessions: int, amount: Decimal, now) -> Package:
    if to_plan is None or to_plan.patient_id != package.patient_id or to_plan.pk == package.plan_id:
        raise MoneyRefused(str(errors.PLAN_NOT_SELLABLE), field="to_plan")
    if Package.objects.filter(plan=to_plan, status=PackageStatus.ACTIVE).exists():
        raise MoneyRefused(str(errors.PLAN_HAS_PACKAGE), field="to_plan")
    return Package.objects.create(
        clinic=package.clinic, patient=package.patient, plan=to_plan, sessions=sessions,
        price=amount, single_price=package.single_price, currency=package.currency,
        expires_on=package.expires_on, invoice=package.invoice, sold_by=actor, sold_at=now,
    )  # fmt: skip
