"""Every API operation on a patient, walked from the OpenAPI document (not listed by hand), is
answered 404 to a token from another clinic, exactly as for an id that does not exist; and a
patient cannot make a token at all (tokens are for staff, within the clinics where they work)."""

from __future__ import annotations

import json

import pytest

from picoclinic.api.tokens import token_create
from picoclinic.api.v1 import api
from picoclinic.web.refusals import Refused
from tests.patients.test_access import OBJECT_FOR_KWARG

OPERATIONS = sorted(
    (method.upper(), path)
    for path, item in api.get_openapi_schema(path_prefix="/api/v1")["paths"].items()
    if "{patient_id}" in path
    for method in item
)


def test_the_walk_finds_the_patient_operations():
    assert ("GET", "/api/v1/patients/{patient_id}") in OPERATIONS
    assert ("POST", "/api/v1/patients/{patient_id}/appointments") in OPERATIONS


def _url(path: str, world) -> str:
    values = {"patient_id": world.patient_a.pk}
    for name in OBJECT_FOR_KWARG:
        if "{" + name + "}" in path and name not in values:
            values[name] = OBJECT_FOR_KWARG[name](world, world.patient_a)
    return path.format(**values)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_a_token_from_another_clinic_gets_404(client, world, method, path):
    _, secret = token_create(
        actor=world.other_clinic_admin,
        name="theirs",
        clinics=[world.clinic_b],
        can_write=True,
        days=5,
    )
    body = json.dumps(
        {
            "clinic_id": world.clinic_b.pk,
            "appointment_type_id": 1,
            "starts_at": "2031-06-11T10:00:00+01:00",
        }
    )
    send = client.get if method == "GET" else client.post
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if method != "GET":
        kwargs |= {"data": body, "content_type": "application/json"}
    response = send(_url(path, world), **kwargs)
    assert response.status_code == 404, f"{method} {path}: {response.status_code}"


def test_a_patient_cannot_make_a_token(world):
    with pytest.raises(Refused):
        token_create(
            actor=world.other_patient_user,
            name="mine",
            clinics=[world.clinic_a],
            can_write=False,
            days=5,
        )
