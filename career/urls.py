from django.urls import path

from . import views

urlpatterns = [
    path("certifications/", views.certifications, name="certifications"),
    path("certifications/export/", views.certifications_export, name="certifications_export"),
    path("refreshers/new/", views.refresher_start, name="refresher_start"),
    path("refreshers/needs/", views.refresher_needs, name="refresher_needs"),
]
