"""What consent shows on the patient chart and in the portal (fixed queries). Whether a
decision is in force is ``consent.selectors.consent_state``, the one rule."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.timezone import localtime

from picoclinic.accounts.roles import Capability, role_can
from picoclinic.consent.models import ConsentKind, ConsentRecord
from picoclinic.consent.selectors import consent_state
from picoclinic.patients.signals import ChartSection
from picoclinic.plans.models import PlanStatus, TreatmentPlan

# Enough for years of a patient's consents; older ones are in each record's PDF and the audit.
MAX_RECORDS = 50
OPEN_PLAN_STATUSES = [s for s in PlanStatus if s not in {PlanStatus.COMPLETED, PlanStatus.STOPPED}]


@dataclass(frozen=True)
class Status:
    label: str
    state: str  # valid, declined, withdrawn, outdated, none: a CSS modifier too
    record: ConsentRecord | None = None
    plan: TreatmentPlan | None = None


def _records(patient) -> list[ConsentRecord]:
    """Newest sitting first; within a sitting, in the order shown (treatment first)."""
    records = list(
        ConsentRecord.objects.filter(patient=patient)
        .select_related("text", "witness", "withdrawn_by", "plan")
        .order_by("-signed_at", "id")[:MAX_RECORDS]
    )
    _mark_in_force(records)
    return records


def _mark_in_force(records: list[ConsentRecord]) -> None:
    # The newest record per kind (and plan, for treatment) is the decision in force; an older
    # one is superseded and has nothing left to withdraw.
    seen: set[tuple[str, int | None]] = set()
    for record in records:
        key = (record.kind, record.plan_id)
        record.in_force = key not in seen
        seen.add(key)


def _latest(records, **match) -> ConsentRecord | None:
    return next(
        (r for r in records if all(getattr(r, k) == v for k, v in match.items())),
        None,
    )


def consent_statuses(records, plans) -> list[Status]:
    """The decision in force per kind; treatment per open plan (the latest record decides)."""
    statuses = []
    for plan in plans:
        record = _latest(records, kind=ConsentKind.TREATMENT, plan_id=plan.pk)
        label = f"Treatment · plan of {date_format(localtime(plan.created_at), 'j M Y')}"
        statuses.append(Status(label, consent_state(record), record, plan))
    for kind in (ConsentKind.PHOTOGRAPHY, ConsentKind.MARKETING):
        record = _latest(records, kind=kind)
        statuses.append(Status(ConsentKind(kind).label, consent_state(record), record))
    return statuses


def consent_chart_section(*, patient, request) -> ChartSection:
    membership = getattr(request, "membership", None)
    records = _records(patient)
    plans = list(
        TreatmentPlan.objects.filter(patient=patient, status__in=OPEN_PLAN_STATUSES).order_by(
            "-created_at"
        )[:10]
    )
    context = {
        "patient": patient,
        "records": records,
        "plans": plans,
        "statuses": consent_statuses(records, plans),
        "can_witness": bool(membership and role_can(membership.role, Capability.WITNESS_CONSENT)),
    }
    return ChartSection(60, "consent/_chart_section.html", context)


def consent_portal_section(*, patient) -> ChartSection:
    """What the patient has signed, read-only, each with its PDF (one query)."""
    context = {"patient": patient, "records": _records(patient)}
    return ChartSection(40, "consent/_portal_section.html", context)
