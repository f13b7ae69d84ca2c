"""Starter content for a clinic: consent texts, appointment types, a default policy and the
country's public holidays, each marked "review before use" until an admin edits or confirms it.

Adding it is idempotent: what the clinic already has (a text of that kind, a type of that name,
a policy, a closure on that day) is left alone, so it can be offered again from the checklist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import holidays
from django.db import transaction
from django.utils.translation import gettext as _

from picoclinic.audit.models import AuditAction
from picoclinic.audit.services import audit_record
from picoclinic.clinics.models import Clinic, ClinicPolicy
from picoclinic.consent.models import ConsentKind, ConsentText
from picoclinic.consent.services import consent_text_publish
from picoclinic.scheduling.models import AppointmentKind, AppointmentType, Closure
from picoclinic.scheduling.setup_cache import setup_changed


@dataclass(frozen=True)
class StarterAdded:
    consent_texts: int
    appointment_types: int
    policy: bool
    holidays: int
    holidays_known: bool  # False: the library has no calendar for the clinic's country

    @property
    def anything(self) -> bool:
        return bool(self.consent_texts or self.appointment_types or self.policy or self.holidays)


def _consent_texts() -> dict[str, tuple[str, str]]:
    return {
        ConsentKind.TREATMENT: (
            _("Consent to a course of picosecond laser treatment"),
            _(
                "I have discussed my concerns, my medical history and my medicines with my "
                "practitioner, and answered the screening questions truthfully.\n\n"
                "I understand how the treatment works, how many sessions are expected and that "
                "this is an estimate: results vary and cannot be guaranteed.\n\n"
                "I understand the usual effects (redness, swelling, pinpoint bleeding, darkening "
                "or lightening of the skin for a while) and the rarer risks, including blistering, "
                "scarring, lasting changes of skin colour and, near the eyes, eye injury, against "
                "which protective shields are worn.\n\n"
                "I will follow the aftercare advice, protect the area from the sun, and tell the "
                "clinic at once about any blister, infection, eye problem or other concern.\n\n"
                "I may stop the course at any time."
            ),
        ),
        ConsentKind.PHOTOGRAPHY: (
            _("Consent to clinical photographs"),
            _(
                "I agree that the clinic takes photographs of the treated areas before, during "
                "and after my course, to plan my treatment and to see how it works.\n\n"
                "The photographs are part of my confidential clinical record. They are kept "
                "securely and seen only by the staff caring for me.\n\n"
                "I may withdraw this consent at any time; photographs already taken stay in my "
                "record but will not be used in new documents."
            ),
        ),
        ConsentKind.MARKETING: (
            _("Consent to the use of my photographs in marketing"),
            _(
                "I agree that the clinic may use my before-and-after photographs on its website, "
                "social media and printed material. My name will not be shown, and photographs "
                "of my face are used only if I tick that I agree to it.\n\n"
                "Saying no does not change my care in any way. I may withdraw this consent at "
                "any time; the clinic will then stop new uses of my photographs."
            ),
        ),
    }


def _appointment_types() -> list[dict]:
    """Durations are a starting point for the clinic to adjust (house defaults, not clinical
    figures): a consultation with photographs, a treatment with the laser's own clean-up, a
    short review, and a test spot read at a later visit."""
    return [
        {
            "name": _("Consultation"),
            "kind": AppointmentKind.CONSULTATION,
            "duration_minutes": 45,
            "buffer_after_minutes": 10,
            "needs_room": True,
            "needs_device": False,
            "online_bookable": True,
            "position": 1,
        },
        {
            "name": _("Treatment session"),
            "kind": AppointmentKind.TREATMENT,
            "duration_minutes": 45,
            "buffer_before_minutes": 10,
            "buffer_after_minutes": 10,
            "needs_room": True,
            "needs_device": True,
            "position": 2,
        },
        {
            "name": _("Review"),
            "kind": AppointmentKind.REVIEW,
            "duration_minutes": 20,
            "needs_room": True,
            "needs_device": False,
            "position": 3,
        },
        {
            "name": _("Test spot"),
            "kind": AppointmentKind.TEST_SPOT,
            "duration_minutes": 20,
            "buffer_after_minutes": 5,
            "needs_room": True,
            "needs_device": True,
            "position": 4,
        },
    ]


def public_holidays(country: str, *, today: date) -> dict[date, str] | None:
    """This year's and next year's public holidays of ``country`` from today on (the
    ``holidays`` library), or None when it has no calendar for that country."""
    try:
        found = holidays.country_holidays(country, years=[today.year, today.year + 1])
    except NotImplementedError:
        return None
    return {day: str(name) for day, name in sorted(found.items()) if day >= today}


def starter_content_add(*, actor, clinic: Clinic, today: date) -> StarterAdded:
    """Add what ``clinic`` lacks of the starter content, marked for review, in one transaction
    with one audit entry. Existing content is never changed or duplicated."""
    with transaction.atomic():
        texts = _add_consent_texts(actor, clinic)
        types = _add_appointment_types(clinic)
        policy = _add_policy(clinic)
        days = public_holidays(clinic.country, today=today) if clinic.country else None
        closures = _add_holidays(clinic, days or {})
        added = StarterAdded(texts, types, policy, closures, days is not None)
        if added.anything:
            setup_changed()
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=clinic,
                clinic=clinic,
                summary=(
                    f"Starter content added for review: {texts} consent texts, {types} "
                    f"appointment types, {int(policy)} policy, {closures} public holidays"
                ),
            )
    return added


def _add_consent_texts(actor, clinic: Clinic) -> int:
    have = set(ConsentText.objects.filter(clinic=clinic).values_list("kind", flat=True))
    added = 0
    for kind, (title, body) in _consent_texts().items():
        if kind.value not in have:
            consent_text_publish(
                actor=actor, clinic=clinic, kind=kind, title=title, body=body, starter=True
            )
            added += 1
    return added


def _add_appointment_types(clinic: Clinic) -> int:
    have = set(AppointmentType.objects.filter(clinic=clinic).values_list("name", flat=True))
    have_kinds = set(
        AppointmentType.objects.filter(clinic=clinic, is_active=True).values_list("kind", flat=True)
    )
    new = [
        AppointmentType(clinic=clinic, needs_review=True, **spec)
        for spec in _appointment_types()
        if spec["name"] not in have and spec["kind"].value not in have_kinds
    ]
    AppointmentType.objects.bulk_create(new)
    return len(new)


def _add_policy(clinic: Clinic) -> bool:
    if ClinicPolicy.objects.filter(clinic=clinic).exists():
        return False
    # The model's defaults: a doctor reviews plans with any precaution and periocular work;
    # the screening rules are the evidence-based defaults of the clinical core (no overrides).
    ClinicPolicy.objects.create(clinic=clinic, name=_("Clinic policy"), needs_review=True)
    return True


def _add_holidays(clinic: Clinic, days: dict[date, str]) -> int:
    if not days:
        return 0
    first, last = min(days), max(days)
    taken = Closure.objects.filter(clinic=clinic, starts_on__lte=last, ends_on__gte=first)
    spans = list(taken.values_list("starts_on", "ends_on"))
    new = [
        Closure(clinic=clinic, starts_on=day, ends_on=day, reason=name[:120], needs_review=True)
        for day, name in days.items()
        if not any(start <= day <= end for start, end in spans)
    ]
    Closure.objects.bulk_create(new)
    return len(new)
