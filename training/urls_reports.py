"""URLs of the Excel reports (views in training/views_reports.py)."""

from django.urls import path

from . import views_reports

urlpatterns = [
    path("reports/", views_reports.report_list, name="report_list"),
    path("reports/request/", views_reports.report_request, name="report_request"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views_reports.report_status, name="report_status"),
    path("reports/<int:pk>/download/", views_reports.report_download, name="report_download"),
]
