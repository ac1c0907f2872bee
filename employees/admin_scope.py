"""What the admin shows to whom, for the rules this app knows: who sees everything, rows that
belong to one login, and the "… by" fields that the server fills in.

* A superuser and HR see every row (``sees_everything``). Everyone else with admin access sees the
  rows a scope lets through: their own (``OwnRowsAdminMixin``), or the cohorts they train and their
  mentees (``training.admin_scope.ScopedAdminMixin``). No role, no rows.
* Who recorded, graded, assessed or created a row is never a form field: the admin shows it read-only
  and ``save_model`` sets it from ``request.user`` (``AuthorFieldsMixin``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .roles import Role, has_role


def sees_everything(user: User | AnonymousUser) -> bool:
    """Superusers and HR see every row in the admin."""
    return bool(user.is_superuser) or has_role(user, Role.HR)


class AuthorFieldsMixin(admin.ModelAdmin):
    """``set_on_add``: fields set to the person adding the row; ``set_on_save``: to the person saving
    it, each time. Both are read-only in every form, so a posted value is ignored."""

    set_on_add: tuple[str, ...] = ()
    set_on_save: tuple[str, ...] = ()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [f for f in (*self.set_on_add, *self.set_on_save) if f not in readonly]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        for field in (*(() if change else self.set_on_add), *self.set_on_save):
            setattr(obj, field, request.user)
        super().save_model(request, obj, form, change)


class OwnRowsAdminMixin(admin.ModelAdmin):
    """Rows that belong to one login (``owner_path`` leads to the user): everyone sees only their own;
    a superuser sees all. Another user's row is not found (the admin's "doesn't exist")."""

    owner_path = "user"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Model] = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.owner_path: request.user.pk})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # A row added here belongs to the person adding it.
        if db_field.name == self.owner_path and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(pk=request.user.pk or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
