"""What accounts publishes for the apps above it (they subscribe in their ``receivers``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by ClinicContextMiddleware for a signed-in user without a staff membership, with
# ``user``. A receiver answers the clinic that login belongs to, or None (the patients app
# answers a patient's clinic, so their pages show times in its zone).
clinic_of_login = Signal()
