"""Two people at once, for real (threads with their own connections, committed transactions),
on SQLite and on PostgreSQL: a double tap on "Start session" opens one session, and two
signatures of one session lock it once, issue one aftercare and audit one signature."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from picoclinic.aftercare.models import AftercareSheet
from picoclinic.audit.models import AuditAction, AuditEvent
from picoclinic.treatments import errors
from picoclinic.treatments.models import TreatmentSession
from picoclinic.treatments.services import session_start
from picoclinic.treatments.services.sign import session_sign
from tests.concurrency import race
from tests.treatments import helpers as h

pytestmark = [pytest.mark.concurrency]

ATTEMPTS = 4


def _race(action: Callable[[], object]) -> list[str]:
    return race([action] * ATTEMPTS, refusals=(errors.TreatmentError,))


def test_starting_at_once_opens_one_session(transactional_db, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    appointment = h.ready(world).appointment

    results = _race(lambda: session_start(actor=world.practitioner, appointment=appointment))

    assert results == ["ok"] * ATTEMPTS
    assert TreatmentSession.objects.count() == 1


def test_signing_at_once_signs_once(transactional_db, world, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    session = h.treated(world, h.started(world))

    results = _race(lambda: session_sign(actor=world.practitioner, session=session))

    assert results.count("ok") == 1, results
    assert [r for r in results if r != "ok"] == [errors.SESSION_LOCKED] * (ATTEMPTS - 1)
    assert AftercareSheet.objects.count() == 1
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.SIGN, object_type="treatments.TreatmentSession"
        ).count()
        == 1
    )
