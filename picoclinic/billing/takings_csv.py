"""The day's takings as CSV for the accountant: one row per payment or refund, no names
(the invoice and patient numbers identify them), amounts as plain decimals."""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from picoclinic.billing.selectors import Takings
from picoclinic.billing.services.invoices import invoice_number

HEADER = ["time", "invoice", "patient_number", "practitioner", "method", "amount", "currency",
          "taken_by", "reference"]  # fmt: skip


def _safe(text: str) -> str:
    """No formula injection into a spreadsheet."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render(report: Takings) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for payment in report.payments:
        invoice = payment.invoice
        writer.writerow([
            timezone.localtime(payment.taken_at).strftime("%Y-%m-%d %H:%M"),
            invoice_number(invoice),
            invoice.patient.patient_number,
            _safe(str(invoice.practitioner or "")),
            payment.method,
            f"{payment.amount:.2f}",
            payment.currency,
            _safe(str(payment.taken_by)),
            _safe(payment.reference),
        ])  # fmt: skip
    writer.writerow(["total", "", "", "", "", f"{report.total:.2f}", report.currency, "", ""])
    return out.getvalue()
