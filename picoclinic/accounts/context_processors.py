from picoclinic.accounts.roles import Capability, role_can


def clinic_context(request):
    membership = getattr(request, "membership", None)
    return {
        "current_clinic": getattr(request, "clinic", None),
        "current_membership": membership,
        "memberships": getattr(request, "memberships", []),
        "can_view_audit": bool(membership and role_can(membership.role, Capability.VIEW_AUDIT)),
        "can_review_plans": bool(membership and role_can(membership.role, Capability.REVIEW_PLANS)),
    }
