"""Quick-reply pages: the library, proposals and their review, one's own phrases, groups, import and export."""

from django.urls import path

from . import views

urlpatterns = [
    path("replies/", views.library, name="replies_library"),
    path("replies/propose/", views.propose, name="replies_propose"),
    path("replies/review/", views.review, name="replies_review"),
    path("replies/<int:pk>/approve/", views.approve, name="replies_approve"),
    path("replies/<int:pk>/reject/", views.reject, name="replies_reject"),
    path("replies/team/<int:pk>/edit/", views.team_edit, name="replies_team_edit"),
    path("replies/team/<int:pk>/delete/", views.team_delete, name="replies_team_delete"),
    path("replies/mine/new/", views.mine_edit, name="replies_mine_new"),
    path("replies/mine/<int:pk>/edit/", views.mine_edit, name="replies_mine_edit"),
    path("replies/mine/<int:pk>/delete/", views.mine_delete, name="replies_mine_delete"),
    path("replies/groups/<str:lib>/", views.groups, name="replies_groups"),
    path("replies/groups/<str:lib>/<int:pk>/", views.group_edit, name="replies_group_edit"),
    path("replies/groups/<str:lib>/<int:pk>/delete/", views.group_delete, name="replies_group_delete"),
    path("replies/import/", views.import_upload, name="replies_import"),
    path("replies/import/confirm/<uuid:token>/", views.import_confirm, name="replies_import_confirm"),
    path("replies/export/", views.export, name="replies_export"),
]
