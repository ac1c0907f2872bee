from django.urls import path

from . import views

urlpatterns = [
    path("accounts/set-password/", views.set_password, name="set_password"),
]
