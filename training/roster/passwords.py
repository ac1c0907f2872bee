"""One-time passwords for imported accounts.

Imported accounts have unusable passwords until HR hands something out. HR creates one-time passwords for
the cohort's accounts still without one: each is shown once, on the page that creates it (with the .xlsx
to print embedded in that page), and only its hash is stored. At the first login the middleware sends the
person to the set-password page. These passwords, and the initial passwords a roster file gives, are
hashed by ``common.hashers.InitialPasswordHasher`` (see its reasoning there and in docs/architecture.md):
they only ever open the set-password page, and the person's own password replaces them at the first login.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Value, When

from common.hashers import INITIAL_HASHER
from employees.models import Employee
from training.models import Cohort

OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0 or 1: nothing to misread on paper
OTP_GROUPS, OTP_GROUP_LENGTH = 3, 4  # k7m2-p9qx-4hta
UPDATE_BATCH = 300  # rows per conditional UPDATE (3 parameters a row, under SQLite's 999)


@dataclass(frozen=True)
class IssuedPassword:
    employee_no: str
    name: str
    password: str


def one_time_password() -> str:
    return "-".join("".join(secrets.choice(OTP_ALPHABET) for _i in range(OTP_GROUP_LENGTH)) for _g in range(OTP_GROUPS))


def initial_password_hash(password: str) -> str:
    """A first password's hash, by the one-time hasher (fast: see common.hashers)."""
    return make_password(password, hasher=INITIAL_HASHER)


def waiting_for_password(cohort: Cohort) -> Any:
    """The cohort's members whose login has never had a password and must set one (roster imports)."""
    return Employee.objects.filter(
        enrollments__cohort=cohort,
        user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        user__preference__must_set_password=True,
    ).order_by("employee_no")


def issue_one_time_passwords(*, cohort: Cohort) -> list[IssuedPassword]:
    """Give every member of the cohort still waiting for a password a one-time password, and return them
    (the only time they exist in clear). Each UPDATE is conditional on the password still being unusable, so a
    second request at the same moment (a double click) cannot overwrite the passwords the first one showed:
    it gets only the accounts it actually changed, normally none."""
    waiting = list(waiting_for_password(cohort).values_list("user_id", "employee_no", "name"))
    if not waiting:
        return []
    issued: dict[int, tuple[IssuedPassword, str]] = {}
    for user_id, employee_no, name in waiting:
        password = one_time_password()
        issued[user_id] = (
            IssuedPassword(employee_no, name, password),
            initial_password_hash(password),
        )
    user_ids = list(issued)
    with transaction.atomic():
        for start in range(0, len(user_ids), UPDATE_BATCH):
            batch = user_ids[start : start + UPDATE_BATCH]
            User.objects.filter(pk__in=batch, password__startswith=UNUSABLE_PASSWORD_PREFIX).update(
                password=Case(*(When(pk=pk, then=Value(issued[pk][1])) for pk in batch))
            )
        stored = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "password"))
    return [sheet_row for pk, (sheet_row, hashed) in issued.items() if stored.get(pk) == hashed]
