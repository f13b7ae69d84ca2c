"""The day calendar's grid body, written in Python: the grid has about 1,600 cells, and
rendering each through template tags costs more than the rest of the page together. Every
piece of text is escaped here; the markup matches what the stylesheet expects."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from picoclinic.scheduling.day_view import Cell, DayCalendar
from picoclinic.scheduling.models import AppointmentStatus

register = template.Library()

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
    links: dict[int, str] = {}
    out: list[str] = []
    for row in calendar.rows:
        classes = " ".join(c for c in ("cal__hour" * row.on_the_hour, "cal__now" * row.is_now) if c)
        out.append(f'<tr class="{classes}">')
        if row.label_rowspan:
            out.append(
                f'<th scope="row" rowspan="{row.label_rowspan}" class="cal__time">'
                f"{escape(row.label)}</th>"
            )
        out.extend(_cell(cell, zone, links) for cell in row.cells if cell is not None)
        out.append("</tr>")
    return mark_safe("".join(out))  # every dynamic piece is escaped above


def _cell(cell: Cell, zone, links: dict[int, str]) -> str:
    if cell.part == "free":
        return FREE
    if cell.part == "off":
        return OFF
    if cell.part == "main":
        return _appointment(cell, zone, links)
    if cell.part == "away":
        text = escape(cell.segment.text)
        return (
            f'<td rowspan="{cell.rowspan}" class="cal__away">'
            f'<span class="cal__fill">{text}</span></td>'
        )
    classes, title = BUFFERS.get(cell.part, BUFFERS["tidy"])
    return f'<td rowspan="{cell.rowspan}" class="{classes}" title="{title}"></td>'


def _appointment(cell: Cell, zone, links: dict[int, str]) -> str:
    a = cell.segment.appointment
    if a.patient_id not in links:
        links[a.patient_id] = (
            reverse("scheduling:patient", kwargs={"patient_id": a.patient_id})
            if a.patient_id
            else f"#appt-{a.pk}"
        )
    start = timezone.localtime(a.starts_at, zone)
    if cell.kind == "device":
        who, sub = a.practitioner.name, f"{a.wavelength_nm} nm" if a.wavelength_nm else ""
    else:
        who = a.patient.full_name if a.patient else "Consultation request"
        sub = a.appointment_type.name if cell.kind == "practitioner" else a.practitioner.name
    if a.status != AppointmentStatus.BOOKED:
        sub = f"{sub} · {a.get_status_display()}"
    return (
        f'<td rowspan="{cell.rowspan}" class="cal__appt cal__appt--{escape(a.kind)} '
        f'status--{escape(a.status)}"><a class="cal__link" href="{escape(links[a.patient_id])}">'
        f'<span class="cal__line"><strong>{start:%H:%M}</strong> {escape(who)}</span>'
        f'<span class="cal__line cal__sub">{escape(sub)}</span></a></td>'
    )
