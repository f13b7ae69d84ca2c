"""Rooms, lasers, staff hours, appointment types, appointments and the bookings they hold."""

from picoclinic.scheduling.models.appointments import (
    Appointment,
    AppointmentStatus,
    Booking,
)
from picoclinic.scheduling.models.booking_requests import BookingRequest
from picoclinic.scheduling.models.feeds import CalendarFeed
from picoclinic.scheduling.models.resources import (
    AppointmentKind,
    AppointmentType,
    Closure,
    Device,
    DeviceDowntime,
    DowntimeKind,
    Leave,
    OpeningHours,
    Practitioner,
    Resource,
    ResourceKind,
    Room,
    SchedulingPolicy,
    Weekday,
    WorkingHours,
)
from picoclinic.scheduling.models.selfserve import (
    ChangeKind,
    FreedSlot,
    LinkUse,
    OfferStatus,
    SelfServiceChange,
    SlotHold,
    WaitlistEntry,
    WaitlistOffer,
    WaitlistStatus,
)

__all__ = [
    "Appointment",
    "AppointmentKind",
    "AppointmentStatus",
    "AppointmentType",
    "Booking",
    "BookingRequest",
    "CalendarFeed",
    "ChangeKind",
    "Closure",
    "Device",
    "DeviceDowntime",
    "DowntimeKind",
    "FreedSlot",
    "Leave",
    "LinkUse",
    "OfferStatus",
    "OpeningHours",
    "Practitioner",
    "Resource",
    "ResourceKind",
    "Room",
    "SchedulingPolicy",
    "SelfServiceChange",
    "SlotHold",
    "WaitlistEntry",
    "WaitlistOffer",
    "WaitlistStatus",
    "Weekday",
    "WorkingHours",
]
