"""The front desk's inbox: what came in and needs someone, each with what to do next.

One source is one small function registered with ``@inbox_source``: it is given the clinic
and the user and returns

- ``waiting``: a queryset of the rows waiting (counted for the top bar: all sources in ONE
  query, each as a subquery), and
- ``items``: the newest of them as ``InboxItem``s for the page, in a fixed number of queries
  whatever the number of rows (select_related, one batch query for duplicates).

A later app (the pre-visit questionnaire, portal self-service, the waitlist) adds its source
here, at the top layer, as one more decorated function; nothing below ``home`` changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, IntegerField, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.roles import Capability
from picoclinic.clinics.models import Clinic
from picoclinic.patients.access import patients_for_user
from picoclinic.patients.duplicates import Match, same_person_candidates
from picoclinic.portal.models import ReportStatus, SideEffectReport
from picoclinic.portal.selectors import side_effects_new
from picoclinic.scheduling.models import AppointmentStatus, BookingRequest

ITEMS_PER_SOURCE = 50


@dataclass(frozen=True)
class InboxItem:
    kind: str  # the source's label, e.g. "Online request"
    title: str  # who or what, e.g. the requester's name
    detail: str  # one line: when, what
    next_step: str  # what to do next, in words
    url: str  # where to do it
    received_at: datetime
    when: datetime | None = None  # the appointment it is about, if any
    urgent: bool = False
    duplicates: list[Match] = field(default_factory=list)  # "same person?"
    patient_ids: tuple[int, ...] = ()  # the patients it shows, for the audit of the page


@dataclass(frozen=True)
class InboxSource:
    key: str
    waiting: Callable[..., QuerySet]
    items: Callable[..., list[InboxItem]]


SOURCES: list[InboxSource] = []


def inbox_source(key: str, *, waiting: Callable[..., QuerySet]):
    """Register ``items(clinic=..., user=...)`` as a source; ``waiting(clinic=..., user=...)``
    gives the rows it counts."""

    def register(items: Callable[..., list[InboxItem]]):
        SOURCES.append(InboxSource(key=key, waiting=waiting, items=items))
        return items

    return register


def inbox_counts(*, clinic: Clinic, user) -> dict[str, int]:
    """How many rows wait at ``clinic`` for ``user``, by source: all sources in one query."""
    if not SOURCES:
        return {}
    counts = {
        source.key: Coalesce(
            Subquery(
                source.waiting(clinic=clinic, user=user)
                .order_by()
                .annotate(one=Value(1, output_field=IntegerField()))
                .values("one")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )
        for source in SOURCES
    }
    row = Clinic.objects.filter(pk=clinic.pk).annotate(**counts).values(*counts).first()
    return row or dict.fromkeys(counts, 0)


def inbox_count(*, clinic: Clinic, user) -> int:
    """Everything waiting at ``clinic`` for ``user`` (one query)."""
    return sum(inbox_counts(clinic=clinic, user=user).values())


def inbox_items(*, clinic: Clinic, user) -> list[InboxItem]:
    """Every source's items, urgent first, then the oldest first (it has waited longest)."""
    items = [item for source in SOURCES for item in source.items(clinic=clinic, user=user)]
    return sorted(items, key=lambda item: (not item.urgent, item.received_at))


# --- Sources ---------------------------------------------------------------------------------


def _open_requests(*, clinic: Clinic, user) -> QuerySet[BookingRequest]:
    # Online consultation requests not yet linked to a patient, still booked.
    return BookingRequest.objects.filter(
        appointment__clinic=clinic,
        appointment__patient__isnull=True,
        appointment__status=AppointmentStatus.BOOKED,
    )


@inbox_source("online_requests", waiting=_open_requests)
def online_requests(*, clinic: Clinic, user) -> list[InboxItem]:
    """New online requests, each with the patients who may be the same person (two queries)."""
    requests = list(
        _open_requests(clinic=clinic, user=user)
        .select_related("appointment__appointment_type")
        .order_by("created_at", "id")[:ITEMS_PER_SOURCE]
    )
    people = [r.person(region=clinic.country) for r in requests]
    patients = patients_for_user(user, capability=Capability.EDIT_PATIENTS)
    candidates = same_person_candidates(patients=patients, people=people)
    return [
        InboxItem(
            kind=str(_("Online request")),
            title=r.full_name,
            detail=r.appointment.appointment_type.name,
            when=r.appointment.starts_at,
            next_step=str(
                _("Same person as an existing patient? Link the request to them.")
                if matches
                else _("Register them as a new patient, or link the request to a patient.")
            ),
            url=reverse("scheduling:request", kwargs={"appointment_id": r.appointment_id}),
            received_at=r.created_at,
            duplicates=matches,
            patient_ids=tuple(m.patient.pk for m in matches),
        )
        for r, matches in zip(requests, candidates, strict=True)
    ]


def _new_reports(*, clinic: Clinic, user) -> QuerySet[SideEffectReport]:
    return SideEffectReport.objects.filter(
        clinic=clinic, status=ReportStatus.NEW, patient__in=patients_for_user(user)
    )


@inbox_source("side_effects", waiting=_new_reports)
def side_effect_reports(*, clinic: Clinic, user) -> list[InboxItem]:
    """Side effects patients reported through the portal, not yet handled (one query)."""
    return [
        InboxItem(
            kind=str(_("Side-effect report")),
            title=report.patient.full_name,
            detail=str(report.get_kind_display()),
            next_step=str(
                _("Urgent: ask a clinician to call the patient now.")
                if report.urgent
                else _("Ask a clinician to read it and record or close it.")
            ),
            url=reverse(
                "side_effects:detail",
                kwargs={"patient_id": report.patient_id, "report_id": report.pk},
            ),
            received_at=report.reported_at,
            urgent=report.urgent,
            patient_ids=(report.patient_id,),
        )
        for report in side_effects_new(clinic=clinic, user=user, limit=ITEMS_PER_SOURCE)
    ]
