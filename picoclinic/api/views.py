"""The person's own API tokens: make one (shown once), see when each was last used, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from picoclinic.accounts.decorators import staff_required
from picoclinic.accounts.selectors import clinics_for_user
from picoclinic.api.forms import TokenForm
from picoclinic.api.tokens import token_create, token_revoke, tokens_of
from picoclinic.web.lookup import get_or_404
from picoclinic.web.refusals import Refused, refusal_on_form


@staff_required()
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None, clinics=clinics_for_user(request.user))
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                clinics=form.cleaned_data["clinics"],
                can_write=form.cleaned_data["can_write"],
                days=form.cleaned_data["days"],
            )
        except Refused as refused:
            refusal_on_form(form, refused)
        else:
            form = TokenForm(clinics=clinics_for_user(request.user))
            messages.success(request, _("Token “%(name)s” made.") % {"name": token.name})
    context = {"form": form, "secret": secret, "tokens": tokens_of(request.user)}
    return render(request, "api/tokens.html", context)


@staff_required()
@require_POST
def token_revoke_view(request, token_id: int):
    token = get_or_404(tokens_of(request.user), "No such token", pk=token_id)
    token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api:tokens")
