"""Words a patient understands (#12 item 6): every page, message and PDF a patient of the demo
clinic reads is free of the clinic's jargon, and melasma never reads "no more sessions" alone;
the staff pages keep the clinical detail."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from picoclinic.clinical.common import Indication
from picoclinic.demo import demo_load
from picoclinic.web import patient_words
from tests.assessment.answers import posted
from tests.plainwords.texts import every_patient_text, plain

# What a patient must never read: scale abbreviations, internal references, flags, statistics,
# evidence tags, time zone identifiers.
JARGON = re.compile(
    r"UNVERIFIED|\bm?MASI\b|\bGAIS\b|\bPOSAS\b|\bECCA\b|\bWMD\b|\bHQ\b|\.md\b|clinical-reference"
    r"|\breference (section )?\d|\bPMID\b|\bPMC\d|\[(PR|CLINIC|CONS|2ry|CONV)\]|\bps\d{3,4}\b"
    r"|\bFST\b|Europe/|Asia/"
)
NO_MORE = re.compile(r"no more sessions", re.I)
# What follows "no more sessions" for a condition that comes back.
KEEPING = re.compile(r"come back|comes back|maintenance|sun protection", re.I)


def _jargon(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for name, text in texts:
        for match in JARGON.finditer(text):
            found.append(f"{name}: ...{text[max(0, match.start() - 60) : match.end() + 40]}...")
        for match in NO_MORE.finditer(text):
            if not KEEPING.search(text[match.end() : match.end() + 300]):
                found.append(f"{name}: 'no more sessions' without how to keep it away")
    return found


@pytest.fixture
def demo(db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PICOCLINIC_BOOKING_MIN_SECONDS = 0
    cache.clear()
    demo_load()
    yield
    cache.clear()


def _mei_clears():
    """Mei's melasma clears at her latest session: the re-estimate says no more sessions."""
    from picoclinic.accounts.models import User
    from picoclinic.outcomes.scores.services import score_record
    from picoclinic.scheduling.models import Appointment, AppointmentStatus

    session = (
        Appointment.objects.filter(
            patient__given_name="Mei", status=AppointmentStatus.COMPLETED, plan_item__isnull=False
        )
        .order_by("starts_at")
        .last()
    )
    regions = ("forehead", "right_malar", "left_malar", "chin")
    score_record(
        actor=User.objects.get(email__startswith="practitioner@"),
        item=session.plan_item,
        scale="mmasi",
        rater="clinician",
        assessed_on=session.occurred_on or timezone.localdate(session.starts_at),
        inputs={f"{r}_{part}": 0 for r in regions for part in ("area", "darkness")},
        appointment=session,
    )


def _public_texts(client) -> list[tuple[str, str]]:
    """The booking page (chooser, then one clinic), a request's page and its confirmation, and
    the assessment's answer for every concern."""
    from picoclinic.clinics.models import Clinic
    from picoclinic.scheduling.forms import online as forms_online
    from picoclinic.scheduling.models import BookingRequest
    from picoclinic.scheduling.services.online import confirmation_message

    found = []
    page = client.get(reverse("booking:book"))
    found.append(("/book/", plain(page.content.decode())))
    central = Clinic.objects.get(code="CEN")
    page = client.get(reverse("booking:book"), {"clinic": central.pk})
    found.append(("/book/?clinic", plain(page.content.decode())))
    slot = page.context["slots"][0].starts_at
    response = client.post(
        reverse("booking:book"),
        {
            "clinic": central.pk,
            "day": slot.date().isoformat(),
            "slot": slot.isoformat(),
            "given_name": "Lena",
            "family_name": "Park",
            "email": "lena@mail.example",
            "phone": "07700 900321",
            "date_of_birth": "1990-04-02",
            "concerns": [Indication.MELASMA.value],
            "privacy": "on",
            "website": "",
            "started": forms_online.form_stamp(),
        },
        follow=True,
    )
    found.append(("booking request page", plain(response.content.decode())))
    subject, body, sms = confirmation_message(
        BookingRequest.objects.get(email="lena@mail.example"), site_url="http://testserver/"
    )
    found.append(("booking confirmation", f"{subject}\n{body}\n{sms}"))
    found.append(("/assess/", plain(client.get(reverse("assessment:assess")).content.decode())))
    extra = {
        Indication.TATTOO: {"tattoo_colours": ["black_dark_blue"], "tattoo_maker": "amateur"},
        Indication.CAFE_AU_LAIT: {"calm_count": "few"},
    }
    for indication in Indication:
        data = posted(concern=indication.value, **extra.get(indication, {}))
        cache.clear()  # the page's limit per address
        answer = client.post(f"{reverse('assessment:assess')}?clinic={central.pk}", data)
        assert "What to expect" in answer.content.decode(), indication
        found.append((f"/assess/ {indication.value}", plain(answer.content.decode())))
    return found


def test_no_patient_page_message_or_pdf_speaks_jargon(client, demo):
    # Given the demo clinic, with Mei's melasma cleared at her latest session
    _mei_clears()
    # When every patient's portal, PDFs and messages and the public pages are rendered
    texts = every_patient_text(client) + _public_texts(client)
    # Then none speaks the clinic's jargon
    assert len(texts) > 60
    assert _jargon(texts) == []
    # And melasma's "no more sessions" comes with how to keep it away
    mei = "\n".join(t for name, t in texts if "Melasma score" in t)
    assert "Likely no more sessions in this course. Melasma tends to come back" in mei
    # And sources read as citations, the times as people say them
    everything = "\n".join(t for _, t in texts)
    assert "and colleagues, Lasers in Medical Science, 2025 (published study)" in everything
    assert "UK time" in everything
    assert "Hong Kong time" in everything


def test_the_staff_pages_keep_the_clinical_detail(client, demo):
    from picoclinic.accounts.models import User
    from picoclinic.patients.models import Patient

    mei = Patient.objects.get(given_name="Mei")
    client.force_login(User.objects.get(email__startswith="practitioner@"))
    page = client.get(reverse("photos:progress", args=[mei.pk])).content.decode()
    assert "mMASI" in page
    assert "UNVERIFIED" in page


def test_the_jargon_check_catches_what_it_should():
    texts = [
        ("a", "Pooled MASI change (WMD -0.58), HQ, see clinical-reference.md (UNVERIFIED)"),
        ("b", "Likely no more sessions."),
    ]
    assert len(_jargon(texts)) == 7


@pytest.mark.parametrize("indication", sorted(patient_words.RELAPSING))
def test_a_condition_that_comes_back_never_ends_on_no_more_sessions(indication):
    words = patient_words.remaining(0, indication)
    assert NO_MORE.search(words)
    assert KEEPING.search(words)
    assert patient_words.remaining(0, Indication.TATTOO) == "Likely no more sessions."


def test_citations_read_as_authors_journal_and_year():
    from picoclinic.clinical.common import Evidence, Source

    saedi = Source("Saedi N et al. Arch Dermatol 2012;148:1360: ps755, mean 4.25 sessions")
    assert patient_words.citation(saedi) == (
        "Saedi N and colleagues, Archives of Dermatology, 2012 (published study)"
    )
    internal = Source("Maintenance practice, reference section 8", Evidence.CONVENTION)
    assert patient_words.citation(internal) == "usual clinic practice, an estimate"


def test_time_zones_read_as_people_say_them():
    assert patient_words.zone_words("Europe/London") == "UK time"
    assert patient_words.zone_words("Asia/Hong_Kong") == "Hong Kong time"
    assert patient_words.zone_words("America/Argentina/Buenos_Aires") == "Buenos Aires time"


def test_a_clinicians_shorthand_is_spelled_out():
    text = patient_words.plain("HQ plus retinoid for >= 3 months; not significant (WMD -0.58).")
    assert text == (
        "Hydroquinone (a lightening cream) plus retinoid for at least 3 months; not significant."
    )
