"""URLs of the training score sheet (培训评分表)."""

from django.urls import path

from . import views_ratings

urlpatterns = [
    path("ratings/averages/", views_ratings.rating_averages, name="rating_averages"),
    path("ratings/<int:pk>/<str:on>/", views_ratings.rate_sessions, name="rate_sessions"),
]
