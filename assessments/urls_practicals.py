"""Practical assessments (实操能力评估): trainers score a cohort's trainees against the rubrics."""

from django.urls import path

from . import views_practicals as views

urlpatterns = [
    path("cohorts/<int:pk>/practicals/", views.cohort_practicals, name="cohort_practicals"),
    path(
        "cohorts/<int:pk>/practicals/results/<int:assessment_pk>/",
        views.practical_result,
        name="practical_result",
    ),
    path(
        "cohorts/<int:pk>/practicals/<int:employee_pk>/<slug:code>/",
        views.practical_score,
        name="practical_score",
    ),
]
