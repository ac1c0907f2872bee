"""Excel reports, who may ask for and download what: HR, and trainers within their own cohorts; tampered
requests; the report list; the admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from reports.models import Report
from reports.services import request_report
from tests.reports.report_data import build

pytestmark = pytest.mark.usefixtures("media_in_english")


# ---------------------------------------------------------------------------- who may ask and download


def post(client, user, **data):
    client.force_login(user)
    return client.post(reverse("report_request"), {k: str(v) for k, v in data.items()})


def test_a_trainer_asks_for_reports_of_their_own_cohort_and_trainees_only(client, world):
    assert post(client, world.trainer, kind="cohort", cohort=world.cohort.pk).status_code == 302
    assert post(client, world.trainer, kind="transcript", employee=world.trainee.pk).status_code == 302
    assert post(client, world.trainer, kind="cohort", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="training", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="transcript", employee=world.outsider.pk).status_code == 404
    assert post(client, world.trainer, kind="employees", cohort=world.other_cohort.pk).status_code == 404
    assert post(client, world.trainer, kind="weekly", week_start="2026-11-16").status_code == 403
    assert post(client, world.trainer, kind="training", since="2026-11-01", until="2026-11-30").status_code == 403
    assert post(client, world.trainer, kind="employees").status_code == 403
    assert Report.objects.count() == 2


def test_tampered_requests_are_refused_and_store_nothing(client, world):
    assert post(client, world.hr, kind="cohort", cohort="1 OR 1=1").status_code == 404
    assert post(client, world.hr, kind="cohort", cohort=999999).status_code == 404
    assert post(client, world.hr, kind="transcript", employee="abc").status_code == 404
    assert post(client, world.hr, kind="everything").status_code == 400
    assert post(client, world.mentor.user, kind="cohort", cohort=world.cohort.pk).status_code == 403
    assert post(client, world.trainee.user, kind="transcript", employee=world.trainee.pk).status_code == 403
    assert not Report.objects.exists()


def test_a_bad_date_range_is_explained_and_nothing_is_stored(client, world):
    response = post(client, world.hr, kind="training", since="2026-11-30", until="2026-11-01")
    assert response.status_code == 302 and response["Location"] == reverse("report_list")
    page = client.get(response["Location"]).content.decode()
    assert "The start of the range is after its end." in page
    response = post(client, world.hr, kind="weekly", week_start="2026-13-45", next="/cohorts/")
    assert response["Location"] == "/cohorts/"
    response = post(client, world.hr, kind="weekly", week_start="2026-11-16", next="https://evil.example/")
    assert response["Location"].startswith("/reports/")  # never sent off-site
    assert Report.objects.count() == 1


def test_reports_are_seen_by_hr_and_by_the_trainer_who_asked_while_in_scope(client, world):
    by_hr = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    by_trainer = build("cohort", {"cohort": world.cohort.pk}, world.trainer)
    client.force_login(world.trainer)
    for name in ("report_detail", "report_status", "report_download"):
        assert client.get(reverse(name, args=[by_trainer.pk])).status_code == 200, name
        assert client.get(reverse(name, args=[by_hr.pk])).status_code == 404, name
    assert client.get(reverse("report_download", args=[999999])).status_code == 404
    listed = client.get(reverse("report_list")).content.decode()
    assert reverse("report_detail", args=[by_trainer.pk]) in listed
    assert reverse("report_detail", args=[by_hr.pk]) not in listed
    world.cohort.trainers.remove(world.trainer)  # no longer trains the cohort: the report goes too
    assert client.get(reverse("report_download", args=[by_trainer.pk])).status_code == 404
    client.force_login(world.hr)
    assert client.get(reverse("report_download", args=[by_trainer.pk])).status_code == 200
    assert client.get(reverse("report_download", args=[by_hr.pk])).status_code == 404  # not built yet


def test_a_scheduled_report_asked_for_by_nobody_is_shown_and_downloaded(client, world):
    report = build("weekly", {"week_start": "2026-11-16"}, user=None)
    assert report.requested_by is None and report.title == "Weekly HR report: week of 2026-11-16"
    client.force_login(world.hr)
    assert "the schedule" in client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Scheduled" in client.get(reverse("report_list")).content.decode()
    assert client.get(reverse("report_download", args=[report.pk])).status_code == 200
    client.force_login(world.trainer)  # a trainer never sees what they did not ask for
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_list_takes_the_same_queries_for_3_or_30_reports(client, world, count, django_assert_num_queries):
    for _ in range(count):
        request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.hr)
    client.force_login(world.hr)
    # session, user, roles, count for the paginator, the page of reports with who asked, cohorts,
    # and the notification bell's unread count (notifications.context_processors.notifications)
    with django_assert_num_queries(7):
        response = client.get(reverse("report_list"))
    assert response.content.decode().count('data-report-status-url="') == count


def test_the_admin_lists_reports_read_only_and_deleting_one_removes_its_file(client, world, admin_user):
    report = build("cohort", {"cohort": world.cohort.pk}, world.hr)
    path = Path(report.file.path)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:reports_report_changelist"))
    assert listing.status_code == 200 and "Cohort report: 十一月新人批" in listing.content.decode()
    assert client.get(reverse("admin:reports_report_add")).status_code == 403
    page = client.get(reverse("admin:reports_report_change", args=[report.pk])).content.decode()
    assert reverse("report_download", args=[report.pk]) in page and 'name="title"' not in page
    client.post(reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"})
    assert not Report.objects.exists() and not path.exists()


def test_in_the_admin_a_trainer_sees_only_their_own_reports(client, world):
    from django.contrib.auth.models import Permission

    world.trainer.user_permissions.add(Permission.objects.get(codename="view_report"))
    mine = request_report(kind="cohort", params={"cohort": world.cohort.pk}, user=world.trainer)
    hrs = request_report(kind="weekly", params={"week_start": "2026-11-16"}, user=world.hr)
    client.force_login(world.trainer)
    listing = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert mine.title in listing and hrs.title not in listing
    assert client.get(reverse("admin:reports_report_change", args=[hrs.pk])).status_code == 302  # "not found"
