from django.urls import path

from . import views_cohorts as views

urlpatterns = [
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/move/", views.cohort_move, name="cohort_move"),
    path("cohorts/<int:pk>/hires/new/", views.hire_add, name="hire_add"),
    path("cohorts/<int:pk>/members/add/", views.members_add_existing, name="members_add"),
    path("cohorts/<int:pk>/mentors/", views.mentors_assign, name="mentors_assign"),
    path("employees/<int:pk>/", views.employee_detail, name="employee_detail"),
    path("employees/<int:pk>/status/", views.employee_status, name="employee_status"),
    path("enrollments/<int:pk>/extend/", views.enrollment_extend, name="enrollment_extend"),
    path("enrollments/<int:pk>/finish/", views.enrollment_finish, name="enrollment_finish"),
]
