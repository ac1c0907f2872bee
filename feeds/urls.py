"""The calendar feed and the page that gives its address."""

from django.urls import path

from . import views

urlpatterns = [
    path("cal/<str:token>.ics", views.feed, name="calendar_feed"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/rotate/", views.rotate, name="calendar_rotate"),
]
