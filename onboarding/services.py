"""Writes of the pre-onboarding step: the hire confirms the handbook and ticks the checklist; HR opens day 1
for one hire with a reason. Every write is recorded in the audit history of ``Readiness``."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Enrollment

from .models import ChecklistItem, Readiness, Tick
from .selectors import is_gated

REASON_MIN_LENGTH = 4
REASON_MAX_LENGTH = 500


class OnboardingError(Exception):
    """A request the pre-onboarding rules refuse; the message is for the person who made it."""


def _readiness(enrollment: Enrollment) -> Readiness:
    """The enrollment's progress row, locked; made on first use (two first clicks at once make one)."""
    if not is_gated(enrollment):
        raise OnboardingError(_("This training has no pre-onboarding step."))
    try:
        with transaction.atomic():
            readiness, _created = Readiness.objects.get_or_create(enrollment=enrollment)
    except IntegrityError:  # the same first click from another tab
        pass
    return Readiness.objects.select_for_update().get(enrollment=enrollment)


@transaction.atomic
def confirm_handbook(*, enrollment: Enrollment, by: User) -> Readiness:
    """The hire confirms they have read the handbook. A second confirmation keeps the first one's time."""
    readiness = _readiness(enrollment)
    if readiness.handbook_confirmed_at is None:
        readiness.handbook_confirmed_at = timezone.now()
        readiness._history_user = by  # type: ignore[attr-defined]  # the audit history's author without a request
        readiness.save(update_fields=["handbook_confirmed_at"])
    return readiness


@transaction.atomic
def save_checklist(*, enrollment: Enrollment, item_ids: Iterable[int], by: User) -> int:
    """Keep exactly the given active items ticked; returns how many are ticked. Ids of items that are not
    (or no longer) on the list are ignored: a page left open while HR edits the list does not fail."""
    readiness = _readiness(enrollment)
    wanted = set(ChecklistItem.objects.filter(is_active=True, pk__in=list(item_ids)).values_list("pk", flat=True))
    current = set(Tick.objects.filter(readiness=readiness, item__is_active=True).values_list("item_id", flat=True))
    Tick.objects.filter(readiness=readiness, item_id__in=current - wanted).delete()
    Tick.objects.bulk_create(
        [Tick(readiness=readiness, item_id=pk) for pk in sorted(wanted - current)], ignore_conflicts=True
    )
    return len(wanted)


@transaction.atomic
def open_day_one(*, enrollment: Enrollment, reason: str, by: User) -> Readiness:
    """HR opens day 1 for a hire who has not finished the step (a late account, a quiz to be taken on day 1
    with the trainer…). The reason is required and kept with who and when, in the audit history too."""
    reason = " ".join(reason.split())
    if len(reason) < REASON_MIN_LENGTH:
        raise OnboardingError(_("Say why day 1 opens without the pre-onboarding step (at least 4 characters)."))
    if len(reason) > REASON_MAX_LENGTH:
        raise OnboardingError(_("Keep the reason under 500 characters."))
    readiness = _readiness(enrollment)
    if readiness.overridden:
        raise OnboardingError(_("Day 1 is already open for this hire."))
    readiness.overridden_at = timezone.now()
    readiness.overridden_by = by
    readiness.override_reason = reason
    readiness._history_user = by  # type: ignore[attr-defined]
    readiness.save(update_fields=["overridden_at", "overridden_by", "override_reason"])
    return readiness
