"""Staff of another clinic and another patient get 404 on every patient-scoped URL.

The URLs come from the URL configuration: a patient-scoped URL added later is covered here
without anyone remembering to add it. A URL with a further id needs an entry in
OBJECT_FOR_KWARG that makes such an object for the patient, or this test fails and says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse

from picoclinic.patients.access import patient_get_for_user, patients_for_user
from tests.urlwalk import patient_scoped_routes

# kwarg name -> function(world, patient) -> the id of an object of that patient. Each app's
# tests declare theirs in tests/<app>/access_objects.py as OBJECT_FOR_KWARG.
OBJECT_FOR_KWARG: dict[str, Callable] = {}
for _module in sorted(Path(__file__).resolve().parents[1].glob("*/access_objects.py")):
    _name = f"tests.{_module.parent.name}.access_objects"
    OBJECT_FOR_KWARG |= importlib.import_module(_name).OBJECT_FOR_KWARG

ROUTES = sorted(patient_scoped_routes(), key=lambda r: r.name)


def test_there_are_patient_scoped_routes_to_check():
    assert {r.name for r in ROUTES} >= {"patients:chart", "patients:edit"}


def _url(route, world, patient) -> str:
    kwargs = {"patient_id": patient.pk}
    for name in route.kwargs - {"patient_id"}:
        if name not in OBJECT_FOR_KWARG:
            pytest.fail(f"{route.name}: add OBJECT_FOR_KWARG[{name!r}] to cover this URL")
        kwargs[name] = OBJECT_FOR_KWARG[name](world, patient)
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
@pytest.mark.parametrize(
    "persona", ["other_clinic_practitioner", "other_clinic_admin", "other_patient_user"]
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404(client, world, route, persona, method):
    url = _url(route, world, world.patient_a)
    client.force_login(getattr(world, persona))
    response = getattr(client, method)(url)
    assert response.status_code == 404, f"{persona} {method.upper()} {url}"


# A GET with nothing to show redirects back to the record: a URL that only acts on a POST,
# and the course summary of a course that is not finished (the world's plan is not).
GET_REDIRECTS = {
    "billing:credit",
    "billing:finalise",
    "billing:invoice_new",
    "billing:line_add",
    "billing:package_sell",
    "billing:payment",
    "billing:refund",
    "consent:handover",
    "consultations:complete",
    "consultations:concern_add",
    "consultations:concern_remove",
    "consultations:concern_save",
    "consultations:new",
    "consultations:reported_decide",
    "consultations:save_goals",
    "consultations:save_history",
    "consultations:save_prior_treatments",
    "consultations:save_skin_type",
    "consultations:screening",
    "photos:score_preview",
    "photos:summary",
    "plans:approve",
    "plans:complete",
    "plans:course_change",
    "plans:course_change_decide",
    "plans:return",
    "plans:start",
    "plans:stop",
    "plans:submit",
    "portal_login:manage",
    "scheduling:check_in",
    "scheduling:no_show",
    "side_effects:acknowledge",
    "side_effects:close",
    "treatments:addendum",
    "treatments:cosign",
    "treatments:entry_add",
    "treatments:entry_check",
    "treatments:entry_delete",
    "treatments:entry_override",
    "treatments:event_acknowledge",
    "treatments:event_add",
    "treatments:event_resolve",
    "treatments:not_treated",
    "treatments:override",
    "treatments:recheck",
    "treatments:response",
    "treatments:sign",
    "treatments:start",
    "treatments:tick",
    "treatments:unchanged",
}
# A form page renders for a clinician; the front desk and the clinic admin, who may not act
# there, are redirected back to the record.
CLINICIAN_FORMS = {
    "photos:new",
    "photos:score_new",
    "plans:details",
    "plans:instructions",
    "plans:item",
    "plans:new",
}


def _expected(route, user, world) -> int:
    if route.name in GET_REDIRECTS:
        return 302
    if route.name in CLINICIAN_FORMS and user in (world.front_desk, world.clinic_admin):
        return 302
    return 200


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_staff_of_the_clinic_reach_the_url(client, world, route):
    url = _url(route, world, world.patient_a)
    for user in world.staff_of_a():
        client.force_login(user)
        expected = _expected(route, user, world)
        assert client.get(url).status_code == expected, f"{user} GET {url}"


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_anonymous_is_sent_to_log_in(client, world, route):
    response = client.get(_url(route, world, world.patient_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_access_helper_scopes_staff_to_their_clinics(world):
    visible = set(patients_for_user(world.practitioner))
    assert visible == {world.patient_a, world.other_patient_a}
    assert set(patients_for_user(world.other_clinic_practitioner)) == {world.patient_b}


def test_a_patient_sees_only_themselves(world):
    assert list(patients_for_user(world.patient_user)) == [world.patient_a]
    from django.http import Http404

    with pytest.raises(Http404):
        patient_get_for_user(world.patient_user, world.other_patient_a.pk)


def test_inactive_membership_loses_access(world):
    from django.http import Http404

    world.practitioner.memberships.update(is_active=False)
    with pytest.raises(Http404):
        patient_get_for_user(world.practitioner, world.patient_a.pk)


def test_nonsense_ids_are_404_not_500(client, world):
    client.force_login(world.practitioner)
    assert client.get("/patients/99999999999999999999999/").status_code == 404
    assert client.get(f"/patients/{2**63}/").status_code == 404
