"""The remaining-sessions re-estimate is a function of the scores and their dates (issue #14): a
session signed after the latest score changes nothing until a new score, and the page says the
estimate waits for one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.outcomes.scoring import clearance, item_of, plan_in_progress, session


@pytest.fixture
def item(world):
    return item_of(plan_in_progress(world))


def _estimate(client, world):
    url = reverse("photos:progress", args=[world.patient_a.pk])
    page = client.get(url)
    return page.context["items"][0].estimate, page.content.decode()


def test_a_session_without_a_new_score_keeps_the_last_estimate(client, world, item):
    client.force_login(world.practitioner)
    # Given one session and a 20% clearance scored five days after it.
    session(world, item, number=1, days_ago=40)
    clearance(world, item, 20, on=timezone.localdate() - timedelta(days=35))
    before, _ = _estimate(client, world)
    assert before.since_score == 0
    # When a second session is signed and no new score is recorded.
    session(world, item, number=2, days_ago=5)
    after, html = _estimate(client, world)
    # Then the estimate is the same (it was read against one session), and it waits for a score.
    assert after.done == 2
    assert after.remaining == before.remaining
    assert after.remaining.sessions_done == 1
    assert after.since_score == 1
    assert "1 session since the latest score" in html
    assert "data-waiting" in html


def test_a_new_score_is_read_against_every_session_before_it(client, world, item):
    client.force_login(world.practitioner)
    session(world, item, number=1, days_ago=40)
    clearance(world, item, 20, on=timezone.localdate() - timedelta(days=35))
    session(world, item, number=2, days_ago=10)
    clearance(world, item, 20)
    estimate, html = _estimate(client, world)
    assert estimate.remaining.sessions_done == 2
    assert estimate.since_score == 0
    assert "data-waiting" not in html


def test_a_session_on_the_day_of_the_score_is_not_read_into_it(client, world, item):
    client.force_login(world.practitioner)
    session(world, item, number=1, days_ago=40)
    session(world, item, number=2, days_ago=0)
    clearance(world, item, 40)
    estimate, _ = _estimate(client, world)
    assert estimate.remaining.sessions_done == 1
    assert estimate.since_score == 1
