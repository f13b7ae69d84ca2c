"""The money pages: the desk sells, invoices and takes payment in the browser's forms; bad
input is refused with a message and nothing written; practitioners see but take nothing;
pages run a fixed number of queries; the takings add up and export to CSV."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from picoclinic.billing.models import Invoice, Package, Payment
from picoclinic.billing.services.invoices import payment_refund, payment_take
from tests.billing import helpers as bh
from tests.treatments import helpers as th

pytestmark = pytest.mark.django_db


def _account(world):
    return reverse("billing:account", kwargs={"patient_id": world.patient_a.pk})


def test_the_desk_sells_a_plans_course_as_a_package(client, world):
    plan = th.approved_plan(world)
    client.force_login(world.front_desk)
    page = client.get(_account(world))
    assert "Sell a plan's course as a package" in page.content.decode()

    url = reverse("billing:package_sell", kwargs={"patient_id": world.patient_a.pk})
    response = client.post(url, {"plan": plan.pk, "sessions": 6, "price": "1500.00"})

    assert response.status_code == 302
    package = Package.objects.get()
    assert (package.plan, package.sessions, package.price) == (plan, 6, Decimal("1500.00"))


@pytest.mark.parametrize("price", ["abc", "-5", "1e999", "1.234", "99999999999", ""])
def test_a_nonsense_price_is_refused_with_what_was_typed_kept(client, world, price):
    plan = th.approved_plan(world)
    client.force_login(world.front_desk)
    url = reverse("billing:package_sell", kwargs={"patient_id": world.patient_a.pk})
    response = client.post(url, {"plan": plan.pk, "sessions": "6", "price": price})
    assert response.status_code == 400
    assert 'value="6"' in response.content.decode()
    assert not Package.objects.exists()
    assert not Invoice.objects.exists()


def test_a_payment_over_the_balance_is_refused_on_its_field(client, world):
    invoice = bh.final_invoice(world, amount="100")
    client.force_login(world.front_desk)
    url = reverse(
        "billing:payment", kwargs={"patient_id": world.patient_a.pk, "invoice_id": invoice.pk}
    )
    response = client.post(url, {"amount": "150", "method": "card"})
    assert response.status_code == 400
    assert "more than the balance due (£100.00)" in response.content.decode()
    assert not Payment.objects.exists()
    assert client.post(url, {"amount": "40", "method": "cash"}).status_code == 302
    page = client.get(
        reverse(
            "billing:invoice", kwargs={"patient_id": world.patient_a.pk, "invoice_id": invoice.pk}
        )
    )
    assert "£60.00" in page.content.decode()


def test_a_practitioner_sees_whether_it_is_paid_but_gets_no_forms(client, world):
    invoice = bh.final_invoice(world, amount="100", paid="100")
    client.force_login(world.practitioner)
    url = reverse(
        "billing:invoice", kwargs={"patient_id": world.patient_a.pk, "invoice_id": invoice.pk}
    )
    body = client.get(url).content.decode()
    assert "Balance due" in body
    assert "£0.00" in body
    assert "Record the payment" not in body
    assert "Refund" not in body
    post = reverse(
        "billing:payment", kwargs={"patient_id": world.patient_a.pk, "invoice_id": invoice.pk}
    )
    assert client.post(post, {"amount": "1", "method": "cash"}).status_code == 400
    assert Payment.objects.count() == 1


def test_the_chart_and_plan_show_the_sessions_left(client, world):
    ready = th.ready(world)
    bh.sold(world, plan=ready.plan, sessions=6)
    bh.signed_from(world, ready)
    client.force_login(world.practitioner)
    chart = client.get(reverse("patients:chart", kwargs={"patient_id": world.patient_a.pk}))
    assert "1 of 6 sessions used, <strong>5 left</strong>" in chart.content.decode()
    plan = client.get(
        reverse("plans:detail", kwargs={"patient_id": world.patient_a.pk, "plan_id": ready.plan.pk})
    )
    assert "1 used, <strong>5 left</strong>" in plan.content.decode()


def test_the_portal_shows_the_patient_their_sessions_left(client, world):
    bh.sold(world, sessions=4)
    client.force_login(world.patient_user)
    body = client.get(reverse("portal:home")).content.decode()
    assert "0 of 4 sessions used: <strong>4 left</strong>" in body


def _takings_queries(client, world) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("billing_desk:takings")).status_code == 200
    return len(queries)


def test_takings_reconcile_and_run_a_fixed_number_of_queries(client, world):
    client.force_login(world.front_desk)
    bh.final_invoice(world, amount="100", paid="100")
    before = _takings_queries(client, world)
    second = bh.final_invoice(world, amount="250", paid="200")
    payment_take(actor=world.front_desk, invoice=second, amount=Decimal(50), method="transfer")
    payment_refund(
        actor=world.clinic_admin,
        invoice=second,
        amount=Decimal(30),
        method="card",
        reason="Goodwill",
    )
    assert _takings_queries(client, world) == before

    page = client.get(reverse("billing_desk:takings")).content.decode()
    assert "£320.00" in page  # 100 + 200 + 50 - 30

    csv = client.get(reverse("billing_desk:takings_csv")).content.decode().splitlines()
    assert csv[0].startswith("time,invoice,patient_number")
    rows = [line.split(",") for line in csv[1:-1]]
    assert len(rows) == 4
    assert sum(Decimal(r[5]) for r in rows) == Decimal("320.00")
    assert csv[-1].startswith("total,,,,,320.00,GBP")
    assert world.patient_a.family_name not in "\n".join(csv)


def test_takings_of_another_day_are_apart(client, world):
    client.force_login(world.front_desk)
    invoice = bh.final_invoice(world, amount="100")
    payment_take(actor=world.front_desk, invoice=invoice, amount=Decimal(70), method="cash",
                 now=timezone.now() - timedelta(days=2))  # fmt: skip
    day = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert "£70.00" in client.get(reverse("billing_desk:takings") + f"?day={day}").content.decode()
    assert "£70.00" not in client.get(reverse("billing_desk:takings")).content.decode()
    assert client.get(reverse("billing_desk:takings") + "?day=2026-02-30").status_code == 200


def test_the_account_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.front_desk)
    bh.final_invoice(world, amount="100", paid="10")
    bh.sold(world)
    url = _account(world)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    bh.final_invoice(world, amount="50", paid="50")
    bh.sold(world)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    assert len(second) == len(first)


def test_the_receipt_is_a_pdf(client, world):
    invoice = bh.final_invoice(world, amount="100", paid="100")
    client.force_login(world.front_desk)
    url = reverse(
        "billing:receipt", kwargs={"patient_id": world.patient_a.pk, "invoice_id": invoice.pk}
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_only_a_clinic_admin_adds_prices(client, world):
    url = reverse("billing_desk:prices")
    data = {"kind": "treatment", "label": "Melasma toning", "indication": "melasma",
            "amount": "180", "effective_from": "2026-12-01"}  # fmt: skip
    client.force_login(world.front_desk)
    assert client.post(url, data).status_code == 400
    client.force_login(world.clinic_admin)
    assert client.post(url, data).status_code == 302
    assert "Melasma toning" in client.get(url).content.decode()


def test_a_line_from_the_price_list_takes_the_price_in_force_today(client, world):
    today = timezone.localdate()
    bh.price(world, amount="230", day=today - timedelta(days=300))
    current = bh.price(world, amount="250", day=today - timedelta(days=10))
    bh.price(world, amount="275", day=today + timedelta(days=20))  # announced, not yet
    invoice = bh.final_invoice(world)  # numbering aside: a draft follows
    from picoclinic.billing.services.invoices import invoice_create

    draft = invoice_create(actor=world.front_desk, patient=world.patient_a)
    client.force_login(world.front_desk)
    kwargs = {"patient_id": world.patient_a.pk, "invoice_id": draft.pk}
    page = client.get(reverse("billing:invoice", kwargs=kwargs)).content.decode()
    assert "Lentigines · £250.00" in page
    assert "£230.00" not in page
    assert "£275.00" not in page

    response = client.post(
        reverse("billing:line_add", kwargs=kwargs), {"price": current.pk, "quantity": 2}
    )

    assert response.status_code == 302
    line = draft.lines.get()
    assert (line.price, line.unit_price, line.gross, line.tax_percent) == (
        current, Decimal("250.00"), Decimal("500.00"), Decimal("20.00"),
    )  # fmt: skip
    assert invoice.lines.count() == 1


def test_a_line_needs_a_price_or_an_item(client, world):
    from picoclinic.billing.services.invoices import invoice_create

    draft = invoice_create(actor=world.front_desk, patient=world.patient_a)
    client.force_login(world.front_desk)
    kwargs = {"patient_id": world.patient_a.pk, "invoice_id": draft.pk}
    response = client.post(
        reverse("billing:line_add", kwargs=kwargs), {"quantity": 1, "price": "x"}
    )
    assert response.status_code == 400
    assert "Choose a price or name the item." in response.content.decode()
    assert not draft.lines.exists()
