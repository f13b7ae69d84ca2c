"""What a "review before the next session" task asks, read from the appointments as they are now.

The task is stored when a session is signed; the booking of the next session changes after
that (booked later, moved, cancelled, missed, the course shortened). So what the task says is
not stored with it: it is worked out when the work list is shown, from the plan item's
appointments for that session number (one query for the whole page). A task never says a
session is booked unless that very session of that plan item is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from picoclinic.aftercare.models import FollowUpTask, TaskKind
from picoclinic.scheduling.models import Appointment, AppointmentStatus

ENDED = frozenset({"completed", "stopped"})  # plan statuses after which no session follows
GONE = frozenset({AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW})


class Premise:
    BOOKED = "booked"
    NOT_BOOKED = "not_booked"
    CANCELLED = "cancelled"
    MISSED = "missed"
    TOOK_PLACE = "took_place"
    NO_MORE = "no_more"

    MOOT = frozenset({TOOK_PLACE, NO_MORE})  # nothing left to do for the next session


@dataclass(frozen=True)
class NextSession:
    state: str
    text: str

    @property
    def moot(self) -> bool:
        return self.state in Premise.MOOT


def next_sessions(tasks: list[FollowUpTask]) -> None:
    """Set ``task.next_session`` (a ``NextSession``) on every review task of ``tasks`` whose
    session is loaded with its plan item and plan; one query for all of them."""
    reviews = [t for t in tasks if t.kind == TaskKind.REVIEW_BEFORE_NEXT and t.session_id]
    if not reviews:
        return
    by_slot = _appointments_by_slot(reviews)
    for task in reviews:
        session = task.session
        number = session.session_number + 1
        task.next_session = _premise(session, number, by_slot[(session.plan_item_id, number)])


def _appointments_by_slot(reviews: list[FollowUpTask]) -> dict[tuple[int, int], list]:
    rows = (
        Appointment.objects.filter(
            plan_item_id__in={t.session.plan_item_id for t in reviews},
            session_number__in={t.session.session_number + 1 for t in reviews},
        )
        .select_related("clinic")
        .order_by("starts_at", "id")
    )
    found = defaultdict(list)
    for row in rows:
        found[(row.plan_item_id, row.session_number)].append(row)
    return found


def _when(appointment) -> str:
    return f"{timezone.localtime(appointment.starts_at, appointment.clinic.zone):%a %-d %b %H:%M}"


def _premise(session, number: int, appointments: list) -> NextSession:
    item = session.plan_item
    live = [a for a in appointments if a.status not in GONE]
    values = {"n": number}
    if took := next((a for a in live if a.status == AppointmentStatus.COMPLETED), None):
        text = _("Session %(n)s took place on %(when)s: nothing left to confirm.")
        return NextSession(Premise.TOOK_PLACE, text % (values | {"when": _when(took)}))
    if live:
        text = _("Session %(n)s is booked for %(when)s: check healing, confirm the appointment.")
        return NextSession(Premise.BOOKED, text % (values | {"when": _when(live[0])}))
    if number > item.sessions or item.plan.status in ENDED:
        text = _("The course now ends before session %(n)s: no further session to book.")
        return NextSession(Premise.NO_MORE, text % values)
    if appointments:
        last = appointments[-1]
        state = Premise.MISSED if last.status == AppointmentStatus.NO_SHOW else Premise.CANCELLED
        text = (
            _("Session %(n)s was missed (%(when)s): check healing and book it again.")
            if state == Premise.MISSED
            else _("Session %(n)s was cancelled (%(when)s): check healing and book it again.")
        )
        return NextSession(state, text % (values | {"when": _when(last)}))
    text = _("Session %(n)s is not booked yet: check healing and book it.")
    return NextSession(Premise.NOT_BOOKED, text % values)
