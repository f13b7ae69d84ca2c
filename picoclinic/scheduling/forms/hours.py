"""The week grid: a clinic's opening hours or a practitioner's working hours there, Monday to
Sunday in one form, each day closed or open from/to, with an optional second span (a lunch
break). "Copy to days" rewrites the grid without saving (no JavaScript needed)."""

from __future__ import annotations

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from picoclinic.scheduling.models import Weekday

ERR_BOTH_TIMES = _("Give both times, or leave both empty.")
ERR_CLOSE_BEFORE_OPEN = _("The end must be after the start.")
ERR_OVERLAP = _("The two spans of this day overlap.")
ERR_OPEN_NO_TIMES = _("Give the hours, or tick “closed”.")

DAYS = list(Weekday)
WEEKDAYS = [day for day in DAYS if day < Weekday.SATURDAY]
SPAN_FIELDS = ("starts", "ends", "starts2", "ends2")
SPAN_LABELS = {
    "starts": _("%(day)s from"),
    "ends": _("%(day)s to"),
    "starts2": _("%(day)s then from"),
    "ends2": _("%(day)s then to"),
}


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, label: str):
        super().__init__(format="%H:%M", attrs={"aria-label": label})


def _field(day: Weekday, name: str) -> str:
    return f"d{day.value}_{name}"


class WeekHoursForm(forms.Form):
    """Seven rows; ``week()`` gives ``{weekday: [(start, end), ...]}`` of the valid form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in DAYS:
            closed = _("%(day)s closed") % {"day": day.label}
            self.fields[_field(day, "closed")] = forms.BooleanField(
                required=False,
                label=closed,
                widget=forms.CheckboxInput(attrs={"aria-label": closed}),
            )
            for name in SPAN_FIELDS:
                label = SPAN_LABELS[name] % {"day": day.label}
                self.fields[_field(day, name)] = forms.TimeField(
                    required=False, widget=TimeInput(label), label=label
                )

    def rows(self) -> list[dict]:
        """One dict per weekday for the template: its label, fields and errors."""
        return [
            {
                "day": day,
                "label": day.label,
                "closed": self[_field(day, "closed")],
                "spans": [self[_field(day, n)] for n in SPAN_FIELDS],
                "errors": self._row_errors(day),
            }
            for day in DAYS
        ]

    def _row_errors(self, day: Weekday) -> list[str]:
        if not self.is_bound:
            return []
        names = [_field(day, n) for n in ("closed", *SPAN_FIELDS)]
        return [error for name in names for error in self.errors.get(name, [])]

    def clean(self):
        data = super().clean()
        for day in DAYS:
            self._clean_day(day, data)
        return data

    def _clean_day(self, day: Weekday, data: dict) -> None:
        if data.get(_field(day, "closed")):
            return
        spans = []
        for start_name, end_name in (("starts", "ends"), ("starts2", "ends2")):
            start, end = data.get(_field(day, start_name)), data.get(_field(day, end_name))
            if _field(day, start_name) in self.errors or _field(day, end_name) in self.errors:
                return
            if (start is None) != (end is None):
                self.add_error(_field(day, start_name), ERR_BOTH_TIMES)
                return
            if start is not None and end <= start:
                self.add_error(_field(day, end_name), ERR_CLOSE_BEFORE_OPEN)
                return
            if start is not None:
                spans.append((start, end))
        if not spans:
            self.add_error(_field(day, "starts"), ERR_OPEN_NO_TIMES)
        elif len(spans) == 2 and spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1]:
            self.add_error(_field(day, "starts2"), ERR_OVERLAP)

    def week(self) -> dict[int, list[tuple[time, time]]]:
        data = self.cleaned_data
        week: dict[int, list[tuple[time, time]]] = {}
        for day in DAYS:
            if data.get(_field(day, "closed")):
                continue
            pairs = [("starts", "ends"), ("starts2", "ends2")]
            spans = [
                (data[_field(day, a)], data[_field(day, b)])
                for a, b in pairs
                if data.get(_field(day, a)) is not None
            ]
            week[day.value] = sorted(spans)
        return week


def initial_from_rows(rows: list[tuple[int, time, time]]) -> dict:
    """The grid's initial values from stored ``(weekday, start, end)`` rows: a day without
    rows is closed; the first two spans of a day are shown."""
    initial: dict = {}
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in sorted(rows):
        by_day.setdefault(weekday, []).append((start, end))
    for day in DAYS:
        spans = by_day.get(day.value, [])
        initial[_field(day, "closed")] = not spans
        pairs = [("starts", "ends"), ("starts2", "ends2")]
        for (start, end), (a, b) in zip(spans[:2], pairs, strict=False):
            initial[_field(day, a)] = start.strftime("%H:%M")
            initial[_field(day, b)] = end.strftime("%H:%M")
    return initial


def copy_days(data, *, source: int, targets: list[int]) -> dict:
    """The posted grid with ``source``'s row copied onto each of ``targets``, as initial
    values for an unsaved grid (what was typed elsewhere is kept)."""
    copied = {key: data.get(key, "") for key in WeekHoursForm().fields}
    for target in targets:
        for name in ("closed", *SPAN_FIELDS):
            copied[f"d{target}_{name}"] = data.get(f"d{source}_{name}", "")
    for key, value in copied.items():
        if key.endswith("_closed"):
            copied[key] = bool(value)
    return copied


def copy_request(data) -> tuple[int, list[int]] | None:
    """Which copy the grid's buttons asked for: "weekdays" copies Monday to Tuesday-Friday;
    "days" copies the chosen day to the ticked days (nothing, if none is ticked). None: a save."""
    action = data.get("copy")
    if action not in ("weekdays", "days"):
        return None
    if action == "weekdays":
        return Weekday.MONDAY.value, [d.value for d in WEEKDAYS[1:]]
    valid = {str(d.value) for d in DAYS}
    source = data.get("copy_from", "")
    if source not in valid:
        return Weekday.MONDAY.value, []
    targets = [int(t) for t in data.getlist("copy_to") if t in valid and t != source]
    return int(source), targets
