"""Roster import (HR)."""

from django.urls import path

from . import views_roster

urlpatterns = [
    path("cohorts/<int:pk>/roster/", views_roster.roster_upload, name="roster_upload"),
    path("cohorts/<int:pk>/roster/template.xlsx", views_roster.roster_template, name="roster_template"),
    path("cohorts/<int:pk>/roster/passwords/", views_roster.roster_passwords, name="roster_passwords"),
    path("cohorts/<int:pk>/roster/<int:import_pk>/", views_roster.roster_import, name="roster_import"),
    path("cohorts/<int:pk>/roster/<int:import_pk>/status/", views_roster.roster_status, name="roster_status"),
    path("cohorts/<int:pk>/roster/<int:import_pk>/confirm/", views_roster.roster_confirm, name="roster_confirm"),
    path("cohorts/<int:pk>/roster/<int:import_pk>/retry/", views_roster.roster_retry, name="roster_retry"),
]
