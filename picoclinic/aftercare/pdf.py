"""The aftercare sheet as a one-page PDF (WeasyPrint, styled with CSS only)."""

from __future__ import annotations

from django.template.loader import render_to_string

from picoclinic.aftercare.models import AftercareSheet


def sheet_html(sheet: AftercareSheet) -> str:
    return render_to_string("aftercare/sheet_pdf.html", {"sheet": sheet, "content": sheet.content})


def sheet_pdf(sheet: AftercareSheet) -> bytes:
    """The PDF bytes. Imports WeasyPrint lazily: it loads pango, which is slow to start."""
    from weasyprint import HTML

    return HTML(string=sheet_html(sheet)).write_pdf()


def sheet_pages(sheet: AftercareSheet) -> int:
    """How many pages the sheet takes (the layout keeps it to one)."""
    from weasyprint import HTML

    return len(HTML(string=sheet_html(sheet)).render().pages)
