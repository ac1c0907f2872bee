"""Assessments in the admin. Each area registers its models in its own module."""

from . import admin_exams, admin_import, admin_practicals, admin_ratings, admin_typing  # noqa: F401
