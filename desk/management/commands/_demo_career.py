"""Career demo data: certifications of the live staff (valid, expiring and expired, one with an older
certification kept), the expiry needs the daily task makes of them, a quality-check and a manual need still
open, and the veteran refresher group's needs answered by their refresher enrollments."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from career.models import Certification, CertificationSource, Competency, NeedSource, RefresherNeed
from career.services import add_months, assign_refresher, create_expiry_needs
from employees.models import Employee, Tier
from training.models import Enrollment

# (mentor index, competency code, days from today to the end of validity); negative: expired.
MENTOR_CERTIFICATIONS = [
    (0, "platform-rules", 120),
    (0, "product-knowledge", 12),
    (0, "returns-after-sale", -20),
    (1, "platform-rules", 20),
    (1, "service-skills", 200),
    (2, "platform-rules", -40),
    (3, "product-knowledge", 90),
    (3, "returns-after-sale", 5),
    (4, "platform-rules", 300),
    (4, "returns-after-sale", 250),
    (5, "platform-rules", 330),
    (5, "systems", 400),
]


def _certify(employee: Employee, competency: Competency, until: date, by: User) -> Certification:
    start = add_months(until, -competency.validity_months)
    return Certification.objects.create(
        employee=employee,
        competency=competency,
        certified_on=start,
        valid_until=until,
        source=CertificationSource.HR,
        reason="上线前的认证，系统启用时补录",
        created_by=by,
    )


def load(*, hr: User) -> None:
    today = timezone.localdate()
    competencies = {c.code: c for c in Competency.objects.all()}
    mentors = list(Employee.objects.filter(employee_no__startswith="M").order_by("employee_no"))
    for index, code, days in MENTOR_CERTIFICATIONS:
        _certify(mentors[index], competencies[code], today + timedelta(days=days), hr)
    # An older certification is kept beside the one that replaced it (now expired too).
    _certify(mentors[2], competencies["platform-rules"], today - timedelta(days=40 + 365), hr)

    # The veterans on the 回炉 refresher: their product knowledge expired; HR answered the needs with it.
    veterans = list(Employee.objects.filter(tier=Tier.VETERAN, employee_no__startswith="V").order_by("employee_no"))
    for i, veteran in enumerate(veterans):
        _certify(veteran, competencies["product-knowledge"], today - timedelta(days=10 + 7 * i), hr)
        _certify(veteran, competencies["platform-rules"], today + timedelta(days=60 + 30 * i), hr)

    create_expiry_needs(on=today)
    enrollments = dict(
        Enrollment.objects.filter(employee__in=veterans, cohort__tier=Tier.VETERAN).values_list("employee_id", "pk")
    )
    for need in RefresherNeed.objects.filter(employee__in=veterans, source=NeedSource.EXPIRY):
        need.enrollment_id = enrollments.get(need.employee_id)
        need.save(update_fields=["enrollment"])

    assign_refresher(
        employee=mentors[4],
        source=NeedSource.QUALITY,
        reason="质检红线：向买家承诺“保证不退色”（违规承诺）",
        source_key="demo-quality-check:1",
        by=hr,
    )
    assign_refresher(
        employee=mentors[5],
        source=NeedSource.MANUAL,
        reason="店铺上新大促，主管建议参加商品知识回炉",
        source_key="manual:demo",
        by=hr,
    )
