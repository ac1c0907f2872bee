"""Permission-matrix rows for the admin (see tests/test_permissions.py): for each ModelAdmin of a record
that belongs to a cohort, a trainee or a login, the changelist, the change page of a record in the
trainer's scope (the world's trainee, in the trainer's cohort) and of one outside it (the outsider, in
the other trainer's cohort).

Only staff get into the admin: anonymous visitors and the mentor, trainee and outsider (no staff flag)
are sent to the admin's login page (302). A record outside the user's scope answers like a deleted one:
a redirect to the admin index with "doesn't exist" (302). A changelist the role may not read is a 403.
Notifications, reminder logs and preferences are their owner's alone: HR gets the trainee's as
"doesn't exist" too, and sees their own. Mentors with admin access are covered in
tests/training/test_admin_scope.py (the world's mentor has no staff flag)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Model
from django.utils import timezone

from assessments.models import Answer, Attempt, Exam, Regrade, Retake, SessionRating, TypingResult
from coaching.models import TrialPostLog
from employees.models import Employee, Preference, StatusChange
from notifications.models import Notification, ReminderLog
from reports.models import Report
from tests.assessments import matrix_practicals, matrix_typing
from tests.coaching import fixtures as coaching_fixtures
from tests.conftest import World
from tests.knowledge.matrix_knowledge import ADMIN_ROWS as KNOWLEDGE_ROWS
from tests.matrix import row
from tests.reports import matrix_reports
from tests.training import matrix_roster
from training.models import Enrollment, Extension, ItemRecord, PlanItem, ShadowingLog

# Whose record: "trainee" (in the trainer's cohort) or "outsider" (in the other trainer's cohort).
Maker = Callable[[World, str], Model]


def _employee(w: World, who: str) -> Employee:
    return getattr(w, who)


def _enrollment(w: World, who: str) -> Enrollment:
    return Enrollment.objects.select_related("plan").get(employee=_employee(w, who))


def _item(w: World, who: str) -> PlanItem:
    return PlanItem.objects.filter(template=_enrollment(w, who).plan).order_by("day_number", "order").first()


def _attempt(w: World, who: str) -> Attempt:
    now = timezone.now()
    return Attempt.objects.create(
        exam=Exam.objects.get(code="business-knowledge"),
        employee=_employee(w, who),
        started_at=now - timedelta(hours=1),
        deadline=now - timedelta(minutes=30),
        submitted_at=now - timedelta(minutes=40),
        status="submitted",
    )


def _answer(w: World, who: str) -> Answer:
    return Answer.objects.create(
        attempt=_attempt(w, who), order=1, type="short", snapshot={"text": "顾客催发货怎么回复？"}, points=10
    )


def _typing_result(w: World, who: str) -> Model:
    return TypingResult.objects.get(pk=matrix_typing.result_of(who)(w)["pk"])


def _report(w: World, who: str) -> Model:
    asked_by = "trainer" if who == "trainee" else "trainer2"  # each about their own cohort
    return Report.objects.get(pk=matrix_reports.report_of(asked_by, built=False)(w)["pk"])


MAKERS: dict[str, Maker] = {
    "training.cohort": lambda w, who: _enrollment(w, who).cohort,
    "training.enrollment": _enrollment,
    "training.scheduledday": lambda w, who: _enrollment(w, who).scheduled_days.order_by("day_number").first(),
    "training.extension": lambda w, who: Extension.objects.create(
        enrollment=_enrollment(w, who), from_day=3, days=1, reason="病假", created_by=w.hr
    ),
    "training.itemrecord": lambda w, who: ItemRecord.objects.create(
        enrollment=_enrollment(w, who), item=_item(w, who), attendance="present", recorded_by=w.hr
    ),
    "training.shadowinglog": lambda w, who: ShadowingLog.objects.create(
        enrollment=_enrollment(w, who), day_number=3, mentor=w.mentor, chats_observed=12, score=4
    ),
    "training.rosterimport": lambda w, who: matrix_roster._import(_enrollment(w, who).cohort, w.hr),
    "employees.employee": _employee,
    "employees.statuschange": lambda w, who: StatusChange.objects.create(
        employee=_employee(w, who), from_status="", to_status="pre_onboarding", reason="入职", changed_by=w.hr
    ),
    "assessments.attempt": _attempt,
    "assessments.answer": _answer,
    "assessments.retake": lambda w, who: Retake.objects.create(
        exam=Exam.objects.get(code="business-knowledge"),
        employee=_employee(w, who),
        failed_attempt=_attempt(w, who),
        date=date(2026, 11, 27),
    ),
    "assessments.regrade": lambda w, who: Regrade.objects.create(
        answer=_answer(w, who), by=w.hr, old_score=None, new_score=Decimal("6"), reason="初评"
    ),
    "assessments.practicalassessment": lambda w, who: matrix_practicals.assess(_employee(w, who), w.hr),
    "assessments.typingresult": _typing_result,
    "assessments.sessionrating": lambda w, who: SessionRating.objects.create(
        enrollment=_enrollment(w, who), item=_item(w, who), leader_name="李雪", content=5, delivery=4, usefulness=5
    ),
    "reports.report": _report,
    "coaching.trialpostlog": lambda w, who: TrialPostLog.objects.create(
        enrollment=_enrollment(w, who), day_number=10, mentor=w.mentor, chats_handled=40, score=4
    ),
    "coaching.coachingplan": lambda w, who: coaching_fixtures.plan_for(_employee(w, who), owner=w.hr, by=w.hr),
    "coaching.rewardpenalty": lambda w, who: coaching_fixtures.reward_for(_employee(w, who), by=w.hr),
}

# Records that belong to one login: "trainee" is the trainee's, "trainer" the trainer's, "hr" HR's.
OWNED: dict[str, Callable[[Any], Model]] = {
    "notifications.notification": lambda user: Notification.objects.create(
        user=user, kind="daily_plan", title="今日安排", url="/today/"
    ),
    "notifications.reminderlog": lambda user: ReminderLog.objects.create(
        user=user, kind="daily_plan", day=date.today()
    ),
    "employees.preference": lambda user: Preference.objects.get_or_create(user=user)[0],
}


def change_of(label: str, who: str) -> Callable[[World], dict[str, Any]]:
    def make(w: World) -> dict[str, Any]:
        if label in OWNED:
            user = {"trainee": w.trainee.user, "trainer": w.trainer, "hr": w.hr}[who]
            return {"object_id": OWNED[label](user).pk}
        return {"object_id": MAKERS[label](w, who).pk}

    return make


def url_name(label: str, view: str) -> str:
    return "admin:{}_{}_{}".format(*label.split("."), view)


#             anon  hr   trainer mentor trainee outsider
SEEN = row(302, 200, 200, 302, 302, 302)
NOT_FOUND = "302 to the admin index: doesn't exist"
NOT_FOUND_FOR_TRAINER = row(302, 200, NOT_FOUND, 302, 302, 302)
HR_ONLY = row(302, 200, 403, 302, 302, 302)
SEEN_ELSEWHERE = row(302, 302, 302, 302, 302, 302)  # staff: redirected to the page that shows it

ROWS: list[tuple[str, Callable[[World], dict[str, Any]] | None, dict[str, int]]] = []
for _label in MAKERS:
    _hr_only = _label == "training.rosterimport"
    ROWS += [
        (url_name(_label, "changelist"), None, HR_ONLY if _hr_only else SEEN),
        (url_name(_label, "change"), change_of(_label, "trainee"), HR_ONLY if _hr_only else SEEN),
        (url_name(_label, "change"), change_of(_label, "outsider"), HR_ONLY if _hr_only else NOT_FOUND_FOR_TRAINER),
    ]
# The grading queue: its own list (the trainer's cohorts only, tests/assessments); one answer's page
# is the answer's grading page (AnswerAdmin, above), where the scope answers.
ROWS += [
    ("admin:assessments_shortanswerpending_changelist", None, SEEN),
    ("admin:assessments_shortanswerpending_change", change_of("assessments.answer", "trainee"), SEEN_ELSEWHERE),
    ("admin:assessments_shortanswerpending_change", change_of("assessments.answer", "outsider"), SEEN_ELSEWHERE),
]
for _label in OWNED:
    ROWS += [
        (url_name(_label, "changelist"), None, SEEN),
        # Someone else's: "doesn't exist" for HR and trainers alike; one's own: seen.
        (url_name(_label, "change"), change_of(_label, "trainee"), row(302, NOT_FOUND, NOT_FOUND, 302, 302, 302)),
        (url_name(_label, "change"), change_of(_label, "trainer"), row(302, NOT_FOUND, 200, 302, 302, 302)),
        (url_name(_label, "change"), change_of(_label, "hr"), row(302, 200, NOT_FOUND, 302, 302, 302)),
    ]
ROWS += KNOWLEDGE_ROWS
