"""Bad input never causes a 500: every page of the URL configuration (walked, not listed) is
opened by a doctor, the form fields it shows are read from the page, and each is posted with
nonsense: over-long text, impossible dates, huge and negative numbers, an empty form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.patients.test_access import OBJECT_FOR_KWARG
from tests.urlwalk import walk

JUNK = ["x" * 5000, "2026-02-30", "-1", "99999999999999999999999", "", "<script>", "\uff11\uff12"]
SKIP = {"accounts:logout", "accounts:password_reset_confirm", "scheduling:feed"}
FIELD = re.compile(r'name="([a-zA-Z_][\w.-]*)"')

ROUTES = sorted(
    (r for r in walk() if r.name not in SKIP and r.kwargs <= {"patient_id", *OBJECT_FOR_KWARG}),
    key=lambda r: r.name,
)


def _url(route, world) -> str:
    kwargs = {}
    if "patient_id" in route.kwargs:
        kwargs["patient_id"] = world.patient_a.pk
    for name in route.kwargs - {"patient_id"}:
        kwargs[name] = OBJECT_FOR_KWARG[name](world, world.patient_a)
    return reverse(route.name, kwargs=kwargs)


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_nonsense_posted_to_any_page_is_never_a_500(client, world, route):
    client.force_login(world.doctor)
    url = _url(route, world)
    page = client.get(url)
    assert page.status_code < 500, f"GET {url}"
    body = (
        page.content.decode(errors="replace")
        if page.get("Content-Type", "").startswith("text/html")
        else ""
    )
    fields = sorted(set(FIELD.findall(body)) - {"csrfmiddlewaretoken"})
    assert client.post(url, {}).status_code < 500, f"POST {url} (empty)"
    for junk in JUNK:
        response = client.post(url, dict.fromkeys(fields, junk) | {"next": junk})
        assert response.status_code < 500, f"POST {url} with {junk[:20]!r}"
