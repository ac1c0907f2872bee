"""Veterans and certifications for the career tests."""

from __future__ import annotations

from datetime import date

from career.models import Certification, CertificationSource, Competency
from employees.models import Employee, PositionClass, Status, Tier
from tests.factories import EmployeeFactory, UserFactory


def veteran(name: str, *, mentor: Employee | None = None, team: str = "旗舰店", **fields) -> Employee:
    fields.setdefault("position_class", PositionClass.PRE_SALE)
    return EmployeeFactory(
        user=UserFactory(roles=["trainee"]),
        name=name,
        tier=fields.pop("tier", Tier.VETERAN),
        status=fields.pop("status", Status.LIVE),
        mentor=mentor,
        team=team,
        **fields,
    )


def certify(employee: Employee, code: str, *, on: date, until: date) -> Certification:
    return Certification.objects.create(
        employee=employee,
        competency=Competency.objects.get(code=code),
        certified_on=on,
        valid_until=until,
        source=CertificationSource.HR,
        reason="外部培训证书",
    )
