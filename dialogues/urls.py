from django.urls import path

from . import views

urlpatterns = [
    path("dialogues/", views.scenario_list, name="dialogue_list"),
    path("dialogues/<slug:code>/start/", views.scenario_start, name="dialogue_start"),
    path("dialogues/runs/<int:pk>/", views.session_detail, name="dialogue_session"),
    path("dialogues/runs/<int:pk>/reply/", views.session_reply, name="dialogue_reply"),
    path("dialogues/to-score/", views.score_queue, name="dialogue_queue"),
    path("dialogues/runs/<int:pk>/score/", views.session_score, name="dialogue_score"),
]
