from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("today/", views.today, name="today"),
    path("week/", views.week, name="week"),
]
