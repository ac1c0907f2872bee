"""The admin scoped like the portal (training/admin_scope.py, employees/admin_scope.py): what each
changelist lists, what its filters, choices and autocomplete offer, and who a record says did it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import ShortAnswerPending
from employees.models import Employee
from notifications.models import Notification
from tests.conftest import World
from tests.factories import UserFactory
from tests.matrix_admin import MAKERS, url_name
from training.models import Enrollment, ItemRecord, PlanItem, ShadowingLog

pytestmark = pytest.mark.django_db

# Foreign keys to the person who did something: never a form field, always request.user.
AUTHOR_FIELDS = {
    "recorded_by",
    "graded_by",
    "changed_by",
    "created_by",
    "uploaded_by",
    "requested_by",
    "assessor",
    "by",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def listed(client, label: str) -> set[int]:
    response = client.get(reverse(url_name(label, "changelist")))
    assert response.status_code == 200, label
    return {obj.pk for obj in response.context["cl"].queryset}


@pytest.mark.parametrize("label", [label for label in MAKERS if label != "training.rosterimport"])
def test_trainer_changelists_list_only_the_records_of_the_cohorts_they_train(client, world: World, label):
    mine = MAKERS[label](world, "trainee")
    theirs = MAKERS[label](world, "outsider")
    client.force_login(world.trainer)
    shown = listed(client, label)
    assert mine.pk in shown
    assert theirs.pk not in shown
    client.force_login(world.hr)
    assert {mine.pk, theirs.pk} <= listed(client, label)


def test_changelist_filters_do_not_name_other_cohorts_or_their_trainees(client, world: World):
    for who in ("trainee", "outsider"):
        MAKERS["training.itemrecord"](world, who)
    client.force_login(world.trainer)
    for label in ("training.enrollment", "training.itemrecord", "training.shadowinglog", "training.scheduledday"):
        page = client.get(reverse(url_name(label, "changelist"))).content.decode()
        assert world.cohort.name in page or label == "training.shadowinglog", label
        assert world.other_cohort.name not in page, label
        assert world.outsider.name not in page, label
    client.force_login(world.hr)
    assert world.other_cohort.name in client.get(reverse("admin:training_enrollment_changelist")).content.decode()


def test_searching_the_employees_does_not_find_someone_outside_the_trainers_cohorts(client, world: World):
    client.force_login(world.trainer)
    response = client.get(reverse("admin:employees_employee_changelist"), {"q": world.outsider.name})
    assert response.context["cl"].result_count == 0
    response = client.get(reverse("admin:employees_employee_changelist"), {"q": world.trainee.name})
    assert response.context["cl"].result_count == 1


def test_autocomplete_offers_a_trainer_only_the_employees_of_their_cohorts(client, world: World):
    client.force_login(world.trainer)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "assessments", "model_name": "practicalassessment", "field_name": "employee", "term": ""},
    )
    assert response.status_code == 200
    assert {int(r["id"]) for r in response.json()["results"]} == {world.trainee.pk}


def test_a_trainer_cannot_record_attendance_for_another_cohorts_trainee(client, world: World):
    outsider_enrollment = Enrollment.objects.get(employee=world.outsider)
    item = PlanItem.objects.filter(template=outsider_enrollment.plan).first()
    client.force_login(world.trainer)
    response = client.post(
        reverse("admin:training_itemrecord_add"),
        {"enrollment": outsider_enrollment.pk, "item": item.pk, "attendance": "absent", "note": ""},
    )
    assert response.status_code == 200
    assert "enrollment" in response.context["adminform"].form.errors
    assert not ItemRecord.objects.exists()


def test_attendance_records_name_the_person_who_saved_them_not_the_posted_recorder(client, world: World):
    record = MAKERS["training.itemrecord"](world, "trainee")
    client.force_login(world.trainer)
    response = client.post(
        reverse("admin:training_itemrecord_change", args=[record.pk]),
        {
            "enrollment": record.enrollment_id,
            "item": record.item_id,
            "attendance": "late",
            "note": "",
            "recorded_by": world.other_trainer.pk,
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.attendance, record.recorded_by) == ("late", world.trainer)


def test_a_shadowing_log_keeps_its_mentor_whatever_is_posted(client, world: World):
    log = MAKERS["training.shadowinglog"](world, "trainee")
    client.force_login(world.trainer)
    client.post(
        reverse("admin:training_shadowinglog_change", args=[log.pk]),
        {
            "enrollment": log.enrollment_id,
            "day_number": 3,
            "chats_observed": 30,
            "score": 5,
            "mentor": world.outsider.pk,
        },
    )
    log.refresh_from_db()
    assert (log.chats_observed, log.mentor) == (30, world.mentor)
    assert not ShadowingLog.objects.exclude(pk=log.pk).exists()


def test_a_cohort_added_in_the_admin_is_created_by_the_person_adding_it(client, world: World):
    client.force_login(world.hr)
    response = client.post(
        reverse("admin:training_cohort_add"),
        {
            "name": "十二月新人批",
            "tier": "new_hire",
            "start_date": "2026-12-07",
            "location": "",
            "trainers": [world.trainer.pk],
            "created_by": world.other_trainer.pk,
            "enrollments-TOTAL_FORMS": "0",
            "enrollments-INITIAL_FORMS": "0",
            "enrollments-MIN_NUM_FORMS": "0",
            "enrollments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    from training.models import Cohort

    assert Cohort.objects.get(name="十二月新人批").created_by == world.hr


def test_no_admin_form_takes_who_did_something_from_the_post(world: World):
    """Every registered admin: the fields naming who recorded, graded, changed, assessed, signed or
    created a row are read-only (the server sets them), on the add form and on the change form."""
    request = RequestFactory().get("/admin/")
    request.user = User.objects.create_superuser("root", password="x")
    offending = []
    for model, model_admin in admin.site._registry.items():
        authors = {f.name for f in model._meta.get_fields() if f.name in AUTHOR_FIELDS and f.concrete}
        if model._meta.label_lower == "training.shadowinglog":
            authors.add("mentor")  # the mentor who wrote the log
        if not authors or model is ShortAnswerPending:  # its change page is the answer's (test below)
            continue
        for obj in (None, model._default_manager.first() or model()):
            # A form nobody may save (history, results) shows every field read-only.
            if not (
                model_admin.has_change_permission(request, obj) if obj else model_admin.has_add_permission(request)
            ):
                continue
            form = model_admin.get_form(request, obj)
            offending += [f"{model._meta.label}.{name}" for name in authors if name in form.base_fields]
    assert offending == []


def test_hr_cannot_delete_someone_elses_notification_with_a_changelist_action(client, world: World):
    note = Notification.objects.create(user=world.trainee.user, kind="daily_plan", title="今日安排")
    client.force_login(world.hr)
    client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [note.pk]},
    )
    assert Notification.objects.filter(pk=note.pk).exists()


def _give_admin_access(user: User, *codenames: str) -> User:
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return User.objects.get(pk=user.pk)  # a fresh object: no cached permissions


def test_a_mentor_given_admin_access_sees_only_their_mentees(client, world: World):
    mentor = _give_admin_access(
        world.mentor.user, "view_employee", "view_itemrecord", "view_cohort", "view_attempt", "view_statuschange"
    )
    mine = MAKERS["training.itemrecord"](world, "trainee")
    theirs = MAKERS["training.itemrecord"](world, "outsider")
    client.force_login(mentor)
    assert listed(client, "employees.employee") == {world.trainee.pk}
    assert listed(client, "training.itemrecord") == {mine.pk}
    assert listed(client, "training.cohort") == set()  # cohorts are the trainers' and HR's
    response = client.get(reverse("admin:training_itemrecord_change", args=[theirs.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")


def test_staff_without_a_role_see_no_cohort_or_trainee_records(client, world: World):
    clerk = _give_admin_access(UserFactory(username="clerk"), "view_employee", "view_enrollment")
    client.force_login(clerk)
    assert listed(client, "employees.employee") == set()
    assert listed(client, "training.enrollment") == set()


def test_a_scoped_changelist_takes_as_many_queries_for_many_records_as_for_one(client, world: World):
    client.force_login(world.trainer)
    MAKERS["training.itemrecord"](world, "trainee")
    url = reverse("admin:training_itemrecord_changelist")
    client.get(url)  # warm the content types and the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    enrollment = Enrollment.objects.get(employee=world.trainee)
    for item in PlanItem.objects.filter(template=enrollment.plan)[1:8]:
        ItemRecord.objects.create(enrollment=enrollment, item=item, attendance="present", recorded_by=world.trainer)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)
    assert Employee.objects.count() == 3  # the world's three employees; nothing else was made


def test_the_grading_queue_sends_one_answer_to_its_grading_page_which_is_scoped(client, world: World):
    theirs = MAKERS["assessments.answer"](world, "outsider")
    client.force_login(world.trainer)
    response = client.get(reverse("admin:assessments_shortanswerpending_change", args=[theirs.pk]))
    assert response["Location"] == reverse("admin:assessments_answer_change", args=[theirs.pk])
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
    # Nor does its history show whose answer it is.
    response = client.get(reverse("admin:assessments_shortanswerpending_history", args=[theirs.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")
