"""Setting up an empty installation: the service, ``picoclinic setup`` and the time zones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.audit.models import AuditEvent
from picoclinic.clinics.models import Clinic, InstallationMark, Organisation
from picoclinic.clinics.zones import countries, time_zone_choices, zones_for_country
from picoclinic.home.services import installation_set_up
from picoclinic.web.refusals import Refused

PASSWORD = "a-long-clinic-pass"

ARGS = {
    "organisation_name": "Lumen Skin",
    "clinic_name": "Lumen Leeds",
    "clinic_code": "LDS",
    "address": "1 Park Row, Leeds",
    "country": "GB",
    "time_zone": "Europe/London",
    "owner_email": "ann@example.org",
    "owner_name": "Ann Owner",
    "owner_password": PASSWORD,
    "starter": False,
}

FLAGS = [
    "--no-input",
    "--organisation=Lumen Skin",
    "--clinic=Lumen Leeds",
    "--address=1 Park Row, Leeds",
    "--country=gb",
    "--owner-name=Ann Owner",
    "--owner-email=ann@example.org",
]


def nothing_written() -> bool:
    return not (
        Organisation.objects.exists()
        or Clinic.objects.exists()
        or User.objects.exists()
        or AuditEvent.objects.exists()
        or InstallationMark.objects.exists()
    )


def test_countries_and_their_zones_come_from_the_tz_database():
    assert ("GB", "Britain (UK)") in countries()
    assert zones_for_country("GB") == ["Europe/London"]
    assert "America/New_York" in zones_for_country("US")
    assert zones_for_country("XX") == []
    assert time_zone_choices("HK") == [("Asia/Hong_Kong", "Asia/Hong_Kong")]
    grouped = dict(time_zone_choices(""))
    assert ("Europe/London", "Europe/London") in grouped["Britain (UK)"]


@pytest.mark.django_db
def test_the_service_creates_organisation_clinic_and_owner_in_one_audited_step():
    installation = installation_set_up(**ARGS)

    clinic = Clinic.objects.get()
    assert (clinic.name, clinic.code, clinic.country, clinic.time_zone) == (
        "Lumen Leeds",
        "LDS",
        "GB",
        "Europe/London",
    )
    assert clinic.organisation.slug == "lumen-skin"
    owner = User.objects.get()
    assert owner == installation.owner
    assert owner.is_superuser
    assert owner.is_staff
    assert owner.check_password(PASSWORD)
    assert Membership.objects.get().role == Role.CLINIC_ADMIN
    event = AuditEvent.objects.get()
    assert (event.actor, event.clinic) == (owner, clinic)


@pytest.mark.django_db
def test_the_service_refuses_a_second_set_up_and_a_zone_of_another_country():
    with pytest.raises(Refused) as refused:
        installation_set_up(**(ARGS | {"time_zone": "Asia/Hong_Kong"}))
    assert refused.value.field == "time_zone"
    assert nothing_written()

    installation_set_up(**ARGS)
    with pytest.raises(Refused):
        installation_set_up(**(ARGS | {"owner_email": "bo@example.org"}))
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_the_command_runs_from_flags_and_the_password_in_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("PICOCLINIC_OWNER_PASSWORD", PASSWORD)

    call_command("setup", *FLAGS)

    clinic = Clinic.objects.get()
    # The code defaults to the name's first capitals; Britain's one zone is taken.
    assert (clinic.code, clinic.time_zone) == ("LUM", "Europe/London")
    assert User.objects.get().check_password(PASSWORD)
    assert "Sign in as ann@example.org" in capsys.readouterr().out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "password", "named"),
    [
        (["--country=US"], PASSWORD, "--time-zone"),  # the US has many zones: say which
        (["--country=US", "--time-zone=Europe/London"], PASSWORD, "--time-zone"),
        (["--code=no way"], PASSWORD, "--code"),
        (["--owner-email=not-an-address"], PASSWORD, "--owner-email"),
        ([], "short", "PICOCLINIC_OWNER_PASSWORD"),
        ([], "", "PICOCLINIC_OWNER_PASSWORD"),
    ],
)
def test_bad_input_names_what_to_correct_and_writes_nothing(monkeypatch, extra, password, named):
    monkeypatch.setenv("PICOCLINIC_OWNER_PASSWORD", password)

    with pytest.raises(CommandError) as error:
        call_command("setup", *FLAGS, *extra)

    assert named in str(error.value)
    assert str(error.value).startswith("Nothing was set up.")
    assert nothing_written()


@pytest.mark.django_db
def test_the_command_refuses_an_installation_already_set_up(monkeypatch):
    installation_set_up(**ARGS)
    monkeypatch.setenv("PICOCLINIC_OWNER_PASSWORD", PASSWORD)

    with pytest.raises(CommandError, match="set up already"):
        call_command("setup", *FLAGS)
    assert Clinic.objects.count() == 1


@pytest.mark.django_db
def test_the_command_adds_starter_content_unless_told_not_to(monkeypatch, capsys):
    from picoclinic.consent.models import ConsentText
    from picoclinic.scheduling.models import Closure

    monkeypatch.setenv("PICOCLINIC_OWNER_PASSWORD", PASSWORD)

    call_command("setup", *FLAGS)

    out = capsys.readouterr().out
    assert "Starter content to review before use: 3 consent texts" in out
    assert ConsentText.objects.filter(starter=True).count() == 3
    assert Closure.objects.filter(needs_review=True).exists()  # Britain's bank holidays


@pytest.mark.django_db
def test_the_command_skips_starter_content_with_a_flag(monkeypatch, capsys):
    from picoclinic.consent.models import ConsentText

    monkeypatch.setenv("PICOCLINIC_OWNER_PASSWORD", PASSWORD)

    call_command("setup", *FLAGS, "--no-starter")

    assert Clinic.objects.count() == 1
    assert not ConsentText.objects.exists()
    assert "Starter content" not in capsys.readouterr().out
