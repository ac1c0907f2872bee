from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EmployeeFactory
from training.models import ItemRecord, PlanItem, ShadowingLog
from training.services import enroll

DAY1 = "/cohorts/{pk}/roll-call/2026-11-16/"
DAY4 = "/cohorts/{pk}/roll-call/2026-11-19/"  # a mentor-led shadowing day


def items_of(enrollment, day: int) -> list[PlanItem]:
    return [i for i in PlanItem.objects.filter(template=enrollment.plan, day_number=day) if i.applies_to("pre_sale")]


def test_trainer_records_attendance_and_completion_per_item(client, world):
    client.force_login(world.trainer)
    e = world.enrollment
    first, second, *_ = items_of(e, 1)
    response = client.post(
        DAY1.format(pk=world.cohort.pk),
        {f"att_{e.pk}_{first.pk}": "present", f"done_{e.pk}_{first.pk}": "on", f"att_{e.pk}_{second.pk}": "late"},
    )
    assert response.status_code == 302
    records = {r.item_id: r for r in ItemRecord.objects.filter(enrollment=e)}
    assert (records[first.pk].attendance, records[first.pk].completed) == ("present", True)
    assert (records[second.pk].attendance, records[second.pk].completed) == ("late", False)
    assert records[first.pk].recorded_by == world.trainer


def test_saving_again_changes_records_instead_of_duplicating_them(client, world):
    client.force_login(world.trainer)
    e = world.enrollment
    first = items_of(e, 1)[0]
    url = DAY1.format(pk=world.cohort.pk)
    client.post(url, {f"att_{e.pk}_{first.pk}": "present"})
    client.post(url, {f"att_{e.pk}_{first.pk}": "absent"})
    assert list(ItemRecord.objects.filter(enrollment=e).values_list("attendance", flat=True)) == ["absent"]


def test_an_invalid_attendance_value_reshows_the_form_and_saves_nothing(client, world):
    client.force_login(world.trainer)
    e = world.enrollment
    first, second, *_ = items_of(e, 1)
    response = client.post(
        DAY1.format(pk=world.cohort.pk),
        {f"att_{e.pk}_{first.pk}": "present", f"att_{e.pk}_{second.pk}": "teleported"},
    )
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ItemRecord.objects.exists()


def test_fields_for_people_outside_the_page_are_ignored(client, world):
    """A tampered field naming another cohort's trainee writes nothing for them."""
    client.force_login(world.trainer)
    outsider = world.outsider.enrollments.get()
    item = items_of(outsider, 1)[0]
    client.post(DAY1.format(pk=world.cohort.pk), {f"att_{outsider.pk}_{item.pk}": "absent"})
    assert not ItemRecord.objects.filter(enrollment=outsider).exists()


def test_mentor_sees_only_their_own_mentees_and_writes_the_shadowing_log(client, world):
    other = EmployeeFactory(name="别人的徒弟")
    enroll(cohort=world.cohort, employees=[other])
    client.force_login(world.mentor.user)
    url = DAY4.format(pk=world.cohort.pk)
    page = client.get(url).content.decode()
    assert "张小花" in page and "别人的徒弟" not in page
    e = world.enrollment
    response = client.post(url, {f"chats_{e.pk}": "42", f"score_{e.pk}": "4", f"notes_{e.pk}": "响应快，话术需加强"})
    assert response.status_code == 302
    log = ShadowingLog.objects.get(enrollment=e, day_number=4)
    assert (log.chats_observed, log.score, log.notes, log.mentor) == (42, 4, "响应快，话术需加强", world.mentor)


def test_a_shadowing_log_without_a_score_is_refused(client, world):
    client.force_login(world.mentor.user)
    e = world.enrollment
    response = client.post(DAY4.format(pk=world.cohort.pk), {f"chats_{e.pk}": "10", f"score_{e.pk}": ""})
    assert response.status_code == 200
    assert not ShadowingLog.objects.exists()


def test_a_score_outside_one_to_five_is_refused(client, world):
    client.force_login(world.mentor.user)
    e = world.enrollment
    response = client.post(DAY4.format(pk=world.cohort.pk), {f"chats_{e.pk}": "10", f"score_{e.pk}": "9"})
    assert response.status_code == 200
    assert not ShadowingLog.objects.exists()


def test_the_trainer_reads_the_log_but_cannot_write_it(client, world):
    client.force_login(world.trainer)
    e = world.enrollment
    client.post(DAY4.format(pk=world.cohort.pk), {f"chats_{e.pk}": "5", f"score_{e.pk}": "1"})
    assert not ShadowingLog.objects.exists()


def test_a_mentor_with_no_mentee_in_the_cohort_gets_404(client, world):
    client.force_login(world.mentor.user)
    assert client.get(DAY4.format(pk=world.other_cohort.pk)).status_code == 404


def test_a_malformed_date_is_404_not_a_crash(client, world):
    client.force_login(world.trainer)
    assert client.get(f"/cohorts/{world.cohort.pk}/roll-call/2026-02-30/").status_code == 404


@pytest.mark.parametrize("hires", [3, 30])
def test_roll_call_query_count_does_not_depend_on_cohort_size(client, world, hires):
    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(hires)])
    client.force_login(world.trainer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DAY1.format(pk=world.cohort.pk))
    assert len(response.context["form"].entries) == hires + 1
    # session, user, roles, cohort, "trains this cohort?", count and ids of the day's trainees (pages),
    # scheduled days with trainees and mentors, items, phases, records, shadowing logs
    assert len(ctx.captured_queries) == 13


def test_roll_call_today_redirects_to_the_dated_page(client, world, settings):
    client.force_login(world.trainer)
    response = client.get(f"/cohorts/{world.cohort.pk}/roll-call/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/cohorts/{world.cohort.pk}/roll-call/20")


def test_a_day_off_says_why(client, world):
    client.force_login(world.trainer)
    page = client.get(f"/cohorts/{world.cohort.pk}/roll-call/2026-11-21/").content.decode()
    assert "周末" in page


def test_the_mentor_home_offers_roll_calls_only_for_running_cohorts(client, world):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    with time_machine.travel(datetime(2026, 11, 18, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(world.mentor.user)
        running = client.get("/mentor/")
    with time_machine.travel(datetime(2027, 1, 11, 9, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        client.force_login(world.mentor.user)
        later = client.get("/mentor/")
    assert list(running.context["cohorts"]) == [world.cohort]
    assert list(later.context["cohorts"]) == []
    assert world.trainee.name in later.content.decode()  # the mentee is still listed


def test_roll_call_of_a_big_cohort_comes_fifty_trainees_a_page_and_saves_the_page_posted(client, world):
    from training.models import ItemRecord

    enroll(cohort=world.cohort, employees=[EmployeeFactory() for _ in range(50)])
    client.force_login(world.trainer)
    url = DAY1.format(pk=world.cohort.pk)
    first = client.get(url)
    second = client.get(url + "?page=2")
    assert len(first.context["form"].entries) == 50 and len(second.context["form"].entries) == 1
    last = second.context["form"].entries[0]
    data = {
        name: "present" if name.startswith("att_") else value
        for name, value in second.context["form"].initial.items()
        if value is not None
    }
    data.update({f"att_{last.enrollment.pk}_{item.pk}": "present" for item in last.items})
    response = client.post(url + "?page=2", data)
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    assert set(ItemRecord.objects.values_list("enrollment_id", flat=True)) == {last.enrollment.pk}
