"""Group robot pages (HR)."""

from django.urls import path

from . import views

urlpatterns = [
    path("robots/", views.robot_list, name="robot_list"),
    path("robots/new/", views.robot_add, name="robot_add"),
    path("robots/<int:pk>/", views.robot_detail, name="robot_detail"),
    path("robots/<int:pk>/edit/", views.robot_edit, name="robot_edit"),
    path("robots/<int:pk>/test/", views.robot_test, name="robot_test"),
    path("robots/messages/<int:pk>/retry/", views.delivery_retry, name="robot_delivery_retry"),
]
