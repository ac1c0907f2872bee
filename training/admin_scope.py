"""The admin scoped like the portal: a trainer sees and changes only the records of the cohorts they
train, a mentor (should HR ever give one admin access) only their mentees' records; HR and superusers
everything (``employees.admin_scope.sees_everything``). Anyone else with admin access sees no rows.

Every ModelAdmin of a record that belongs to a cohort or a trainee mixes in ``ScopedAdminMixin`` and
names two paths: ``cohort_path`` from the model to its Cohort (``"enrollment__cohort"``; ``""`` for
the Cohort itself; None: trainers see none) and ``mentee_path`` from the model to the trainee's
Employee (``"enrollment__employee"``; ``""`` for the Employee itself; None: mentors see none).

The scope covers everything the admin reads through the ModelAdmin's queryset: the changelist, its
search, date drill-down and actions, and the change, delete and history pages (an object outside the
scope is "doesn't exist", as for a deleted one). Beside that, the mixin narrows what the admin would
otherwise list from the whole table: the choices of related-field filters, and the cohorts,
enrollments and employees a foreign key may point to (select boxes, raw-id and autocomplete input).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from employees.admin_scope import AuthorFieldsMixin, sees_everything
from employees.models import Employee
from employees.permissions import employee_of
from employees.roles import Role, has_role

from .models import Cohort, Enrollment
from .permissions import cohorts_trained_by

# The paths (to the cohort, to the trainee) of the models a foreign key may point to, for the choices.
RELATED_SCOPES: dict[type[Model], tuple[str | None, str | None]] = {
    Cohort: ("", None),
    Enrollment: ("cohort", "employee"),
    Employee: ("enrollments__cohort", ""),
}


def scope_filter(user: User | AnonymousUser, *, cohort_path: str | None, mentee_path: str | None) -> Q | None:
    """The rows the user may see as a Q on the model, or None for every row (HR, superusers)."""
    if sees_everything(user):
        return None
    allowed: list[Q] = []
    if cohort_path is not None and has_role(user, Role.TRAINER) and isinstance(user, User):
        lookup = f"{cohort_path}__in" if cohort_path else "pk__in"
        allowed.append(Q(**{lookup: cohorts_trained_by(user)}))
    if mentee_path is not None and has_role(user, Role.MENTOR) and isinstance(user, User):
        me = employee_of(user)
        if me is not None:
            allowed.append(Q(**{f"{mentee_path}__mentor" if mentee_path else "mentor": me}))
    if not allowed:
        return Q(pk__in=[])
    combined = allowed[0]
    for q in allowed[1:]:
        combined |= q
    return combined


def scoped(
    user: User | AnonymousUser, queryset: QuerySet[Any], *, cohort_path: str | None, mentee_path: str | None
) -> QuerySet[Any]:
    """The queryset cut to the user's scope. The paths may cross to-many relations (a trainee in
    several cohorts): the filter goes through a subquery on the primary key, so no row comes twice."""
    q = scope_filter(user, cohort_path=cohort_path, mentee_path=mentee_path)
    if q is None:
        return queryset
    return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))


class ScopedAdminMixin(AuthorFieldsMixin):
    """Put before ``admin.ModelAdmin`` (or the ModelAdmin it scopes) and set the two paths."""

    cohort_path: str | None = None
    mentee_path: str | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return scoped(
            request.user, super().get_queryset(request), cohort_path=self.cohort_path, mentee_path=self.mentee_path
        )

    def get_list_filter(self, request: HttpRequest) -> Any:
        """Filters on a related field list only the values found in the user's rows (a trainer does
        not see the names of other cohorts or their trainees in the sidebar)."""
        filters = super().get_list_filter(request)
        if sees_everything(request.user):
            return filters
        narrowed: list[Any] = []
        for entry in filters:
            # A field's path, or (path, filter class); a SimpleListFilter reads get_queryset itself.
            path = entry if isinstance(entry, str) else entry[0] if isinstance(entry, tuple) else None
            path = path if isinstance(path, str) else None  # a Field object in a tuple: left as it is
            by_class = isinstance(entry, str) or (isinstance(entry, tuple) and entry[1] is admin.RelatedFieldListFilter)
            if path is not None and by_class and get_fields_from_path(self.model, path)[-1].is_relation:
                entry = (path, admin.RelatedOnlyFieldListFilter)
            narrowed.append(entry)
        return narrowed

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        paths = RELATED_SCOPES.get(db_field.related_model)
        if paths is not None and "queryset" not in kwargs and not sees_everything(request.user):
            cohort_path, mentee_path = paths
            kwargs["queryset"] = scoped(
                request.user,
                db_field.related_model._default_manager.all(),
                cohort_path=cohort_path,
                mentee_path=mentee_path,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
