"""What a refused photo upload says. Named so the tests assert on the exact words."""

from __future__ import annotations

from picoclinic.web.refusals import Refused

NO_FILE = "Choose a photo: take one with the camera or pick a file."
TWO_FILES = "Give one photo at a time: either the camera photo or a file, not both."
TOO_LARGE = (
    "This file is larger than {limit_mb} MB. Send a smaller photo (the camera's normal setting)."
)
NOT_AN_IMAGE = "This file is not a photo we can read. Use a JPEG, PNG or HEIC photo."
CORRUPT = "This photo is damaged or incomplete and cannot be read. Take or send it again."
TOO_MANY_PIXELS = (
    "This picture has too many pixels (the limit is {limit} megapixels). "
    "Use the camera's normal setting."
)
NO_PHOTO_CONSENT = (
    "The patient has no valid consent to clinical photography, so no photo can be added. "
    "Take their photography consent first."
)
CONCERN_NOT_PATIENTS = "That concern belongs to another patient."
APPOINTMENT_NOT_PATIENTS = "That appointment belongs to another patient."
TAKEN_IN_FUTURE = "The time taken cannot be in the future."
RECHOOSE_FILE = "For your security the browser does not keep a chosen file: choose it again."


class PhotoRejected(Refused):
    """An upload the clinic cannot accept, with the message to show (one of the above)."""

    def __init__(self, message: str, *, field: str | None = "image"):
        super().__init__(message, field=field)
