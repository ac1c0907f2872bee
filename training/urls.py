from django.urls import path

from . import views

urlpatterns = [
    path("mentor/", views.mentor_home, name="mentor_home"),
    path("cohorts/<int:pk>/calendar/", views.calendar, name="cohort_calendar"),
    path("cohorts/<int:pk>/roll-call/", views.roll_call_today, name="roll_call_today"),
    path("cohorts/<int:pk>/roll-call/<str:on>/", views.roll_call_page, name="roll_call"),
    path("materials/<int:pk>/", views.attachment, name="attachment"),
]
