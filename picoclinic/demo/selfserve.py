"""A demo patient who books her next session herself: Hana Sato (Lumen Central, portal login
``hana@`` the demo domain), mild melasma on the cheeks, plan approved and consented, session 1 done
four weeks ago: "My appointments" offers session 2 inside its interval window.

Made through the same services the pages use (consultation, plan, consent); the past session
is written as a completed appointment with its bookings, as the sessions demo does.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic
from picoclinic.consent.services import consent_sign
from picoclinic.consent.signatures import Signature
from picoclinic.consent.texts import texts_to_show
from picoclinic.patients.models import Patient, Sex
from picoclinic.patients.services import patient_create
from picoclinic.plans.models import PlanStatus
from picoclinic.plans.services import (
    plan_approve,
    plan_create_from_consultation,
    plan_start,
    plan_submit,
)
from picoclinic.scheduling.models import AppointmentStatus, AppointmentType, Practitioner

HANA_CONCERN = {"indication": "melasma", "body_site": "face", "severity": "mild"}


def demo_load_selfserve(*, clinic: Clinic, practitioner: User, doctor: User, domain: str) -> bool:
    """Load Hana once (nothing if she exists, or the treatment type or calendar is missing)."""
    from picoclinic.demo import _user
    from picoclinic.demo.journeys import _completed
    from picoclinic.demo.sessions import TREATMENT_TYPE, past_appointment, weekday_before

    if Patient.objects.filter(clinic=clinic, given_name="Hana", family_name="Sato").exists():
        return False
    kind = AppointmentType.objects.filter(clinic=clinic, name=TREATMENT_TYPE).first()
    resource = Practitioner.objects.filter(user=practitioner).first()
    if kind is None or resource is None:
        return False
    patient = patient_create(
        actor=None,
        clinic=clinic,
        data={
            "given_name": "Hana",
            "family_name": "Sato",
            "date_of_birth": timezone.datetime(1985, 11, 2).date(),
            "sex": Sex.FEMALE,
            "phone": "+44 7700 900321",
            "email": f"hana@{domain}",
        },
    )
    _user("hana", "Hana Sato")
    patient.user = User.objects.get(email__iexact=f"hana@{domain}")
    patient.save(update_fields=["user"])
    consultation = _completed(
        patient,
        practitioner,
        fitzpatrick=3,
        reason="Examined: light brown skin, tans easily.",
        concern=HANA_CONCERN,
        history={},
        goals="Lighten the patches on both cheeks; knows melasma returns without sun care.",
    )
    plan = plan_create_from_consultation(actor=practitioner, consultation=consultation)
    plan = plan_submit(actor=practitioner, plan=plan)
    if plan.status == PlanStatus.AWAITING_REVIEW:
        plan_approve(actor=doctor, plan=plan, version=plan.version, comment="Agree: toning.")
    plan.refresh_from_db()
    shown = texts_to_show(clinic=clinic, plan=plan)
    consent_sign(
        actor=practitioner,
        patient=patient,
        plan=plan,
        decisions={"photography": False, "marketing": False},
        shown_hashes={item.kind: item.sha256 for item in shown},
        signature=Signature(method="typed", typed=patient.full_name),
    )
    plan_start(actor=practitioner, plan=plan)
    item = plan.items.order_by("id").first()
    today = timezone.localdate(timezone.now(), clinic.zone)
    first = weekday_before(today - timedelta(days=item.interval_min_days + 2))
    past_appointment(patient, item, kind, resource, 1, first, status=AppointmentStatus.COMPLETED)
    return True
