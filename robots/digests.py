"""What each robot is told: one markdown digest per robot and event, built from the same selectors as the
personal reminders (notifications.reminders), grouped per cohort or per team instead of per person.

Cohort robots: the plan for the day (08:00), exams on the next working day (17:00), roll calls and shadowing
logs not done (18:00), the day's exam results (18:30, counts only: no names of who failed in a group chat).
Team robots: a knowledge update published (when it is), and its late readers by name (09:30).
Nothing is posted when there is nothing to say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.models import Attempt, Exam
from assessments.selectors import outstanding_retakes
from employees.models import Employee, PositionClass
from knowledge.models import Version
from notifications.reminders import FOLLOWING_PLAN_STATES, items_on, next_working_day, session_line, short_date
from notifications.reminders.checkoffs import CheckOffState, collect_gaps
from notifications.reminders.knowledge import late_recipients
from training.models import Cohort, Leader, ScheduledDay

from .markdown import Digest
from .models import Event, Robot, RobotDelivery
from .services import queue_digest

NAMES_PER_LINE = 10


def site_link(path: str) -> str:
    return str(getattr(settings, "SITE_URL", "") or "").rstrip("/") + path


def _link(label: str, path: str) -> str:
    return f"[{label}]({site_link(path)})"


def robots_wanting(event: str) -> list[Robot]:
    """Active robots with the event switched on (a handful: filtered in Python, JSON lookups differ per database)."""
    return [r for r in Robot.objects.filter(active=True).select_related("cohort").order_by("pk") if event in r.events]


def _classes(position_classes: Sequence[str]) -> str:
    labels = [str(PositionClass(c).label) for c in position_classes if c in PositionClass.values]
    return f" ({'、'.join(labels)})" if labels else ""


def _trainer_names(cohort_ids: Sequence[int]) -> dict[int, str]:
    names: dict[int, list[str]] = defaultdict(list)
    through = Cohort.trainers.through
    for link in through.objects.filter(cohort_id__in=cohort_ids).select_related("user").order_by("user_id"):
        names[link.cohort_id].append(link.user.get_full_name() or link.user.get_username())
    return {pk: "、".join(people) for pk, people in names.items()}


# --- cohort events ------------------------------------------------------------------------------------------


def daily_plans(cohorts: Sequence[Cohort], on: date) -> dict[int, Digest]:
    """Cohort id → today's sessions of its trainees' plan day(s), with place and who leads."""
    ids = [c.pk for c in cohorts]
    by_id = {c.pk: c for c in cohorts}
    items = items_on(on)
    trainers = _trainer_names(ids)
    days = (
        ScheduledDay.objects.filter(date=on, enrollment__cohort_id__in=ids, enrollment__state__in=FOLLOWING_PLAN_STATES)
        .values("enrollment__cohort_id", "enrollment__plan_id", "day_number")
        .annotate(people=Count("id"))
        .order_by("enrollment__cohort_id", "day_number")
    )
    grouped: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for row in days:
        grouped[row["enrollment__cohort_id"]].append((row["enrollment__plan_id"], row["day_number"], row["people"]))
    digests = {}
    for cohort_id, rows in grouped.items():
        cohort = by_id[cohort_id]
        lines: list[str] = []
        for plan_id, day_number, people in rows:
            if len(rows) > 1 or day_number == 0:
                lines.append(
                    "**"
                    + ngettext("Day %(day)s (%(count)d trainee)", "Day %(day)s (%(count)d trainees)", people)
                    % {"day": day_number, "count": people}
                    + "**"
                )
            day_items = items.get((plan_id, day_number), [])
            for item in day_items:
                if item.leader == Leader.MENTOR:
                    leader = _("Mentors")
                elif item.leader == Leader.SELF:
                    leader = _("Self-study")
                else:
                    leader = trainers.get(cohort_id, "") or _("Trainer to be named")
                line = session_line(item, location=item.location or cohort.location, leader=leader)
                lines.append(f"- {line}{_classes(item.position_classes)}")
            if not day_items:
                lines.append("- " + _("No sessions are planned."))
        if len(rows) == 1:
            title = _("%(cohort)s · today's plan, %(date)s: day %(day)s") % {
                "cohort": cohort.name,
                "date": short_date(on),
                "day": rows[0][1],
            }
        else:
            title = _("%(cohort)s · today's plan, %(date)s") % {"cohort": cohort.name, "date": short_date(on)}
        lines.append(_link(_("Open today's plan"), reverse("today")))
        digests[cohort_id] = Digest(title, lines)
    return digests


def exam_eves(cohorts: Sequence[Cohort], on: date) -> dict[int, Digest]:
    """Cohort id → the exams and retakes its trainees sit on the next working day after `on`, with counts."""
    ids = [c.pk for c in cohorts]
    by_id = {c.pk: c for c in cohorts}
    exam_day = next_working_day(on)
    exams: dict[tuple[int, int], list[Exam]] = defaultdict(list)
    for exam in Exam.objects.filter(is_active=True, item__isnull=False).select_related("item").order_by("title"):
        assert exam.item is not None
        exams[(exam.item.template_id, exam.item.day_number)].append(exam)
    sitting: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # cohort → exam → people
    exam_by_id: dict[int, Exam] = {}
    for s in ScheduledDay.objects.filter(
        date=exam_day, enrollment__cohort_id__in=ids, enrollment__state__in=FOLLOWING_PLAN_STATES
    ).select_related("enrollment__employee"):
        for exam in exams.get((s.enrollment.plan_id, s.day_number), []):
            assert exam.item is not None
            if exam.item.applies_to(s.enrollment.employee.position_class):
                sitting[s.enrollment.cohort_id][exam.pk] += 1
                exam_by_id[exam.pk] = exam
    retaking: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    retake_rows = (
        outstanding_retakes()
        .filter(
            date=exam_day,
            exam__is_active=True,
            employee__enrollments__cohort_id__in=ids,
            employee__enrollments__state__in=FOLLOWING_PLAN_STATES,
        )
        .values_list("employee__enrollments__cohort_id", "exam_id", "employee_id")
        .distinct()
    )
    for cohort_id, exam_id, _employee_id in retake_rows:
        retaking[cohort_id][exam_id] += 1
    missing = {e for per in retaking.values() for e in per} - set(exam_by_id)
    exam_by_id.update(Exam.objects.in_bulk(list(missing)))
    digests = {}
    for cohort_id in set(sitting) | set(retaking):
        lines = []
        for exam_id, people in sorted(sitting[cohort_id].items(), key=lambda kv: exam_by_id[kv[0]].title):
            exam = exam_by_id[exam_id]
            start = (
                _("starts %(time)s") % {"time": f"{exam.item.start_time:%H:%M}"}
                if exam.item and exam.item.start_time
                else ""
            )
            facts = [
                exam.title,
                start,
                _("%(minutes)s min, pass mark %(mark)s%%")
                % {"minutes": exam.time_limit_minutes, "mark": exam.pass_mark},
                ngettext("%(count)d trainee", "%(count)d trainees", people) % {"count": people},
            ]
            lines.append("- " + " · ".join(f for f in facts if f))
        for exam_id, people in sorted(retaking[cohort_id].items(), key=lambda kv: exam_by_id[kv[0]].title):
            lines.append(
                "- "
                + _("Retake: %(exam)s · %(people)s")
                % {
                    "exam": exam_by_id[exam_id].title,
                    "people": ngettext("%(count)d trainee", "%(count)d trainees", people) % {"count": people},
                }
            )
        title = _("%(cohort)s · exams on %(date)s") % {"cohort": by_id[cohort_id].name, "date": short_date(exam_day)}
        lines.append(_("Each trainee has the details in the portal."))
        digests[cohort_id] = Digest(title, lines)
    return digests


def check_offs(cohorts: Sequence[Cohort], on: date) -> dict[int, Digest]:
    """Cohort id → sessions without attendance (for the trainers) and shadowing logs missing (per mentor)."""
    ids = [c.pk for c in cohorts]
    by_id = {c.pk: c for c in cohorts}
    state = CheckOffState()
    scheduled = ScheduledDay.objects.filter(
        date=on, enrollment__cohort_id__in=ids, enrollment__state__in=FOLLOWING_PLAN_STATES
    ).select_related("enrollment__employee__mentor", "enrollment__cohort")
    collect_gaps(list(scheduled), items_on(on), state)
    mentor_names = {
        u.pk: u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=list(state.mentees))
    }
    mentor_names.update(
        {e.user_id: e.name for e in Employee.objects.filter(user_id__in=list(state.mentees)).only("user_id", "name")}
    )
    per_cohort_mentees: dict[int, list[str]] = defaultdict(list)
    for mentor_id, mentees in state.mentees.items():
        for m in sorted(mentees, key=lambda m: m.name):
            per_cohort_mentees[m.cohort_id].append(
                _("%(mentor)s: shadowing log for %(name)s (day %(day)s)")
                % {"mentor": mentor_names.get(mentor_id, "—"), "name": m.name, "day": m.day_number}
            )
    trainers = _trainer_names(ids)
    digests = {}
    for cohort_id in set(state.gaps) | set(per_cohort_mentees):
        lines = []
        gaps = state.gaps.get(cohort_id)
        if gaps and gaps.sessions:
            lines.append(
                "- "
                + _("Roll call: %(sessions)s without attendance (%(trainees)s) · %(trainers)s")
                % {
                    "sessions": ngettext("%(count)d session", "%(count)d sessions", gaps.sessions)
                    % {"count": gaps.sessions},
                    "trainees": ngettext("%(count)d trainee", "%(count)d trainees", gaps.trainees)
                    % {"count": gaps.trainees},
                    "trainers": trainers.get(cohort_id, "") or _("Trainer to be named"),
                }
            )
        lines.extend(f"- {line}" for line in per_cohort_mentees.get(cohort_id, []))
        if not lines:
            continue
        lines.append(_link(_("Open the roll call"), reverse("roll_call", args=[cohort_id, on.isoformat()])))
        title = _("%(cohort)s · not done yet for %(date)s") % {"cohort": by_id[cohort_id].name, "date": short_date(on)}
        digests[cohort_id] = Digest(title, lines)
    return digests


def exam_results(cohorts: Sequence[Cohort], on: date) -> dict[int, Digest]:
    """Cohort id → per exam: how many of its trainees finished it on `on`, passed, and the average (no names)."""
    ids = [c.pk for c in cohorts]
    by_id = {c.pk: c for c in cohorts}
    rows = (
        Attempt.objects.filter(
            is_practice=False,
            exam__isnull=False,
            passed__isnull=False,
            submitted_at__date=on,
            employee__enrollments__cohort_id__in=ids,
        )
        .values("employee__enrollments__cohort_id", "exam__title")
        .annotate(sat=Count("id", distinct=True), passed=Count("id", distinct=True, filter=Q(passed=True)))
        .annotate(average=Avg("percent"))
        .order_by("employee__enrollments__cohort_id", "exam__title")
    )
    grouped: dict[int, list[str]] = defaultdict(list)
    for row in rows:
        grouped[row["employee__enrollments__cohort_id"]].append(
            "- "
            + _("%(exam)s: %(passed)s of %(sat)s passed, average %(average)s%%")
            % {
                "exam": row["exam__title"],
                "passed": row["passed"],
                "sat": row["sat"],
                "average": f"{row['average']:.1f}" if row["average"] is not None else "—",
            }
        )
    return {
        cohort_id: Digest(
            _("%(cohort)s · exam results, %(date)s") % {"cohort": by_id[cohort_id].name, "date": short_date(on)},
            lines,
        )
        for cohort_id, lines in grouped.items()
    }


COHORT_BUILDERS = {
    Event.DAILY_PLAN: daily_plans,
    Event.EXAM_EVE: exam_eves,
    Event.CHECK_OFF: check_offs,
    Event.EXAM_RESULTS: exam_results,
}


def post_cohort_digests(*, event: str, on: date) -> list[RobotDelivery]:
    """One digest per cohort robot with the event switched on; nothing for a cohort with nothing to say."""
    robots = [r for r in robots_wanting(event) if r.cohort_id]
    if not robots:
        return []
    cohorts = list({r.cohort_id: r.cohort for r in robots if r.cohort is not None}.values())
    digests = COHORT_BUILDERS[Event(event)](cohorts, on)
    queued = []
    for robot in robots:
        digest = digests.get(robot.cohort_id or 0)
        if digest is not None:
            delivery = queue_digest(robot=robot, kind=event, day=on, digest=digest)
            if delivery is not None:
                queued.append(delivery)
    return queued


# --- team events --------------------------------------------------------------------------------------------


def _name_lines(names: list[str]) -> list[str]:
    return ["  " + "、".join(names[i : i + NAMES_PER_LINE]) for i in range(0, len(names), NAMES_PER_LINE)]


def late_readers(teams: Sequence[str], on: date) -> dict[str, Digest]:
    """Team → each overdue update (title, due date) with the team's late readers by name."""
    late = (
        late_recipients(on)
        .filter(employee__team__in=list(teams))
        .select_related("employee", "update__current")
        .order_by("update__current__deadline", "update_id", "employee__name", "employee_id")
    )
    per_team: dict[str, dict[int, tuple[Version, list[str]]]] = defaultdict(dict)
    for recipient in late:
        version = recipient.update.current
        assert version is not None
        entry = per_team[recipient.employee.team].setdefault(recipient.update_id, (version, []))
        entry[1].append(recipient.employee.name)
    digests = {}
    for team, updates in per_team.items():
        lines = []
        for _update_id, (version, names) in updates.items():
            lines.append(
                "- **"
                + _("%(title)s (was due %(date)s)") % {"title": version.title, "date": short_date(version.deadline)}
                + "** · "
                + ngettext("%(count)d person late", "%(count)d people late", len(names)) % {"count": len(names)}
            )
            lines.extend(_name_lines(names))
        lines.append(_link(_("Open your knowledge updates"), reverse("knowledge_mine")))
        title = _("%(team)s · knowledge updates not yet confirmed, %(date)s") % {"team": team, "date": short_date(on)}
        digests[team] = Digest(title, lines)
    return digests


def post_late_readers(*, on: date) -> list[RobotDelivery]:
    robots = [r for r in robots_wanting(Event.KNOWLEDGE_LATE) if r.team]
    if not robots:
        return []
    digests = late_readers(sorted({r.team for r in robots}), on)
    queued = []
    for robot in robots:
        digest = digests.get(robot.team)
        if digest is not None and (
            delivery := queue_digest(robot=robot, kind=Event.KNOWLEDGE_LATE, day=on, digest=digest)
        ):
            queued.append(delivery)
    return queued


def post_update_published(*, version_id: int, employee_ids: Sequence[int]) -> list[RobotDelivery]:
    """A version reached people: each team robot of a team among them is told once per version."""
    robots = [r for r in robots_wanting(Event.KNOWLEDGE_UPDATE) if r.team]
    if not robots:
        return []
    version = Version.objects.select_related("update").filter(pk=version_id).first()
    if version is None:
        return []
    counts = dict(
        Employee.objects.filter(pk__in=list(employee_ids), team__in={r.team for r in robots})
        .values_list("team")
        .annotate(n=Count("id"))
        .values_list("team", "n")
    )
    today = timezone.localdate()
    queued = []
    for robot in robots:
        people = counts.get(robot.team)
        if not people:
            continue
        values = {"title": version.title, "n": version.number, "date": short_date(version.deadline)}
        if version.number == 1:
            title = _("New knowledge update: %(title)s") % values
        else:
            title = _("Knowledge update changed (version %(n)s): %(title)s") % values
        lines = []
        if version.change_note:
            lines.append(_("What changed: %(note)s") % {"note": version.change_note})
        lines.append(_("Read it and confirm that you have understood it by %(date)s.") % values)
        if version.quiz_id:
            lines.append(_("It has a short quiz to pass."))
        lines.append(
            ngettext(
                "%(count)d person of this team is asked to read it.",
                "%(count)d people of this team are asked to read it.",
                people,
            )
            % {"count": people}
        )
        lines.append(_link(_("Open the update"), reverse("knowledge_detail", args=[version.update_id])))
        delivery = queue_digest(
            robot=robot,
            kind=Event.KNOWLEDGE_UPDATE,
            day=today,
            subject=f"update-{version.update_id}-v{version.number}",
            digest=Digest(title, lines),
        )
        if delivery is not None:
            queued.append(delivery)
    return queued
