"""The core's answers in the practitioner's words."""

from __future__ import annotations

from datetime import UTC, datetime

import time_machine
from django.utils import timezone

from picoclinic.clinical.common import BodySite, Fitzpatrick, Indication, Severity
from picoclinic.clinical.estimate import Concern, estimate_sessions
from picoclinic.consultations.presenters import SourceView, one_session_words, saved_label


def estimate(indication: Indication, severity: Severity = Severity.MILD, area: float = 2):
    return estimate_sessions(
        Concern(
            indication=indication,
            fitzpatrick=Fitzpatrick.III,
            severity=severity,
            body_site=BodySite.FACE,
            area_cm2=area,
        )
    )


def test_one_session_may_suffice_for_a_small_mild_lentigo():
    verdict, because = one_session_words(estimate(Indication.SOLAR_LENTIGINES))
    assert verdict == "Possibly."
    assert because.startswith("Yes, one session may suffice")


def test_otherwise_probably_not_because():
    verdict, because = one_session_words(estimate(Indication.SOLAR_LENTIGINES, Severity.SEVERE))
    assert verdict == "Probably not, because"
    assert because.startswith("the concern is severe, not mild")
    verdict, because = one_session_words(estimate(Indication.MELASMA))
    assert (verdict, because[:24]) == ("Probably not, because", "laser is second line for")


def test_unverified_sources_are_flagged():
    view = SourceView.of("Kirby 2009 Table 1 [PR] [UNVERIFIED]")
    assert (view.label, view.unverified) == ("Kirby 2009 Table 1 [PR]", True)
    view = SourceView.of({"citation": "Negishi 2018", "evidence": "PR", "unverified": False})
    assert (view.label, view.unverified) == ("Negishi 2018 [PR]", False)


def test_saved_times_are_shown_in_the_clinic_zone():
    with time_machine.travel(datetime(2026, 7, 1, 13, 32, tzinfo=UTC), tick=False):
        with timezone.override("Europe/London"):
            assert saved_label(timezone.now()) == "Saved 14:32"  # BST
        with timezone.override("Asia/Hong_Kong"):
            assert saved_label(timezone.now()) == "Saved 21:32"
    assert saved_label(None) == ""
