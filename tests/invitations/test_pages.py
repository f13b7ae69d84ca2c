"""The pages: the public landing page (bad input kept, no 500, a used or old link said
plainly), the staff page (scoped, fixed queries), the chart's portal panel, the patient
closing their login; patient logins under the same lockout, idle timeout and password rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from picoclinic.accounts.models import Membership, Role
from picoclinic.invitations import services, staff
from picoclinic.invitations.models import Invitation
from picoclinic.invitations.views import LANDING_PER_ADDRESS
from tests import factories
from tests.invitations.conftest import token_in

SITE = "http://testserver/"
GOOD = "plum orchard window 77"
STAFF = "/staff/"


@pytest.fixture
def invited(world, django_capture_on_commit_callbacks):
    """Cara is invited to the front desk of clinic A; returns her link's token."""
    with django_capture_on_commit_callbacks(execute=True):
        staff.staff_invite(
            actor=world.clinic_admin,
            clinic=world.clinic_a,
            full_name="Cara Colleague",
            email="cara@clinic.example",
            role=Role.FRONT_DESK,
            indications=[],
            site_url=SITE,
        )
    return token_in(mail.outbox[-1].body)


def _set(client, token, one=GOOD, two=GOOD):
    return client.post(f"/invite/{token}/", {"new_password1": one, "new_password2": two})


def test_the_link_sets_a_password_signs_in_and_works_once(client, world, invited):
    assert client.get(f"/invite/{invited}/").status_code == 200
    response = _set(client, invited)
    assert response.status_code == 302
    assert client.get(reverse("home:today")).status_code == 200
    client.logout()
    again = client.get(f"/invite/{invited}/")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


@pytest.mark.parametrize(
    ("one", "two", "says"),
    [
        ("short", "short", "too short"),
        ("12345678901", "12345678901", "entirely numeric"),
        (GOOD, GOOD + "x", "match"),
        ("", "", "This field is required"),
    ],
)
def test_bad_passwords_are_refused_under_djangos_validators(client, world, invited, one, two, says):
    response = _set(client, invited, one, two)
    assert response.status_code == 400
    assert says in response.content.decode()
    user = get_user_model().objects.get(email="cara@clinic.example")
    assert not user.has_usable_password()
    assert Invitation.objects.get(user=user).accepted_at is None


@pytest.mark.parametrize("token", ["nope", "x" * 300, "a" * 43, "%00", "'; drop"])
def test_a_bad_link_is_a_plain_404(client, world, token):
    response = client.get(f"/invite/{token}/")
    assert response.status_code == 404
    assert response.status_code < 500


def test_an_old_link_says_so_and_offers_a_new_one(client, world, invited):
    later = timezone.now() + timedelta(days=services.INVITATION_DAYS, hours=1)
    with time_machine.travel(later, tick=False):
        response = client.get(f"/invite/{invited}/")
        assert response.status_code == 410
        assert "too old" in response.content.decode()
        assert "Send me a new link" in response.content.decode()
        sent = len(mail.outbox)
        renewed = client.post(f"/invite/{invited}/", {"action": "renew"})
    assert renewed.status_code == 200
    assert "the address the clinic has for you" in renewed.content.decode()
    assert len(mail.outbox) >= sent  # sent after commit; the words never say whether it went


def test_the_landing_page_is_rate_limited_per_address(client, world):
    for _ in range(LANDING_PER_ADDRESS.count):
        client.get("/invite/nothing-here-1234567890/")
    assert client.get("/invite/nothing-here-1234567890/").status_code == 429


def test_the_staff_page_lists_only_the_admins_clinics(
    client, world, invited, django_assert_num_queries
):
    client.force_login(world.clinic_admin)
    client.get(STAFF)  # warm the session and the clinic's cached set-up
    with django_assert_num_queries(10):
        client.get(STAFF)
    for n in range(3):  # more people and invitations: the same number of queries
        staff.staff_invite(
            actor=world.clinic_admin,
            clinic=world.clinic_a,
            full_name=f"New {n}",
            email=f"new{n}@clinic.example",
            role=Role.DOCTOR,
            indications=[],
            site_url=SITE,
        )
    with django_assert_num_queries(10):
        page = client.get(STAFF).content.decode()
    assert "Cara Colleague" in page
    assert "Invitation pending" in page
    assert world.front_desk.full_name in page
    assert world.other_clinic_practitioner.full_name not in page
    assert world.clinic_b.name not in page  # not even offered in the clinic choice


def test_the_staff_page_keeps_what_was_typed_on_bad_input(client, world):
    client.force_login(world.clinic_admin)
    data = {"full_name": "Dee Doctor", "email": "not-an-address", "clinic": world.clinic_a.pk}
    response = client.post(STAFF, data | {"role": Role.DOCTOR})
    assert response.status_code == 400
    assert 'value="Dee Doctor"' in response.content.decode()
    # Another clinic, or a role that does not exist, is refused too: no membership made.
    for bad in ({"clinic": world.clinic_b.pk}, {"role": "owner"}, {"clinic": "x" * 30}):
        payload = data | {"email": "dee@clinic.example", "role": Role.DOCTOR} | bad
        assert client.post(STAFF, payload).status_code == 400
    assert not get_user_model().objects.filter(email="dee@clinic.example").exists()


def test_only_managers_open_the_staff_page_and_only_their_members(client, world):
    client.force_login(world.front_desk)
    assert client.get(STAFF).status_code == 403
    client.force_login(world.clinic_admin)
    other = Membership.objects.get(user=world.other_clinic_practitioner)
    assert client.get(f"{STAFF}{other.pk}/").status_code == 404
    assert client.post(f"{STAFF}{other.pk}/end/").status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_an_admin_changes_a_role_and_ends_a_membership(client, world):
    client.force_login(world.clinic_admin)
    desk = Membership.objects.get(user=world.front_desk)
    response = client.post(
        f"{STAFF}{desk.pk}/", {"role": Role.PRACTITIONER, "indications": ["melasma"]}
    )
    assert response.status_code == 302
    desk.refresh_from_db()
    assert desk.role == Role.PRACTITIONER
    assert world.front_desk.practitioner.indications == ["melasma"]
    assert client.post(f"{STAFF}{desk.pk}/", {"indications": ["nonsense"]}).status_code == 400
    client.post(f"{STAFF}{desk.pk}/end/")
    desk.refresh_from_db()
    assert not desk.is_active


def test_staff_invite_a_patient_from_the_chart(client, world, django_capture_on_commit_callbacks):
    patient = factories.patient(world.clinic_a, email="ivy@mail.example", given_name="Ivy")
    client.force_login(world.front_desk)
    chart = reverse("patients:chart", args=[patient.pk])
    manage = reverse("portal_login:manage", args=[patient.pk])
    assert "No portal login yet" in client.get(chart).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(manage, {"action": "invite"}).status_code == 302
    assert "Invitation pending" in client.get(chart).content.decode()
    assert client.post(manage, {"action": "bogus"}).status_code == 302
    client.post(manage, {"action": "revoke"})
    assert "Invitation revoked" in client.get(chart).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage, {"action": "resend"})
    token = token_in(mail.outbox[-1].body)
    client.logout()
    assert _set(client, token).status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_patient_closes_their_own_login(client, world):
    patient_user = world.patient_user
    client.force_login(patient_user)
    assert client.get("/me/close-login/").status_code == 200
    response = client.post("/me/close-login/", {"confirm": "yes"})
    assert "Your online account is closed" in response.content.decode()
    patient_user.refresh_from_db()
    assert not patient_user.is_active
    assert client.get(reverse("portal:home")).status_code == 302  # signed out
    world.patient_a.refresh_from_db()
    assert world.patient_a.user_id == patient_user.pk
    client.force_login(world.front_desk)
    chart = client.get(reverse("patients:chart", args=[world.patient_a.pk])).content.decode()
    assert "closed their portal login" in chart


def test_patient_logins_are_locked_out_and_time_out_like_staff(client, world, settings):
    email = world.patient_user.email
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": email, "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": email, "password": factories.PASSWORD})
    assert locked.status_code == 429
    client.force_login(world.other_patient_user)
    assert client.get(reverse("portal:home")).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(seconds=2 * settings.SESSION_COOKIE_AGE)):
        assert client.get(reverse("portal:home")).status_code == 302


def test_an_open_links_token_never_reaches_the_log(client, world, invited, caplog):
    with caplog.at_level("WARNING", logger="django.request"):
        assert _set(client, invited, "short", "short").status_code == 400
    assert caplog.records, "Django logs a 400 with its path"
    assert invited not in caplog.text
    assert "[redacted]" in caplog.text


def _member(membership) -> str:
    return f'href="{reverse("invitations:member", args=[membership.pk])}"'


def test_the_staff_page_offers_actions_by_the_services_rule(client, world):
    owner = factories.staff(world.clinic_a, Role.CLINIC_ADMIN, is_superuser=True, is_staff=True)
    owners = Membership.objects.get(user=owner)
    mine = Membership.objects.get(user=world.clinic_admin)
    desk = Membership.objects.get(user=world.front_desk)
    client.force_login(world.clinic_admin)
    body = client.get(STAFF).content.decode()
    assert _member(desk) in body
    assert _member(owners) not in body  # the service refuses it
    assert _member(mine) not in body
    client.force_login(owner)
    assert _member(mine) in client.get(STAFF).content.decode()
