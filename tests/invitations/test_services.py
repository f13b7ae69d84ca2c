"""The one invitation mechanism: single use, expiry, resend kills the old link, revoke,
scoping of who manages whose staff, and a clinical role making the person bookable."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditEvent
from picoclinic.invitations import services, staff
from picoclinic.invitations.models import Invitation, InvitationState
from picoclinic.invitations.portal_logins import (
    ERR_HAS_LOGIN,
    ERR_NO_EMAIL,
    patient_portal_close,
    patient_portal_invite,
)
from picoclinic.notifications.sms import OutboxSmsSender
from picoclinic.scheduling.models import Practitioner
from picoclinic.web.refusals import Refused
from tests import factories
from tests.invitations.conftest import token_in

SITE = "https://clinic.example/"
PASSWORD = "a long new password 42"


def _invite_staff(world, actor=None, clinic=None, **kwargs):
    data = {
        "full_name": "Cara Colleague",
        "email": "cara@clinic.example",
        "role": Role.FRONT_DESK,
        "indications": [],
    } | kwargs
    return staff.staff_invite(
        actor=actor or world.clinic_admin, clinic=clinic or world.clinic_a, site_url=SITE, **data
    )


def test_staff_invitation_is_sent_once_after_commit_and_used_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite_staff(world)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["cara@clinic.example"]
    token = token_in(mail.outbox[0].body)
    user = membership.user
    assert not user.has_usable_password()
    invitation = Invitation.objects.get(user=user)
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64
    assert services.invitation_for_token(token) == invitation

    services.invitation_accept(invitation=invitation, password=PASSWORD)
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    with pytest.raises(Refused) as refused:
        services.invitation_accept(invitation=invitation, password="another password 99")
    assert refused.value.message == str(services.ERR_USED)
    summaries = set(
        AuditEvent.objects.filter(clinic=world.clinic_a).values_list("summary", flat=True)
    )
    assert {"Invitation sent", "Invitation accepted: password set"} <= summaries


def test_an_expired_link_is_refused_and_a_new_one_goes_to_the_recorded_address(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite_staff(world)
    invitation = Invitation.objects.get(user=membership.user)
    later = timezone.now() + timedelta(days=services.INVITATION_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert invitation.state_at(timezone.now()) == InvitationState.EXPIRED
        with pytest.raises(Refused, match="too old"):
            services.invitation_accept(invitation=invitation, password=PASSWORD)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.invitation_renew_expired(invitation=invitation, site_url=SITE)
    assert [m.to for m in mail.outbox] == [["cara@clinic.example"]] * 2
    invitation.refresh_from_db()
    assert invitation.replaced_at is not None
    # A renewed (replaced) link cannot be renewed again: only the newest one can.
    assert not services.invitation_renew_expired(invitation=invitation, site_url=SITE)


def test_resend_kills_the_old_link_and_revoke_kills_the_new(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = _invite_staff(world)
        first = Invitation.objects.get(user=membership.user)
        second = services.invitation_resend(
            actor=world.clinic_admin, invitation=first, site_url=SITE
        )
    first.refresh_from_db()
    assert first.state_at(timezone.now()) == InvitationState.REPLACED
    assert token_in(mail.outbox[0].body) != token_in(mail.outbox[1].body)
    with pytest.raises(Refused, match="newer invitation"):
        services.invitation_accept(invitation=first, password=PASSWORD)
    services.invitation_revoke(actor=world.clinic_admin, invitation=second)
    with pytest.raises(Refused, match="withdrawn"):
        services.invitation_accept(invitation=second, password=PASSWORD)


def test_a_clinic_admin_acts_only_at_their_own_clinics(world):
    with pytest.raises(Refused):
        _invite_staff(world, clinic=world.clinic_b)
    other = Membership.objects.get(user=world.other_clinic_practitioner)
    with pytest.raises(Refused):
        staff.membership_end(actor=world.clinic_admin, membership=other)
    with pytest.raises(Refused):
        staff.membership_role_change(
            actor=world.clinic_admin, membership=other, role=Role.CLINIC_ADMIN, indications=[]
        )
    other.refresh_from_db()
    assert other.is_active
    assert other.role == Role.PRACTITIONER
    # Not a manager at all: a practitioner invites nobody.
    with pytest.raises(Refused):
        _invite_staff(world, actor=world.practitioner)


def test_a_clinic_admin_never_acts_on_the_owner_or_themselves(world):
    owner = factories.staff(world.clinic_a, Role.CLINIC_ADMIN, is_superuser=True, is_staff=True)
    owners = Membership.objects.get(user=owner)
    with pytest.raises(Refused):
        staff.membership_end(actor=world.clinic_admin, membership=owners)
    mine = Membership.objects.get(user=world.clinic_admin)
    with pytest.raises(Refused):
        staff.membership_role_change(
            actor=world.clinic_admin, membership=mine, role=Role.DOCTOR, indications=[]
        )
    # The owner manages every clinic, and never makes anyone owner here.
    membership = _invite_staff(world, actor=owner, clinic=world.clinic_b, role=Role.CLINIC_ADMIN)
    assert not membership.user.is_superuser
    assert membership.user.is_staff


def test_a_clinical_role_makes_one_bookable_practitioner(world):
    membership = _invite_staff(
        world, role=Role.PRACTITIONER, indications=["melasma", "tattoo"], full_name="Lee Laser"
    )
    practitioner = Practitioner.objects.get(user=membership.user)
    assert practitioner.name == "Lee Laser"
    assert practitioner.indications == ["melasma", "tattoo"]
    # The same person at a second clinic, then a role change: still one record.
    owner = factories.staff(world.clinic_a, Role.CLINIC_ADMIN, is_superuser=True)
    staff.staff_invite(
        actor=owner,
        clinic=world.clinic_b,
        full_name="Lee Laser",
        email=membership.user.email,
        role=Role.DOCTOR,
        indications=["acne_scars"],
        site_url=SITE,
    )
    staff.membership_role_change(
        actor=world.clinic_admin, membership=membership, role=Role.DOCTOR, indications=["pih"]
    )
    assert Practitioner.objects.filter(user=membership.user).count() == 1
    assert Practitioner.objects.get(user=membership.user).indications == [
        "acne_scars",
        "melasma",
        "pih",
        "tattoo",
    ]


def test_an_address_of_a_patient_login_is_not_made_staff(world):
    with pytest.raises(Refused) as refused:
        _invite_staff(world, email=world.patient_user.email.upper())
    assert refused.value.field == "email"
    assert not Membership.objects.filter(user=world.patient_user).exists()


def test_a_patient_is_invited_by_email_and_sms_and_can_close_their_login(
    world, django_capture_on_commit_callbacks
):
    patient = factories.patient(world.clinic_a, email="zoe@mail.example", given_name="Zoe")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = patient_portal_invite(actor=world.front_desk, patient=patient, site_url=SITE)
    patient.refresh_from_db()
    assert patient.user.email == "zoe@mail.example"
    assert not patient.user.has_usable_password()
    assert mail.outbox[0].to == ["zoe@mail.example"]
    assert [to for to, _body in OutboxSmsSender.outbox] == [patient.phone]
    assert token_in(OutboxSmsSender.outbox[0][1]) == token_in(mail.outbox[0].body)
    # The audit entries name the patient by link, never in the summary.
    events = AuditEvent.objects.filter(patient=patient, object_type="invitations.Invitation")
    assert events.count() == 2
    assert all("Zoe" not in e.summary for e in events)

    services.invitation_accept(invitation=invitation, password=PASSWORD)
    with pytest.raises(Refused) as refused:
        patient_portal_invite(actor=world.front_desk, patient=patient, site_url=SITE)
    assert refused.value.message == str(ERR_HAS_LOGIN)

    patient_portal_close(patient=patient)
    user = User.objects.get(pk=patient.user_id)
    assert not user.is_active
    assert not user.has_usable_password()
    patient.refresh_from_db()
    assert patient.user_id == user.pk  # the record stays, with its one login
    # The clinic may invite them again; the same login is reused.
    again = patient_portal_invite(actor=world.front_desk, patient=patient, site_url=SITE)
    assert again.user_id == user.pk


def test_a_patient_without_email_or_whose_address_is_taken_is_refused(world):
    no_email = factories.patient(world.clinic_a, email="")
    with pytest.raises(Refused) as refused:
        patient_portal_invite(actor=world.front_desk, patient=no_email, site_url=SITE)
    assert refused.value.message == str(ERR_NO_EMAIL)
    taken = factories.patient(world.clinic_a, email=world.front_desk.email)
    with pytest.raises(Refused):
        patient_portal_invite(actor=world.front_desk, patient=taken, site_url=SITE)
    assert Invitation.objects.count() == 0
    assert User.objects.filter(email__iexact=world.front_desk.email).count() == 1
