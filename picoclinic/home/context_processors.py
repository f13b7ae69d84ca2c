"""The count of the front desk's inbox, for the top bar of every staff page."""

from __future__ import annotations

from functools import cache

from picoclinic.home.inbox import inbox_count


def inbox_waiting(request) -> dict:
    """``inbox_waiting``: a callable the template calls once (one query for every source, only
    on pages that show the top bar to staff)."""
    clinic = getattr(request, "clinic", None)
    if getattr(request, "membership", None) is None or clinic is None:
        return {}
    return {"inbox_waiting": cache(lambda: inbox_count(clinic=clinic, user=request.user))}
