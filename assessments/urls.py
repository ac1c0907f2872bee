"""Assessment URLs, one module per area: exams, question import, typing, score sheet, practicals."""

from django.urls import include, path

urlpatterns = [
    path("", include("assessments.urls_exams")),
    path("", include("assessments.urls_import")),
    path("", include("assessments.urls_typing")),
    path("", include("assessments.urls_ratings")),
    path("", include("assessments.urls_practicals")),
]
