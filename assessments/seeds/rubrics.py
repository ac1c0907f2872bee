"""Starter data (see assessments/seeds/__init__.py)."""

from __future__ import annotations

from typing import Any


def install(apps: Any) -> None:
    """Idempotent: rows that already exist (by code or title) are left alone."""
