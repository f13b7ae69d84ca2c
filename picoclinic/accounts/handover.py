"""Hand-over mode: the tablet handed to a patient for one task, locked to it on the server.

Staff start it from the task's page (signing consent today; a pre-visit questionnaire or a pain
score later, each one entry in ``TASKS``). From then on the session holds the hand-over state
and ``HandoverMiddleware`` answers every other address with the "hand the tablet back" screen
instead of the page: no staff menu, no chart, no other patient, no log-out. The patient finishes
the task and sees that screen too. It returns to staff only after the PIN of the member of staff
who handed it over, or a full sign-in by a member of staff of that clinic. Entering and leaving
are audited (the summary names the task, never the patient: the entry links to them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from picoclinic.accounts.models import Membership, StaffPin, User
from picoclinic.accounts.signals import handover_audit

SESSION_KEY = "picoclinic.handover"
PIN_FAILURE_LIMIT = 5
PIN_LOCKOUT = timedelta(minutes=15)
PIN_MIN_DIGITS, PIN_MAX_DIGITS = 4, 8


class HandoverTask(models.TextChoices):
    CONSENT = "consent", _("Consent signing")


@dataclass(frozen=True)
class Task:
    """A task a patient can do on the handed-over tablet: the one URL it is allowed."""

    url_name: str

    def path(self, patient_id: int) -> str:
        return reverse(self.url_name, kwargs={"patient_id": patient_id})


# A questionnaire or a pain score joins with its own URL name; nothing else changes.
TASKS: dict[str, Task] = {HandoverTask.CONSENT: Task("consent:take")}

ERR_PIN_WRONG = _("That PIN is not right.")
ERR_PIN_LOCKED = _(
    "Too many wrong PINs: the PIN is locked for a while. Sign in with your e-mail and password."
)
ERR_NO_PIN = _("No PIN is set for this login: sign in with your e-mail and password.")
ERR_NOT_STAFF_HERE = _("Only a member of staff of this clinic can take the tablet back.")


class HandoverRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = str(message)


@dataclass(frozen=True)
class HandoverState:
    task: str
    patient_id: int
    clinic_id: int
    staff_id: int
    path: str
    query: str
    done: bool

    @property
    def task_label(self) -> str:
        return str(HandoverTask(self.task).label)

    @property
    def task_url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


def state_of(session) -> HandoverState | None:
    data = session.get(SESSION_KEY) if session is not None else None
    return HandoverState(**data) if data else None


def _store(session, state: HandoverState) -> None:
    session[SESSION_KEY] = state.__dict__.copy()


# --- services --------------------------------------------------------------------------------


def _audit(*, actor: User, action: str, summary: str, state=None, obj=None) -> None:
    """Published for the audit trail (the patients app writes it, in this transaction)."""
    handover_audit.send(
        sender=HandoverState,
        actor=actor,
        action=action,
        summary=summary,
        patient_id=state.patient_id if state else None,
        clinic_id=state.clinic_id if state else None,
        obj=obj,
    )


def handover_start(
    *, session, actor: User, task: str, patient_id: int, clinic_id: int, query: str = ""
) -> str:
    """Hand the tablet to patient ``patient_id`` (reached by the caller through the patient
    access helper) for ``task``: the session is locked to the task's page (returned) until
    staff take it back. Audited in the same transaction."""
    state = HandoverState(
        task=HandoverTask(task).value,
        patient_id=patient_id,
        clinic_id=clinic_id,
        staff_id=actor.pk,
        path=TASKS[task].path(patient_id),
        query=query,
        done=False,
    )
    with transaction.atomic():
        _audit(
            actor=actor,
            action="update",
            summary=f"Tablet handed to the patient: {state.task_label}",
            state=state,
        )
    _store(session, state)
    return state.task_url


def handover_task_done(*, session) -> None:
    """The patient finished the task: from now on every page asks to hand the tablet back."""
    state = state_of(session)
    if state is not None and not state.done:
        _store(session, HandoverState(**(state.__dict__ | {"done": True})))


def handover_end(*, session, actor: User, how: str) -> None:
    """Staff took the tablet back (``how``: "PIN" or "sign-in"); the lock is lifted."""
    state = state_of(session)
    if state is None:
        return
    with transaction.atomic():
        summary = f"Tablet taken back from the patient ({how}): {state.task_label}"
        _audit(actor=actor, action="update", summary=summary, state=state)
    session.pop(SESSION_KEY, None)


def staff_of_clinic(user: User, clinic_id: int) -> bool:
    return Membership.objects.filter(user=user, clinic_id=clinic_id, is_active=True).exists()


def staff_pin_set(*, user: User, pin: str) -> StaffPin:
    """Set ``user``'s own PIN (hashed with the password hashers); clears any lockout."""
    with transaction.atomic():
        stored, _created = StaffPin.objects.update_or_create(
            user=user,
            defaults={"pin_hash": make_password(pin), "failed_attempts": 0, "locked_until": None},
        )
        _audit(actor=user, action="update", summary="Hand-over PIN set", obj=stored)
    return stored


def staff_pin_check(*, user: User, pin: str, now: datetime | None = None) -> None:
    """Accept ``user``'s PIN, or raise ``HandoverRefused``: no PIN, locked, or wrong (counted;
    the limit locks the PIN for ``PIN_LOCKOUT``). Under a row lock, so two tries at once are
    both counted."""
    now = now or timezone.now()
    with transaction.atomic():
        stored = StaffPin.objects.select_for_update().filter(user=user).first()
        if stored is None:
            raise HandoverRefused(ERR_NO_PIN)
        if stored.locked_until is not None and stored.locked_until > now:
            raise HandoverRefused(ERR_PIN_LOCKED)
        if check_password(pin, stored.pin_hash):
            stored.failed_attempts, stored.locked_until = 0, None
            stored.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
            return
        stored.failed_attempts += 1
        locked = stored.failed_attempts >= PIN_FAILURE_LIMIT
        if locked:
            stored.failed_attempts, stored.locked_until = 0, now + PIN_LOCKOUT
        stored.save(update_fields=["failed_attempts", "locked_until", "updated_at"])
        summary = "Hand-over PIN locked after wrong PINs" if locked else "Wrong hand-over PIN"
        _audit(actor=user, action="login_failed", summary=summary, obj=stored)
    raise HandoverRefused(ERR_PIN_LOCKED if locked else ERR_PIN_WRONG)


# --- the lock --------------------------------------------------------------------------------


class HandoverMiddleware:
    """While the session is handed over, only the task's page (until it is done) and the
    hand-back screen answer; every other address gets the hand-back screen, not its page.
    Sits after the authentication and clinic middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.handover = state_of(getattr(request, "session", None))
        state = request.handover
        if state is None or request.path == reverse("accounts:handover_return"):
            return self.get_response(request)
        if not state.done and request.path == state.path:
            return self.get_response(request)
        return hand_back_response(request, status=403)


def hand_back_response(request, *, status: int = 200, **context) -> TemplateResponse:
    from picoclinic.accounts.forms import HandoverSignInForm, PinForm

    context = {
        "state": request.handover,
        "pin_form": context.pop("pin_form", None) or PinForm(),
        "login_form": context.pop("login_form", None) or HandoverSignInForm(request),
    } | context
    response = TemplateResponse(request, "accounts/hand_back.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response.render()
