"""The demo's invitations: a colleague invited to the front desk who has not set a password
yet, and a patient invited to the portal. Their links are in the local mail folder."""

from __future__ import annotations

from django.conf import settings

from picoclinic.accounts.models import Role, User
from picoclinic.invitations.portal_logins import patient_portal_invite
from picoclinic.invitations.staff import staff_invite
from picoclinic.patients.models import Patient

INVITED_STAFF = ("Jordan Blake", "jordan@lumen-demo.example")
INVITED_PATIENT = ("Oliver", "Bennett")


def demo_load_invitations(*, clinic, admin: User) -> bool:
    """Invite them once (idempotent: an existing login or portal login is left alone)."""
    site_url = settings.PICOCLINIC_BASE_URL or "http://127.0.0.1:8000/"
    created = False
    name, email = INVITED_STAFF
    if not User.objects.filter(email__iexact=email).exists():
        staff_invite(
            actor=admin,
            clinic=clinic,
            full_name=name,
            email=email,
            role=Role.FRONT_DESK,
            indications=[],
            site_url=site_url,
        )
        created = True
    given, family = INVITED_PATIENT
    patient = Patient.objects.filter(clinic=clinic, given_name=given, family_name=family).first()
    if patient is not None and patient.user_id is None:
        patient_portal_invite(actor=admin, patient=patient, site_url=site_url)
        created = True
    return created
