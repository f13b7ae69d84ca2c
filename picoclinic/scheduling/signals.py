"""Events the scheduling app publishes to the apps above it (docs/layers.md)."""

from __future__ import annotations

from django.dispatch import Signal

# An appointment was booked (at the desk, online, or as part of a series), sent inside the
# booking transaction with ``appointment`` and ``site_url`` (the address links in messages
# start with; "" when the caller has none). A receiver's writes commit with the booking.
appointment_booked = Signal()
