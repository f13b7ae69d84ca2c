"""Two first-run submissions at the same moment create one organisation (real concurrent
transactions, on SQLite and PostgreSQL): the one ``InstallationMark`` row is the sentinel."""

from __future__ import annotations

import pytest

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic, InstallationMark, Organisation
from picoclinic.home.services import ALREADY_SET_UP, installation_set_up
from picoclinic.web.refusals import Refused
from tests.concurrency import OK, race
from tests.home.test_setup import ARGS

pytestmark = [pytest.mark.concurrency]


def test_simultaneous_first_runs_create_one_organisation(transactional_db):
    calls = [
        lambda n=n: installation_set_up(
            **ARGS
            | {
                "organisation_name": f"Chain {n}",
                "clinic_code": f"C{n}",
                "owner_email": f"owner{n}@example.org",
                "starter": True,
            }
        )
        for n in range(4)
    ]

    results = race(calls, refusals=(Refused,))

    assert sorted(results) == sorted([OK] + [str(ALREADY_SET_UP)] * 3)
    assert Organisation.objects.count() == 1
    assert Clinic.objects.count() == 1
    assert User.objects.count() == 1
    assert InstallationMark.objects.count() == 1
