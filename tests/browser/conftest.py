"""Playwright drives Debian's Chromium (playwright cannot download its own browser here)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test import testcases
from playwright.sync_api import Page


class OneRequestAtATimeServer(WSGIServer):
    """The live server answers one request after the other.

    On the SQLite test database (in memory), the server and the test share one connection, and the live
    server lives for the whole session. Django's threaded live server let two requests of a page (a
    navigation and a background fetch, say) run on that connection at once, so their transactions and
    savepoints could interleave; once one failed inside an atomic block, the shared connection stayed
    broken and every later browser test failed at its login. Without threads, Django closes each HTTP
    connection after its response, so the browser's requests queue instead of waiting on a kept-alive one.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


testcases.LiveServerThread.server_class = OneRequestAtATimeServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[2] / "screenshots"))

pytestmark = pytest.mark.browser

PASSWORD = "pw-for-tests-1"  # every factory-made user's (tests/factories.py)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium fonts-wqy-microhei)")
        for item in items:
            if "browser" in str(item.fspath):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def log_in(page: Page, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.fixture
def shoot(request):
    """Save a full-page screenshot under screenshots/ for people to look at."""

    def take(page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
