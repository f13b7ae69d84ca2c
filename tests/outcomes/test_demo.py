"""The demo patient's synthetic photos: added once, only with consent, clearly artificial."""

from __future__ import annotations

from PIL import Image

from picoclinic.outcomes.demo import demo_load_photos
from picoclinic.outcomes.models import Photo
from picoclinic.outcomes.selectors import comparison_choose, photo_groups, photos_of_patient
from picoclinic.outcomes.storage import photo_storage


def test_four_sessions_to_compare_loaded_once(world, consented):
    patient = world.patient_a
    assert demo_load_photos(patient=patient) is True
    assert demo_load_photos(patient=patient) is False  # idempotent

    groups = photo_groups(photos_of_patient(patient=patient))
    assert [(g.label, len(g.photos)) for g in groups] == [
        ("Face · Front", 4),
        ("Face · Left 45°", 2),
    ]
    comparison = comparison_choose(groups, body_area="face", view="front")
    # The patch fades: the latest picture is lighter where the baseline was dark.
    with photo_storage().open(comparison.first.display_file) as f:
        before = Image.open(f).convert("L").resize((90, 120)).getpixel((63, 61))
    with photo_storage().open(comparison.second.display_file) as f:
        after = Image.open(f).convert("L").resize((90, 120)).getpixel((63, 61))
    assert after > before + 15
    assert all(p.note == "Synthetic demo image" for p in Photo.objects.all())


def test_no_photos_without_photography_consent(world):
    assert demo_load_photos(patient=world.patient_a) is False
    assert not Photo.objects.exists()
