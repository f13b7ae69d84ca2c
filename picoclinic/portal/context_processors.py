"""The count of side-effect reports waiting for staff, for the top bar of every staff page."""

from __future__ import annotations

from functools import cache

from picoclinic.portal.selectors import side_effects_waiting_count


def side_effect_alerts(request) -> dict:
    """``side_effects_waiting``: a callable the template calls once (one query, only on pages
    that show the top bar to staff; none on partials that never render it)."""
    clinic = getattr(request, "clinic", None)
    if getattr(request, "membership", None) is None or clinic is None:
        return {}
    return {
        "side_effects_waiting": cache(
            lambda: side_effects_waiting_count(clinic=clinic, user=request.user)
        )
    }
