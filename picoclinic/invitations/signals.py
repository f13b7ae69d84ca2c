"""What the invitations app publishes for the apps above it (they listen in ``receivers``)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that gives ``user`` a clinical role (practitioner or doctor) at
# ``clinic`` (an invitation or a change of role), with ``indications`` (values of the clinical
# catalogue's Indication) and ``actor``. The scheduling app creates or links the one
# practitioner record for that person, so they are bookable there: no second record.
clinical_membership_saved = Signal()
