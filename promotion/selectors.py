"""The read side of the promotion track: eligibility of an employee for a nomination, the candidates a user
may see, and what the dossier shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from career.selectors import EmployeeCertification, certifications_of
from career.services import expiry_warning_days
from employees.models import Employee, Status
from employees.roles import Role, has_role
from kpi.selectors import Verdict, by_period, overall, records_of, thresholds_for, verdicts
from quality.models import QualityCheck
from quality.selectors import Summary, summary

from .models import (
    CalibrationLine,
    Candidate,
    CandidateStatus,
    Decision,
    Defence,
    DefenceScore,
    Goal,
    Practical,
    PracticalKind,
)
from .scoring import ONE_DECIMAL, TRIM_FROM, FeedbackGroup, feedback_groups, trimmed_mean

# The eligibility rules: HR sees them as warnings and may accept a nomination anyway, with a reason.
MIN_TENURE_MONTHS = 6
RED_LINE_DAYS = 90


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


@dataclass
class Eligibility:
    employee: Employee
    tenure_months: int | None
    kpi_period: str = ""
    kpi_verdicts: list[Verdict] = field(default_factory=list)
    kpi_met: bool | None = None  # None: no data (or no thresholds)
    red_lines: int = 0
    certifications: list[EmployeeCertification] = field(default_factory=list)

    @property
    def tenure_ok(self) -> bool:
        return self.tenure_months is not None and self.tenure_months >= MIN_TENURE_MONTHS

    @property
    def live(self) -> bool:
        return self.employee.status == Status.LIVE

    @property
    def eligible(self) -> bool:
        """Every rule met: a KPI period without data does not count against anyone."""
        return self.live and self.tenure_ok and self.kpi_met is not False and self.red_lines == 0

    @property
    def min_tenure(self) -> int:
        return MIN_TENURE_MONTHS

    @property
    def red_line_days(self) -> int:
        return RED_LINE_DAYS


def eligibility_of(employee: Employee, *, today: date) -> Eligibility:
    """Tenure from the hire date, the latest KPI period against the thresholds, red lines in the last 90 days
    and the current certifications (five queries)."""
    tenure = months_between(employee.hire_date, today) if employee.hire_date else None
    found = Eligibility(employee, tenure)
    figures = by_period(records_of(employee))
    if figures:
        latest = figures[-1]
        found.kpi_period = latest.label
        found.kpi_verdicts = verdicts(latest, thresholds_for(employee.position_class))
        found.kpi_met = overall(found.kpi_verdicts)
    found.red_lines = QualityCheck.objects.filter(
        employee=employee, red_line=True, chat_date__gt=today - timedelta(days=RED_LINE_DAYS), chat_date__lte=today
    ).count()
    found.certifications = certifications_of(employee, today=today, days=expiry_warning_days())
    return found


def team_lead_of(user: User | AnonymousUser, employee: Employee) -> bool:
    """A team lead is a mentor who works in the same team (Employee.team) as the employee, not the employee
    themself: the portal has no separate team-lead role."""
    if not employee.team or not has_role(user, Role.MENTOR):
        return False
    return (
        Employee.objects.filter(user_id=user.pk or 0, team=employee.team, status=Status.LIVE)
        .exclude(pk=employee.pk)
        .exists()
    )


def candidates_visible_to(user: User | AnonymousUser) -> QuerySet[Candidate]:
    """HR: every candidate. Trainers: those in a cohort they train. Mentors: those of their team. Judges:
    those whose defence they sit on."""
    candidates = Candidate.objects.all()
    if has_role(user, Role.HR):
        return candidates
    scope = Q(defence__judges=user)
    if has_role(user, Role.TRAINER):
        scope |= Q(enrollment__cohort__trainers=user)
    if has_role(user, Role.MENTOR):
        teams = Employee.objects.filter(user_id=user.pk or 0).exclude(team="").values("team")
        scope |= Q(employee__team__in=teams) & ~Q(employee__user_id=user.pk or 0)
    return candidates.filter(pk__in=Candidate.objects.filter(scope).values("pk"))


def open_candidacy_of(user: User) -> Candidate | None:
    return (
        Candidate.objects.filter(employee__user=user)
        .exclude(status=CandidateStatus.DECIDED)
        .select_related("employee", "enrollment__cohort")
        .first()
    )


@dataclass
class Dossier:
    """Everything the dossier page and its workbook show about one candidate."""

    candidate: Candidate
    eligibility: Eligibility
    quality: Summary
    practicals: list[PracticalRow]
    feedback: list[FeedbackGroup]
    goals: list[Goal]
    defence: Defence | None
    defence_scores: list[DefenceScore]
    defence_result: Decimal | None
    decisions: list[Decision]

    @property
    def trimmed(self) -> bool:
        return len(self.defence_scores) >= TRIM_FROM


@dataclass
class PracticalRow:
    kind: str
    label: str
    practical: Practical | None
    lines: list[CalibrationLine] = field(default_factory=list)

    @property
    def handed_in(self) -> bool:
        return self.practical is not None and self.practical.submitted_at is not None

    @property
    def mean_difference(self) -> Decimal | None:
        """质检 calibration: the mean of |candidate − key| over the chats scored."""
        if not self.lines:
            return None
        total = sum((abs(line.difference) for line in self.lines), Decimal(0))
        return (total / len(self.lines)).quantize(ONE_DECIMAL, ROUND_HALF_UP)

    @property
    def mentee_outcome(self) -> str:
        mentee = self.practical.mentee if self.practical is not None else None
        return mentee.get_outcome_display() if mentee is not None and mentee.outcome else ""


def practical_rows(candidate: Candidate) -> list[PracticalRow]:
    """The four practicals in a fixed order, handed in or not (two queries)."""
    found = {
        p.kind: p
        for p in candidate.practicals.select_related("mentee__employee", "mentee__cohort", "scored_by__employee")
    }
    lines: dict[int, list[CalibrationLine]] = {}
    for line in CalibrationLine.objects.filter(practical__candidate=candidate).select_related("quality_check"):
        lines.setdefault(line.practical_id, []).append(line)
    return [
        PracticalRow(kind, str(label), found.get(kind), lines.get(found[kind].pk, []) if kind in found else [])
        for kind, label in PracticalKind.choices
    ]


def dossier_of(candidate: Candidate, *, today: date) -> Dossier:
    """A fixed number of queries whatever the number of practicals, raters, goals or judges."""
    employee = candidate.employee
    checks = QualityCheck.objects.filter(
        employee=employee, chat_date__gt=today - timedelta(days=RED_LINE_DAYS), chat_date__lte=today
    )
    defence = Defence.objects.filter(candidate=candidate).first()
    scores = list(defence.scores.select_related("judge__employee")) if defence is not None else []
    return Dossier(
        candidate=candidate,
        eligibility=eligibility_of(employee, today=today),
        quality=summary(checks),
        practicals=practical_rows(candidate),
        feedback=feedback_groups(candidate.feedback_requests.all()),
        goals=list(candidate.goals.all()),
        defence=defence,
        defence_scores=scores,
        defence_result=trimmed_mean([s.total for s in scores]),
        decisions=list(candidate.decisions.select_related("decided_by__employee")),
    )
