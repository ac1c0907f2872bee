"""Personas, as in healthchecks' hc/test.py: hr, trainer, mentor, trainee, and an outsider
trainee of another cohort. The trainee's cohort starts on Monday 2026-11-16."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User

from employees.models import Employee, PositionClass, Status
from tests.factories import CohortFactory, EmployeeFactory, UserFactory
from training.models import Cohort, Enrollment
from training.services import enroll

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Helper modules that assert, imported by tests of several folders: pytest explains their failures too.
pytest.register_assert_rewrite(
    "tests.assessments.practical_fixtures", "tests.reports.report_data", "tests.training.roster_files"
)

START = date(2026, 11, 16)


@dataclass
class World:
    hr: User
    trainer: User
    other_trainer: User
    mentor: Employee
    trainee: Employee
    outsider: Employee
    cohort: Cohort
    other_cohort: Cohort

    @property
    def enrollment(self) -> Enrollment:
        return Enrollment.objects.get(cohort=self.cohort, employee=self.trainee)


@pytest.fixture
def world(db: None) -> World:
    hr = UserFactory(username="hr", first_name="周敏", roles=["hr"], is_staff=True)
    trainer = UserFactory(username="trainer", first_name="李雪", roles=["trainer"], is_staff=True)
    other_trainer = UserFactory(username="trainer2", first_name="陈晨", roles=["trainer"], is_staff=True)
    mentor = EmployeeFactory(
        user=UserFactory(username="mentor", roles=["mentor"]),
        name="王师傅",
        status=Status.LIVE,
        position_class=PositionClass.AFTER_SALE,
    )
    trainee = EmployeeFactory(user=UserFactory(username="trainee", roles=["trainee"]), name="张小花", mentor=mentor)
    outsider = EmployeeFactory(user=UserFactory(username="outsider", roles=["trainee"]), name="刘局外")
    cohort = CohortFactory(name="十一月新人批", start_date=START)
    cohort.trainers.add(trainer)
    other_cohort = CohortFactory(name="别的批次", start_date=START)
    other_cohort.trainers.add(other_trainer)
    enroll(cohort=cohort, employees=[trainee])
    enroll(cohort=other_cohort, employees=[outsider])
    return World(hr, trainer, other_trainer, mentor, trainee, outsider, cohort, other_cohort)


PERSONAS = ["anonymous", "hr", "trainer", "mentor", "trainee", "outsider"]


def login_as(client, world: World, persona: str) -> None:
    users = {
        "hr": world.hr,
        "trainer": world.trainer,
        "mentor": world.mentor.user,
        "trainee": world.trainee.user,
        "outsider": world.outsider.user,
    }
    if persona != "anonymous":
        client.force_login(users[persona])


@pytest.fixture
def eager_tasks():
    """Run queued tasks in-process, as a worker would (so that e-mails land in mail.outbox, reports
    are built, and the tasks `serve` queues run at once), with their errors raised in the test."""
    from config.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def worker():
    """A real Celery worker in a thread of this process, on the Redis broker CI provides
    (tests that use it are marked `worker` and skipped without CELERY_TEST_WORKER=1)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    assert app.conf.broker_url.startswith("redis"), app.conf.broker_url
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as w:
        yield w


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese), whatever the test before it asked for: a request
    leaves its language active in the thread, so a test that calls services directly would otherwise get
    their messages in the language of the previous test's last request."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    """PBKDF2 at production strength costs a quarter second a user; tests need no strength."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "common.hashers.InitialPasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _no_robot_network():
    """Group robots never reach DingTalk or WeCom from a test: every post gets a connection error unless the
    test installs its own transport (robots.client.transport)."""
    import httpx

    from robots import client

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network in tests", request=request)

    saved = client.transport
    client.transport = httpx.MockTransport(refuse)
    yield
    client.transport = saved


@pytest.fixture(autouse=True)
def shipped_data(request):
    """A transactional test flushes every table after it runs, and with them the rows that data
    migrations ship (plan templates, role groups). Put them back as the migrations would, so the
    next transactional test starts from what a migrated database holds."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    from assessments.seeds import exams, questions, rubrics, typing
    from training.models import Phase, PlanItem, PlanTemplate
    from training.standard_plans import install_standard_plans

    if not PlanTemplate.objects.exists():
        install_standard_plans(PlanTemplate, Phase, PlanItem)
    for seed in (questions, exams, rubrics, typing):
        seed.install(apps)
    from career.seeds.competencies import install_all as install_career_seeds

    install_career_seeds(apps)
    import_module("employees.migrations.0003_roles").grant_roles(Group, Permission)
    import_module("assessments.migrations.0003_role_permissions").grant_roles(Group, Permission)
    import_module("coaching.migrations.0002_role_permissions").grant_roles(Group, Permission)
    import_module("career.migrations.0003_role_permissions").grant_roles(Group, Permission)
    from quality.sheets import install_default_sheet

    install_default_sheet(apps)
    import_module("quality.migrations.0003_role_permissions").grant_roles(Group, Permission)
    import_module("kpi.migrations.0002_role_permissions").grant_roles(Group, Permission)
    import_module("knowledge.migrations.0002_role_permissions").grant_roles(Group, Permission)
    import_module("robots.migrations.0002_role_permissions").grant_roles(Group, Permission)
    import_module("replies.migrations.0002_role_permissions").grant_roles(Group, Permission)
    import_module("promotion.migrations.0002_role_permissions").grant_roles(Group, Permission)
    from django.utils import timezone

    from onboarding import seeds as onboarding_seeds

    onboarding_seeds.install(apps, today=timezone.localdate())
    onboarding_grants = import_module("onboarding.migrations.0003_role_permissions")
    for name, grants in (("hr", onboarding_grants.HR), ("trainer", onboarding_grants.TRAINER)):
        Group.objects.get_or_create(name=name)[0].permissions.add(
            *Permission.objects.filter(
                content_type__app_label="onboarding", codename__in=onboarding_grants._codenames(grants)
            )
        )
    from wording import seeds as wording_seeds

    wording_seeds.install(apps)
    import_module("wording.migrations.0003_role_permissions").grant_roles(Group, Permission)
    from dialogues import seeds as dialogue_seeds

    dialogue_seeds.install(apps)
    import_module("dialogues.migrations.0002_role_permissions").grant_roles(Group, Permission)
