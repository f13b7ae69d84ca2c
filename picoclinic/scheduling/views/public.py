"""The public booking page (no login) and the requester's private page.

One page: choose the clinic, a day with free times, a time, then contact details and
concerns. A bad or forged submission is refused with a message and the visitor's input kept;
a lost race shows "That time is no longer available" with fresh times.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from picoclinic.accounts.requests import ClinicHttpRequest
from picoclinic.scheduling.errors import SLOT_UNAVAILABLE, BookingError
from picoclinic.scheduling.forms.online import BOT_REFUSED, PublicBookingForm, form_stamp
from picoclinic.scheduling.ical import appointment_ics, google_calendar_url
from picoclinic.scheduling.online import (
    OnlineClinic,
    concern_labels,
    online_clinics,
    online_days,
    request_for_token,
    request_token,
)
from picoclinic.scheduling.services.online import booking_request_cancel, booking_request_create
from picoclinic.web.http import client_ip
from picoclinic.web.ratelimit import Limit, limit_hit

# Per address: this many submissions per window (a shared cache makes it hold across
# processes; see docs/scheduling-progress.md).
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60
RATE_LIMITED = (
    "Too many requests have been sent from your connection. Please try again later, "
    "or call the clinic."
)
DAYS_SHOWN = 14
CHOOSE_CLINIC = "Please choose a clinic."
CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _rate_limited(request) -> bool:
    limit = Limit("booking-post-per-address", RATE_LIMIT, RATE_WINDOW_SECONDS)
    return limit_hit(limit, client_ip(request) or "unknown")


def _chosen(clinics: list[OnlineClinic], raw: str | None) -> OnlineClinic | None:
    if len(clinics) == 1:
        return clinics[0]
    return next((o for o in clinics if str(o.clinic.pk) == (raw or "")), None)


def _day(raw: str | None, days: dict) -> date | None:
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        day = None
    if day in days:
        return day
    return next(iter(days), None)


@require_http_methods(["GET", "POST"])
def book(request: ClinicHttpRequest):
    clinics = online_clinics()
    data = request.POST if request.method == "POST" else request.GET
    online = _chosen(clinics, data.get("clinic"))
    browsing = request.method == "GET" or "show_day" in request.POST
    # Choosing another day keeps what was typed, without judging it yet.
    form = PublicBookingForm(initial=_kept(data)) if browsing else PublicBookingForm(request.POST)
    refused, status = "", 200
    if not browsing:
        done, refused, status = _submit(request, online, form)
        if done is not None:
            return done
    now = timezone.now()
    days = online_days(online, now=now) if online is not None else {}
    day = _day(data.get("show_day") or data.get("day"), days)
    context = {
        "clinics": clinics,
        "online": online,
        "days": list(days)[:DAYS_SHOWN],
        "day": day,
        "slots": days.get(day, []),
        "form": form,
        "stamp": getattr(form, "human_stamp", "") or form_stamp(),
        "refused": refused,
        # A time just lost to someone else is not shown as chosen again.
        "picked": "" if refused == SLOT_UNAVAILABLE else data.get("slot", ""),
    }
    return render(request, "booking/book.html", context, status=status)


def _submit(request, online: OnlineClinic | None, form: PublicBookingForm):
    """(the redirect to the request's page, or None; the refusal to show; the status)."""
    if _rate_limited(request):
        return None, RATE_LIMITED, 429
    if online is None:
        return None, CHOOSE_CLINIC, 200
    if not form.is_valid():
        return None, BOT_REFUSED if form.is_bot else "", 200
    try:
        booking_request = booking_request_create(
            online=online,
            starts_at=form.chosen_start(),
            contact=form.contact(),
            form_stamp=form.cleaned_data["started"],
            # The site's configured address; else the one this request came to.
            site_url=settings.PICOCLINIC_BASE_URL or request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        form.add_error("slot", exc)
        return None, "", 200
    except BookingError as exc:
        return None, exc.message, 200
    path = reverse("booking:request", args=[request_token(booking_request)])
    return redirect(f"{path}?new=1"), "", 302


def _kept(data) -> dict:
    names = set(PublicBookingForm.base_fields) - {"started", "website", "slot", "privacy"}
    kept = {name: data.get(name) for name in names if data.get(name)}
    if data.getlist("concerns"):
        kept["concerns"] = data.getlist("concerns")
    return kept


def _request_or_404(token: str):
    found = request_for_token(token)
    if found is None:
        raise Http404("No such request")
    return found


@require_http_methods(["GET", "POST"])
def request_page(request: ClinicHttpRequest, request_token: str):
    booking_request = _request_or_404(request_token)
    refused = ""
    if request.method == "POST" and request.POST.get("action") == "cancel":
        try:
            booking_request_cancel(booking_request=booking_request)
        except BookingError as exc:
            refused = exc.message
        else:
            return redirect(reverse("booking:request", args=[request_token]) + "?cancelled=1")
        booking_request = _request_or_404(request_token)
    appointment = booking_request.appointment
    context = {
        "booking_request": booking_request,
        "appointment": appointment,
        "clinic": appointment.clinic,
        "concerns": concern_labels(booking_request.concerns),
        "is_new": request.GET.get("new") == "1",
        "refused": refused,
        "can_cancel": appointment.status == "booked" and appointment.starts_at > timezone.now(),
        "google_calendar": google_calendar_url(appointment),
        "request_token": request_token,
    }
    response = render(request, "booking/request.html", context)
    # The URL is the key to someone's request: keep it out of caches and referrers.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
def request_calendar(request, request_token: str):
    """ "Add to calendar" from the requester's page and e-mail: the appointment as an .ics
    (the signed token is the key, as for the page; a cancelled one is a cancelled event)."""
    appointment = _request_or_404(request_token).appointment
    response = HttpResponse(
        appointment_ics(appointment), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="consultation.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
