"""What the session page shows, gathered in one place so the views stay thin."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from picoclinic.accounts.roles import Capability
from picoclinic.clinical.common import Fitzpatrick
from picoclinic.consultations import vocab
from picoclinic.consultations.presenters import screening_view
from picoclinic.scheduling.models import Device
from picoclinic.treatments import checklist, signals
from picoclinic.treatments.content import session_hash
from picoclinic.treatments.forms import (
    AddendumForm,
    AdverseEventForm,
    EntryForm,
    NotTreatedForm,
    ResponseForm,
    plain_number,
)
from picoclinic.treatments.models import (
    ChecklistItem,
    CheckState,
    ImmediateResponse,
    SessionScreening,
    SettingsEntry,
    TreatmentSession,
)
from picoclinic.treatments.permissions import roles_at
from picoclinic.treatments.safety import Check, check_or_error
from picoclinic.treatments.screening import baseline_for, change_labels
from picoclinic.treatments.selectors import previous_session, session_entries
from picoclinic.treatments.services_record import proposed_from, with_instruction_findings
from picoclinic.treatments.services_sign import sign_problems
from picoclinic.web.signals import ask


@dataclass
class CheckRow:
    item: ChecklistItem
    label: str
    help: str
    automatic: bool
    tickable: bool

    @property
    def code(self) -> str:
        return self.item.code


@dataclass
class Step:
    anchor: str
    label: str
    state: str  # done, todo, blocked, locked


def session_url(session: TreatmentSession, anchor: str = "") -> str:
    url = reverse(
        "treatments:detail", kwargs={"patient_id": session.patient_id, "session_id": session.pk}
    )
    return f"{url}#{anchor}" if anchor else url


def check_rows(items: list[ChecklistItem]) -> list[CheckRow]:
    return [
        CheckRow(
            item=item,
            label=item.get_code_display(),
            help=checklist.HELP.get(item.code, ""),
            automatic=item.code in checklist.AUTOMATIC,
            tickable=item.code in checklist.TICKABLE,
        )
        for item in items
    ]


def devices_for(session: TreatmentSession):
    return Device.objects.filter(clinic_id=session.clinic_id, is_active=True).order_by("name")


def entry_form_for(session: TreatmentSession, data=None, *, initial=None) -> EntryForm:
    return EntryForm(
        data,
        devices=devices_for(session),
        tattoo=session.indication == "tattoo",
        initial=initial,
        prefix="entry",
    )


def default_entry_initial(
    session: TreatmentSession, entries: list[SettingsEntry], previous: list[SettingsEntry]
) -> tuple[dict, SettingsEntry | None]:
    """Where a new setting starts: this session's last entry (the next pass or area), else the
    previous session's first entry (carry-forward), else the plan item's protocol."""
    if entries:
        return EntryForm.initial_from(entries[-1]), None
    if previous:
        initial = EntryForm.initial_from(previous[0])
        return initial | {"carried_from": previous[0].pk}, previous[0]
    item = session.plan_item
    return {
        "area": (session.areas or "").split(",")[0].strip(),
        "device": session.appointment.device_id,
        "wavelength_nm": item.wavelength_nm,
        "handpiece": item.handpiece,
        "spot_mm": plain_number(item.spot_mm),
        "fluence_j_cm2": plain_number(item.fluence_min),
    }, None


def live_check(
    session: TreatmentSession, form: EntryForm, checks, previous=None
) -> tuple[Check | None, str]:
    """The core's findings for what the form holds now (bound or initial). Only the numbers
    the core reads need to be valid: the area or endpoint may still be empty while typing.
    ``previous`` is the previous session's entries, when the caller has them already."""
    if form.is_bound:
        form.is_valid()
        values = form.cleaned_data
    else:
        values = {name: form.initial.get(name) for name in form.fields}
    needed = ("wavelength_nm", "handpiece", "spot_mm", "fluence_j_cm2", "pulse_ps")
    if any(values.get(name) in (None, "") for name in needed):
        return None, ""
    result, error = check_or_error(session, proposed_from(values), checks, previous)
    if result is not None:
        result = with_instruction_findings(session, values.get("fluence_j_cm2"), result)
    return result, error


def _steps(session, complete: bool, entries, response) -> list[Step]:
    if session.is_locked:
        return [Step("sign", "Signed and locked", "locked")]
    blocked = any(e.needs_override for e in entries)
    return [
        Step("checklist", "Checklist", "done" if complete else "todo"),
        Step("settings", "Settings", "blocked" if blocked else ("done" if entries else "todo")),
        Step("response", "Response", "done" if response else "todo"),
        Step("sign", "Sign", "todo"),
    ]


def _screening(session: TreatmentSession):
    latest = (
        SessionScreening.objects.filter(session=session)
        .select_related("screened_by")
        .order_by("-screened_at", "-id")
        .first()
    )
    if latest is None:
        return None, []
    return screening_view(latest, current=True), change_labels(latest.changed_keys)


def session_page(session: TreatmentSession, *, user, carried: SettingsEntry | None = None, **forms):
    """The page's context. ``forms`` holds bound forms to show with their errors."""
    roles = roles_at(user, session.clinic)
    items = list(
        ChecklistItem.objects.filter(session=session)
        .select_related("checked_by", "override_by")
        .order_by("position", "id")
    )
    complete = checklist.is_complete(items)
    entries = session_entries(session)
    previous = previous_session(session)
    previous_entries = session_entries(previous)
    response = (
        ImmediateResponse.objects.filter(session=session).select_related("recorded_by").first()
    )
    context = {
        "session": session,
        "patient": session.patient,
        "item": session.plan_item,
        "indication_label": vocab.label(vocab.INDICATIONS, session.indication),
        "site_label": vocab.label(vocab.BODY_SITES, session.body_site),
        "skin_type": Fitzpatrick(session.fitzpatrick).roman,
        "can_treat": Capability.CONSULT in roles,
        "is_doctor": Capability.REVIEW_PLANS in roles,
        "open": not session.is_locked,
        "checks": check_rows(items),
        "checklist_complete": complete,
        "blocked_checks": [i for i in items if i.state == CheckState.BLOCKED],
        "entries": entries,
        "previous": previous,
        "previous_entries": previous_entries,
        "previous_response": ImmediateResponse.objects.filter(session=previous).first()
        if previous
        else None,
        "response": response,
        "events": list(
            session.adverse_events.select_related("settings_entry", "recorded_by").order_by(
                "onset_at", "id"
            )
        ),
        "addenda": list(session.addenda.select_related("author")),
        "steps": _steps(session, complete, entries, response),
    }
    screening, changes = _screening(session)
    context |= {"screening": screening, "screening_changes": changes}
    if session.is_locked:
        return context | _locked_part(session, forms)
    return context | _open_part(session, items, entries, previous_entries, response, carried, forms)


def _open_part(session, items, entries, previous_entries, response, carried, forms) -> dict:
    entry_form = forms.get("entry_form")
    carried_note = carried
    if entry_form is None:
        if carried is not None:
            initial = EntryForm.initial_from(carried) | {"carried_from": carried.pk}
        else:
            initial, carried_note = default_entry_initial(session, entries, previous_entries)
        entry_form = entry_form_for(session, initial=initial)
    findings, findings_error = live_check(session, entry_form, items, previous_entries)
    return {
        "baseline": baseline_for(session),
        "entry_form": entry_form,
        "carried": carried_note,
        "findings": findings,
        "findings_error": findings_error,
        "areas": sorted({e.area for e in (*entries, *previous_entries)} | _plan_areas(session)),
        "response_form": forms.get("response_form")
        or ResponseForm(initial=ResponseForm.initial_from(response), prefix="response"),
        "event_form": forms.get("event_form") or event_form_for(session),
        "not_treated_form": forms.get("not_treated_form") or NotTreatedForm(prefix="not_treated"),
        "sign_problems": sign_problems(session),
        "aftercare_preview": _aftercare_preview(session) if entries else None,
    }


def event_form_for(session: TreatmentSession, data=None) -> AdverseEventForm:
    return AdverseEventForm(
        data, entries=SettingsEntry.objects.filter(session=session), prefix="event"
    )


def _plan_areas(session: TreatmentSession) -> set[str]:
    return {area.strip() for area in (session.areas or "").split(",") if area.strip()}


def _locked_part(session: TreatmentSession, forms) -> dict:
    return {
        "addendum_form": forms.get("addendum_form") or AddendumForm(prefix="addendum"),
        "intact": session_hash(session) == session.content_hash,
        "sheet": ask(signals.aftercare_sheet_of_session, session=session),
    }


def _aftercare_preview(session: TreatmentSession) -> dict | None:
    """What the patient will be given when the session is signed (computed, not stored)."""
    return ask(signals.aftercare_preview_of_session, session=session)
