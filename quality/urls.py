"""Quality checks (质检): scoring chats, results per employee and team, the export, one's own checks."""

from django.urls import path

from . import views

urlpatterns = [
    path("quality/", views.check_list, name="quality_list"),
    path("quality/teams/", views.team_list, name="quality_teams"),
    path("quality/export.xlsx", views.check_export, name="quality_export"),
    path("quality/new/", views.check_new, name="quality_new"),
    path("quality/mine/", views.my_checks, name="quality_mine"),
    path("quality/checks/<int:pk>/", views.check_detail, name="quality_detail"),
    path("quality/checks/<int:pk>/edit/", views.check_edit, name="quality_edit"),
    path("quality/employees/<int:pk>/", views.employee_results, name="quality_employee"),
    path("quality/sheets/<int:pk>/", views.sheet_detail, name="quality_sheet"),
]
