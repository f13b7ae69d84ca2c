"""The printable consent (WeasyPrint): the exact shown text, the choice, signature, witness."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from picoclinic.consent.models import ConsentRecord


def consent_pdf_html(*, record: ConsentRecord) -> str:
    """The HTML the PDF is made from, with times in the zone of the clinic that took it."""
    with timezone.override(record.clinic.zone):
        return render_to_string("consent/consent_pdf.html", {"record": record})


def consent_pdf_bytes(*, record: ConsentRecord) -> bytes:
    from weasyprint import HTML, URLFetcher  # heavy import, only when a PDF is asked for

    # The page needs nothing from outside itself (the signature is a data URL): refuse any
    # other fetch, so no text typed into a consent can make the server load a URL.
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False)
    return HTML(string=consent_pdf_html(record=record), url_fetcher=fetcher).write_pdf()
