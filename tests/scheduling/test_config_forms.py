"""Choices as choices in the configuration: a laser's wavelengths and handpieces and a
practitioner's indications are ticked from the clinical catalogue, never typed as JSON."""

from __future__ import annotations

import pytest

from picoclinic.scheduling.models import Device, Practitioner
from tests.scheduling import factories as f

ADD_DEVICE = "/admin/scheduling/device/add/"


def _device(clinic, **changes) -> dict:
    data = {
        "clinic": clinic.pk,
        "name": "PicoWay",
        "model_name": "Candela PicoWay",
        "wavelengths_nm": ["532", "1064"],
        "handpieces": ["flat_beam"],
        "cleanup_minutes": "10",
        "is_active": "on",
        "downtimes-TOTAL_FORMS": "0",
        "downtimes-INITIAL_FORMS": "0",
    }
    return data | changes


@pytest.mark.django_db
def test_a_lasers_wavelengths_and_handpieces_are_ticked(client, world):
    client.force_login(world.clinic_admin)
    page = client.get(ADD_DEVICE).content.decode()
    assert 'type="checkbox" name="wavelengths_nm" value="755"' in page
    assert 'type="checkbox" name="handpieces" value="fractional"' in page

    response = client.post(ADD_DEVICE, _device(world.clinic_a))

    assert response.status_code == 302, response.content.decode()[:2000]
    laser = Device.objects.get()
    assert (laser.wavelengths_nm, laser.handpieces) == ([532, 1064], ["flat_beam"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"wavelengths_nm": []}, "Tick at least one wavelength the laser delivers."),
        ({"wavelengths_nm": ["999"]}, "Select a valid choice"),
        ({"handpieces": ["magic"]}, "Select a valid choice"),
    ],
)
def test_bad_choices_are_refused_and_the_rest_kept(client, world, change, message):
    client.force_login(world.clinic_admin)
    response = client.post(ADD_DEVICE, _device(world.clinic_a, **change))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Candela PicoWay"' in page
    assert not Device.objects.exists()


@pytest.mark.django_db
def test_a_wavelength_outside_the_catalogue_is_kept_on_saving(client, world):
    laser = f.laser(world.clinic_a, wavelengths=[1064, 694])
    client.force_login(world.clinic_admin)
    url = f"/admin/scheduling/device/{laser.pk}/change/"
    assert 'value="694"' in client.get(url).content.decode()
    data = _device(world.clinic_a, wavelengths_nm=["694", "1064"], name="Renamed")
    assert client.post(url, data).status_code == 302
    laser.refresh_from_db()
    assert (laser.name, laser.wavelengths_nm) == ("Renamed", [694, 1064])


@pytest.mark.django_db
def test_a_practitioners_indications_are_ticked(client, world):
    sam = f.practitioner(world.practitioner, world.clinic_a, weekdays=[])
    client.force_login(world.clinic_admin)
    url = f"/admin/scheduling/practitioner/{sam.pk}/change/"
    assert 'name="indications" value="melasma"' in client.get(url).content.decode()
    data = {
        "user": sam.user_id,
        "name": sam.name,
        "indications": ["tattoo", "melasma"],
        "is_active": "on",
        "working_hours-TOTAL_FORMS": "0",
        "working_hours-INITIAL_FORMS": "0",
        "leave-TOTAL_FORMS": "0",
        "leave-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Practitioner.objects.get(pk=sam.pk).indications == ["melasma", "tattoo"]
