"""Who may see and do what with knowledge updates.

* Publishing: HR and trainers. HR manages every update (edit, status, export, add people); a trainer
  the updates they published. Another trainer's update is a 404 to them.
* Reading: the recipients of an update (any employee: trainees, and mentors, who are staff at work).
  Someone an update is not addressed to gets a 404; a login without an employee record too.
* Old versions and attachments: the recipients and the staff who manage the update.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from employees.models import Employee
from employees.permissions import employee_of
from employees.roles import Role, has_role

from .models import Attachment, Recipient, Update, Version


def may_publish(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.HR, Role.TRAINER)


def sees_every_update(user: User | AnonymousUser) -> bool:
    return bool(user.is_superuser) or has_role(user, Role.HR)


def managed_updates(user: User | AnonymousUser) -> QuerySet[Update]:
    """HR (and superusers): every update; a trainer: the ones they published; anyone else: none."""
    if sees_every_update(user):
        return Update.objects.all()
    if has_role(user, Role.TRAINER) and isinstance(user, User):
        return Update.objects.filter(created_by=user)
    return Update.objects.none()


def get_managed_update(user: User, pk: int) -> Update:
    return get_object_or_404(managed_updates(user).select_related("current__quiz", "created_by"), pk=pk)


def own_employee(user: User) -> Employee:
    employee = employee_of(user)
    if employee is None:
        raise Http404
    return employee


def get_own_update(user: User, pk: int) -> tuple[Update, Employee]:
    """An update addressed to the user's employee record, with its current version; else a 404."""
    employee = own_employee(user)
    recipient = get_object_or_404(
        Recipient.objects.select_related("update__current__quiz"), update_id=pk, employee=employee
    )
    if recipient.update.current is None:
        raise Http404
    return recipient.update, employee


def may_read(user: User, update: Update) -> bool:
    """A recipient, or staff who manage the update."""
    if managed_updates(user).filter(pk=update.pk).exists():
        return True
    employee = employee_of(user)
    return employee is not None and Recipient.objects.filter(update=update, employee=employee).exists()


def get_version_for_user(user: User, pk: int, number: int) -> Version:
    version = get_object_or_404(Version.objects.select_related("update", "published_by"), update_id=pk, number=number)
    if not may_read(user, version.update):
        raise Http404
    return version


def get_attachment_for_user(user: User, pk: int) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("version__update"), pk=pk)
    if not may_read(user, attachment.version.update):
        raise Http404
    return attachment
