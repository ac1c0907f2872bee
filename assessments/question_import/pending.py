"""Uploads awaiting confirmation: kept under ``MEDIA_ROOT/imports/<user id>/<uuid>.xlsx`` between the preview
and the confirmation, found only by their owner's token, consumed by a confirmation, purged after a day."""

from __future__ import annotations

import os
import time as clock
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File

PENDING_FOLDER = "imports"
PENDING_MAX_AGE = timedelta(days=1)


class PendingUploadNotFoundError(LookupError):
    """No upload of this user under this token: never made, someone else's, already confirmed or expired."""


def _pending_folder(user_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / PENDING_FOLDER / str(int(user_id))


def purge_stale_uploads(*, max_age: timedelta = PENDING_MAX_AGE) -> int:
    """Delete uploads nobody confirmed within ``max_age``; returns how many went."""
    root = Path(settings.MEDIA_ROOT) / PENDING_FOLDER
    cutoff = clock.time() - max_age.total_seconds()
    removed = 0
    for path in root.glob("*/*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request took it meanwhile
            continue
    return removed


def keep_upload(*, user_id: int, upload: File) -> uuid.UUID:
    """Keep a checked upload until its owner confirms it; the token names it in the confirm URL."""
    purge_stale_uploads()
    folder = _pending_folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4()
    with (folder / f"{token}.xlsx").open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def claim_upload(*, user_id: int, token: uuid.UUID) -> Path:
    """Take the user's upload for confirmation. The rename is atomic, so two confirmations (a double click)
    cannot both import it. The caller deletes the returned file. Raises PendingUploadNotFoundError."""
    source = _pending_folder(user_id) / f"{uuid.UUID(str(token))}.xlsx"
    claimed = source.with_suffix(".claimed")
    try:
        os.replace(source, claimed)
    except FileNotFoundError as exc:
        raise PendingUploadNotFoundError(str(token)) from exc
    return claimed
