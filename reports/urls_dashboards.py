from django.urls import path

from . import views_dashboards as views

urlpatterns = [
    path("dashboard/", views.hr_dashboard_page, name="hr_dashboard"),
    path("dashboard/trainer/", views.trainer_dashboard_page, name="trainer_dashboard"),
]
