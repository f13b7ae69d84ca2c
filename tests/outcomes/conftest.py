from __future__ import annotations

import pytest

from tests.outcomes.helpers import consent_to_photos


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos go to a real folder of this test's own, never under var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def consented(world):
    """Patient A has agreed to clinical photographs (not to marketing)."""
    return consent_to_photos(world, world.patient_a)
