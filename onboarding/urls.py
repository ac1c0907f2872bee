from django.urls import path

from . import views

urlpatterns = [
    path("onboarding/handbook/", views.handbook, name="onboarding_handbook"),
    path("onboarding/handbook/confirm/", views.handbook_confirm, name="onboarding_confirm"),
    path("onboarding/checklist/", views.checklist_save, name="onboarding_checklist"),
    path("onboarding/", views.overview, name="onboarding_overview"),
    path("onboarding/cohorts/<int:pk>/", views.cohort_readiness, name="onboarding_cohort"),
    path("onboarding/enrollments/<int:pk>/open-day-1/", views.open_day_one_page, name="onboarding_open_day_one"),
]
