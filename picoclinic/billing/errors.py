"""What the money pages say when they refuse (named so the tests assert on them)."""

from django.utils.translation import gettext_lazy as _

NOT_ALLOWED = _("Your role at this clinic does not allow this.")
ADMIN_ONLY = _("Only a clinic admin may do this.")
INVOICE_FINAL = _("This invoice is final and cannot be changed: issue a credit note instead.")
INVOICE_EMPTY = _("An invoice needs at least one line before it is finalised.")
INVOICE_NOT_FINAL = _("Finalise the invoice before taking payment.")
OVERPAID = _("That is more than the balance due ({due}).")
REFUND_TOO_BIG = _("That is more than was paid ({paid}).")
AMOUNT_POSITIVE = _("Enter an amount above zero.")
REASON_NEEDED = _("Give a reason.")
DISCOUNT_OVER_LIMIT = _("A discount over {limit}% needs a clinic admin.")
DISCOUNT_TOO_BIG = _("The discount is more than the line.")
PLAN_HAS_PACKAGE = _("This plan's course is already sold as a package.")
PLAN_NOT_SELLABLE = _("Only an approved or running plan can be sold as a package.")
PACKAGE_NOT_ACTIVE = _("This package has no unused sessions to refund or transfer.")
NO_PRICE = _("There is no single-session price for this package's treatment.")
CREDIT_TWICE = _("This invoice is already fully credited.")
ONLY_INVOICES = _("Only a final invoice can be credited.")
