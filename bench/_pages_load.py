"""The load run of ``bench/pages.py``: logged-in virtual users of each persona with their own pages, and
gunicorn serving the portal plus ``/bench/ping/`` (``bench/_server.py``) while they loop over them.

A helper module, not a benchmark: ``bench/pages.py`` imports it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from _pages_data import ON, Portal

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from pages import Page

BENCH = Path(__file__).resolve().parent
PERSONA_WEIGHTS = {"hr": 1, "trainer": 4, "mentor": 10, "trainee": 35}


# --- The load run --------------------------------------------------------------------------------


@dataclass
class VirtualUser:
    persona: str
    session: str
    urls: list[str]


def virtual_users(portal: Portal, pages: list[Page], count: int) -> list[VirtualUser]:
    """`count` logged-in users (sessions made as a login would), personas by PERSONA_WEIGHTS; each mentor
    and trainee is a different person of the big cohort, with their own pages."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from employees.models import Employee
    from training.models import Enrollment

    total = sum(PERSONA_WEIGHTS.values())
    wanted = {p: max(1, round(count * w / total)) for p, w in PERSONA_WEIGHTS.items()}
    wanted["trainee"] = count - sum(n for p, n in wanted.items() if p != "trainee")
    by_persona: dict[str, list[Page]] = defaultdict(list)
    for page in pages:
        by_persona[page.persona].append(page)
    trainees = list(
        Enrollment.objects.filter(cohort=portal.big, employee__status="in_training")
        .select_related("employee__user", "employee__mentor__user")
        .order_by("pk")[: wanted["trainee"] * 3]
    )
    trainers = list(User.objects.filter(groups=Group.objects.get(name="trainer"), cohorts_trained=portal.big))
    people: dict[str, list[tuple[User, dict[str, str]]]] = {
        "hr": [(portal.hr, {})],
        "trainer": [(u, {}) for u in trainers],
        "mentor": [],
        "trainee": [],
    }
    seen_mentors: set[int] = set()
    for e in trainees:
        mentor: Employee | None = e.employee.mentor
        if mentor and mentor.pk not in seen_mentors:
            seen_mentors.add(mentor.pk)
            people["mentor"].append((mentor.user, {f"/employees/{portal.trainee.pk}/": f"/employees/{e.employee.pk}/"}))
        people["trainee"].append((e.employee.user, {}))
    result = []
    for persona, n in wanted.items():
        for i in range(n):
            user, _swap = people[persona][i % len(people[persona])]
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            urls = [p.url for p in by_persona[persona]]
            if persona in {"mentor", "trainee"} and user != (
                portal.mentor.user if persona == "mentor" else portal.trainee.user
            ):
                urls = own_urls(persona, user, portal, urls)
            result.append(VirtualUser(persona, store.session_key or "", urls))
    del reverse
    return result


def own_urls(persona: str, user: User, portal: Portal, urls: list[str]) -> list[str]:
    """The pages of another mentor or trainee: the same pages about their own mentee or themselves."""
    from assessments.models import Attempt
    from training.models import Enrollment

    if persona == "trainee":
        me = Enrollment.objects.get(cohort=portal.big, employee__user=user)
        mine = Enrollment.objects.get(cohort=portal.big, employee=portal.trainee)
        attempt = Attempt.objects.filter(employee=me.employee).order_by("pk").first()
        theirs = Attempt.objects.filter(employee=portal.trainee).order_by("pk").first()
        swaps = {f"/ratings/{mine.pk}/": f"/ratings/{me.pk}/"}
        if attempt and theirs:
            swaps[f"/attempts/{theirs.pk}/"] = f"/attempts/{attempt.pk}/"
    else:
        mentee = Enrollment.objects.filter(cohort=portal.big, employee__mentor__user=user).order_by("pk").first()
        mine = Enrollment.objects.get(cohort=portal.big, employee=portal.trainee)
        assert mentee is not None
        swaps = {
            f"/enrollments/{mine.pk}/": f"/enrollments/{mentee.pk}/",
            f"/typing/employees/{portal.trainee.pk}/": f"/typing/employees/{mentee.employee_id}/",
        }
    out = []
    for address in urls:
        for old, new in swaps.items():
            address = address.replace(old, new)
        out.append(address)
    return out


@dataclass
class LoadResult:
    seconds: float
    pages: list[float]
    pings: list[float]
    page_errors: list[str]
    ping_errors: list[str]

    @staticmethod
    def percentile(values: list[float], p: float) -> float:
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


async def _user_loop(client: Any, user: VirtualUser, until: float, result: LoadResult, base: str) -> None:
    i = 0
    while time.monotonic() < until:
        for kind, address in (("page", user.urls[i % len(user.urls)]), ("ping", "/bench/ping/")):
            started = time.perf_counter()
            try:
                response = await client.get(base + address, cookies={"sessionid": user.session})
                ok = response.status_code == 200
                problem = f"{response.status_code} {address}"
            except Exception as exc:  # noqa: BLE001 - every failure of the run is counted as an error
                ok, problem = False, f"{type(exc).__name__} {address}"
            elapsed = time.perf_counter() - started
            if kind == "page":
                (result.pages if ok else result.page_errors).append(elapsed if ok else problem)  # type: ignore[arg-type]
            else:
                (result.pings if ok else result.ping_errors).append(elapsed if ok else problem)  # type: ignore[arg-type]
        i += 1


async def _load(users: list[VirtualUser], seconds: float, base: str) -> LoadResult:
    import httpx

    result = LoadResult(seconds, [], [], [], [])
    limits = httpx.Limits(max_connections=len(users), max_keepalive_connections=len(users))
    async with httpx.AsyncClient(limits=limits, timeout=60, follow_redirects=False) as client:
        until = time.monotonic() + seconds
        await asyncio.gather(*(_user_loop(client, u, until, result, base) for u in users))
    return result


def load_run(db_url: str, users: list[VirtualUser], *, seconds: float, port: int, workers: int) -> LoadResult:
    """Start gunicorn on 127.0.0.1:`port`, wait until it answers, run the users, stop it."""
    import logging

    import httpx

    logging.getLogger("httpx").setLevel(logging.WARNING)
    env = dict(os.environ, DATABASE_URL=db_url, BENCH_TODAY=ON.isoformat(), ALLOWED_HOSTS="127.0.0.1")
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments from this script
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "_server:application",
            "--chdir",
            str(BENCH),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/bench/ping/", cookies={"sessionid": users[0].session}).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.5)
        # One pass over every user's pages first, untimed: each worker loads its templates and translations.
        asyncio.run(_load(users, 3, base))
        return asyncio.run(_load(users, seconds, base))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
