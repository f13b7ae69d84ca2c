"""Nothing shown to a signed-in person is kept by a browser or cache: every patient page,
the plan and aftercare PDFs included, answers ``Cache-Control: no-store``."""

from __future__ import annotations

import pytest

from tests.patients.test_access import ROUTES, _url


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
def test_every_patient_page_is_no_store(client, world, route):
    url = _url(route, world, world.patient_a)
    client.force_login(world.doctor)
    response = client.get(url)
    if response.status_code == 200:
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_the_pdfs_are_among_the_pages_checked():
    assert {"plans:pdf", "aftercare:pdf"} <= {r.name for r in ROUTES}


def test_the_portal_is_no_store(client, world):
    client.force_login(world.patient_user)
    assert "no-store" in client.get("/me/")["Cache-Control"]
