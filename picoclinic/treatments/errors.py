"""What the session workflow tells people when it refuses. Tests assert on these names."""

from __future__ import annotations

from picoclinic.web.refusals import Refused

SESSION_LOCKED = (
    "This session is signed and locked: it cannot be changed. Add a dated addendum to correct it."
)
NOT_A_TREATMENT = "Only a treatment session from a plan can be started here."
APPOINTMENT_NOT_ACTIVE = "This appointment is cancelled or missed: no session can be started."
APPOINTMENT_ELSEWHERE = "This appointment belongs to another patient."
NOT_A_CLINICIAN = "Only a practitioner or a doctor at this clinic can record the treatment."
DOCTOR_ONLY = "Only a doctor at this clinic can pass a blocked item or setting."
REASON_REQUIRED = "Give the reason for passing it: it is kept in the record."
ITEM_NOT_BLOCKED = "This item is not blocked: there is nothing to override."
ITEM_AUTOMATIC = "This item is checked by the system; use “Check again”."
ITEM_UNKNOWN = "There is no such checklist item for this session."
SKIN_TAN_REQUIRED = "Say whether the skin to be treated is tanned today."
CHECKLIST_INCOMPLETE = (
    "Complete the pre-treatment checklist first (or have a doctor pass a blocked item): "
    "settings cannot be entered yet."
)
SCREENING_PROBLEM = "The screening could not run: {message}"
SCREENING_POLICY_INVALID = (
    "The clinic's screening policy is not valid ({message}); ask the clinic admin to correct it."
)
DEVICE_NOT_HERE = "Choose a laser of this clinic."
DEVICE_WAVELENGTH = "{device} does not deliver {nm} nm (it delivers {listed})."
DEVICE_HANDPIECE = "{device} has no {handpiece} handpiece."
ENTRY_NOT_BLOCKED = "This setting is not blocked: there is nothing to override."
ENTRY_ELSEWHERE = "That setting is not part of this session."
OVERRIDE_NOT_DOCTOR = (
    "Only a doctor can override a block. Save it without a reason and ask a doctor to pass it."
)
SAVED_BLOCKED = (
    "Saved as BLOCKED: do not treat with this setting until a doctor overrides it with a reason."
)
SIGN_NEEDS_CHECKLIST = "The pre-treatment checklist is not complete."
SIGN_NEEDS_SETTINGS = "Record at least one setting used."
SIGN_BLOCKED_SETTINGS = "A setting is blocked: a doctor must override it (or delete it) first."
SIGN_NEEDS_RESPONSE = "Record the immediate response (pain score included)."
SIGN_NOT_YOURS = "Only the practitioner or doctor who treats signs the session record."
NOT_SIGNED = "The session is not signed yet."
COSIGN_NOT_REQUIRED = "This session does not need a co-signature."
COSIGN_DONE = "This session is already co-signed."
COSIGN_OWN = "A doctor co-signs another clinician's record, not their own."
CONTENT_CHANGED = (
    "The record no longer matches its signature: do not co-sign; report it to the clinic admin."
)
ADDENDUM_EMPTY = "Write the correction or addition."
ADDENDUM_BEFORE_SIGNING = "Before signing, correct the record itself; addenda follow a signature."
NOT_TREATED_REASON = "Say why the patient was not treated."
NOT_TREATED_HAS_SETTINGS = "Settings are recorded: sign the session, or delete them first."
ENTRY_RESPONSE_MISMATCH = "That setting is not part of this session."
ONSET_IN_FUTURE = "The onset cannot be in the future."
FORM_SOURCE = "Say how the event came to the clinic's attention."
DOCTOR_ONLY_EVENT = "Only a doctor at this clinic can acknowledge a serious adverse event."


class TreatmentError(Refused):
    """A refused change to a session; ``message`` is for the user."""


class RecordLocked(TreatmentError, PermissionError):
    """Any attempt to change a signed session record, whatever the path (service or model)."""

    def __init__(self, message: str = SESSION_LOCKED):
        super().__init__(message)


class FieldRefused(TreatmentError):
    """A refusal about one input (``field`` names the form field it belongs to)."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message, field=field)
