"""KPI pages: imports, thresholds, CS accounts (HR)."""

from django.urls import path

from . import views

urlpatterns = [
    path("kpi/imports/", views.import_list, name="kpi_import_list"),
    path("kpi/imports/new/", views.import_upload, name="kpi_import_upload"),
    path("kpi/imports/confirm/<uuid:token>/", views.import_confirm, name="kpi_import_confirm"),
    path("kpi/imports/<int:pk>/", views.import_detail, name="kpi_import_detail"),
    path("kpi/thresholds/", views.thresholds, name="kpi_thresholds"),
    path("kpi/accounts/", views.account_list, name="kpi_account_list"),
    path("kpi/accounts/<int:pk>/", views.employee_accounts, name="kpi_employee_accounts"),
]
