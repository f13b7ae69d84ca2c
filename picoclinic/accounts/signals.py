"""What accounts publishes for the apps above it (they subscribe in their ``receivers``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ClinicContextMiddleware for a signed-in user without a staff membership, with
# ``user``. A receiver answers the clinic that login belongs to, or None (the patients app
# answers a patient's clinic, so their pages show times in its zone).
clinic_of_login = Signal()

# Sent by the hand-over mode (accounts/handover.py) inside the transaction of each change, with
# ``actor``, ``action`` (an audit action's value), ``summary``, ``patient_id``, ``clinic_id``
# and ``obj``: the patients app writes it to the audit trail in that same transaction.
handover_audit = Signal()
