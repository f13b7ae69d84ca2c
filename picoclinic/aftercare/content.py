"""The aftercare of one session, from the clinical core, with real calendar dates.

``session_aftercare(session)`` asks the core for the plan (indication, site, skin type, whether
the treatment was fractional, periocular work, cosmetic ink); ``sheet_content`` turns it into
the JSON kept on the sheet (what the screen, the PDF and the portal show, as issued) and
``sheet_text`` into the e-mail/SMS text. Dates count from the clinic's calendar day of the
session, never from a UTC date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from picoclinic.clinical.aftercare import (
    TEXT_CONVENTION_NOTE,
    AftercareItem,
    AftercarePlan,
    ItemKind,
    aftercare_plan,
    to_text,
    when_label,
)
from picoclinic.clinical.common import BodySite, ClinicalInputError, Fitzpatrick, Indication
from picoclinic.clinical.indications import CATALOGUE
from picoclinic.clinics.models import Clinic

HEADINGS = {
    ItemKind.NORMAL: "What is normal, and until when",
    ItemKind.DO: "What to do",
    ItemKind.AVOID: "What to avoid, and until when",
    ItemKind.RED_FLAG: "Call us if you notice",
}
CONTENT_VERSION = 1


@dataclass(frozen=True)
class Case:
    """What the core needs to know about the treatment (kept on the sheet too)."""

    indication: str
    body_site: str
    fitzpatrick: int
    treated_on: date
    fractional: bool
    periocular: bool
    tattoo_ink_cosmetic: bool


def case_for(session) -> Case:
    """The aftercare case of a session: fractional when any setting used a fractional optic."""
    fractional = any(entry.handpiece == "fractional" for entry in session.entries.all())
    tattoo = session.indication == Indication.TATTOO
    return Case(
        indication=session.indication,
        body_site=session.body_site,
        fitzpatrick=session.fitzpatrick,
        treated_on=session.treated_on,
        fractional=fractional,
        periocular=session.periocular and session.body_site == BodySite.FACE,
        tattoo_ink_cosmetic=tattoo and bool((session.history or {}).get("tattoo_ink_cosmetic")),
    )


def plan_for(case: Case) -> AftercarePlan:
    """The core's plan. Raises ClinicalInputError when the case is inconsistent."""
    return aftercare_plan(
        indication=Indication(case.indication),
        body_site=BodySite(case.body_site),
        fitzpatrick=Fitzpatrick(case.fitzpatrick),
        treated_on=case.treated_on,
        fractional=case.fractional,
        periocular=case.periocular,
        tattoo_ink_cosmetic=case.tattoo_ink_cosmetic,
    )


def long_date(day: date) -> str:
    """ "Sunday 8 November" (the year only when it is not the treatment's year: see callers)."""
    return f"{day:%A} {day.day} {day:%B}"


def _when(item: AftercareItem, treated_on: date) -> str:
    if item.until is None:
        return f"from {long_date(item.starts_on)}" if item.starts_on > treated_on else "ongoing"
    if item.until == treated_on:
        return "on the day of treatment"
    return f"until {long_date(item.until)}"


def _item(item: AftercareItem, treated_on: date) -> dict[str, Any]:
    return {
        "topic": item.topic.value,
        "text": item.text,
        "starts_on": item.starts_on.isoformat(),
        "until": item.until.isoformat() if item.until else None,
        "when": _when(item, treated_on),
        "convention": item.clinic_convention,
        "sources": [str(source) for source in item.sources],
    }


def _sections(plan: AftercarePlan) -> list[dict[str, Any]]:
    sections = []
    for kind, heading in HEADINGS.items():
        items = plan.timeline if kind is ItemKind.NORMAL else plan.of_kind(kind)
        sections.append(
            {
                "kind": kind.value,
                "heading": heading,
                "items": [_item(i, plan.treated_on) for i in items],
            }
        )
    return sections


def clinic_contact(clinic: Clinic) -> dict[str, str]:
    return {
        "name": clinic.name,
        "phone": clinic.phone,
        "email": clinic.email,
        "address": clinic.address,
    }


def next_appointment_words(starts_at: datetime | None, clinic: Clinic) -> str:
    if starts_at is None:
        return ""
    local = timezone.localtime(starts_at, clinic.zone)
    return f"{long_date(local.date())} {local.year} at {local:%H:%M}"


def sheet_content(
    plan: AftercarePlan, *, case: Case, clinic: Clinic, next_at: datetime | None
) -> dict[str, Any]:
    """The structured aftercare as issued (JSON-ready)."""
    label = CATALOGUE[plan.indication].label
    return {
        "version": CONTENT_VERSION,
        "title": f"Aftercare: {label}, {plan.body_site.value}",
        "treated_on": plan.treated_on.isoformat(),
        "treated_on_words": f"{long_date(plan.treated_on)} {plan.treated_on.year}",
        "fractional": case.fractional,
        "periocular": case.periocular,
        "sections": _sections(plan),
        "convention_note": TEXT_CONVENTION_NOTE,
        "clinic": clinic_contact(clinic),
        "next_appointment": next_appointment_words(next_at, clinic),
    }


def sheet_text(plan: AftercarePlan, *, clinic: Clinic, next_at: datetime | None) -> str:
    """The core's plain text, with the next appointment and how to reach the clinic."""
    lines = [to_text(plan), ""]
    when = next_appointment_words(next_at, clinic)
    if when:
        lines.append(f"Your next appointment: {when}.")
    reach = f"Questions, or anything on the list above: call {clinic.name}"
    lines.append(f"{reach} on {clinic.phone}." if clinic.phone else f"{reach}.")
    if clinic.email:
        lines.append(f"E-mail: {clinic.email}")
    return "\n".join(lines)


def sms_text(plan: AftercarePlan, *, clinic: Clinic) -> str:
    """A short text message: the dates that matter and the red flags point to the full sheet."""
    avoid = [i for i in plan.of_kind(ItemKind.AVOID) if i.until is not None]
    dates = "; ".join(
        f"{i.topic.value.replace('_', ' ')} {when_label(i, treated_on=plan.treated_on)}"
        for i in avoid[:4]
    )
    call = f" Call {clinic.phone} if anything worries you." if clinic.phone else ""
    day = f"{plan.treated_on.day} {plan.treated_on:%b}"
    return (
        f"{clinic.name}: the aftercare for your laser treatment on {day} is in your e-mail and "
        f"your portal. Avoid: {dates}.{call}"
    )


__all__ = [
    "Case",
    "ClinicalInputError",
    "case_for",
    "plan_for",
    "sheet_content",
    "sheet_text",
    "sms_text",
]
