"""The one way to fetch an object or answer 404."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Manager, Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_or_404(queryset: QuerySet[M] | Manager[M], message: str, **lookup: Any) -> M:
    """The one row of ``queryset`` matching ``lookup``, else 404 with ``message``.

    A malformed id (text, a number too large for the column) is answered like a missing one,
    never a 500; so is a row outside ``queryset`` (another patient's, another clinic's).
    """
    try:
        return queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, OverflowError):  # the model's DoesNotExist
        raise Http404(message) from None
