from django.urls import path

from . import views

urlpatterns = [
    path("promotion/", views.candidate_list, name="promotion_candidates"),
    path("promotion/nominate/", views.nominate_view, name="promotion_nominate"),
    path("promotion/cohort/", views.cohort_view, name="promotion_cohort"),
    path("promotion/mine/", views.mine, name="promotion_mine"),
    path("promotion/<int:pk>/", views.dossier, name="promotion_dossier"),
    path("promotion/<int:pk>/decide/", views.decide_view, name="promotion_decide"),
    path("promotion/<int:pk>/export/", views.export_view, name="promotion_export"),
    path("promotion/<int:pk>/practical/<str:kind>/", views.practical_view, name="promotion_practical"),
    path("promotion/<int:pk>/feedback/", views.feedback_request_view, name="promotion_feedback_request"),
    path("promotion/<int:pk>/goals/", views.goals_view, name="promotion_goals"),
    path("promotion/<int:pk>/defence/", views.defence_view, name="promotion_defence"),
    path("promotion/<int:pk>/judge/", views.judge_view, name="promotion_judge"),
    path("promotion/feedback/<int:pk>/", views.feedback_answer_view, name="promotion_feedback_answer"),
]
