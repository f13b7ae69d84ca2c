"""The demo clinic: a small chain with staff in every role and patients.

Idempotent by natural keys: loading again adds what is missing and changes nothing that exists
(passwords and edits made while trying the demo are kept).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction

from picoclinic.accounts.models import Membership, Role, User
from picoclinic.billing.demo import demo_load_billing
from picoclinic.clinics.models import Clinic, Organisation
from picoclinic.consent.demo import consent_demo_texts_load
from picoclinic.demo.invitations import demo_load_invitations
from picoclinic.demo.journeys import demo_load_journeys
from picoclinic.demo.outcomes import demo_load_outcomes
from picoclinic.demo.selfserve import demo_load_selfserve
from picoclinic.demo.sessions import demo_load_sessions
from picoclinic.patients.models import Language, Patient, Sex
from picoclinic.patients.services import patient_create
from picoclinic.previsit.demo import demo_load_previsit
from picoclinic.scheduling.demo import demo_load_scheduling

DOMAIN = "lumen-demo.example"

DEMO_LOGINS = [
    ("Owner (all clinics)", f"owner@{DOMAIN}"),
    ("Clinic admin", f"admin@{DOMAIN}"),
    ("Doctor", f"doctor@{DOMAIN}"),
    ("Laser practitioner", f"practitioner@{DOMAIN}"),
    ("Front desk", f"frontdesk@{DOMAIN}"),
    ("Patient (portal)", f"patient@{DOMAIN}"),
    ("Patient (books herself)", f"hana@{DOMAIN}"),
]

CLINICS = [
    # code, name, zone, address, phone
    ("CEN", "Lumen Central", "Europe/London", "12 Harley Row\nLondon W1G 9QD", "+44 20 7946 0101"),
    ("HBR", "Lumen Harbourfront", "Asia/Hong_Kong", "88 Harbour Road\nWan Chai", "+852 5550 0188"),
]

STAFF = [
    # email local part, name, [(clinic code, role)], admin-site access
    ("admin", "Amara Okafor", [("CEN", Role.CLINIC_ADMIN)], True),
    ("doctor", "Dr Lena Hartmann", [("CEN", Role.DOCTOR), ("HBR", Role.DOCTOR)], False),
    ("practitioner", "Sam Rivera", [("CEN", Role.PRACTITIONER)], False),
    ("frontdesk", "Priya Shah", [("CEN", Role.FRONT_DESK)], False),
    ("harbour.practitioner", "Wing Chan", [("HBR", Role.PRACTITIONER)], False),
    ("harbour.admin", "Kenji Mori", [("HBR", Role.CLINIC_ADMIN)], True),
]

PATIENTS = [
    # clinic, given, family, dob, sex, phone, language, portal login
    ("CEN", "Mei", "Lin", date(1988, 4, 12), Sex.FEMALE, "+44 7700 900123", Language.ENGLISH, True),
    (
        "CEN",
        "Oliver",
        "Bennett",
        date(1979, 9, 3),
        Sex.MALE,
        "+44 7700 900456",
        Language.ENGLISH,
        False,
    ),
    (
        "CEN",
        "Aisha",
        "Rahman",
        date(1992, 1, 27),
        Sex.FEMALE,
        "+44 7700 900789",
        Language.ARABIC,
        False,
    ),
    (
        "CEN",
        "Chloe",
        "Martin",
        date(1985, 6, 18),
        Sex.FEMALE,
        "+44 7700 900321",
        Language.FRENCH,
        False,
    ),
    (
        "CEN",
        "Daniel",
        "Okoye",
        date(1995, 11, 2),
        Sex.MALE,
        "+44 7700 900654",
        Language.ENGLISH,
        False,
    ),
    (
        "CEN",
        "Sofia",
        "Garcia",
        date(1990, 3, 9),
        Sex.FEMALE,
        "+44 7700 900987",
        Language.SPANISH,
        False,
    ),
    (
        "CEN",
        "Hannah",
        "Kim",
        date(1983, 8, 30),
        Sex.FEMALE,
        "+44 7700 900111",
        Language.KOREAN,
        False,
    ),
    (
        "CEN",
        "Tom",
        "Fletcher",
        date(2001, 12, 14),
        Sex.MALE,
        "+44 7700 900222",
        Language.ENGLISH,
        False,
    ),
    (
        "HBR",
        "Ka Yan",
        "Wong",
        date(1987, 5, 21),
        Sex.FEMALE,
        "+852 5550 1234",
        Language.CHINESE_CANTONESE,
        False,
    ),
    (
        "HBR",
        "Hiroshi",
        "Tanaka",
        date(1976, 10, 8),
        Sex.MALE,
        "+852 5550 5678",
        Language.JAPANESE,
        False,
    ),
    (
        "HBR",
        "Grace",
        "Lau",
        date(1993, 2, 16),
        Sex.FEMALE,
        "+852 5550 9012",
        Language.CHINESE_MANDARIN,
        False,
    ),
]


def demo_load() -> bool:
    """Load whatever part of the demo is missing. Returns True if anything was created."""
    with transaction.atomic():
        organisation, created = Organisation.objects.get_or_create(
            slug="lumen-demo", defaults={"name": "Lumen Skin & Laser"}
        )
        clinics = {code: _clinic(organisation, code, *rest) for code, *rest in CLINICS}
        created |= _staff(
            "owner", "Olivia Grant", [(c, Role.CLINIC_ADMIN) for c in clinics], True, clinics
        )
        for local, name, roles, admin_site in STAFF:
            created |= _staff(local, name, roles, admin_site, clinics)
        for row in PATIENTS:
            created |= _patient(clinics, *row)
        for clinic in clinics.values():
            created |= bool(consent_demo_texts_load(clinic=clinic))
        created |= demo_load_scheduling(clinics=clinics)
        created |= demo_load_journeys(
            clinic=clinics["CEN"],
            practitioner=User.objects.get(email__iexact=f"practitioner@{DOMAIN}"),
            doctor=User.objects.get(email__iexact=f"doctor@{DOMAIN}"),
        )
        # Before the sessions: Mei's course is sold as a package, so signing them redeems it.
        created |= demo_load_billing(clinics=clinics)
        created |= demo_load_sessions(
            clinic=clinics["CEN"],
            practitioner=User.objects.get(email__iexact=f"practitioner@{DOMAIN}"),
            front_desk=User.objects.get(email__iexact=f"frontdesk@{DOMAIN}"),
        )
        created |= demo_load_outcomes(
            clinic=clinics["CEN"],
            practitioner=User.objects.get(email__iexact=f"practitioner@{DOMAIN}"),
            doctor=User.objects.get(email__iexact=f"doctor@{DOMAIN}"),
        )
        created |= demo_load_previsit(clinic=clinics["CEN"])
        created |= demo_load_selfserve(
            clinic=clinics["CEN"],
            practitioner=User.objects.get(email__iexact=f"practitioner@{DOMAIN}"),
            doctor=User.objects.get(email__iexact=f"doctor@{DOMAIN}"),
            domain=DOMAIN,
        )
        created |= demo_load_invitations(
            clinic=clinics["CEN"], admin=User.objects.get(email__iexact=f"admin@{DOMAIN}")
        )
    return created


def _clinic(organisation, code, name, zone, address, phone) -> Clinic:
    clinic, _ = Clinic.objects.get_or_create(
        organisation=organisation,
        code=code,
        defaults={"name": name, "time_zone": zone, "address": address, "phone": phone},
    )
    return clinic


def _user(local: str, name: str, *, superuser: bool = False, admin_site: bool = False) -> bool:
    email = f"{local}@{DOMAIN}"
    if User.objects.filter(email__iexact=email).exists():
        return False
    User.objects.create_user(
        email,
        settings.DEMO_PASSWORD,
        full_name=name,
        is_staff=superuser or admin_site,
        is_superuser=superuser,
    )
    return True


def _staff(local, name, roles, admin_site, clinics) -> bool:
    superuser = local == "owner"
    created = _user(local, name, superuser=superuser, admin_site=admin_site)
    user = User.objects.get(email__iexact=f"{local}@{DOMAIN}")
    for code, role in roles:
        _, made = Membership.objects.get_or_create(
            user=user, clinic=clinics[code], defaults={"role": role}
        )
        created |= made
    return created


def _patient(clinics, code, given, family, dob, sex, phone, language, portal) -> bool:
    clinic = clinics[code]
    if Patient.objects.filter(clinic=clinic, given_name=given, family_name=family).exists():
        return False
    email = f"patient@{DOMAIN}" if portal else f"{given}.{family}@mail.example".lower()
    email = email.replace(" ", "")
    data = {
        "given_name": given,
        "family_name": family,
        "date_of_birth": dob,
        "sex": sex,
        "phone": phone,
        "email": email,
        "preferred_language": language,
        "emergency_contact_name": "Next of kin on file",
        "emergency_contact_phone": phone[:-3] + "000",
        "emergency_contact_relationship": "Partner",
    }
    patient = patient_create(actor=None, clinic=clinic, data=data)
    if portal:
        _user("patient", f"{given} {family}")
        patient.user = User.objects.get(email__iexact=email)
        patient.save(update_fields=["user"])
    return True
