"""Every text a patient of the demo clinic reads: portal pages, the public pages, the PDFs'
HTML, and the messages (reminders, confirmations, aftercare, recalls), as (name, text)."""

from __future__ import annotations

import re
from html import unescape

from django.template.loader import render_to_string  # noqa: F401
from django.urls import reverse
from django.utils import timezone

TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.S)


def plain(html: str) -> str:
    """The words on a page, as a person reads them (tags and scripts out)."""
    return re.sub(r"\s+", " ", unescape(TAGS.sub(" ", html)))


def portal_pages(client, patient) -> list[tuple[str, str]]:
    """The portal's pages and every page and PDF its links open, for ``patient`` (logged in)."""
    from picoclinic.aftercare.models import AftercareSheet
    from picoclinic.aftercare.pdf import sheet_html
    from picoclinic.aftercare.services import _short_sms
    from picoclinic.consent.models import ConsentRecord
    from picoclinic.consent.pdf import consent_pdf_html
    from picoclinic.outcomes.summary import course_summary, summary_html
    from picoclinic.plans.models import TreatmentPlan
    from picoclinic.plans.printout import printout_html

    client.force_login(patient.user)
    found = []
    for url in (reverse("portal:home"), reverse("portal:side_effects")):
        response = client.get(url)
        assert response.status_code == 200, url
        found.append((url, plain(response.content.decode())))
    today = timezone.localdate()
    for sheet in AftercareSheet.objects.filter(patient=patient):
        response = client.get(reverse("aftercare:sheet", args=[patient.pk, sheet.pk]))
        assert response.status_code == 200
        found.append((f"aftercare sheet {sheet.pk}", plain(response.content.decode())))
        found.append((f"aftercare PDF {sheet.pk}", plain(sheet_html(sheet))))
        found.append((f"aftercare message {sheet.pk}", sheet.text))
        found.append((f"aftercare SMS {sheet.pk}", _short_sms(sheet)))
    for record in ConsentRecord.objects.filter(patient=patient):
        found.append((f"consent PDF {record.pk}", plain(consent_pdf_html(record=record))))
    for plan in TreatmentPlan.objects.filter(patient=patient):
        found.append((f"plan PDF {plan.pk}", plain(printout_html(plan, today=today))))
        summary = course_summary(plan=plan, today=today)
        found.append(
            (f"course summary {plan.pk}", plain(summary_html(summary, embed_photos=False)))
        )
    return found


def messages_of(patient) -> list[tuple[str, str]]:
    from picoclinic.outcomes.recalls import recall_message
    from picoclinic.outcomes.scores.models import Recall
    from picoclinic.scheduling.models import Appointment
    from picoclinic.scheduling.reminders import reminder_message

    found = []
    for appointment in Appointment.objects.filter(patient=patient):
        message = reminder_message(appointment)
        found.append((f"reminder {appointment.pk}", f"{message.subject} {message.body}"))
    for recall in Recall.objects.filter(patient=patient):
        message = recall_message(recall)
        found.append((f"recall {recall.pk}", f"{message.subject} {message.body}"))
    return found


def every_patient_text(client) -> list[tuple[str, str]]:
    """Every demo patient's portal (through a login of their own) and messages."""
    from picoclinic.accounts.models import User
    from picoclinic.patients.models import Patient

    found = []
    for patient in Patient.objects.select_related("user"):
        if patient.user is None:
            patient.user = User.objects.create_user(
                email=f"p{patient.pk}@words.example", password=None, full_name=patient.full_name
            )
            patient.save(update_fields=["user"])
        found += portal_pages(client, patient)
        found += messages_of(patient)
        client.logout()
    return found
