"""The photos page: grouped by area and view, the baseline against the latest by default or
any two chosen, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from picoclinic.outcomes.models import PhotoView
from picoclinic.outcomes.selectors import comparison_choose, photo_groups, photos_of_patient
from tests.outcomes.helpers import photo_row

DAY = timedelta(days=1)


def _course(patient, sessions: int, *, view=PhotoView.FRONT, area="face", start=None):
    start = start or timezone.now() - 100 * DAY
    return [
        photo_row(patient, taken_at=start + n * 28 * DAY, view=view, body_area=area)
        for n in range(sessions)
    ]


def _groups(patient):
    return photo_groups(photos_of_patient(patient=patient))


def test_photos_are_grouped_by_area_then_view(world):
    patient = world.patient_a
    _course(patient, 2, view=PhotoView.LEFT_45)
    _course(patient, 3)
    _course(patient, 1, area="forearm", view=PhotoView.CLOSE_UP)
    groups = _groups(patient)
    assert [(g.label, len(g.photos)) for g in groups] == [
        ("Face · Front", 3),
        ("Face · Left 45°", 2),
        ("Forearm · Close-up", 1),
    ]
    assert all(g.photos == sorted(g.photos, key=lambda p: p.taken_at) for g in groups)


def test_the_default_is_the_baseline_against_the_latest_of_the_latest_group(world):
    front = _course(world.patient_a, 4)
    _course(world.patient_a, 2, view=PhotoView.LEFT_45, start=timezone.now() - 300 * DAY)
    comparison = comparison_choose(_groups(world.patient_a))
    assert comparison.group.key == ("face", "front")
    assert (comparison.first, comparison.second) == (front[0], front[-1])


def test_the_default_prefers_the_front_taken_the_same_day_and_a_pair_to_a_single(world):
    start = timezone.now() - 100 * DAY
    _course(world.patient_a, 2, view=PhotoView.LEFT_45, start=start + timedelta(minutes=2))
    front = _course(world.patient_a, 2, start=start)
    # A close-up taken later but alone: nothing to compare it with yet.
    photo_row(world.patient_a, view=PhotoView.CLOSE_UP, taken_at=timezone.now())
    comparison = comparison_choose(_groups(world.patient_a))
    assert comparison.group.key == ("face", "front")
    assert (comparison.first, comparison.second) == (front[0], front[1])


def test_any_two_can_be_chosen_and_foreign_ids_are_ignored(world):
    front = _course(world.patient_a, 4)
    side = _course(world.patient_a, 2, view=PhotoView.LEFT_45)
    groups = _groups(world.patient_a)

    chosen = comparison_choose(
        groups, body_area="face", view="front", first_id=front[2].pk, second_id=front[1].pk
    )
    assert (chosen.first, chosen.second) == (front[2], front[1])

    # A photo of another group, or of nobody: back to the defaults of the chosen group.
    odd = comparison_choose(
        groups, body_area="face", view="front", first_id=side[0].pk, second_id=10**9
    )
    assert (odd.first, odd.second) == (front[0], front[-1])

    # The same photo twice: the other end of the course instead.
    same = comparison_choose(
        groups, body_area="face", view="front", first_id=front[-1].pk, second_id=front[-1].pk
    )
    assert (same.first, same.second) == (front[-1], front[0])


def test_a_group_of_one_has_nothing_to_compare_yet(client, world):
    _course(world.patient_a, 1)
    comparison = comparison_choose(_groups(world.patient_a))
    assert comparison.second is None
    client.force_login(world.practitioner)
    content = client.get(reverse("photos:index", args=[world.patient_a.pk])).content.decode()
    assert "Only one photo of face · front so far" in content


def test_no_photos_no_comparison(client, world):
    assert comparison_choose([]) is None
    client.force_login(world.doctor)
    response = client.get(reverse("photos:index", args=[world.patient_a.pk]))
    assert response.status_code == 200
    assert "No photos yet." in response.content.decode()


def test_the_page_shows_the_chosen_pair_and_a_swap_link(client, world):
    front = _course(world.patient_a, 3)
    client.force_login(world.practitioner)
    url = reverse("photos:index", args=[world.patient_a.pk])
    response = client.get(url, {"area": "face", "view": "front", "a": front[1].pk})
    content = response.content.decode()
    a_src = reverse("photos:display", args=[world.patient_a.pk, front[1].pk])
    b_src = reverse("photos:display", args=[world.patient_a.pk, front[2].pk])
    assert content.index(a_src) < content.index(b_src)
    assert f"a={front[2].pk}&amp;b={front[1].pk}" in content  # swap
    assert 'type="range"' in content


@pytest.mark.parametrize("bad", ["abc", "-1", str(2**70), ""])
def test_garbage_in_the_query_is_ignored(client, world, bad):
    _course(world.patient_a, 2)
    client.force_login(world.practitioner)
    url = reverse("photos:index", args=[world.patient_a.pk])
    response = client.get(url, {"area": bad, "view": bad, "a": bad, "b": bad})
    assert response.status_code == 200


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_photos_page_takes_a_fixed_number_of_queries(client, world, consented):
    client.force_login(world.practitioner)
    url = reverse("photos:index", args=[world.patient_a.pk])
    _course(world.patient_a, 2)
    _queries(client, url)  # the first request after logging in may write the session
    few = _queries(client, url)

    # Many more photos, groups, concerns and sessions: the same number of queries.
    for view in (PhotoView.LEFT_45, PhotoView.RIGHT_45, PhotoView.CLOSE_UP):
        _course(world.patient_a, 6, view=view)
    _course(world.patient_a, 6, area="neck")
    many = _queries(client, url)
    assert few == many
    assert many <= 10
