"""Exports awaiting confirmation: kept under ``MEDIA_ROOT/kpi-imports/<user id>/`` between the
preview and the confirmation, with the choices made on the upload form beside them, through ``common.pending``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.files import File

from common.pending import PendingUploadNotFoundError, PendingUploads

__all__ = ["Pending", "PendingUploadNotFoundError", "claim_upload", "keep_upload", "purge_stale_uploads"]

PENDING = PendingUploads("kpi-imports")


@dataclass
class Pending:
    path: Path
    name: str
    platform: str
    period: tuple[date, date] | None


def purge_stale_uploads() -> int:
    """Delete uploads nobody confirmed within a day; returns how many files went."""
    return PENDING.purge()


def keep_upload(*, user_id: int, upload: File, name: str, platform: str, period: tuple[date, date] | None) -> uuid.UUID:
    """Keep a checked export until its owner confirms it; the token names it in the confirm URL."""
    choices = {
        "name": name,
        "platform": platform,
        "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
    }
    return PENDING.keep(user_id=user_id, upload=upload, choices=choices)


def claim_upload(*, user_id: int, token: uuid.UUID) -> Pending:
    """Take the user's export for confirmation (a double click imports it once); the caller deletes ``path``.
    Raises PendingUploadNotFoundError."""
    path, choices = PENDING.claim(user_id=user_id, token=token)
    period = choices.get("period")
    return Pending(
        path=path,
        name=choices["name"],
        platform=choices["platform"],
        period=(date.fromisoformat(period[0]), date.fromisoformat(period[1])) if period else None,
    )
