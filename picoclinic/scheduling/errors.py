"""What booking tells people when it refuses. Tests assert on these names."""

from __future__ import annotations

from picoclinic.web.refusals import Refused

SLOT_UNAVAILABLE = "That time is no longer available. Please choose another time."
CALENDAR_BUSY = "The calendar is busy right now. Please try again in a moment."
TYPE_NOT_OFFERED = "That appointment type is not offered at this clinic."
PATIENT_REQUIRED = "Choose the patient this appointment is for."
PATIENT_ELSEWHERE = "This patient is not registered with this clinic's organisation."
PRACTITIONER_CANNOT_PERFORM = "This practitioner does not perform this kind of appointment."
PRACTITIONER_CANNOT_TREAT = "This practitioner is not set up to treat this indication."
TREATMENT_NEEDS_PLAN = "A treatment session is booked from the patient's approved treatment plan."
NOT_A_TREATMENT = "Only a treatment session can be linked to a treatment plan."
SESSION_NUMBER_INVALID = "That session number is not part of this plan item."
SESSION_ALREADY_BOOKED = "That session of the plan is already booked."
PLAN_NOT_APPROVED = "The treatment plan has no valid approval yet: sessions cannot be booked."
NO_VALID_CONSENT = "There is no valid treatment consent for this plan: sessions cannot be booked."
SERIES_EMPTY = "Choose at least one session to book."
SERIES_SLOT = (
    "Session {number} ({when}): " + SLOT_UNAVAILABLE + " Nothing in the series was booked."
)
SESSION_OUTSIDE_WINDOW = (
    "Session {number} on {day} is outside its interval window ({earliest} to {latest})."
)
CANNOT_MOVE = "Only a booked appointment can be moved."
OVERRIDE_NEEDED = (
    "This date is outside the session's interval window: it needs a doctor's override "
    "with a reason."
)
OVERRIDE_DOCTOR_ONLY = "Only a doctor at this clinic can book a session outside its window."
LATER_SESSION_INVALID = "A later session to move is not part of this course after this one."
CANNOT_COMPLETE = "Only a booked or checked-in appointment can be completed."
CANNOT_CANCEL = "Only an appointment that is booked or checked in can be cancelled."
CANNOT_NO_SHOW = "Only a booked appointment that has started can be marked as not attended."
CANNOT_CHECK_IN = "Only a booked appointment can be checked in."
CANNOT_CHECK_IN_YET = "This appointment is not today: it cannot be checked in yet."


class BookingError(Refused):
    """A booking or a change of appointment was refused; ``message`` is for the user."""


class SlotUnavailable(BookingError):
    """The time was taken (or stopped being bookable) before this booking could hold it."""

    def __init__(self, message: str = SLOT_UNAVAILABLE):
        super().__init__(message)
