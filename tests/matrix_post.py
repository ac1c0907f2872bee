"""POST rows of the permission matrix (see tests/test_permissions.py): every portal URL that accepts a POST,
and the admin's change pages and actions of records a trainer may change, per persona:
(url name, kwargs factory taking the World or None, posted data (or a factory of it), expected row).

The matrix posts at 18:00 on Monday 2026-11-16, day 1 of the trainee's cohort. Posting an empty or
minimal form is enough to show who gets through: the wrong role is a 403, outside the scope a 404, no
login a redirect to the login page; those let through get the form back with its errors (200), or are
redirected after the action (302). In the admin, NOT_FOUND is the answer for a record outside the
user's scope: a redirect to the admin index with "doesn't exist", as for a deleted record; anyone
without a staff flag is sent to the admin's login page (302)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from assessments.models import Answer, Attempt, Exam
from tests.assessments.matrix_exams import enrollment_of_outsider
from tests.assessments.matrix_import import hr_pending_upload
from tests.assessments.matrix_practicals import score_url
from tests.assessments.matrix_ratings import OWN_DAY_ONE
from tests.assessments.matrix_typing import passage
from tests.career.matrix_career import POST_ROWS as CAREER_POST_ROWS
from tests.coaching.matrix_coaching import POST_ROWS as COACHING_POST_ROWS
from tests.conftest import World
from tests.dialogues.matrix_dialogues import POST_ROWS as DIALOGUE_POST_ROWS
from tests.feeds.matrix_feeds import POST_ROWS as FEEDS_POST_ROWS
from tests.knowledge.matrix_knowledge import POST_ROWS as KNOWLEDGE_ROWS
from tests.kpi.matrix_kpi import POST_ROWS as KPI_POST_ROWS
from tests.matrix import row
from tests.matrix_admin import NOT_FOUND, change_of
from tests.notifications.matrix_notifications import trainees_notification
from tests.onboarding.matrix_onboarding import POST_ROWS as ONBOARDING_POST_ROWS
from tests.promotion.matrix_promotion import POST_ROWS as PROMOTION_POST_ROWS
from tests.quality.matrix_quality import check_of
from tests.replies.matrix_replies import POST_ROWS as REPLIES_POST_ROWS
from tests.reports.matrix_reports import report_of
from tests.robots.matrix_robots import POST_ROWS as ROBOTS_POST_ROWS
from tests.training.matrix_roster import checked_import, foreign_import
from tests.training.matrix_state import POST_ROWS as STATE_POST_ROWS
from tests.wording.matrix_wording import POST_ROWS as WORDING_POST_ROWS
from training.models import ItemRecord, ShadowingLog

COHORT = lambda w: {"pk": w.cohort.pk}  # noqa: E731
OTHER_COHORT = lambda w: {"pk": w.other_cohort.pk}  # noqa: E731
ENROLLMENT = lambda w: {"pk": w.enrollment.pk}  # noqa: E731


def open_attempt_with_answer(world: World) -> dict[str, int]:
    """The trainee's open attempt with one short answer to save."""
    now = timezone.now()
    attempt = Attempt.objects.create(
        exam=Exam.objects.get(code="business-knowledge"),
        employee=world.trainee,
        started_at=now,
        deadline=now + timedelta(minutes=30),
    )
    Answer.objects.create(attempt=attempt, order=1, type="short", snapshot={"text": "顾客催发货怎么回复？"}, points=10)
    return {"pk": attempt.pk}


def report_of_cohort(which: str) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"kind": "cohort", "cohort": getattr(w, which).pk}


def item_record_form(w: World) -> dict[str, Any]:
    """The attendance form of the admin, with someone else named as the recorder (ignored: read-only)."""
    record = ItemRecord.objects.get()  # the one the row's kwargs made
    return {
        "enrollment": record.enrollment_id,
        "item": record.item_id,
        "attendance": "late",
        "completed": "on",
        "note": "迟到十分钟",
        "recorded_by": w.other_trainer.pk,
    }


def shadowing_form(w: World) -> dict[str, Any]:
    log = ShadowingLog.objects.get()  # the one the row's kwargs made
    return {
        "enrollment": log.enrollment_id,
        "day_number": log.day_number,
        "chats_observed": "20",
        "notes": "接待耐心",
        "score": "5",
        "mentor": w.outsider.pk,
    }


def grade_form(w: World) -> dict[str, Any]:
    """A score that is not a number: the grade form comes back with its error (200) to whoever may grade
    the answer. (Saving a valid grade is the regrade tests' business.)"""
    return {
        "manual_score": "六分",
        "comment": "要点齐全",
        "reason": "",
        "graded_by": w.other_trainer.pk,
        # The read-only regrade history below the form.
        "regrades-TOTAL_FORMS": "0",
        "regrades-INITIAL_FORMS": "0",
        "regrades-MIN_NUM_FORMS": "0",
        "regrades-MAX_NUM_FORMS": "1000",
    }


def _delete_action(w: World) -> dict[str, Any]:
    return {"action": "delete_selected", "post": "yes", "_selected_action": [trainees_notification(w)["pk"]]}


Data = dict[str, Any] | Callable[[World], dict[str, Any]] | None

#      name          kwargs     data     row(anon, hr, trainer, mentor, trainee, outsider)
ROWS: list[tuple[str, Callable[[World], dict[str, Any]] | None, Data, dict[str, Any]]] = [
    ("login", None, {}, row(200, 302, 302, 302, 302, 302)),
    ("logout", None, {}, row(302, 302, 302, 302, 302, 302)),
    ("password_change", None, {}, row(302, 200, 200, 200, 200, 200)),
    ("set_language", None, {"language": "en"}, row(302, 302, 302, 302, 302, 302)),
    ("set_password", None, {}, row(302, 302, 302, 302, 302, 302)),  # no password pending: to the usual page
    # Trainees: start an exam (not open on day 1: back to its page), save an answer, submit, practise.
    ("exam_detail", lambda w: {"code": "business-knowledge"}, {}, row(302, 403, 403, 403, 302, 302)),
    (
        "attempt_answer",
        open_attempt_with_answer,
        {"order": "1", "value": "先致歉", "seq": "1"},
        row(302, 403, 403, 404, 200, 404),
    ),
    ("attempt_submit", open_attempt_with_answer, {}, row(302, 403, 403, 404, 302, 404)),
    ("notebook", None, {}, row(302, 403, 403, 403, 302, 302)),
    # Go-live: each signs off in their own role only; a trainer of another cohort or another's mentor 404.
    ("go_live", ENROLLMENT, {"action": "trainer", "text": "可以上岗"}, row(302, 403, 302, 403, 403, 403)),
    ("go_live", ENROLLMENT, {"action": "mentor", "text": "同意"}, row(302, 403, 403, 302, 403, 403)),
    ("go_live", ENROLLMENT, {"action": "eliminate", "text": "多次缺勤"}, row(302, 302, 302, 403, 403, 403)),
    ("go_live", enrollment_of_outsider, {"action": "trainer", "text": "可以"}, row(302, 403, 404, 404, 403, 403)),
    ("question_import", None, {}, row(302, 200, 200, 403, 403, 403)),
    ("question_import_confirm", hr_pending_upload, {}, row(302, 200, 404, 403, 403, 403)),  # HR's upload
    ("practical_score", score_url("cohort", "trainee"), {}, row(302, 200, 200, 403, 403, 403)),
    ("practical_score", score_url("other_cohort", "outsider"), {}, row(302, 200, 404, 403, 403, 403)),
    ("rate_sessions", OWN_DAY_ONE, {}, row(302, 403, 403, 403, 200, 404)),
    ("typing_test", passage, {}, row(302, 403, 403, 302, 302, 302)),  # nothing typed: back to the test
    ("typing_start", passage, {}, row(302, 403, 403, 200, 200, 200)),
    ("notification_read", trainees_notification, {}, row(302, 404, 404, 404, 302, 404)),
    ("notification_read_all", None, {}, row(302, 302, 302, 302, 302, 302)),
    ("notification_settings", None, {}, row(302, 200, 200, 200, 200, 200)),
    ("report_request", None, report_of_cohort("cohort"), row(302, 302, 302, 403, 403, 403)),
    ("report_request", None, report_of_cohort("other_cohort"), row(302, 302, 404, 403, 403, 403)),
    ("roll_call", lambda w: {"pk": w.cohort.pk, "on": "2026-11-16"}, {}, row(302, 200, 200, 200, 403, 403)),
    ("roll_call", lambda w: {"pk": w.other_cohort.pk, "on": "2026-11-16"}, {}, row(302, 200, 404, 404, 403, 403)),
    ("cohort_create", None, {}, row(302, 200, 403, 403, 403, 403)),
    ("cohort_move", COHORT, {}, row(302, 200, 403, 403, 403, 403)),
    ("hire_add", COHORT, {}, row(302, 200, 403, 403, 403, 403)),
    ("members_add", COHORT, {}, row(302, 200, 403, 403, 403, 403)),
    ("mentors_assign", COHORT, {}, row(302, 200, 403, 403, 403, 403)),
    ("employee_status", lambda w: {"pk": w.trainee.pk}, {}, row(302, 200, 403, 403, 403, 403)),
    ("enrollment_extend", ENROLLMENT, {}, row(302, 200, 403, 403, 403, 403)),
    ("roster_upload", COHORT, {}, row(302, 200, 403, 403, 403, 403)),
    ("roster_confirm", checked_import, {}, row(302, 302, 403, 403, 403, 403)),
    ("roster_confirm", foreign_import, {}, row(302, 404, 403, 403, 403, 403)),
    ("roster_passwords", COHORT, {}, row(302, 302, 403, 403, 403, 403)),
    # Retrying work a dead worker left: HR any import of a cohort, a report whoever may see it (a built one is
    # refused with a message, which still shows who gets through).
    ("roster_retry", checked_import, {}, row(302, 302, 403, 403, 403, 403)),
    ("roster_retry", foreign_import, {}, row(302, 404, 403, 403, 403, 403)),
    ("report_retry", report_of("trainer"), {}, row(302, 302, 302, 403, 403, 403)),
    ("report_retry", report_of("trainer2"), {}, row(302, 302, 404, 403, 403, 403)),
    # Quality checks: without ?employee= the new-check page is the search (its form again); changing a check
    # with nothing posted shows the form's errors to HR and to the trainer who scored it.
    ("quality_new", None, {}, row(302, 200, 200, 403, 403, 403)),
    ("quality_edit", check_of("trainee", "trainer"), {}, row(302, 200, 200, 403, 403, 403)),
    ("quality_edit", check_of("outsider", "other_trainer"), {}, row(302, 200, 404, 403, 403, 403)),
    # The admin: saving a record in scope goes back to the changelist (302); outside it, "doesn't exist".
    (
        "admin:training_itemrecord_change",
        change_of("training.itemrecord", "trainee"),
        item_record_form,
        row(302, 302, 302, 302, 302, 302),
    ),
    (
        "admin:training_itemrecord_change",
        change_of("training.itemrecord", "outsider"),
        item_record_form,
        row(302, 302, NOT_FOUND, 302, 302, 302),
    ),
    (
        "admin:training_shadowinglog_change",
        change_of("training.shadowinglog", "trainee"),
        shadowing_form,
        row(302, 302, 302, 302, 302, 302),
    ),
    (
        "admin:training_shadowinglog_change",
        change_of("training.shadowinglog", "outsider"),
        shadowing_form,
        row(302, 302, NOT_FOUND, 302, 302, 302),
    ),
    (
        "admin:assessments_answer_change",
        change_of("assessments.answer", "trainee"),
        grade_form,
        row(302, 200, 200, 302, 302, 302),
    ),
    (
        "admin:assessments_answer_change",
        change_of("assessments.answer", "outsider"),
        grade_form,
        row(302, 200, NOT_FOUND, 302, 302, 302),
    ),
    # Adding: HR and trainers record attendance; mentors, trainees and outsiders are not staff.
    ("admin:training_itemrecord_add", None, {}, row(302, 200, 200, 302, 302, 302)),
    # The changelist's actions act on the rows the user sees: HR may delete notifications, but the
    # trainee's is not among HR's rows, so nothing is deleted (302 back to the list; see
    # tests/training/test_admin_scope.py); a trainer has no delete action at all (the list again, 200).
    (
        "admin:notifications_notification_changelist",
        None,
        _delete_action,
        row(302, 302, 200, 302, 302, 302),
    ),
]
# Each area may keep its POST rows beside its tests.
ROWS += COACHING_POST_ROWS
ROWS.extend(ONBOARDING_POST_ROWS)
ROWS.extend(STATE_POST_ROWS)  # ending a training by hand (tests/training/matrix_state.py)
ROWS += CAREER_POST_ROWS
ROWS += KPI_POST_ROWS
ROWS += KNOWLEDGE_ROWS
ROWS += DIALOGUE_POST_ROWS
ROWS += WORDING_POST_ROWS
ROWS += FEEDS_POST_ROWS
ROWS += ROBOTS_POST_ROWS
ROWS += REPLIES_POST_ROWS
ROWS += PROMOTION_POST_ROWS
