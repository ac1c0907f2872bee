"""The trainer's grading backlog on the admin index."""

from django import template

from assessments.exams import pending_answers

register = template.Library()


@register.simple_tag
def grading_backlog(user) -> int:
    return pending_answers(user).count()
