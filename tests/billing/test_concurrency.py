"""Two desks and two practitioners at once, for real (threads with their own connections,
committed transactions), on SQLite and on PostgreSQL: invoice numbers stay unbroken and
unshared under parallel finalisation; a package session is redeemed exactly once under
parallel signing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from picoclinic.billing import errors
from picoclinic.billing.models import Invoice, PackageStatus, Redemption
from picoclinic.billing.services import MoneyRefused
from picoclinic.billing.services.invoices import invoice_add_line, invoice_create, invoice_finalise
from picoclinic.treatments import errors as treatment_errors
from picoclinic.treatments.services import session_start
from picoclinic.treatments.services.sign import session_sign
from tests.billing import helpers as bh
from tests.concurrency import OK, race
from tests.treatments import helpers as th

# Sessions around now, on the clinic's one day.
pytestmark = [pytest.mark.concurrency, pytest.mark.usefixtures("midday")]

DESKS = 6


def _draft(world, *, lines=1):
    invoice = invoice_create(actor=world.front_desk, patient=world.patient_a)
    for _ in range(lines):
        invoice_add_line(
            actor=world.front_desk, invoice=invoice, description="Session", unit_price=Decimal(90)
        )
    return invoice


def test_finalising_at_once_gives_unbroken_unshared_numbers(transactional_db, world):
    drafts = [_draft(world) for _ in range(DESKS)]
    empty = _draft(world, lines=0)  # refused: its number must not be lost

    calls = [lambda d=d: invoice_finalise(actor=world.front_desk, invoice=d) for d in drafts]
    calls.append(lambda: invoice_finalise(actor=world.front_desk, invoice=empty))
    results = race(calls, refusals=(MoneyRefused,))

    assert sorted(results) == sorted([OK] * DESKS + [str(errors.INVOICE_EMPTY)]), results
    numbers = sorted(Invoice.objects.exclude(number=None).values_list("number", flat=True))
    assert numbers == list(range(1, DESKS + 1))


def test_the_same_invoice_finalised_twice_at_once_takes_one_number(transactional_db, world):
    draft = _draft(world)

    results = race([lambda: invoice_finalise(actor=world.front_desk, invoice=draft)] * 4,
                   refusals=(MoneyRefused,))  # fmt: skip

    assert results.count(OK) == 1, results
    assert Invoice.objects.get(pk=draft.pk).number == 1
    bh.final_invoice(world)
    assert sorted(Invoice.objects.values_list("number", flat=True)) == [1, 2]


def _treated_session(world, plan, number):
    appointment = th.appointment(
        world, plan, number=number, starts_at=timezone.now() - timedelta(hours=3 - number)
    )
    session = session_start(actor=world.practitioner, appointment=appointment)
    return th.treated(world, session)


def test_parallel_signing_redeems_the_last_session_exactly_once(transactional_db, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    plan = th.approved_plan(world)
    package = bh.sold(world, plan=plan, sessions=1)
    first, second = (_treated_session(world, plan, n) for n in (1, 2))

    results = race(
        [lambda s=s: session_sign(actor=world.practitioner, session=s) for s in (first, second)],
        refusals=(treatment_errors.TreatmentError, MoneyRefused),
    )

    assert results == [OK, OK]
    assert Redemption.objects.filter(package=package).count() == 1
    package.refresh_from_db()
    assert package.status == PackageStatus.USED


def test_one_session_signed_at_once_is_redeemed_once(transactional_db, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    plan = th.approved_plan(world)
    package = bh.sold(world, plan=plan, sessions=3)
    session = _treated_session(world, plan, 1)

    results = race(
        [lambda: session_sign(actor=world.practitioner, session=session)] * 4,
        refusals=(treatment_errors.TreatmentError, MoneyRefused),
    )

    assert results.count(OK) == 1, results
    assert Redemption.objects.filter(package=package).count() == 1
