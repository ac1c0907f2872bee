"""Admin registrations for the training score sheet (imported by assessments/admin.py).

Ratings are the trainee's own words: nobody adds or edits them here. HR may delete one (an abusive
comment, a test entry); trainers see, read only, the ratings of the cohorts they train.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from training.admin_scope import ScopedAdminMixin

from .models import SessionRating


class TrainerFilter(admin.SimpleListFilter):
    """Trainers credited with ratings, by their full names (a User shows its login name)."""

    title = _("trainer")
    parameter_name = "trainer"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        credited = model_admin.get_queryset(request).values("trainer")
        trainers = User.objects.filter(pk__in=credited).order_by("first_name", "last_name", "username")
        # The admin compares and links lookups as text (str(lookup)); give it the text.
        return [(str(u.pk), u.get_full_name() or u.get_username()) for u in trainers]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SessionRating]) -> QuerySet[SessionRating]:
        value = self.value()
        return queryset.filter(trainer_id=int(value)) if value and value.isascii() and value.isdigit() else queryset


@admin.register(SessionRating)
class SessionRatingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    # The cohorts' trainers; not mentors, whose own sessions are among those rated.
    cohort_path, mentee_path = "enrollment__cohort", None
    list_display = [
        "created_at",
        "trainee",
        "cohort",
        "item",
        "leader_name",
        "scores",
        "average_score",
        "comment_excerpt",
    ]
    list_filter = [
        ("enrollment__cohort", admin.RelatedOnlyFieldListFilter),
        TrainerFilter,
        ("mentor", admin.RelatedOnlyFieldListFilter),
        "created_at",
        "item__day_number",
    ]
    search_fields = [
        "enrollment__employee__name",
        "enrollment__employee__employee_no",
        "item__topic",
        "leader_name",
        "comment",
    ]
    list_select_related = ["enrollment__employee", "enrollment__cohort", "item"]
    date_hierarchy = "created_at"
    fields = [
        "enrollment",
        "item",
        "leader_name",
        "trainer",
        "mentor",
        ("content", "delivery", "usefulness"),
        "comment",
        "created_at",
    ]
    readonly_fields = [
        "enrollment",
        "item",
        "leader_name",
        "trainer",
        "mentor",
        "content",
        "delivery",
        "usefulness",
        "comment",
        "created_at",
    ]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SessionRating | None = None) -> bool:
        return False

    @admin.display(description=_("trainee"), ordering="enrollment__employee__name")
    def trainee(self, obj: SessionRating) -> str:
        return obj.enrollment.employee.name

    @admin.display(description=_("cohort"), ordering="enrollment__cohort__name")
    def cohort(self, obj: SessionRating) -> str:
        return obj.enrollment.cohort.name

    @admin.display(description=_("content / delivery / usefulness"))
    def scores(self, obj: SessionRating) -> str:
        return f"{obj.content} / {obj.delivery} / {obj.usefulness}"

    @admin.display(description=_("average"))
    def average_score(self, obj: SessionRating) -> str:
        return str(obj.average)

    @admin.display(description=_("comment"))
    def comment_excerpt(self, obj: SessionRating) -> str:
        return Truncator(obj.comment).chars(30) or "—"
