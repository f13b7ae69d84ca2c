from __future__ import annotations

from datetime import date

import factory

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.patients.models import Patient, Sex
from picoclinic.patients.services import patient_create

PASSWORD = "correct horse battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["slug"]

    name = "Test Skin Clinics"
    slug = "test-skin"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Clinic {n}")
    code = factory.Sequence(lambda n: f"C{n:02d}")
    time_zone = "Europe/London"
    phone = "+44 20 7946 0000"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@clinic.example")
    full_name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def staff(clinic: Clinic, role: Role, **kwargs) -> User:
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, clinic=clinic, role=role)
    return user


def patient(clinic: Clinic, *, login: bool = False, **overrides) -> Patient:
    data = {
        "given_name": "Alex",
        "family_name": "Doe",
        "date_of_birth": date(1990, 5, 17),
        "sex": Sex.FEMALE,
        "phone": "+44 7700 900000",
        "email": "alex@mail.example",
    } | overrides
    created = patient_create(actor=None, clinic=clinic, data=data)
    if login:
        created.user = UserFactory(full_name=created.full_name)
        created.save(update_fields=["user"])
    return created
