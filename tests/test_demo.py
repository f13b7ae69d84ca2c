from __future__ import annotations

from django.core.management import call_command

from picoclinic.accounts.models import Membership, User
from picoclinic.clinics.models import Clinic
from picoclinic.demo import DEMO_LOGINS, demo_load
from picoclinic.patients.models import Patient


def _counts():
    return (
        User.objects.count(),
        Clinic.objects.count(),
        Membership.objects.count(),
        Patient.objects.count(),
    )


def test_demo_loads_once_and_keeps_changes(db, settings):
    assert demo_load() is True
    counts = _counts()
    patient = Patient.objects.get(given_name="Oliver")
    patient.phone = "+44 7700 111111"
    patient.save()
    assert demo_load() is False
    assert _counts() == counts
    patient.refresh_from_db()
    assert patient.phone == "+44 7700 111111"


def test_every_demo_login_works_and_lands_on_its_page(client, db, settings):
    demo_load()
    expected = {"owner": "/clinic/today/", "patient": "/me/", "hana": "/me/"}
    for _, email in DEMO_LOGINS:
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"username": email, "password": settings.DEMO_PASSWORD},
            follow=True,
        )
        assert response.status_code == 200, email
        local = email.split("@")[0]
        assert response.redirect_chain[-1][0] == expected.get(local, "/clinic/today/"), email


def test_the_owner_works_at_every_clinic(db):
    demo_load()
    owner = User.objects.get(email__startswith="owner@")
    assert owner.is_superuser
    assert set(Membership.objects.filter(user=owner).values_list("clinic", flat=True)) == set(
        Clinic.objects.values_list("pk", flat=True)
    )


def test_demo_command_prints_the_logins(db, capsys, settings):
    call_command("demo")
    out = capsys.readouterr().out
    assert settings.DEMO_PASSWORD in out
    for _, email in DEMO_LOGINS:
        assert email in out


def test_demo_patients_are_part_way_through_the_journey(db):
    from picoclinic.consent.selectors import valid_treatment_consent
    from picoclinic.consultations.models import Consultation, ConsultationStatus
    from picoclinic.plans.models import PlanStatus, TreatmentPlan
    from picoclinic.plans.selectors import plan_approval_valid

    demo_load()
    mei = TreatmentPlan.objects.get(patient__given_name="Mei")
    assert mei.status == PlanStatus.IN_PROGRESS
    assert plan_approval_valid(mei)
    assert valid_treatment_consent(plan=mei) is not None
    oliver = TreatmentPlan.objects.get(patient__given_name="Oliver")
    assert oliver.status == PlanStatus.AWAITING_REVIEW
    aisha = Consultation.objects.get(patient__given_name="Aisha")
    assert aisha.status == ConsultationStatus.DRAFT
    assert aisha.fitzpatrick == 5
    completed = Consultation.objects.filter(status=ConsultationStatus.COMPLETED).count()
    demo_load()
    assert Consultation.objects.filter(status=ConsultationStatus.COMPLETED).count() == completed


def test_hana_can_book_her_next_session_herself(client, db):
    from django.urls import reverse

    demo_load()
    hana = Patient.objects.get(given_name="Hana", family_name="Sato")
    client.force_login(hana.user)
    page = client.get(reverse("portal:appointments")).content.decode()
    assert "Book your session 2" in page
    (item,) = hana.plans.get().items.all()
    booking = client.get(reverse("portal:book", args=[item.pk])).content.decode()
    assert 'name="starts_at"' in booking
