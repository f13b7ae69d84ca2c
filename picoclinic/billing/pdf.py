"""The invoice or receipt as a PDF (WeasyPrint, styled with CSS only)."""

from __future__ import annotations

from django.template.loader import render_to_string


def receipt_pdf(context: dict) -> bytes:
    """The PDF bytes. Imports WeasyPrint lazily: it loads pango, which is slow to start."""
    from weasyprint import HTML

    return HTML(string=render_to_string("billing/receipt_pdf.html", context)).write_pdf()
