"""What the API reads and writes (django-ninja schemas; the OpenAPI document is made from them)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, ModelSchema, Schema

from picoclinic.clinics.models import Clinic
from picoclinic.patients.models import Patient
from picoclinic.patients.services import EDITABLE_FIELDS
from picoclinic.scheduling.models import Appointment, AppointmentType, Practitioner


class ClinicOut(ModelSchema):
    class Meta:
        model = Clinic
        fields = ["id", "name", "code", "country", "time_zone", "phone", "email", "address"]


class Me(Schema):
    user: str
    token: str
    can_write: bool
    expires_at: datetime
    clinics: list[ClinicOut]


class PractitionerOut(ModelSchema):
    class Meta:
        model = Practitioner
        fields = ["id", "name"]


class AppointmentTypeOut(ModelSchema):
    class Meta:
        model = AppointmentType
        fields = ["id", "name", "kind", "duration_minutes", "online_bookable"]


class Resources(Schema):
    practitioners: list[PractitionerOut]
    appointment_types: list[AppointmentTypeOut]


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime
    practitioner_ids: list[int] = Field(description="Free then, best choice first.")


class PatientOut(ModelSchema):
    clinic_id: int

    class Meta:
        model = Patient
        fields = ["id", "patient_number", *EDITABLE_FIELDS]


class PatientIn(Schema):
    clinic_id: int = Field(description="Where the patient is registered and numbered.")
    given_name: str
    family_name: str
    preferred_name: str = ""
    date_of_birth: date
    sex: str
    email: str = ""
    phone: str = ""
    address: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    emergency_contact_relationship: str = ""
    preferred_language: str = ""

    def form_data(self) -> dict:
        """The page's form checks the API's input: one set of rules."""
        data = self.dict(exclude={"clinic_id"})
        data = {key: value for key, value in data.items() if value not in ("", None)}
        data.setdefault("preferred_language", Patient._meta.get_field("preferred_language").default)
        return data


class AppointmentOut(ModelSchema):
    clinic_id: int
    patient_id: int | None
    appointment_type_id: int
    practitioner_id: int | None

    class Meta:
        model = Appointment
        fields = ["id", "kind", "starts_at", "ends_at", "status"]


class BookIn(Schema):
    clinic_id: int
    appointment_type_id: int
    starts_at: datetime = Field(description="With its offset, e.g. 2031-06-11T10:00:00+01:00.")
    practitioner_id: int | None = None
    notes: str = ""


class CancelIn(Schema):
    reason: str = ""
