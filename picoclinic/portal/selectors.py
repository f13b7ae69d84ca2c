from __future__ import annotations

from picoclinic.aftercare.chart import aftercare_portal_section
from picoclinic.billing.chart import billing_portal_section
from picoclinic.consent.chart import consent_portal_section
from picoclinic.outcomes.chart import outcomes_portal_section
from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.scheduling.chart import appointments_portal_section

CLINIC_REPORTS = 50


def side_effects_new(*, clinic, user, limit: int = CLINIC_REPORTS) -> list[SideEffectReport]:
    """Side effects patients reported at ``clinic`` that staff have not handled yet, for
    patients ``user`` may reach: urgent kinds first, then the oldest (one query)."""
    from picoclinic.patients.access import patients_for_user
    from picoclinic.portal.models import URGENT

    reports = (
        SideEffectReport.objects.filter(
            clinic=clinic, status=ReportStatus.NEW, patient__in=patients_for_user(user)
        )
        .select_related("patient", "session", "acknowledged_by")
        .order_by("reported_at", "id")[:limit]
    )
    return sorted(reports, key=lambda r: r.kind not in URGENT)


def report_roles(user, report: SideEffectReport) -> dict[str, bool]:
    """What ``user`` may do with ``report`` on its page (one query)."""
    from picoclinic.accounts.roles import Capability
    from picoclinic.treatments.permissions import roles_at

    clinician = Capability.CONSULT in roles_at(user, report.clinic)
    waiting = report.status == ReportStatus.NEW
    return {
        "can_acknowledge": clinician and waiting and report.acknowledged_at is None,
        "can_handle": waiting,
        "can_close": clinician and waiting,
    }


def side_effects_waiting_count(*, clinic, user) -> int:
    """How many reports at ``clinic`` wait for staff, of patients ``user`` may reach (one
    query): the count in the top bar."""
    from picoclinic.patients.access import patients_for_user

    return SideEffectReport.objects.filter(
        clinic=clinic, status=ReportStatus.NEW, patient__in=patients_for_user(user)
    ).count()


def side_effects_waiting_for(*, patient_id: int) -> list[SideEffectReport]:
    """The patient's reports staff have not recorded or closed yet, urgent kinds first, then
    the oldest (one query): open events on the next session's checklist."""
    from picoclinic.portal.models import URGENT

    reports = SideEffectReport.objects.filter(
        patient_id=patient_id, status=ReportStatus.NEW
    ).order_by("reported_at", "id")
    return sorted(reports, key=lambda r: r.kind not in URGENT)


def portal_sections(*, patient) -> list:
    """The sections of the patient's portal home (``ChartSection``), each built by its app:
    appointments, aftercare, the prepaid course, results, consent."""
    builders = (
        appointments_portal_section,
        aftercare_portal_section,
        billing_portal_section,
        outcomes_portal_section,
        consent_portal_section,
    )
    return sorted((build(patient=patient) for build in builders), key=lambda s: s.order)
