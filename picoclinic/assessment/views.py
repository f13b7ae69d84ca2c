"""The public self-assessment "Is one session enough for me?" (no login, nothing stored).

The questions are answered in one form; the answer is the clinical core's estimate and
screening in plain words, each number with its sources. Only "Book a consultation with these
answers" sends them on: signed, to the public booking page, which stores them with the request.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.accounts.requests import ClinicHttpRequest
from picoclinic.assessment.forms import EXAMPLES, AssessForm
from picoclinic.assessment.selectors import assess_clinics, assessment_answer, signed_answers
from picoclinic.clinical.common import ClinicalInputError
from picoclinic.scheduling.forms.online import BOT_REFUSED, form_stamp
from picoclinic.scheduling.views import public as views_public
from picoclinic.web.http import client_ip
from picoclinic.web.ratelimit import Limit, limit_hit

# Per address: answers worked out per hour (a person tries a few combinations; a script more).
RATE_LIMIT = 30
RATE_WINDOW_SECONDS = 60 * 60
RATE_LIMITED = gettext_lazy(
    "Too many answers have been asked for from your connection. Please try again later, "
    "or call the clinic."
)
COULD_NOT_ANSWER = gettext_lazy(
    "We could not work out an answer from this combination. Please check your answers, "
    "or ask the clinic at a consultation."
)


def _rate_limited(request, scope: str) -> bool:
    return limit_hit(Limit(scope, RATE_LIMIT, RATE_WINDOW_SECONDS), client_ip(request) or "unknown")


def _framable(response, origins: list[str]):
    """Only these pages, and only for the origins the clinic listed, may be framed."""
    if origins:
        response._csp_replace = {"frame-ancestors": origins}
        response.xframe_options_exempt = True
    return response


# Exempt from CSRF: the page writes nothing and needs no session, and framed in a clinic's
# website the browser withholds our cookies; the signed stamp and the hidden field keep bots out.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def assess(request: ClinicHttpRequest):
    clinic, origins, choices = assess_clinics(request.GET.get("clinic"))
    form = AssessForm(request.POST if request.method == "POST" else None)
    context = {
        "form": form,
        "clinic": clinic,
        "choices": choices,
        "embedded": bool(origins),
        "refused": "",
        "examples": [(i.value, text) for i, text in EXAMPLES.items()],
    }
    status = 200
    if request.method == "POST":
        status = _answer(request, form, context, clinic)
    context["stamp"] = getattr(form, "human_stamp", "") or form_stamp()
    response = render(request, "assessment/assess.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return _framable(response, origins)


def _answer(request, form: AssessForm, context: dict, clinic) -> int:
    if _rate_limited(request, "assess-post-per-address"):
        context["refused"] = RATE_LIMITED
        return 429
    if not form.is_valid():
        context["refused"] = BOT_REFUSED if form.is_bot else ""
        return 200
    today = timezone.localdate(timezone=clinic.zone if clinic else None)
    try:
        answer = assessment_answer(form.cleaned_data, today=today)
    except ClinicalInputError:
        context["refused"] = COULD_NOT_ANSWER
        return 200
    context.update(answer=answer, signed=signed_answers(form, answer))
    return 200


# "Book a consultation with these answers": the public booking page, prefilled. Exempt from
# CSRF for the same reason as the page (it may come from a frame); showing the booking page
# writes nothing, and the booking itself is a normal, CSRF-checked post on that page.
@csrf_exempt
@require_POST
def book_with_answers(request: ClinicHttpRequest):
    if _rate_limited(request, "assess-book-per-address"):
        response = render(
            request, "assessment/assess.html", {"form": AssessForm(), "refused": RATE_LIMITED}
        )
        response.status_code = 429
        return response
    return views_public.book(request)
