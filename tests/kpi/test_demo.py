"""The demo's KPIs: accounts for the people at work, several weekly imports through the real import (so the
trend chart has points), a 赤兔 account nobody holds listed, and the go-live evidence of the September cohort."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from employees.models import Employee, Status
from kpi.models import CsAccount, KpiImport, KpiRecord, Platform
from kpi.sections import employee_kpis, go_live_kpis
from training.models import Enrollment

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 24, 15, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_demo_imports_weeks_of_kpis_that_show_on_the_pages(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(NOW, tick=False):
        call_command("demo_data", stdout=StringIO(), stderr=StringIO())
        live = Employee.objects.filter(status=Status.LIVE)
        assert CsAccount.objects.filter(employee__in=live).count() == live.count()
        assert set(KpiImport.objects.values_list("platform", flat=True)) == {Platform.TAOBAO, Platform.DOUYIN}
        weeks = KpiRecord.objects.values("period_start").distinct().count()
        assert weeks >= 5
        assert any(i.unknown_accounts for i in KpiImport.objects.filter(platform=Platform.TAOBAO))
        hr = KpiImport.objects.first().imported_by
        mentor = Employee.objects.get(employee_no="M1001")
        section = employee_kpis(employee=mentor, viewer=hr)
        assert section is not None and section.context["chart"] is not None
        went_live = Enrollment.objects.filter(employee__employee_no__startswith="S", employee__status=Status.LIVE)
        evidence = go_live_kpis(enrollment=went_live.select_related("employee").first(), viewer=hr)
        assert evidence is not None and evidence.context["latest"] is not None
