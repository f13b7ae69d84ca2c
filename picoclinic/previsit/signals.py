"""Events the previsit app publishes to the apps above it (docs/layers.md)."""

from __future__ import annotations

from django.dispatch import Signal

# A patient sent back their questionnaire before the visit: sent inside
# ``questionnaire_return``'s transaction with ``questionnaire`` (its ``flags`` and ``overall``
# already set). The front desk's inbox (home) lists it.
questionnaire_returned = Signal()
