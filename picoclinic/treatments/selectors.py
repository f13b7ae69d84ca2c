"""Reads of sessions: the previous session's settings (carry-forward), the chart section, the
appointments ready to start, and the sessions waiting for a doctor's co-signature."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus
from picoclinic.treatments.models import (
    AdverseEvent,
    SessionStatus,
    SettingsEntry,
    TreatmentSession,
)

CHART_SESSIONS = 10
COSIGN_QUEUE = 50


def _earlier(session: TreatmentSession) -> QuerySet[TreatmentSession]:
    before = Q(treated_on__lt=session.treated_on) | Q(
        treated_on=session.treated_on, pk__lt=session.pk
    )
    return TreatmentSession.objects.filter(
        before, patient_id=session.patient_id, status=SessionStatus.SIGNED
    ).order_by("-treated_on", "-id")


def previous_session(session: TreatmentSession) -> TreatmentSession | None:
    """The latest signed session before this one for the same plan item, else for the same
    indication (a new plan for the same concern), else None (two queries at most)."""
    earlier = _earlier(session)
    return (
        earlier.filter(plan_item_id=session.plan_item_id).first()
        or earlier.filter(indication=session.indication).first()
    )


def session_entries(session: TreatmentSession | None) -> list[SettingsEntry]:
    if session is None:
        return []
    return list(
        SettingsEntry.objects.filter(session=session)
        .select_related("device", "entered_by", "override_by")
        .order_by("entered_at", "id")
    )


def carry_forward_entry(session: TreatmentSession, entry_id: object) -> SettingsEntry | None:
    """A setting of an earlier signed session of this patient, offered as a starting point;
    anything else (another patient's, an open session's, nonsense) is None."""
    text = str(entry_id or "")
    if not text.isdigit() or len(text) > 18:
        return None
    return (
        SettingsEntry.objects.filter(
            pk=int(text),
            session__patient_id=session.patient_id,
            session__status=SessionStatus.SIGNED,
        )
        .exclude(session=session)
        .select_related("session", "device")
        .first()
    )


def sessions_for_chart(*, patient: Patient, limit: int = CHART_SESSIONS) -> list[TreatmentSession]:
    """The patient's latest sessions with what the chart shows (one query)."""
    return list(
        TreatmentSession.objects.filter(patient=patient)
        .select_related("plan_item__concern", "practitioner")
        .order_by("-treated_on", "-id")[:limit]
    )


def appointments_to_start(*, patient: Patient, today: date) -> list[Appointment]:
    """The patient's treatment appointments on ``today`` (each clinic's own calendar day),
    booked or checked in, with no session yet (one query)."""
    # A window around the day in the active zone; each appointment's own clinic day decides.
    start = datetime.combine(
        today - timedelta(days=1), time(), tzinfo=timezone.get_current_timezone()
    )
    candidates = (
        Appointment.objects.filter(
            patient=patient,
            kind=AppointmentKind.TREATMENT,
            status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN],
            starts_at__gte=start,
            starts_at__lt=start + timedelta(days=3),
            treatment_session__isnull=True,
        )
        .select_related("clinic", "practitioner", "plan_item__concern")
        .order_by("starts_at", "id")
    )
    return [a for a in candidates if a.local_day == today]


def sessions_awaiting_cosign(*, clinic: Clinic, limit: int = COSIGN_QUEUE) -> list:
    """Signed sessions of ``clinic`` that the policy sent for a doctor's co-signature, oldest
    first (one query)."""
    return list(
        TreatmentSession.objects.filter(
            clinic=clinic,
            status=SessionStatus.SIGNED,
            cosign_required=True,
            cosigned_at__isnull=True,
        )
        .select_related("patient", "signed_by", "plan_item__concern")
        .order_by("signed_at", "id")[:limit]
    )


CHART_EVENTS = 20
CLINIC_EVENTS = 200
EVENT_LIST_RELATED = ("session", "settings_entry", "recorded_by", "acknowledged_by", "resolved_by")


def events_for_patient(*, patient: Patient, limit: int = CHART_EVENTS) -> list[AdverseEvent]:
    """The patient's adverse events, open ones first, serious first, newest first (one query)."""
    return list(
        AdverseEvent.objects.filter(patient=patient)
        .select_related(*EVENT_LIST_RELATED)
        .order_by("resolved", "-serious", "-onset_at", "-id")[:limit]
    )


def events_needing_attention(*, clinic: Clinic, user, limit: int = CLINIC_EVENTS) -> list:
    """The clinic's open adverse events and serious ones still waiting for a doctor's
    acknowledgement, for patients ``user`` may reach: serious first, then the oldest onset
    (one query)."""
    from picoclinic.patients.access import patients_for_user

    waiting = Q(resolved=False) | Q(serious=True, acknowledged_at__isnull=True)
    return list(
        AdverseEvent.objects.filter(waiting, clinic=clinic, patient__in=patients_for_user(user))
        .select_related("patient", *EVENT_LIST_RELATED)
        .order_by("-serious", "onset_at", "id")[:limit]
    )


def sessions_to_link(patient: Patient):
    """The patient's signed sessions an event can follow, newest first."""
    return TreatmentSession.objects.filter(patient=patient, status=SessionStatus.SIGNED).order_by(
        "-treated_on", "-id"
    )


def entries_to_link(patient: Patient):
    """The settings used in the patient's signed sessions."""
    return (
        SettingsEntry.objects.filter(session__patient=patient, session__status=SessionStatus.SIGNED)
        .select_related("session")
        .order_by("-session__treated_on", "entered_at", "id")
    )
