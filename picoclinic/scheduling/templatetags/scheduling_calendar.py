"""The day calendar's grid body, written in Python: the grid has about 1,600 cells, and
rendering each through template tags costs more than the rest of the page together. Every
piece of text is escaped here; the markup matches what the stylesheet expects."""

from __future__ import annotations

import html
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from picoclinic.scheduling.day_view import Cell, DayCalendar
from picoclinic.scheduling.models import AppointmentStatus

register = template.Library()


def escape(text) -> str:
    """What Django's ``escape`` does (it calls this), without its lazy-string wrapper, which
    costs more than the escaping over the thousands of pieces of a busy page."""
    return html.escape(str(text))


FREE = '<td class="cal__cell"></td>'
OFF = '<td class="cal__cell cal__cell--off"></td>'
BUFFERS = {
    "prep": ("cal__buffer", "Preparation"),
    "tidy": ("cal__buffer", "Tidying up"),
    "clean": ("cal__buffer cal__buffer--clean", "Laser clean-up"),
}


@register.simple_tag
def calendar_body(calendar: DayCalendar) -> SafeString:
    zone = calendar.clinic.zone
    patient_link = path_maker("scheduling:patient", "patient_id")
    out: list[str] = []
    for row in calendar.rows:
        classes = " ".join(c for c in ("cal__hour" * row.on_the_hour, "cal__now" * row.is_now) if c)
        out.append(f'<tr class="{classes}">')
        if row.label_rowspan:
            out.append(
                f'<th scope="row" rowspan="{row.label_rowspan}" class="cal__time">'
                f"{escape(row.label)}</th>"
            )
        out.extend(_cell(cell, zone, patient_link) for cell in row.cells if cell is not None)
        out.append("</tr>")
    return mark_safe("".join(out))  # every dynamic piece is escaped above


def _cell(cell: Cell, zone, patient_link) -> str:
    if cell.part == "free":
        return FREE
    if cell.part == "off":
        return OFF
    if cell.part == "main":
        return _appointment(cell, zone, patient_link)
    if cell.part == "away":
        text = escape(cell.segment.text)
        return (
            f'<td rowspan="{cell.rowspan}" class="cal__away">'
            f'<span class="cal__fill">{text}</span></td>'
        )
    classes, title = BUFFERS.get(cell.part, BUFFERS["tidy"])
    return f'<td rowspan="{cell.rowspan}" class="{classes}" title="{title}"></td>'


def _appointment(cell: Cell, zone, patient_link) -> str:
    a = cell.segment.appointment
    if a.patient_id is None:
        href = reverse("scheduling:request", kwargs={"appointment_id": a.pk})
    else:
        href = patient_link(a.patient_id)
    start = timezone.localtime(a.starts_at, zone)
    request = " cal__appt--request" if a.patient_id is None else ""
    if cell.kind == "device":
        who, sub = a.practitioner.name, f"{a.wavelength_nm} nm" if a.wavelength_nm else ""
    else:
        who = a.patient.full_name if a.patient else _requester(a)
        sub = a.appointment_type.name if cell.kind == "practitioner" else a.practitioner.name
    if a.status != AppointmentStatus.BOOKED:
        sub = f"{sub} · {a.get_status_display()}"
    return (
        f'<td rowspan="{cell.rowspan}" class="cal__appt cal__appt--{escape(a.kind)}{request} '
        f'status--{escape(a.status)}"><a class="cal__link" href="{escape(href)}">'
        f'<span class="cal__line"><strong>{start:%H:%M}</strong> {escape(who)}</span>'
        f'<span class="cal__line cal__sub">{escape(sub)}</span></a></td>'
    )


def _requester(appointment) -> str:
    found = getattr(appointment, "booking_request", None)
    return f"Online request: {found.full_name}" if found is not None else "Consultation request"


# --- The day's list under the grid --------------------------------------------------------------

SENTINEL = 987654321  # reversed once per page, then replaced by each row's ids


def path_maker(name: str, *kwarg_names: str):
    """``reverse(name)`` once; the returned function fills in the ids (a reverse per row
    costs more than the rest of the row)."""
    kwargs = {k: SENTINEL + i for i, k in enumerate(kwarg_names)}
    template = reverse(name, kwargs=kwargs)

    def fill(*ids: int) -> str:
        path = template
        for i, value in enumerate(ids):
            path = path.replace(str(SENTINEL + i), str(value), 1)
        return path

    return fill


@register.simple_tag(takes_context=True)
def day_list_rows(context, appointments) -> SafeString:
    """The rows of the day's list: time, who, type, with whom, status and the actions the
    appointment allows now (check in, start the session, did not attend, move, cancel)."""
    request, zone = context["request"], context["calendar"].clinic.zone
    page = {
        "csrf": escape(str(context.get("csrf_token", ""))),
        "back": escape(request.get_full_path()),
        "back_q": escape(quote(request.get_full_path(), safe="/")),  # as |urlencode
        "today": context["day"] == context["today"],
        "now": context["now"],
        "base": path_maker("scheduling:patient", "patient_id"),
        "chart": path_maker("patients:chart", "patient_id"),
        "request": path_maker("scheduling:request", "appointment_id"),
        "start": path_maker("treatments:start", "patient_id", "appointment_id"),
    }
    out = []
    for a in appointments:
        start = timezone.localtime(a.starts_at, zone)
        end = timezone.localtime(a.ends_at, zone)
        who, actions = _list_person(a, page)
        where = escape(a.practitioner.name) + (f" · {escape(a.room.name)}" if a.room_id else "")
        out.append(
            f'<tr id="appt-{a.pk}"><td class="nowrap">{start:%H:%M}\u2013{end:%H:%M}</td>{who}'
            f"<td>{escape(a.appointment_type.name)}</td><td>{where}</td>"
            f'<td><span class="badge status status--{escape(a.status)}">'
            f"{escape(a.get_status_display())}</span></td><td>{actions}</td></tr>"
        )
    return mark_safe("".join(out))  # every dynamic piece is escaped above


def _list_person(a, page) -> tuple[str, str]:
    if a.patient_id is None:
        found = a.booking_request
        href = page["request"](a.pk)
        who = (
            f'<td><span class="badge badge--online">Online request</span> '
            f'<a href="{href}">{escape(found.full_name)}</a><br><span class="muted small">'
            f"{escape(found.phone)} · {escape(found.email)}</span></td>"
        )
        action = (
            f'<div class="appt-actions"><a class="btn btn--small btn--primary" href="{href}">'
            "Link or register…</a></div>"
            if a.status == AppointmentStatus.BOOKED
            else ""
        )
        return who, action
    online = (
        ' <span class="badge badge--online">booked online</span>'
        if getattr(a, "booking_request", None) is not None
        else ""
    )
    who = (
        f'<td><a href="{page["chart"](a.patient_id)}">{escape(a.patient.full_name)}</a> '
        f'<span class="muted mono">{escape(a.patient.patient_number)}</span>{online}</td>'
    )
    return who, _list_actions(a, page)


def _post_button(action: str, label: str, page, *, primary: bool = False, back: bool = True):
    classes = "btn btn--small btn--primary" if primary else "btn btn--small"
    hidden = f'<input type="hidden" name="next" value="{page["back"]}">' if back else ""
    return (
        f'<form method="post" action="{action}"><input type="hidden" '
        f'name="csrfmiddlewaretoken" value="{page["csrf"]}">{hidden}'
        f'<button type="submit" class="{classes}">{label}</button></form>'
    )


def _list_actions(a, page) -> str:
    booked = a.status == AppointmentStatus.BOOKED
    if not booked and a.status != AppointmentStatus.CHECKED_IN:
        return ""
    base = f"{page['base'](a.patient_id)}{a.pk}/"
    parts = []
    if a.plan_item_id and page["today"]:
        label = "Start session" if booked else "Open session"
        start = page["start"](a.patient_id, a.pk)
        parts.append(_post_button(start, label, page, primary=True, back=False))
    if booked and page["today"] and not a.plan_item_id:
        parts.append(_post_button(f"{base}check-in/", "Check in", page))
    if booked and a.starts_at <= page["now"]:
        parts.append(_post_button(f"{base}no-show/", "Did not attend", page))
    if booked:
        parts.append(f'<a class="btn btn--small btn--ghost" href="{base}move/">Move…</a>')
    parts.append(
        f'<a class="btn btn--small btn--ghost" href="{base}cancel/?next={page["back_q"]}">'
        "Cancel…</a>"
    )
    return f'<div class="appt-actions">{"".join(parts)}</div>'


# --- The week ---------------------------------------------------------------------------------


@register.simple_tag
def week_body(calendar, today) -> SafeString:
    """The week's rows: a resource, then its seven days (about a thousand blocks in a busy
    week; written here for the same reason as the day grid)."""
    out = []
    for row in calendar.rows:
        resource = escape(row.resource.name)
        detail = f"{escape(row.detail)} · {row.count} this week"
        out.append(
            f'<tr class="week__row week__row--{row.kind}"><th scope="row" '
            f'class="week__res cal__head--{row.kind}">{resource}'
            f'<span class="cal__detail">{detail}</span></th>'
        )
        out.extend(_week_cell(cell, today) for cell in row.cells)
        out.append("</tr>")
    return mark_safe("".join(out))  # every dynamic piece is escaped here


def _week_cell(cell, today) -> str:
    classes = "week__cell"
    if cell.note and not cell.items:
        classes += " week__cell--off"
    if cell.day == today:
        classes += " week__cell--today"
    note = f'<span class="week__note">{escape(cell.note)}</span>' if cell.note else ""
    items = "".join(_week_item(item) for item in cell.items)
    return f'<td class="{classes}">{note}{items}</td>'


def _week_item(item) -> str:
    request = " cal__appt--request" if item.is_request else ""
    status = f" · {escape(item.status_label)}" if item.status != AppointmentStatus.BOOKED else ""
    return (
        f'<a class="week__item cal__appt--{escape(item.kind)}{request} '
        f'status--{escape(item.status)}" href="{escape(item.href)}"><strong>{item.starts}</strong> '
        f'{escape(item.text)}<span class="week__sub">{escape(item.sub)}{status}</span></a>'
    )
