"""HR's and trainers' view of the step: per cohort who is ready for day 1 (handbook, quiz, checklist, HR's
opening), the overview of cohorts before day 1, the block on HR's employee page; query counts pinned."""

from __future__ import annotations

import pytest

from onboarding.models import ChecklistItem
from onboarding.services import confirm_handbook, open_day_one, save_checklist
from tests.factories import EmployeeFactory
from tests.onboarding.conftest import DAY0, at, pass_quiz
from training.services import enroll

pytestmark = pytest.mark.django_db


def test_hr_sees_who_in_the_cohort_is_ready(client, gated_world):
    ready, opened, late = (EmployeeFactory(name=n) for n in ("陈就绪", "林开放", "吴未读"))
    enroll(cohort=gated_world.cohort, employees=[ready, opened, late])
    enrollments = {e.employee_id: e for e in gated_world.cohort.enrollments.select_related("cohort")}
    confirm_handbook(enrollment=enrollments[ready.pk], by=ready.user)
    pass_quiz(ready)
    save_checklist(
        enrollment=enrollments[ready.pk], item_ids=ChecklistItem.objects.values_list("pk", flat=True), by=ready.user
    )
    open_day_one(enrollment=enrollments[opened.pk], reason="账号周一才开通", by=gated_world.hr)
    pass_quiz(late, percent=50)

    client.force_login(gated_world.hr)
    response = client.get(f"/onboarding/cohorts/{gated_world.cohort.pk}/")
    rows = {r.employee.name: r for r in response.context["rows"]}
    assert rows["陈就绪"].ready and rows["陈就绪"].ticks == 4 and rows["陈就绪"].quiz_best == 90
    assert rows["林开放"].ready and rows["林开放"].override_reason == "账号周一才开通"
    assert not rows["吴未读"].ready and rows["吴未读"].quiz_used == 1 and not rows["吴未读"].quiz_passed
    assert not rows["张小花"].ready and rows["张小花"].quiz_used == 0
    page = response.content.decode()
    assert "未通过（最好成绩 50" in page
    assert page.count("开放第 1 天") == 2  # the two still held

    waiting = client.get(f"/onboarding/cohorts/{gated_world.cohort.pk}/?waiting=1").context["rows"]
    assert sorted(r.employee.name for r in waiting) == ["吴未读", "张小花"]

    overview = client.get("/onboarding/")
    with at(DAY0):
        overview = client.get("/onboarding/")
    cohort = next(c for c in overview.context["cohorts"] if c.pk == gated_world.cohort.pk)
    assert (cohort.n_members, cohort.n_ready, cohort.n_confirmed, cohort.n_opened) == (4, 2, 1, 1)


def test_a_trainer_reads_the_cohorts_they_train_without_the_open_button(client, gated_world):
    client.force_login(gated_world.trainer)
    response = client.get(f"/onboarding/cohorts/{gated_world.cohort.pk}/")
    assert response.status_code == 200 and response.context["can_open"] is False
    assert "开放第 1 天" not in response.content.decode()
    assert client.get(f"/onboarding/cohorts/{gated_world.other_cohort.pk}/").status_code == 404
    with at(DAY0):
        names = [c.name for c in client.get("/onboarding/").context["cohorts"]]
    assert names == [gated_world.cohort.name]


def test_hr_employee_page_shows_the_step(client, gated_world):
    confirm_handbook(enrollment=gated_world.enrollment, by=gated_world.trainee.user)
    client.force_login(gated_world.hr)
    page = client.get(f"/employees/{gated_world.trainee.pk}/").content.decode()
    assert "入职准备" in page and "手册测验: 未参加" in page and "员工手册: ✓" in page


@pytest.mark.parametrize("hires", [3, 30])
def test_the_readiness_list_query_count_does_not_depend_on_the_cohort_size(
    client, gated_world, hires, django_assert_num_queries
):
    people = [EmployeeFactory() for _ in range(hires)]
    enroll(cohort=gated_world.cohort, employees=people)
    for person in people[::2]:
        pass_quiz(person)
    client.force_login(gated_world.hr)
    # session, user, roles; the cohort; the page's count; the rows with their readiness (one query); the
    # checklist; the bell's unread count
    with django_assert_num_queries(8):
        response = client.get(f"/onboarding/cohorts/{gated_world.cohort.pk}/")
    assert len(response.context["rows"]) == hires + 1


@pytest.mark.parametrize("hires", [3, 30])
def test_the_overview_query_count_does_not_depend_on_the_cohort_size(
    client, gated_world, hires, django_assert_num_queries
):
    enroll(cohort=gated_world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    client.force_login(gated_world.hr)
    # session, user, roles; the page's count; the cohorts; every member's readiness (one query); the bell
    with at(DAY0), django_assert_num_queries(7):
        response = client.get("/onboarding/")
    assert sum(c.n_members for c in response.context["cohorts"]) == hires + 2
