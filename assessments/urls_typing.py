"""打字测试 URLs: a trainee's passages and history, the test, a result, and staff's view of a trainee."""

from django.urls import path

from . import views_typing as views

urlpatterns = [
    path("typing/", views.typing_list, name="typing_list"),
    path("typing/passages/<int:pk>/", views.typing_test, name="typing_test"),
    path("typing/passages/<int:pk>/start/", views.typing_start, name="typing_start"),
    path("typing/results/<int:pk>/", views.typing_result, name="typing_result"),
    path("typing/employees/<int:pk>/", views.typing_employee, name="typing_employee"),
]
