"""HR's KPI pages: upload → preview → confirm → the import's page; a broken file refused with nothing saved;
thresholds; CS accounts; the KPI blocks on the go-live page and on the employee page; pinned query counts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import PositionClass, Status
from employees.roles import roles_of
from kpi.models import CsAccount, KpiImport, KpiRecord, Platform, Threshold
from kpi.sections import employee_kpis, go_live_kpis
from tests.factories import EmployeeFactory
from tests.kpi.kpi_files import WEEK, chitu_rows, chitu_week, upload, with_accounts
from training.models import Enrollment
from training.services import change_status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def post_file(client, data: bytes, name: str = "赤兔客服绩效.xlsx", **fields):
    return client.post(reverse("kpi_import_upload"), {"platform": "taobao", "file": upload(data, name), **fields})


def test_hr_previews_then_imports_a_chitu_export(client, world):
    xiaohua, _aqiang = with_accounts()
    client.force_login(world.hr)
    preview = post_file(client, chitu_week())
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "天猫旗舰店:路人" in page  # the unknown account, listed
    assert "李小花" in page and "王阿强" in page
    assert preview.context["check"].summary_rows == [6]
    assert not KpiRecord.objects.exists()  # the preview saves nothing
    token = preview.context["token"]
    assert token is not None
    done = client.post(reverse("kpi_import_confirm", kwargs={"token": token}))
    kpi_import = KpiImport.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("kpi_import_detail", kwargs={"pk": kpi_import.pk})
    assert KpiRecord.objects.filter(employee=xiaohua).get().conversion_rate == Decimal("85.30")
    detail = client.get(done["Location"]).content.decode()
    assert "85.3%" in detail and "天猫旗舰店:路人" in detail
    # A confirmation is used once: a second click finds nothing to import.
    assert client.post(reverse("kpi_import_confirm", kwargs={"token": token})).status_code == 404
    assert KpiImport.objects.count() == 1


def test_a_broken_file_is_refused_with_row_and_column_and_nothing_is_saved_or_kept(client, world, tmp_path):
    with_accounts()
    rows = chitu_rows()
    rows[1][5] = "很快"  # 平均响应(秒) of row 4
    client.force_login(world.hr)
    response = post_file(client, chitu_week(rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["token"] is None
    assert "平均响应(秒)" in page and "很快" in page
    assert 'action="/kpi/imports/confirm/' not in page
    assert not KpiImport.objects.exists() and not KpiRecord.objects.exists()
    assert not list(tmp_path.glob("kpi-imports/*/*"))


def test_a_file_without_an_account_column_is_refused_on_the_upload_page(client, world):
    from tests.spreadsheets import one_sheet

    client.force_login(world.hr)
    response = post_file(client, one_sheet([["小花", "85%"]], ["姓名", "询单转化率"], "Sheet1"))
    assert response.templates[0].name == "kpi/upload.html"
    assert "旺旺" in response.content.decode()
    assert not KpiImport.objects.exists()


def test_a_period_given_by_hr_must_have_both_dates(client, world):
    client.force_login(world.hr)
    response = post_file(client, chitu_week(), period_start="2026-11-02")
    assert response.status_code == 200 and response.context["form"].errors


def test_someone_elses_upload_cannot_be_confirmed(client, world):
    with_accounts()
    client.force_login(world.hr)
    token = post_file(client, chitu_week()).context["token"]
    other_hr = EmployeeFactory().user
    other_hr.groups.add(*world.hr.groups.all())
    client.force_login(other_hr)
    assert client.post(reverse("kpi_import_confirm", kwargs={"token": token})).status_code == 404
    assert not KpiImport.objects.exists()


def test_hr_sets_thresholds_per_position_class(client, world):
    client.force_login(world.hr)
    response = client.post(
        reverse("kpi_thresholds"), {"pre_sale__conversion_rate": "70", "pre_sale__avg_response_s": "30"}
    )
    assert response.status_code == 302
    assert dict(Threshold.objects.values_list("metric", "value")) == {
        "conversion_rate": Decimal("70.00"),
        "avg_response_s": Decimal("30.00"),
    }
    assert Threshold.objects.first().updated_by == world.hr
    # Emptying a box removes the threshold; a percentage over 100 is refused.
    client.post(reverse("kpi_thresholds"), {"pre_sale__conversion_rate": "70"})
    assert Threshold.objects.count() == 1
    refused = client.post(reverse("kpi_thresholds"), {"pre_sale__conversion_rate": "120"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert Threshold.objects.get().value == Decimal("70.00")


def accounts_form(*rows: tuple[str, str]) -> dict[str, str]:
    data = {
        "accounts-TOTAL_FORMS": str(len(rows)),
        "accounts-INITIAL_FORMS": "0",
        "accounts-MIN_NUM_FORMS": "0",
        "accounts-MAX_NUM_FORMS": "1000",
    }
    for i, (platform, name) in enumerate(rows):
        data[f"accounts-{i}-platform"], data[f"accounts-{i}-name"] = platform, name
    return data


def test_hr_gives_an_employee_accounts_and_a_name_is_one_persons_per_platform(client, world):
    xiaohua, _aqiang = with_accounts()
    client.force_login(world.hr)
    url = reverse("kpi_employee_accounts", kwargs={"pk": world.trainee.pk})
    response = client.post(url, accounts_form(("taobao", "天猫旗舰店:张小花"), ("douyin", "抖音小店-小花")))
    assert response.status_code == 302
    assert sorted(world.trainee.cs_accounts.values_list("platform", "name")) == [
        ("douyin", "抖音小店-小花"),
        ("taobao", "天猫旗舰店:张小花"),
    ]
    # 小花's Taobao account (written with a full-width colon and spaces) is someone else's.
    refused = client.post(url, accounts_form(("taobao", "天猫旗舰店： 小花")))
    assert refused.status_code == 200
    assert "李小花" in refused.content.decode()
    assert CsAccount.objects.filter(employee=xiaohua).count() == 1
    assert world.trainee.cs_accounts.count() == 2  # nothing changed
    # Only the Douyin account kept.
    client.post(url, accounts_form(("douyin", "抖音小店-小花")))
    assert list(world.trainee.cs_accounts.values_list("platform", flat=True)) == ["douyin"]
    listing = client.get(reverse("kpi_account_list"), {"q": "抖音小店"}).content.decode()
    assert "张小花" in listing and "李小花" not in listing


def on_trial_post(world):
    change_status(employee=world.trainee, to_status=Status.TRIAL_POST, reason="过关", by=world.hr, override=True)
    CsAccount.objects.create(employee=world.trainee, platform=Platform.TAOBAO, name="天猫旗舰店:小花")
    world.trainee.position_class = PositionClass.PRE_SALE
    world.trainee.save()


def record(employee, start: date, end: date, **values) -> KpiRecord:
    kpi_import = KpiImport.objects.create(platform=Platform.TAOBAO, file_name="f.xlsx")
    return KpiRecord.objects.create(
        kpi_import=kpi_import,
        employee=employee,
        platform=Platform.TAOBAO,
        account_name=f"acc{employee.pk}",
        account_key=f"acc{employee.pk}",
        period_start=start,
        period_end=end,
        row_number=2,
        **values,
    )


def test_the_go_live_page_shows_the_trial_posts_latest_figures_as_met_or_not(client, world):
    on_trial_post(world)
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="conversion_rate", value=Decimal(70))
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="avg_response_s", value=Decimal(60))
    today = date.today()
    record(world.trainee, today - timedelta(days=60), today - timedelta(days=54), conversion_rate=Decimal(10))  # before
    record(world.trainee, today, today, conversion_rate=Decimal("75.5"), avg_response_s=Decimal(90))
    client.force_login(world.trainer)
    response = client.get(reverse("go_live", kwargs={"pk": world.enrollment.pk}))
    page = response.content.decode()
    assert "75.5%" in page and ("90 s" in page or "90 秒" in page)
    assert "10%" not in page  # the period before the trial post is not its evidence
    section = next(s for s in response.context["sections"] if s.template == "kpi/_go_live_section.html")
    assert section.met is False
    assert [v.met for v in section.context["verdicts"]] == [True, False]


def test_the_employee_page_shows_the_trend_of_a_live_employee(client, world):
    xiaohua, _aqiang = with_accounts()
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="conversion_rate", value=Decimal(70))
    monday = WEEK[0]
    for week, rate in enumerate(["60", "72", "80"]):
        start = monday + timedelta(weeks=week)
        record(xiaohua, start, start + timedelta(days=6), conversion_rate=Decimal(rate))
    client.force_login(world.hr)
    response = client.get(reverse("employee_detail", kwargs={"pk": xiaohua.pk}))
    page = response.content.decode()
    chart = json.loads(page.split('id="kpi-trend-data" type="application/json">')[1].split("</script>")[0])
    assert chart["series"][0]["values"] == [60.0, 72.0, 80.0]
    assert chart["series"][0]["threshold"] == 70.0
    assert "js/kpi.js" in page and "天猫旗舰店:小花" in page


def test_an_employee_in_training_without_accounts_gets_no_kpi_block(world):
    assert employee_kpis(employee=world.trainee, viewer=world.hr) is None


# ---------------------------------------------------------------------------- query counts


def many_accounts(n: int) -> list[list[object]]:
    rows = []
    for i in range(n):
        employee = EmployeeFactory(status=Status.LIVE)
        CsAccount.objects.create(employee=employee, platform=Platform.TAOBAO, name=f"店:客服{i}")
        rows.append([f"店:客服{i}", 100 + i, 50, f"{60 + i % 30}%", "", "1分", "10s", "95%", "1"])
    return rows


def count_queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    assert response.status_code in (200, 302)
    return len(queries)


@pytest.mark.parametrize("size", [2, 30])
def test_the_preview_runs_a_fixed_number_of_queries(client, world, size, django_assert_num_queries):
    data = chitu_week(many_accounts(size))
    client.force_login(world.hr)
    # session, user, roles; the accounts of the file; the figures stored for them; the bell
    with django_assert_num_queries(6):
        response = post_file(client, data)
    assert len(response.context["check"].matched) == size


@pytest.mark.parametrize("size", [2, 30])
def test_the_import_page_runs_a_fixed_number_of_queries(client, world, size, django_assert_num_queries):
    Threshold.objects.create(position_class=PositionClass.PRE_SALE, metric="conversion_rate", value=Decimal(70))
    client.force_login(world.hr)
    token = post_file(client, chitu_week(many_accounts(size))).context["token"]
    url = client.post(reverse("kpi_import_confirm", kwargs={"token": token}))["Location"]
    # session, user, roles; the import; the count and the page of its records; the thresholds; the bell
    with django_assert_num_queries(8):
        client.get(url)


@pytest.mark.parametrize("size", [1, 20])
def test_the_employee_kpi_block_runs_three_queries(world, size, django_assert_num_queries):
    xiaohua, _aqiang = with_accounts()
    for week in range(size):
        start = WEEK[0] + timedelta(weeks=week)
        record(xiaohua, start, start + timedelta(days=6), conversion_rate=Decimal(70))
    roles_of(world.hr)  # read once per request, before any section
    # the accounts, the latest records, the thresholds
    with django_assert_num_queries(3):
        section = employee_kpis(employee=xiaohua, viewer=world.hr)
    assert section is not None and len(section.context["trend_rows"]) == min(size, 12) * (size > 1)


@pytest.mark.parametrize("size", [1, 20])
def test_the_go_live_kpi_block_runs_three_queries(world, size, django_assert_num_queries):
    on_trial_post(world)
    for day in range(size):
        record(world.trainee, date.today() - timedelta(days=day), date.today() - timedelta(days=day))
    enrollment = Enrollment.objects.select_related("employee").get(pk=world.enrollment.pk)  # as the page has it
    roles_of(world.hr)  # read once per request, before any section
    # the trial-post window, its records, the thresholds
    with django_assert_num_queries(3):
        section = go_live_kpis(enrollment=enrollment, viewer=world.hr)
    assert section is not None and section.context["latest"].end == date.today()
