"""Exports awaiting confirmation: kept under ``MEDIA_ROOT/kpi-imports/<user id>/<uuid>.<ending>`` between the
preview and the confirmation, with the choices made on the upload form beside them (``<uuid>.json``), found only
by their owner's token, consumed by a confirmation, purged after a day."""

from __future__ import annotations

import json
import os
import time as clock
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File

from .files import kind_of

PENDING_FOLDER = "kpi-imports"
PENDING_MAX_AGE = timedelta(days=1)


class PendingUploadNotFoundError(LookupError):
    """No upload of this user under this token: never made, someone else's, already confirmed or expired."""


@dataclass
class Pending:
    path: Path
    name: str
    platform: str
    period: tuple[date, date] | None


def _folder(user_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_FOLDER / str(int(user_id))


def purge_stale_uploads(*, max_age: timedelta = PENDING_MAX_AGE) -> int:
    """Delete uploads nobody confirmed within ``max_age``; returns how many files went."""
    cutoff = clock.time() - max_age.total_seconds()
    removed = 0
    for path in (Path(settings.MEDIA_ROOT) / PENDING_FOLDER).glob("*/*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request took it meanwhile
            continue
    return removed


def keep_upload(*, user_id: int, upload: File, name: str, platform: str, period: tuple[date, date] | None) -> uuid.UUID:
    """Keep a checked export until its owner confirms it; the token names it in the confirm URL."""
    purge_stale_uploads()
    folder = _folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4()
    with (folder / f"{token}.{kind_of(name)}").open("wb") as out:
        upload.seek(0)
        for chunk in upload.chunks():
            out.write(chunk)
    choices: dict[str, Any] = {
        "name": name,
        "platform": platform,
        "period": [period[0].isoformat(), period[1].isoformat()] if period else None,
    }
    (folder / f"{token}.json").write_text(json.dumps(choices), encoding="utf-8")
    return token


def claim_upload(*, user_id: int, token: uuid.UUID) -> Pending:
    """Take the user's export for confirmation. The renames are atomic, so two confirmations (a double click)
    cannot both import it. The caller deletes ``path``. Raises PendingUploadNotFoundError."""
    folder = _folder(user_id)
    token = uuid.UUID(str(token))
    choices_path = folder / f"{token}.json"
    claimed_choices = choices_path.with_suffix(".claimed-json")
    try:
        os.replace(choices_path, claimed_choices)
    except FileNotFoundError as exc:
        raise PendingUploadNotFoundError(str(token)) from exc
    try:
        choices = json.loads(claimed_choices.read_text(encoding="utf-8"))
    finally:
        claimed_choices.unlink(missing_ok=True)
    source = folder / f"{token}.{kind_of(choices['name'])}"
    claimed = folder / f"{token}.claimed"
    try:
        os.replace(source, claimed)
    except FileNotFoundError as exc:
        raise PendingUploadNotFoundError(str(token)) from exc
    period = choices.get("period")
    return Pending(
        path=claimed,
        name=choices["name"],
        platform=choices["platform"],
        period=(date.fromisoformat(period[0]), date.fromisoformat(period[1])) if period else None,
    )
