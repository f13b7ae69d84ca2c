"""The demo patient's synthetic photos: added once, only with consent, clearly artificial."""

from __future__ import annotations

from django.utils import timezone
from PIL import Image

from picoclinic.accounts.models import User
from picoclinic.clinics.models import Clinic
from picoclinic.demo import demo_load
from picoclinic.demo.outcomes import demo_load_outcomes, demo_load_photos
from picoclinic.outcomes.models import Photo
from picoclinic.outcomes.progress import progress_for_patient
from picoclinic.outcomes.recall_list import recall_rows
from picoclinic.outcomes.score_models import OutcomeScore, Rater, Recall, Scale
from picoclinic.outcomes.selectors import comparison_choose, photo_groups, photos_of_patient
from picoclinic.outcomes.storage import photo_storage
from picoclinic.patients.models import Patient
from picoclinic.plans.models import PlanStatus
from picoclinic.scheduling.models import Appointment, AppointmentKind, AppointmentStatus


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


def test_demo_results_mei_scored_and_a_recall_overdue(db):
    # Given the whole demo (sessions made by the treatments demo), then the results.
    demo_load()
    clinic = Clinic.objects.get(code="CEN")
    staff = {u.email.split("@")[0]: u for u in User.objects.all()}
    load = {"clinic": clinic, "practitioner": staff["practitioner"], "doctor": staff["doctor"]}
    demo_load_outcomes(**load)
    assert demo_load_outcomes(**load) is False  # idempotent

    mei = Patient.objects.get(given_name="Mei", family_name="Lin")
    done = Appointment.objects.filter(
        patient=mei, kind=AppointmentKind.TREATMENT, status=AppointmentStatus.COMPLETED
    )
    scores = OutcomeScore.objects.filter(patient=mei)
    # Every score is dated on one of her sessions (no fixed calendar).
    assert {s.assessed_on for s in scores} == {a.occurred_on for a in done}
    assert {(s.scale, s.rater) for s in scores} >= {
        (Scale.MMASI, Rater.CLINICIAN),
        (Scale.GAIS, Rater.CLINICIAN),
        (Scale.GAIS, Rater.PATIENT),
    }
    [progress] = progress_for_patient(patient=mei)
    assert progress.primary.scale == Scale.MMASI
    assert progress.estimate.remaining is not None  # the re-estimate has something to say
    assert progress.estimate.house_method

    # Chloe's course is complete and her yearly review is overdue on the front desk's list.
    recall = Recall.objects.get(patient__given_name="Chloe")
    assert recall.plan.status == PlanStatus.COMPLETED
    today = timezone.localdate(timezone.now(), clinic.zone)
    assert recall.due_on < today
    rows = recall_rows(clinic=clinic, state="overdue")
    assert [row.recall for row in rows] == [recall]
