"""Timeline sources for an employee's page: grades, practical scores and go-live sign-offs
(see ``employees.audit``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from employees.audit import Entry, changes, register
from employees.models import Employee

from .models import Answer, CriterionScore, PracticalAssessment, SignOff


def _answer_before(row: Any, name: str) -> Any:
    # Answers are created in bulk when an attempt starts and scored automatically at closing, without an
    # audit row: before the first person's grade, the score was the automatic one (none for a short answer).
    return row.auto_score if name == "manual_score" else None


@register
def grade_changes(employee: Employee) -> list[Entry]:
    versions = Answer.history.filter(attempt__employee_id=employee.pk, attempt__is_practice=False).select_related(
        "attempt__exam", "history_user__employee"
    )
    return changes(
        list(versions),
        ["manual_score", "comment"],
        subject=lambda row: (
            _("Grade · %(exam)s · question %(n)s")
            % {"exam": row.attempt.exam.title if row.attempt.exam else "—", "n": row.order}
        ),
        first_before=_answer_before,
    )


@register
def practical_changes(employee: Employee) -> list[Entry]:
    versions = PracticalAssessment.history.filter(employee_id=employee.pk).select_related(
        "rubric", "history_user__employee"
    )
    entries = changes(
        list(versions),
        ["percent", "passed", "comment"],
        subject=lambda row: _("Practical · %(rubric)s") % {"rubric": row.rubric.title},
    )
    scores = CriterionScore.history.filter(assessment__employee_id=employee.pk).select_related(
        "assessment__rubric", "criterion", "level", "history_user__employee"
    )
    entries += changes(
        list(scores),
        ["level", "comment"],
        subject=lambda row: (
            _("Practical · %(rubric)s · %(criterion)s")
            % {"rubric": row.assessment.rubric.title, "criterion": row.criterion.title}
        ),
    )
    return entries


@register
def sign_off_changes(employee: Employee) -> list[Entry]:
    versions = SignOff.history.filter(enrollment__employee_id=employee.pk).select_related(
        "by__employee", "history_user__employee"
    )
    return changes(
        list(versions),
        ["by", "recommendation"],
        subject=lambda row: _("Go-live sign-off · %(role)s") % {"role": row.get_role_display()},
    )
