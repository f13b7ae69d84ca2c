"""What consent publishes for the apps above it (see ``picoclinic.web.signals``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside ``consent_sign``'s transaction with ``actor``, ``plan`` and ``records`` when a
# patient signs for a plan: the treatments app re-checks the plan's open session checklists, so
# the consent taken at the chair shows on the checklist in the same transaction.
consent_signed = Signal()
