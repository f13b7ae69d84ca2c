from __future__ import annotations

from picoclinic.portal.models import ReportStatus, SideEffectReport

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
        .select_related("patient", "session")
        .order_by("reported_at", "id")[:limit]
    )
    return sorted(reports, key=lambda r: r.kind not in URGENT)
