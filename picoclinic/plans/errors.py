"""User-facing texts of the plans app, named so tests and templates assert on the same words."""

from __future__ import annotations

# Creating a plan
ERR_CONSULTATION_NOT_COMPLETED = "Finish the consultation before writing a plan from it."
ERR_CONSULTATION_HAS_PLAN = (
    "This consultation already has a plan. Change that plan, or stop it to write a new one."
)
ERR_CONSULTATION_OTHER_PATIENT = "That consultation belongs to another patient."
ERR_NO_SKIN_TYPE = "The consultation has no skin type: confirm it before writing a plan."
ERR_NO_CONCERNS = "The consultation lists no concerns to plan for."
ERR_CONCERN_INPUT = "{concern}: the consultation's details cannot be estimated ({message})."

# Editing a plan item
ERR_INTERVAL_REASON_REQUIRED = (
    "This interval is outside the published range for the indication: give the clinical reason."
)
ERR_INTERVAL_ORDER = "The interval must be minimum ≤ target ≤ maximum days."
ERR_SESSIONS_MIN = "Plan at least one session."
ERR_FLUENCE_ORDER = "The lowest fluence cannot be above the highest."
ERR_FLUENCE_ONE_SIDED = "Give both the lowest and the highest fluence, or neither."
ERR_PRICE_CURRENCY = "Give the currency of the price as a three-letter code, such as GBP."
ERR_CURRENCY_WITHOUT_PRICE = "A currency was given without a price."
ERR_PLAN_LOCKED = (
    "This plan is {status}: its content can no longer change. Stop it and write a new plan "
    "from the consultation if the treatment must change."
)

# Changes of state
ERR_WRONG_STATE = "This plan is {status}: it cannot be {action} now."
ERR_ITEMS_INVALID = "Some items need correcting before the plan can be submitted."
ERR_SCREENING_BLOCKS = "Screening does not allow this plan to be approved yet."
ERR_NOT_SCREENED = "{concern} has not been screened: screen it in the consultation first."
ERR_VERSION_CHANGED = (
    "The plan changed while you were reading it (it is now version {version}): read it again "
    "before approving."
)
ERR_NOT_A_REVIEWER = "Only a doctor of this clinic can approve or return a plan."
ERR_NOT_A_CLINICIAN = "Only a practitioner or doctor of this clinic can change a plan."
ERR_RETURN_COMMENT = "Say what needs to change, so the practitioner can act on it."
ERR_STOP_REASON = "Give the reason for stopping the plan."
ERR_APPROVAL_NOT_VALID = (
    "The plan has no valid approval for its current version: submit it for approval again."
)
ERR_NO_CONSENT = (
    "The patient has not signed a treatment consent for this version of the plan: take "
    "consent before the first session."
)

# Messages after success
MSG_CREATED = "Plan created from the consultation. Check each item, then submit it."
MSG_SAVED = "Saved. The plan is now version {version}."
MSG_SAVED_BACK_TO_DRAFT = (
    "Saved as version {version}. The plan changed after it was submitted or approved, so it is a "
    "draft again and needs approval again."
)
MSG_NO_CHANGE = "Nothing changed."
MSG_SUBMITTED_FOR_REVIEW = "Submitted for medical review. A doctor of the clinic will see it."
MSG_APPROVED_ON_SUBMIT = (
    "Approved: the clinic's policy needs no medical review for this plan, so your submission "
    "approves it."
)
MSG_APPROVED = "Plan approved (version {version})."
MSG_RETURNED = "Plan returned to the practitioner with your comment."
MSG_STARTED = "The course has started."
MSG_COMPLETED = "The course is marked completed."
MSG_STOPPED = "The plan is stopped."

# Review reasons (stored on the plan as shown to the doctor)
WHY_SKIN_TYPE = "Skin type {roman}: the clinic reviews plans for this skin type."
WHY_PRECAUTION = "{concern}: screening precaution: {reason}"
WHY_INDICATION = "{concern}: the clinic reviews every {label} plan."
WHY_PERIOCULAR = "{concern}: periocular treatment."
WHY_ALL_PLANS = "The clinic reviews every plan."
WHY_SCREENING_DOCTOR = "{concern}: screening asks for a doctor: {reason}"
WHY_INTERVAL = "{concern}: interval outside the published range ({reason})."
WHY_SETTING = "{concern}: {message}"

# Extending or shortening a course in progress.
ERR_COURSE_NOT_IN_PROGRESS = "Only a course in progress is extended or shortened this way."
ERR_COURSE_REASON = "Give the reason for changing the course, for the record and the doctor."
ERR_COURSE_SAME = "The course already has {sessions} session{plural} planned."
ERR_COURSE_BELOW_DONE = (
    "{done} session{plural} of this course already took place: plan at least {done}."
)
ERR_COURSE_MAX = "Plan at most {most} sessions; a longer course is a new plan."
ERR_COURSE_PENDING = "A change of this course is already waiting for a doctor: it is decided first."
ERR_COURSE_DECIDED = "This change was already decided."
ERR_COURSE_DECLINE_COMMENT = "Say why the change is declined, so the practitioner can act on it."
MSG_COURSE_APPLIED = (
    "The course now has {sessions} sessions (plan version {version}). The patient signs the "
    "treatment consent again for the changed course before the next session."
)
MSG_COURSE_PENDING = (
    "The change is waiting for a doctor. The course goes on as approved until it is decided."
)
MSG_COURSE_DECLINED = "The change is declined; the course stays as approved."
