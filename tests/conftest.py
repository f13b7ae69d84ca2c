"""Named personas, as in healthchecks' alice/bob/charlie: every role at clinic A, staff of
clinic B (same organisation, another clinic), and patients of both."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from picoclinic.accounts.models import Role, User
from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from tests import factories


@dataclass
class World:
    clinic_a: Clinic
    clinic_b: Clinic
    front_desk: User
    practitioner: User
    doctor: User
    clinic_admin: User
    other_clinic_practitioner: User
    other_clinic_admin: User
    patient_a: Patient
    other_patient_a: Patient
    patient_b: Patient

    @property
    def patient_user(self) -> User:
        return self.patient_a.user

    @property
    def other_patient_user(self) -> User:
        return self.other_patient_a.user

    def staff_of_a(self) -> list[User]:
        return [self.front_desk, self.practitioner, self.doctor, self.clinic_admin]


@pytest.fixture
def world(db) -> World:
    clinic_a = factories.ClinicFactory(name="Alpha Clinic", code="ALP", time_zone="Europe/London")
    clinic_b = factories.ClinicFactory(name="Beta Clinic", code="BET", time_zone="Asia/Hong_Kong")
    return World(
        clinic_a=clinic_a,
        clinic_b=clinic_b,
        front_desk=factories.staff(clinic_a, Role.FRONT_DESK, full_name="Fran Desk"),
        practitioner=factories.staff(clinic_a, Role.PRACTITIONER, full_name="Pat Practitioner"),
        doctor=factories.staff(clinic_a, Role.DOCTOR, full_name="Dr Dora"),
        clinic_admin=factories.staff(
            clinic_a, Role.CLINIC_ADMIN, full_name="Ada Admin", is_staff=True
        ),
        other_clinic_practitioner=factories.staff(clinic_b, Role.PRACTITIONER, full_name="Bo Beta"),
        other_clinic_admin=factories.staff(
            clinic_b, Role.CLINIC_ADMIN, full_name="Bea Admin", is_staff=True
        ),
        patient_a=factories.patient(clinic_a, login=True, given_name="Mia", family_name="Stone"),
        other_patient_a=factories.patient(
            clinic_a, login=True, given_name="Noah", family_name="Reed", phone="+44 7700 900555"
        ),
        patient_b=factories.patient(clinic_b, given_name="Kai", family_name="Lam"),
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Photos and other files go to a real folder of the test's own, never under var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the real hasher (tested in test_security); tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _purge_audit_after_transactional_tests(request):
    """Transactional tests end by emptying every table; the audit table and signed sessions
    refuse DELETE, so lift their triggers for that moment (teardown runs before the flush)."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from picoclinic.audit.triggers import purge_for_tests
    from picoclinic.treatments.models.db_lock import unlock_for_tests

    purge_for_tests()
    unlock_for_tests()  # signed sessions refuse DELETE too


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the file cache outlives a run: a limit counted in
    one test, or one run, must not refuse the next)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def midday():
    """Noon UTC today, the clock running: for tests that put sessions an hour or so around
    "now" and need them on the clinic's one day (London's midnight would split them)."""
    import time_machine
    from django.utils import timezone

    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    with time_machine.travel(noon, tick=True):
        yield noon
