from django.urls import path

from . import views

urlpatterns = [
    path("coaching/", views.plan_list, name="coaching_plans"),
    path("coaching/new/", views.plan_create, name="coaching_plan_create"),
    path("coaching/<int:pk>/", views.plan_detail, name="coaching_plan_detail"),
    path("coaching/<int:pk>/edit/", views.plan_edit, name="coaching_plan_edit"),
    path("coaching/trial-post/<int:pk>/", views.trial_post_log, name="trial_post_log"),
    path("coaching/trial-post/<int:pk>/day/<int:day>/", views.trial_post_log_day, name="trial_post_log_day"),
    path("coaching/rewards/", views.reward_list, name="rewards"),
    path("coaching/rewards/new/", views.reward_propose, name="reward_propose"),
    path("coaching/rewards/export/", views.reward_export, name="rewards_export"),
    path("coaching/rewards/<int:pk>/", views.reward_detail, name="reward_detail"),
    path("coaching/rewards/<int:pk>/evidence/", views.reward_evidence, name="reward_evidence"),
]
