"""What a refused outcome score says. Named so the tests assert on the exact words. The
clinical core's own messages (out-of-range values) are shown as the core words them."""

from __future__ import annotations

from picoclinic.web.refusals import Refused

SCALE_NOT_FOR_CONCERN = "This scale does not fit this concern. Choose one of the scales offered."
SCALE_NOT_RECORDED_HERE = "This scale is not recorded here. Choose one of the scales offered."
PATIENT_REPORTED = "Pain and satisfaction are the patient's own ratings: set the rater to patient."
APPOINTMENT_NOT_ITEMS = "That session belongs to another patient."
ASSESSED_IN_FUTURE = "The assessment date cannot be in the future."
PLAN_NOT_STARTED = "Scores are recorded once the plan is approved."
VALUE_REQUIRED = "Enter a value."


class ScoreRefused(Refused):
    """A score the clinic cannot accept, with the message to show and the form field."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, field=field)
