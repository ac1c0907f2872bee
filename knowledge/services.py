"""Publishing knowledge updates and acting on them: a new update, a new version, people added later,
reading, confirming and starting the quiz.

The audience is resolved to recipients when a version is published: the people who match it then.
Someone who starts to match later (a new hire who finishes training, a move to another team) is not
added by itself: the next version adds everyone who matches at that moment, and HR may add people at
any time (by 工号, or "everyone who matches now"). Nobody is ever removed, so what a person confirmed
stays on record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import nh3
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.exams import ExamError, start_attempt
from assessments.models import OBJECTIVE_TYPES, Attempt, Category, Exam, ExamQuestion, ExamRule, Question, ResultPolicy
from career.models import NeedSource
from career.services import assign_refresher
from employees.models import Employee, Status

from .models import Attachment, Receipt, Recipient, Update, Version
from .signals import update_published

# Who an audience rule reaches: people at work or in training. Not yet started, eliminated and left: no.
REACHABLE = (Status.IN_TRAINING, Status.TRIAL_POST, Status.LIVE)
# People who may be named one by one: anyone still employed (a hire before day 1 too).
NAMEABLE = (Status.PRE_ONBOARDING, *REACHABLE)
QUIZ_MINUTES = 15
MAX_QUIZ_QUESTIONS = 20


class KnowledgeError(Exception):
    """A request the rules refuse; the message is for the person who made it."""


@dataclass(frozen=True)
class Audience:
    tiers: Sequence[str] = ()
    position_classes: Sequence[str] = ()
    teams: Sequence[str] = ()

    @property
    def has_rule(self) -> bool:
        return bool(self.tiers or self.position_classes or self.teams)


@dataclass(frozen=True)
class QuizSpec:
    """A quiz drawn from the question bank: ``questions`` objective questions of ``category`` (any
    category when None), spread over the question types the category has."""

    questions: int
    category: Category | None = None
    pass_mark: int = 80
    attempts: int = 3


@dataclass(frozen=True)
class NewFile:
    title: str
    upload: UploadedFile


def clean_html(text: str) -> str:
    """Rich text as it is stored: formatting kept, scripts, styles and event handlers dropped."""
    return nh3.clean(text or "", link_rel="noopener noreferrer")


def matching(audience: Audience) -> QuerySet[Employee]:
    """The employees the audience rule reaches now (none without a rule)."""
    if not audience.has_rule:
        return Employee.objects.none()
    people = Employee.objects.filter(status__in=REACHABLE)
    if audience.tiers:
        people = people.filter(tier__in=list(audience.tiers))
    if audience.position_classes:
        people = people.filter(position_class__in=list(audience.position_classes))
    if audience.teams:
        people = people.filter(team__in=list(audience.teams))
    return people


def audience_of(update: Update) -> Audience:
    return Audience(tiers=update.tiers, position_classes=update.position_classes, teams=update.teams)


def nameable(numbers: Iterable[str]) -> tuple[list[Employee], list[str]]:
    """The employees with these 工号 who may be named, and the numbers that name nobody (or someone
    who has left). Two queries at most."""
    wanted = list(dict.fromkeys(n for n in numbers if n))
    found = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=wanted, status__in=NAMEABLE)}
    return [found[n] for n in wanted if n in found], [n for n in wanted if n not in found]


# ---------------------------------------------------------------------------- the quiz


def quiz_types(category: Category | None) -> dict[str, int]:
    """How many active objective questions of each type the bank has (in the category)."""
    questions = Question.objects.filter(is_active=True, type__in=OBJECTIVE_TYPES)
    if category is not None:
        questions = questions.filter(category=category)
    return dict(questions.order_by().values_list("type").annotate(n=Count("id")))


def check_quiz(spec: QuizSpec) -> None:
    """Refuse a quiz the bank cannot fill."""
    if not 1 <= spec.questions <= MAX_QUIZ_QUESTIONS:
        raise KnowledgeError(_("A quiz has 1 to %(max)s questions.") % {"max": MAX_QUIZ_QUESTIONS})
    have = sum(quiz_types(spec.category).values())
    if have < spec.questions:
        raise KnowledgeError(
            _("The question bank has only %(have)s questions with automatic grading here; the quiz needs %(need)s.")
            % {"have": have, "need": spec.questions}
        )


def _split(count: int, available: dict[str, int]) -> dict[str, int]:
    """Spread ``count`` questions over the types, one at a time in the bank's order of types, skipping
    types that run out: 5 over single (20), true / false (10), multiple (2) → 2, 2, 1."""
    split = dict.fromkeys(available, 0)
    types = [t for t in OBJECTIVE_TYPES if available.get(t)]
    while count and types:
        for t in list(types):
            if not count:
                break
            split[t] += 1
            count -= 1
            if split[t] >= available[t]:
                types.remove(t)
    return {t: n for t, n in split.items() if n}


def _make_quiz(version: Version, spec: QuizSpec, *, keep_fixed_from: Exam | None) -> Exam:
    """An exam of the assessments engine, offered only on the update's page (``Exam.page``). Each
    version has its own, so a quiz passed on an earlier version does not count for a new one."""
    check_quiz(spec)
    update = version.update
    exam = Exam.objects.create(
        title=_("Quiz: %(title)s (v%(n)s)") % {"title": version.title, "n": version.number},
        code=f"update-{update.pk}-v{version.number}",
        description=_("A short quiz on the knowledge update “%(title)s”.") % {"title": version.title},
        time_limit_minutes=QUIZ_MINUTES,
        max_attempts=spec.attempts,
        pass_mark=spec.pass_mark,
        result_policy=ResultPolicy.ANSWERS_WHEN_FINAL,
        page=reverse("knowledge_detail", args=[update.pk]),
    )
    fixed = list(keep_fixed_from.fixed_questions.all()) if keep_fixed_from is not None else []
    ExamQuestion.objects.bulk_create(
        ExamQuestion(exam=exam, question_id=f.question_id, points=f.points, order=f.order) for f in fixed
    )
    wanted = max(spec.questions - len(fixed), 0)
    rules = _split(wanted, quiz_types(spec.category))
    ExamRule.objects.bulk_create(
        ExamRule(exam=exam, category=spec.category, type=t, count=n, order=i)
        for i, (t, n) in enumerate(sorted(rules.items(), key=lambda kv: OBJECTIVE_TYPES.index(kv[0])))
    )
    return exam


def quiz_spec_of(exam: Exam | None) -> QuizSpec | None:
    """The spec an existing quiz was made from, to fill the edit form."""
    if exam is None:
        return None
    rules = list(exam.rules.select_related("category"))
    count = sum(r.count for r in rules) + exam.fixed_questions.count()
    category = rules[0].category if rules else None
    return QuizSpec(questions=count, category=category, pass_mark=exam.pass_mark, attempts=exam.max_attempts)


# ---------------------------------------------------------------------------- publishing


def _check_deadline(deadline: date) -> None:
    if deadline < timezone.localdate():
        raise KnowledgeError(_("The deadline cannot be in the past."))


def _add_recipients(update: Update, employees: Iterable[Employee], *, named: bool) -> list[int]:
    """Add whoever is not a recipient yet; returns their employee ids. Two queries."""
    have = set(Recipient.objects.filter(update=update).values_list("employee_id", flat=True))
    new = list(dict.fromkeys(e.pk for e in employees if e.pk not in have))
    Recipient.objects.bulk_create(
        [Recipient(update=update, employee_id=pk, named=named) for pk in new], ignore_conflicts=True
    )
    return new


def _announce(version: Version, employee_ids: list[int], by: User) -> None:
    """Tell the people (after the commit) and, for an update that requires it, ask for their refresher."""
    if not employee_ids:
        return
    if version.update.requires_refresher:
        reason = _("Knowledge update: %(title)s (v%(n)s)") % {"title": version.title, "n": version.number}
        for employee in Employee.objects.filter(pk__in=employee_ids):
            assign_refresher(
                employee=employee, source=NeedSource.UPDATE, reason=reason, source_key=version.refresher_key, by=by
            )
    version_id, ids = version.pk, list(employee_ids)
    transaction.on_commit(
        lambda: update_published.send(sender=Version, version_id=version_id, employee_ids=ids), robust=True
    )


def _attach(version: Version, files: Sequence[NewFile], keep: Sequence[Attachment] = ()) -> None:
    for old in keep:  # the same stored file, listed again under the new version
        Attachment.objects.create(version=version, title=old.title, file=old.file.name)
    for new in files:
        attachment = Attachment(version=version, title=new.title[:200] or new.upload.name or "")
        attachment.file.save(new.upload.name or "file", new.upload, save=True)


@transaction.atomic
def publish_update(
    *,
    category: str,
    audience: Audience,
    named: Sequence[Employee],
    title: str,
    body: str,
    deadline: date,
    quiz: QuizSpec | None,
    requires_refresher: bool,
    files: Sequence[NewFile] = (),
    by: User,
) -> Update:
    """Publish a new update (version 1) to the audience and the people named; each is told, and with
    ``requires_refresher`` put on the refresher list. Refuses an audience that reaches nobody."""
    _check_deadline(deadline)
    people = list(matching(audience))
    if not people and not named:
        raise KnowledgeError(_("Nobody matches this audience. Choose other groups or name people."))
    update = Update.objects.create(
        category=category,
        tiers=list(audience.tiers),
        position_classes=list(audience.position_classes),
        teams=list(audience.teams),
        requires_refresher=requires_refresher,
        created_by=by,
    )
    version = Version.objects.create(
        update=update, number=1, title=title.strip(), body=clean_html(body), deadline=deadline, published_by=by
    )
    if quiz is not None:
        version.quiz = _make_quiz(version, quiz, keep_fixed_from=None)
        version.save(update_fields=["quiz"])
    _attach(version, files)
    update.current = version
    update.save(update_fields=["current"])
    ids = _add_recipients(update, people, named=False)
    ids += _add_recipients(update, named, named=True)
    _announce(version, ids, by)
    return update


@transaction.atomic
def publish_version(
    *,
    update: Update,
    title: str,
    body: str,
    change_note: str,
    deadline: date,
    quiz: QuizSpec | None,
    keep: Sequence[Attachment] = (),
    files: Sequence[NewFile] = (),
    by: User,
) -> Version:
    """Editing a published update publishes a new version: the earlier ones stay as they were, with their
    confirmations and quiz attempts, and everybody confirms (and passes the quiz of) the new one again.
    Whoever matches the audience now and is not a recipient yet is added."""
    _check_deadline(deadline)
    update = Update.objects.select_for_update(of=("self",)).select_related("current__quiz").get(pk=update.pk)
    previous = update.current
    number = (previous.number if previous else 0) + 1
    version = Version.objects.create(
        update=update,
        number=number,
        title=title.strip(),
        body=clean_html(body),
        change_note=change_note.strip(),
        deadline=deadline,
        published_by=by,
    )
    if quiz is not None:
        version.quiz = _make_quiz(version, quiz, keep_fixed_from=previous.quiz if previous else None)
        version.save(update_fields=["quiz"])
    if previous is not None:
        keep = [a for a in keep if a.version_id == previous.pk]
    _attach(version, files, keep)
    update.current = version
    update.save(update_fields=["current"])
    _add_recipients(update, matching(audience_of(update)), named=False)
    _announce(version, list(update.recipients.values_list("employee_id", flat=True)), by)
    return version


@transaction.atomic
def add_people(*, update: Update, named: Sequence[Employee] = (), everyone_matching: bool = False, by: User) -> int:
    """Add people to a published update: those named, and with ``everyone_matching`` whoever matches the
    audience now (new hires who finished training, people who moved team). Only newcomers are told."""
    if update.current is None:
        raise KnowledgeError(_("This update has no published version."))
    ids = _add_recipients(update, named, named=True)
    if everyone_matching:
        ids += _add_recipients(update, matching(audience_of(update)), named=False)
    _announce(update.current, ids, by)
    return len(ids)


# ---------------------------------------------------------------------------- recipients


def record_read(*, version: Version, employee: Employee, now: datetime | None = None) -> Receipt:
    """The first time someone opens a version; later visits change nothing."""
    receipt, _created = Receipt.objects.get_or_create(
        version=version, employee=employee, defaults={"read_at": now or timezone.now()}
    )
    return receipt


def _current_for(update: Update, employee: Employee) -> Version:
    if not Recipient.objects.filter(update=update, employee=employee).exists():
        raise KnowledgeError(_("This update is not addressed to you."))
    if update.current is None:
        raise KnowledgeError(_("This update has no published version."))
    return update.current


@transaction.atomic
def confirm(*, update: Update, employee: Employee, version_number: int, now: datetime | None = None) -> Receipt:
    """ "Read and understood" for the version the person was shown; refused once a newer one is out
    (they confirm what they read, not a text they have not seen). A second click changes nothing."""
    now = now or timezone.now()
    version = _current_for(update, employee)
    if version.number != version_number:
        raise KnowledgeError(_("A newer version of this update was published: read it and confirm again."))
    receipt = record_read(version=version, employee=employee, now=now)
    if receipt.confirmed_at is None:
        Receipt.objects.filter(pk=receipt.pk, confirmed_at__isnull=True).update(confirmed_at=now)
        receipt.refresh_from_db()
    return receipt


def start_quiz(*, update: Update, employee: Employee) -> Attempt:
    """Open (or return the open) attempt of the current version's quiz, by the exam engine's rules."""
    version = _current_for(update, employee)
    if version.quiz is None:
        raise KnowledgeError(_("This update has no quiz."))
    try:
        return start_attempt(exam=version.quiz, employee=employee)
    except ExamError as exc:
        raise KnowledgeError(str(exc)) from exc
