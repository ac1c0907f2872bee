"""Question import: upload and preview, the confirmation, and the Excel template."""

from django.urls import path

from . import views_import

urlpatterns = [
    path("questions/import/", views_import.question_import, name="question_import"),
    path("questions/import/template.xlsx", views_import.question_import_template, name="question_import_template"),
    path("questions/import/<uuid:token>/", views_import.question_import_confirm, name="question_import_confirm"),
]
