"""Is this the same person as a patient we already have? By name (case and accents aside),
date of birth, e-mail and phone in any format: for online requests and imports alike."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from picoclinic.notifications.sms import phone_e164
from picoclinic.patients.models import Patient
from picoclinic.patients.services import name_key

SAME_NAME = _("same name")
SAME_BIRTH = _("same date of birth")
SAME_EMAIL = _("same e-mail")
SAME_PHONE = _("same phone")


@dataclass(frozen=True)
class Person:
    """Someone as they told us: the request's or the imported row's details."""

    given_name: str
    family_name: str
    date_of_birth: date | None = None
    email: str = ""
    phone: str = ""
    region: str = ""  # the clinic's country, to read a national phone number

    @property
    def name_key(self) -> str:
        return name_key(self.given_name, self.family_name)

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    @property
    def phone_key(self) -> str:
        return phone_e164(self.phone, self.region) if self.phone else ""


@dataclass(frozen=True)
class Match:
    patient: Patient
    reasons: tuple[str, ...]


def same_person_candidates(
    *, patients: QuerySet[Patient], people: Sequence[Person], limit: int = 3
) -> list[list[Match]]:
    """For each of ``people``, the patients among ``patients`` (already narrowed by the access
    helper) who may be them, most alike first: one query however many people.

    A match needs the same e-mail, the same phone, or the same name where the dates of birth
    do not differ (two people of one name but different birthdays are two people).
    """
    names = {p.name_key for p in people} - {""}
    emails = {p.email_key for p in people} - {""}
    phones = {p.phone_key for p in people} - {""}
    if not (names or emails or phones):
        return [[] for _person in people]
    found = list(
        patients.annotate(email_lower=Lower("email"))
        .filter(Q(name_key__in=names) | Q(email_lower__in=emails) | Q(phone_e164__in=phones))
        .select_related("clinic")
        .order_by("id")[:500]
    )
    return [_matches(person, found)[:limit] for person in people]


def _matches(person: Person, found: list[Patient]) -> list[Match]:
    matches = []
    key, email, phone = person.name_key, person.email_key, person.phone_key
    for patient in found:
        reasons = []
        same_name = bool(key) and patient.name_key == key
        births_differ = bool(person.date_of_birth) and patient.date_of_birth != person.date_of_birth
        if same_name:
            reasons.append(SAME_NAME)
        if person.date_of_birth and patient.date_of_birth == person.date_of_birth:
            reasons.append(SAME_BIRTH)
        if email and patient.email.strip().lower() == email:
            reasons.append(SAME_EMAIL)
        if phone and patient.phone_e164 == phone:
            reasons.append(SAME_PHONE)
        contact = SAME_EMAIL in reasons or SAME_PHONE in reasons
        if contact or (same_name and not births_differ):
            matches.append(Match(patient=patient, reasons=tuple(reasons)))
    return sorted(matches, key=lambda m: -len(m.reasons))
