"""Packages: sold for a plan's course with its invoice, redeemed in the signing transaction
(never twice, never beyond the package), unused sessions settled by a clinic admin."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from picoclinic.billing import errors
from picoclinic.billing.models import (
    Package,
    PackageStatus,
    Redemption,
    RefundPolicy,
    SettlementKind,
)
from picoclinic.billing.services import MoneyRefused, settings_for
from picoclinic.billing.services.invoices import balance_due, payment_take
from picoclinic.billing.services.packages import package_settle, session_redeem
from tests.billing import helpers as bh
from tests.treatments import helpers as th

pytestmark = pytest.mark.django_db


def test_selling_a_package_issues_its_final_invoice(world):
    bh.price(world)
    package = bh.sold(world, sessions=6, amount="1500")
    invoice = package.invoice
    assert invoice.is_final
    assert invoice.total == Decimal("1500.00")
    assert invoice.tax == Decimal("250.00")  # 20% VAT within an inclusive price
    assert package.single_price == Decimal("300.00")  # from the price list
    assert balance_due(invoice) == Decimal("1500.00")


def test_a_plan_is_sold_once(world):
    package = bh.sold(world)
    with pytest.raises(MoneyRefused, match=str(errors.PLAN_HAS_PACKAGE)):
        bh.sold(world, plan=package.plan)


def test_a_draft_plan_is_not_sold(world):
    plan = th.approved_plan(world)
    plan.status = "draft"
    with pytest.raises(MoneyRefused, match=str(errors.PLAN_NOT_SELLABLE)):
        bh.sold(world, plan=plan)


def test_signing_a_session_of_the_plan_redeems_one(world):
    ready = th.ready(world)
    package = bh.sold(world, plan=ready.plan, sessions=2)
    session = bh.signed_from(world, ready)
    redemption = Redemption.objects.get()
    assert (redemption.package, redemption.session) == (package, session)
    package.refresh_from_db()
    assert package.status == PackageStatus.ACTIVE


def test_a_session_is_redeemed_once_and_the_last_closes_the_package(world):
    ready = th.ready(world)
    package = bh.sold(world, plan=ready.plan, sessions=1)
    session = bh.signed_from(world, ready)
    assert session_redeem(actor=world.practitioner, session=session, now=session.signed_at) is None
    assert Redemption.objects.count() == 1
    package.refresh_from_db()
    assert package.status == PackageStatus.USED


def test_an_expired_package_is_not_redeemed(world):
    ready = th.ready(world)
    bh.sold(world, plan=ready.plan, expires_on=timezone.localdate() - timedelta(days=1))
    bh.signed_from(world, ready)
    assert Redemption.objects.count() == 0


def test_unused_sessions_refunded_pro_rata_by_a_clinic_admin(world):
    ready = th.ready(world)
    package = bh.sold(world, plan=ready.plan, sessions=3, amount="750")
    payment_take(
        actor=world.front_desk, invoice=package.invoice, amount=Decimal(750), method="card"
    )
    bh.signed_from(world, ready)
    with pytest.raises(MoneyRefused, match=str(errors.ADMIN_ONLY)):
        package_settle(actor=world.front_desk, package=package, kind="refund", reason="Moving")
    settlement = package_settle(
        actor=world.clinic_admin, package=package, kind=SettlementKind.REFUND, reason="Moving"
    )
    assert (settlement.sessions, settlement.amount) == (2, Decimal("500.00"))
    assert balance_due(package.invoice) == 0  # credited and refunded: nothing owed either way
    note = package.invoice.credit_notes.get()
    assert note.total == Decimal("-500.00")
    assert Package.objects.get(pk=package.pk).status == PackageStatus.SETTLED


def test_at_the_single_price_the_used_sessions_cost_their_full_price(world):
    bh.price(world, amount="300")
    ready = th.ready(world)
    package = bh.sold(world, plan=ready.plan, sessions=3, amount="750")
    payment_take(
        actor=world.front_desk, invoice=package.invoice, amount=Decimal(750), method="card"
    )
    bh.signed_from(world, ready)
    billing = settings_for(world.clinic_a)
    billing.refund_policy = RefundPolicy.SINGLE_PRICE
    billing.save()
    settlement = package_settle(
        actor=world.clinic_admin, package=package, kind="refund", reason="Stopping"
    )
    assert settlement.amount == Decimal("450.00")


def test_unused_sessions_transfer_to_another_plan_of_the_patient(world):
    package = bh.sold(world, sessions=4, amount="800")
    other = th.approved_plan(world)
    settlement = package_settle(
        actor=world.clinic_admin, package=package, kind=SettlementKind.TRANSFER,
        reason="Switch to the other concern", to_plan=other,
    )  # fmt: skip
    moved = settlement.transferred_to
    assert (moved.plan, moved.sessions, moved.price) == (other, 4, Decimal("800.00"))
    assert moved.status == PackageStatus.ACTIVE
