"""iCalendar (RFC 5545): an .ics file per appointment for the patient, and a practitioner's
private feed. Times carry the clinic's zone (TZID) with its VTIMEZONE, so calendar apps show
the right wall-clock time on both sides of a DST change, wherever the reader is.

What a feed says is kept short: a feed URL is a bearer secret that ends up in third-party
calendar services, so it names the patient by number only, never by name.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import icalendar
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from picoclinic.accounts.models import Membership, User
from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.scheduling.models import Appointment, AppointmentStatus, CalendarFeed, Practitioner
from picoclinic.scheduling.models.appointments import HOLDING_STATUSES

PRODID = "-//picoclinic//Scheduling//EN"
FEED_PAST = timedelta(days=30)
FEED_AHEAD = timedelta(days=365)
FEED_MAX_EVENTS = 2000


def _uid(appointment: Appointment) -> str:
    return f"appointment-{appointment.pk}@picoclinic"


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(appointment: Appointment, *, summary: str, description: str, now) -> icalendar.Event:
    zone = appointment.clinic.zone
    event = icalendar.Event()
    event.add("uid", _uid(appointment))
    event.add("dtstamp", now)
    # A revision number that only grows: minutes since the epoch of the last change.
    event.add("sequence", int(appointment.updated_at.timestamp()) // 60)
    event.add("dtstart", appointment.starts_at.astimezone(zone))
    event.add("dtend", appointment.ends_at.astimezone(zone))
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", _location(appointment))
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _location(appointment: Appointment) -> str:
    clinic = appointment.clinic
    parts = [appointment.room.name if appointment.room else "", clinic.name]
    parts.append(", ".join(line.strip() for line in clinic.address.splitlines() if line.strip()))
    return ", ".join(p for p in parts if p)


def _finish(calendar: icalendar.Calendar, appointments: list[Appointment]) -> bytes:
    if appointments:
        # VTIMEZONE definitions covering just the events' years keep the file small.
        first = min(a.starts_at for a in appointments).date()
        last = max(a.ends_at for a in appointments).date()
        calendar.add_missing_timezones(
            first_date=first.replace(month=1, day=1),
            last_date=last.replace(year=last.year + 1, month=1, day=1),
        )
    return calendar.to_ical()


def appointment_ics(appointment: Appointment, *, now: datetime | None = None) -> bytes:
    """One appointment as an .ics file for the patient (clinic, address, practitioner)."""
    now = now or timezone.now()
    clinic = appointment.clinic
    calendar = _calendar(f"{clinic.name} appointment")
    contact = f" To change or cancel, call {clinic.phone}." if clinic.phone else ""
    calendar.add_component(
        _event(
            appointment,
            summary=f"{appointment.appointment_type.name} at {clinic.name}",
            description=f"With {appointment.practitioner.name}.{contact}",
            now=now,
        )
    )
    return _finish(calendar, [appointment])


GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"


def google_calendar_url(appointment: Appointment) -> str:
    """A Google Calendar "add event" link for the patient: the same summary, time and place
    as the .ics (UTC times, so the reader's calendar shows them in their own zone)."""
    clinic = appointment.clinic
    contact = f" To change or cancel, call {clinic.phone}." if clinic.phone else ""
    params = {
        "action": "TEMPLATE",
        "text": f"{appointment.appointment_type.name} at {clinic.name}",
        "dates": "/".join(
            t.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
            for t in (appointment.starts_at, appointment.ends_at)
        ),
        "details": f"With {appointment.practitioner.name}.{contact}",
        "location": _location(appointment),
        "ctz": clinic.time_zone,
    }
    return f"{GOOGLE_TEMPLATE}?{urlencode(params)}"


def practitioner_feed_ics(practitioner: Practitioner, *, now: datetime | None = None) -> bytes:
    """The practitioner's appointments from a month ago to a year ahead (one query)."""
    now = now or timezone.now()
    appointments = list(
        Appointment.objects.filter(
            practitioner=practitioner,
            status__in=HOLDING_STATUSES,
            starts_at__gte=now - FEED_PAST,
            starts_at__lt=now + FEED_AHEAD,
        )
        .select_related("clinic", "patient", "appointment_type", "room", "practitioner")
        .order_by("starts_at")[:FEED_MAX_EVENTS]
    )
    calendar = _calendar(f"picoclinic: {practitioner.name}")
    for appointment in appointments:
        who = appointment.patient.patient_number if appointment.patient else "new patient"
        calendar.add_component(
            _event(
                appointment,
                summary=f"{appointment.appointment_type.name} · {who}",
                description=f"{appointment.appointment_type.name} for patient {who}.",
                now=now,
            )
        )
    return _finish(calendar, appointments)


# --- Feeds: issue, revoke, find ------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def calendar_feed_issue(*, actor: User, practitioner: Practitioner) -> str:
    """A new secret feed token for ``practitioner`` (the old feed stops working at once).

    Returns the token; only its hash is stored, so this is the one time it can be shown.
    """
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        calendar_feed_revoke(actor=actor, practitioner=practitioner)
        feed = CalendarFeed.objects.create(
            practitioner=practitioner, token_hash=_hash(token), created_by=actor
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=feed, summary="Calendar link made")
    return token


def calendar_feed_revoke(*, actor: User, practitioner: Practitioner) -> int:
    """Stop the practitioner's feed in force, if any (audited). Returns how many stopped."""
    with transaction.atomic():
        feeds = list(
            CalendarFeed.objects.select_for_update().filter(
                practitioner=practitioner, revoked_at__isnull=True
            )
        )
        for feed in feeds:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=feed, summary="Calendar link stopped"
            )
    return len(feeds)


def calendar_feed_for_token(token: str) -> CalendarFeed | None:
    """The feed in force for ``token``, or None (revoked, unknown or malformed alike).

    A feed dies with its person: it works only while the practitioner, their login and at
    least one of their memberships are active (checked on every read, so a deactivation
    anywhere, in the admin or in bulk, ends it at once)."""
    if not token or len(token) > 100:
        return None
    working = Membership.objects.filter(user_id=OuterRef("practitioner__user_id"), is_active=True)
    return (
        CalendarFeed.objects.select_related("practitioner")
        .filter(
            Exists(working),
            token_hash=_hash(token),
            revoked_at__isnull=True,
            practitioner__is_active=True,
            practitioner__user__is_active=True,
        )
        .first()
    )
