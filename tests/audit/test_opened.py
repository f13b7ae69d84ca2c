"""Every page that shows a patient's data leaves an audit entry of who opened it.

Walks the URL configuration like tests/patients/test_access.py: every patient-scoped page a
member of staff opens, and every other staff page that shows a patient's name, must write an
"opened" entry during that request. A page added later is covered without being listed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.scheduling.models import Appointment, BookingRequest, Practitioner
from tests.patients.test_access import ROUTES, _url
from tests.scheduling.access_objects import _appointment, _request_token
from tests.urlwalk import walk

NOON_LONDON = datetime(2031, 6, 4, 11, 0, tzinfo=UTC)

# Pages without a patient in their URL that never show one, or are not staff pages.
NOT_STAFF_PAGES_OF_PATIENTS = {
    "accounts:login",
    "accounts:logout",
    "accounts:clinic_switch",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "booking:book",  # public
    "booking:request",  # the requester's own page, by its private link
    "booking:request_ics",  # the requester's own appointment as an .ics, by the same link
    "scheduling:feed",  # a practitioner's feed: no names (tests/scheduling/test_ical.py)
    "scheduling:my_ics",  # the patient's own appointment
    "portal:home",  # the patient's own pages
    "portal:side_effects",
    "portal:appointments",  # the patient's own appointments (self-service, no staff view)
    "portal:book",
    "portal:move",
    "portal:cancel",
    "portal:waitlist",
    "portal:offer",
    "portal:reminder_link",  # a reminder's link: the patient's own appointment, by its token
    "previsit:fill",  # the patient's own questionnaire, by its signed link
    "previsit_portal:mine",  # the patient's own questionnaire (staff get 404)
    "worklist:done",  # POST only
    "recalls:action",  # POST only
    "api:token_revoke",  # POST only, the user's own token
    "invite",  # public: the invited person's own link
    "invitations:staff",  # staff and their invitations: no patient shown
    "invitations:member",
    "invitations:member_end",  # POST only
    "invitations:invitation_resend",  # POST only
    "invitations:invitation_revoke",  # POST only
    "portal_login_close:close",  # the patient's own login
}


def _opened_during(user, get) -> tuple[int, object]:
    before = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).count()
    response = get()
    after = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).count()
    return after - before, response


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_patient_page_opened_by_staff_is_audited(client, world, route):
    url = _url(route, world, world.patient_a)
    for user in world.staff_of_a():
        client.force_login(user)
        opened, response = _opened_during(user, lambda: client.get(url))
        if response.status_code != 200 or response["Content-Type"].startswith("image/"):
            continue
        assert opened >= 1, f"{user} opened {url} without an audit entry"
        event = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).latest("pk")
        assert event.patient_id == world.patient_a.pk, url


def _other_routes():
    names = {r.name for r in walk() if "patient_id" not in r.kwargs}
    return sorted(names - NOT_STAFF_PAGES_OF_PATIENTS)


@pytest.fixture
def shown(world):
    """Patient A has an appointment today; an online request waits; both names can show."""
    with time_machine.travel(NOON_LONDON, tick=False):
        appointment = Appointment.objects.get(pk=_appointment(world, world.patient_a))
        appointment.starts_at = NOON_LONDON + timedelta(hours=1)
        appointment.ends_at = appointment.starts_at + timedelta(minutes=30)
        appointment.save()
        _request_token(world, world.patient_a)
        yield BookingRequest.objects.get()


def _other_url(name: str, shown: BookingRequest, world=None) -> str:
    if name == "scheduling:request":
        return reverse(name, kwargs={"appointment_id": shown.appointment_id})
    if name == "patients:import_review":  # the front desk's upload, with patient A again in it
        from picoclinic.patients.models import PatientImport

        a = world.patient_a
        draft = PatientImport.objects.create(
            clinic=world.clinic_a,
            created_by=world.front_desk,
            file_name="patients.csv",
            text=f"Given name,Family name,Date of birth,E-mail\n{a.given_name},{a.family_name},"
            f"{a.date_of_birth.isoformat()},{a.email}\n",
            mapping={"given_name": 0, "family_name": 1, "date_of_birth": 2, "email": 3},
            date_order="dmy",
        )
        return reverse(name, kwargs={"import_id": draft.pk})
    kwargs = next(r.kwargs for r in walk() if r.name == name)
    found = {}
    if "clinic_id" in kwargs:  # a clinic's set-up pages
        found["clinic_id"] = world.clinic_a.pk
    if "practitioner_id" in kwargs:
        found["practitioner_id"] = _practitioner_of_a(world).pk
    return reverse(name, kwargs=found)


def _practitioner_of_a(world):
    user = world.practitioner
    return Practitioner.objects.filter(user=user).first() or Practitioner.objects.create(
        user=user, name=user.full_name
    )


@pytest.mark.parametrize("name", _other_routes())
def test_every_other_staff_page_showing_a_patient_is_audited(client, world, shown, name):
    url = _other_url(name, shown, world)
    for user in world.staff_of_a():
        client.force_login(user)
        if name == "patients:list":  # the search is sent by POST
            opened, response = _opened_during(user, lambda: client.post(url, {"q": "Stone"}))
        else:
            opened, response = _opened_during(user, lambda: client.get(url, follow=True))
        text = response.content.decode(errors="replace")
        if response.status_code == 200 and ("Stone" in text or "Park" in text):
            assert opened >= 1, f"{user} saw a patient on {url} without an audit entry"


def test_the_walk_sees_the_search_and_the_online_request(client, world, shown):
    client.force_login(world.front_desk)
    assert "Stone" in client.post("/patients/", {"q": "Stone"}).content.decode()
    assert "Park" in client.get(_other_url("scheduling:request", shown)).content.decode()


def test_opening_work_lists_does_not_push_charts_out_of_recent_charts(client, world):
    from picoclinic.home.selectors import RECENT_CHARTS, recent_charts_for_user
    from picoclinic.patients.access import patients_for_user

    client.force_login(world.practitioner)
    client.get(reverse("patients:chart", kwargs={"patient_id": world.patient_a.pk}))
    for _ in range(RECENT_CHARTS + 1):
        assert client.get(reverse("home:today")).status_code == 200
    recent = recent_charts_for_user(
        user=world.practitioner,
        clinic=world.clinic_a,
        patients=patients_for_user(world.practitioner),
    )
    assert recent == [world.patient_a]


def test_the_trail_names_pages_in_words_and_every_listed_page_exists():
    from picoclinic.audit.opened import PAGES, page_label

    names = {route.name for route in walk()}
    assert set(PAGES) <= names, sorted(set(PAGES) - names)
    assert page_label("plans:pdf") == "plan PDF"
    assert page_label("treatments:event_new") == "treatment session: event new"
    for route in walk():
        assert ":" not in page_label(route.name).split(": ")[0], route.name


def test_an_opened_page_reads_in_words_in_the_trail(client, world):
    from tests.patients.test_access import ROUTES

    route = next(r for r in ROUTES if r.name == "photos:index")  # audited by the middleware
    user = world.staff_of_a()[0]
    client.force_login(user)
    assert client.get(_url(route, world, world.patient_a)).status_code == 200
    event = AuditEvent.objects.filter(actor=user, action=AuditAction.VIEW).latest("pk")
    assert event.summary == "Opened photographs"
