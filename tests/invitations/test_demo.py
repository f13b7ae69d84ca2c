from __future__ import annotations

from django.utils import timezone

from picoclinic.demo import demo_load
from picoclinic.demo.invitations import INVITED_STAFF
from picoclinic.invitations.models import Invitation, InvitationKind, InvitationState


def test_the_demo_has_a_pending_staff_and_patient_invitation(db):
    demo_load()
    demo_load()  # idempotent: no second invitation
    now = timezone.now()
    staff = Invitation.objects.get(kind=InvitationKind.STAFF)
    patient = Invitation.objects.get(kind=InvitationKind.PATIENT)
    assert staff.user.email == INVITED_STAFF[1]
    assert patient.patient.full_name == "Oliver Bennett"
    assert {staff.state_at(now), patient.state_at(now)} == {InvitationState.PENDING}
