"""Reads for the public booking page: which clinics take online requests, their consultation
type, and the free times a new patient may choose (from ``availability``, the same rules the
front desk books by, with the clinic's online notice and horizon).

Also the private link of a request: a signed token of its id (``django.core.signing``), so
the link needs no extra secret stored and cannot be forged or guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from picoclinic.clinical.common import Indication
from picoclinic.clinics.models import Clinic
from picoclinic.scheduling.availability import (
    Slot,
    days_plan_load,
    plan_slots,
)
from picoclinic.scheduling.models import (
    AppointmentKind,
    AppointmentStatus,
    AppointmentType,
    BookingRequest,
    SchedulingPolicy,
)
from picoclinic.scheduling.models.booking_requests import PHONE_KEY_DIGITS
from picoclinic.web import patient_words

TOKEN_SALT = "picoclinic.scheduling.booking-request"
# A request's private link stops working this many days after its appointment ended.
REQUEST_LINK_DAYS_AFTER = 14

# The catalogue's indications in the words a patient would use (the catalogue's own labels
# are clinical). Every indication has one: tests/scheduling/test_online.py checks it.
PLAIN_CONCERNS: dict[Indication, str] = patient_words.CONCERNS


@dataclass(frozen=True)
class OnlineClinic:
    clinic: Clinic
    policy: SchedulingPolicy
    consultation: AppointmentType


def online_clinics() -> list[OnlineClinic]:
    """Clinics taking online requests, with their consultation type (2 queries)."""
    policies = {
        p.clinic_id: p
        for p in SchedulingPolicy.objects.filter(online_booking=True).select_related(
            "clinic", "clinic__organisation"
        )
    }
    found: dict[int, OnlineClinic] = {}
    types = AppointmentType.objects.filter(
        clinic_id__in=policies,
        kind=AppointmentKind.CONSULTATION,
        online_bookable=True,
        is_active=True,
    ).order_by("position", "name", "id")
    for appointment_type in types:
        policy = policies[appointment_type.clinic_id]
        found.setdefault(
            appointment_type.clinic_id, OnlineClinic(policy.clinic, policy, appointment_type)
        )
    return sorted(found.values(), key=lambda o: (o.clinic.name, o.clinic.pk))


def online_window(online: OnlineClinic, now: datetime) -> tuple[datetime, datetime]:
    """The earliest and latest start the public page offers: the clinic's notice, horizon."""
    earliest = now + online.policy.online_min_notice
    return earliest, now + timedelta(days=online.policy.online_days_ahead)


def online_days(online: OnlineClinic, *, now: datetime) -> dict[date, list[Slot]]:
    """The free consultation times from the earliest to the latest offered day, by day (the
    clinic's calendar); days without a free time left out. A fixed number of queries however
    many days (availability reads a range of days at once)."""
    earliest, latest = online_window(online, now)
    zone = online.clinic.zone
    plans = days_plan_load(
        clinic=online.clinic,
        appointment_type=online.consultation,
        first_day=timezone.localdate(earliest, zone),
        last_day=timezone.localdate(latest, zone),
    )
    days = {}
    for day, plan in sorted(plans.items()):
        slots = [s for s in plan_slots(plan, earliest=earliest) if s.starts_at <= latest]
        if slots:
            days[day] = slots
    return days


def phone_key(phone: str) -> str:
    """The digits that identify a phone however it was written (see ``PHONE_KEY_DIGITS``)."""
    # The patients app's normalisation (digits only, "(0)" dropped), one rule for both apps.
    from picoclinic.patients.services import phone_digits

    return phone_digits(phone)[-PHONE_KEY_DIGITS:]


def upcoming_requests_of_contact(
    *,
    email: str,
    phone: str,
    now: datetime,
    person: tuple[str, str, date | None] = ("", "", None),
) -> int:
    """How many online requests by this e-mail address, phone, or person are still to come
    (1 query). The person is the first and last name with the date of birth, when given: a
    second e-mail address and phone are easy to come by, another name and birthday are not
    without lying about who comes, and the front desk tells people apart by the same three."""
    contact = Q(email__iexact=email.strip())
    key = phone_key(phone)
    if len(key) == PHONE_KEY_DIGITS:
        contact |= Q(phone_key=key)
    given, family, born = person
    if born is not None and given.strip() and family.strip():
        contact |= Q(
            given_name__iexact=given.strip(), family_name__iexact=family.strip(), date_of_birth=born
        )
    return BookingRequest.objects.filter(
        contact,
        appointment__status=AppointmentStatus.BOOKED,
        appointment__starts_at__gt=now,
    ).count()


def request_token(booking_request: BookingRequest) -> str:
    return signing.dumps(booking_request.pk, salt=TOKEN_SALT)


def request_for_token(token: str, *, now: datetime | None = None) -> BookingRequest | None:
    """The request a private link names, or None for a forged, altered or unknown token, or
    one whose appointment ended more than ``REQUEST_LINK_DAYS_AFTER`` days ago (the link is
    the only key to someone's contact details: it should not work for ever)."""
    try:
        pk = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int) or isinstance(pk, bool):
        return None
    expired_before = (now or timezone.now()) - timedelta(days=REQUEST_LINK_DAYS_AFTER)
    return (
        BookingRequest.objects.select_related(
            "appointment",
            "appointment__clinic",
            "appointment__appointment_type",
            "appointment__practitioner",
        )
        .filter(pk=pk, appointment__ends_at__gte=expired_before)
        .first()
    )


def concern_labels(values: list[str]) -> list[str]:
    labels = {i.value: str(text) for i, text in PLAIN_CONCERNS.items()}
    return [labels[v] for v in values if v in labels]
