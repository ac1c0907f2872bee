"""One-time passwords for imported accounts.

Imported accounts have unusable passwords until HR hands something out. HR creates one-time passwords for
the cohort's accounts still without one: each is shown once, on the page that creates it (with the .xlsx
to print embedded in that page), and only its hash is stored. At the first login the middleware sends the
person to the set-password page. The passwords are 12 random characters (about 59 bits) rather than
human-chosen, so they are hashed with fewer PBKDF2 rounds than the password setting uses for passwords
people choose: finding one from a stolen hash still takes about 2^68 SHA-256 computations, and 10,000 of
them are created in seconds rather than two hours. Django re-hashes at full strength at the first login.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, PBKDF2PasswordHasher, get_hasher
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Case, Value, When

from employees.models import Employee
from training.models import Cohort

OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no i, l, o, 0 or 1: nothing to misread on paper
OTP_GROUPS, OTP_GROUP_LENGTH = 3, 4  # k7m2-p9qx-4hta
OTP_ITERATIONS = 300
UPDATE_BATCH = 300  # rows per conditional UPDATE (3 parameters a row, under SQLite's 999)


@dataclass(frozen=True)
class IssuedPassword:
    employee_no: str
    name: str
    password: str


def one_time_password() -> str:
    return "-".join("".join(secrets.choice(OTP_ALPHABET) for _i in range(OTP_GROUP_LENGTH)) for _g in range(OTP_GROUPS))


def _hash(password: str) -> str:
    """The project's password hasher; PBKDF2 (Django's default) with OTP_ITERATIONS rounds."""
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):  # PBKDF2SHA1PasswordHasher too
        return hasher.encode(password, hasher.salt(), iterations=min(OTP_ITERATIONS, hasher.iterations))
    return hasher.encode(password, hasher.salt())


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
            _hash(password),
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
