from django.urls import path

from . import views_exams as views

urlpatterns = [
    path("exams/<slug:code>/", views.exam_detail, name="exam_detail"),
    path("attempts/<int:pk>/", views.attempt_take, name="attempt_take"),
    path("attempts/<int:pk>/answer/", views.attempt_answer, name="attempt_answer"),
    path("attempts/<int:pk>/submit/", views.attempt_submit, name="attempt_submit"),
    path("attempts/<int:pk>/result/", views.attempt_result, name="attempt_result"),
    path("notebook/", views.notebook, name="notebook"),
    path("exam-alerts/", views.alerts, name="exam_alerts"),
    path("enrollments/<int:pk>/go-live/", views.go_live, name="go_live"),
]
