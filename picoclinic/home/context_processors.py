"""The count of the front desk's inbox, for the top bar of every staff page."""

from __future__ import annotations

from functools import cache

from picoclinic.home.inbox import inbox_counts


def inbox_waiting(request) -> dict:
    """``inbox_waiting``: a callable the template calls (one query for every source, only on
    pages that show the top bar to staff).

    The same query counts the side-effect reports waiting, so this also answers the top bar's
    ``side_effects_waiting`` (set by ``portal.context_processors`` before it, never called
    then): the bar reads one query for both counts, as it read one before the inbox.
    """
    clinic = getattr(request, "clinic", None)
    if getattr(request, "membership", None) is None or clinic is None:
        return {}
    counts = cache(lambda: inbox_counts(clinic=clinic, user=request.user))
    return {
        "inbox_waiting": lambda: sum(counts().values()),
        "side_effects_waiting": lambda: counts().get("side_effects", 0),
    }
