"""What scheduling tells later apps (docs/layers.md). Each is sent inside the transaction of
the change it reports; a receiver that writes joins that transaction.

- ``appointment_booked`` (``appointment``, ``site_url``): an appointment was booked (at the
  desk, online, or as part of a series); ``site_url`` is where links in messages start ("" when
  the caller has none).
- ``self_service_changed`` (sender ``SelfServiceChange``, ``change``): a patient booked, moved,
  cancelled or confirmed an appointment, joined or left the waitlist, or took or declined an
  offered time, themselves (portal or a reminder's link).
- ``slot_freed`` (sender ``FreedSlot``, ``slot``): a future treatment time became free (a
  cancellation or a move), to be offered to the waitlist.
- ``waitlist_offer_made`` (sender ``WaitlistOffer``, ``offer``): a freed time was offered to a
  waiting patient and is held for them until ``offer.expires_at``.
- ``waitlist_offer_expired`` (sender ``WaitlistOffer``, ``offer``): nobody answered in time;
  the time goes to the next patient who fits.
"""

from __future__ import annotations

from django.dispatch import Signal

appointment_booked = Signal()
self_service_changed = Signal()
slot_freed = Signal()
waitlist_offer_made = Signal()
waitlist_offer_expired = Signal()
