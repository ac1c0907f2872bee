"""Uploads awaiting their owner's confirmation, between an import's preview and its confirmation.

A checked file is kept under ``MEDIA_ROOT/<folder>/<user id>/<token>.upload`` with the choices made on the upload
form beside it (``<token>.json``). Only its owner's token finds it; a confirmation claims it by atomic renames, so
two confirmations (a double click) cannot both import it; files nobody confirmed are purged after a day.
"""

from __future__ import annotations

import json
import os
import time as clock
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files import File

MAX_AGE = timedelta(days=1)


class PendingUploadNotFoundError(LookupError):
    """No upload of this user under this token: never made, someone else's, already confirmed or expired."""


class PendingUploads:
    """The pending uploads of one kind of import, in their own folder under ``MEDIA_ROOT``."""

    def __init__(self, folder: str, max_age: timedelta = MAX_AGE) -> None:
        self.folder = folder
        self.max_age = max_age

    def _user_folder(self, user_id: int) -> Path:
        return Path(settings.MEDIA_ROOT) / self.folder / str(int(user_id))

    def purge(self, *, max_age: timedelta | None = None) -> int:
        """Delete files nobody confirmed within ``max_age``; returns how many went."""
        cutoff = clock.time() - (max_age or self.max_age).total_seconds()
        removed = 0
        for path in (Path(settings.MEDIA_ROOT) / self.folder).glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:  # another request took it meanwhile
                continue
        return removed

    def keep(self, *, user_id: int, upload: File, choices: dict[str, Any]) -> uuid.UUID:
        """Keep a checked file and the form's choices (JSON) until the owner confirms; the token names them."""
        self.purge()
        folder = self._user_folder(user_id)
        folder.mkdir(parents=True, exist_ok=True)
        token = uuid.uuid4()
        with (folder / f"{token}.upload").open("wb") as out:
            upload.seek(0)
            for chunk in upload.chunks():
                out.write(chunk)
        (folder / f"{token}.json").write_text(json.dumps(choices), encoding="utf-8")
        return token

    def claim(self, *, user_id: int, token: uuid.UUID | str) -> tuple[Path, dict[str, Any]]:
        """Take the user's file and its choices for confirmation; the caller deletes the returned file.
        Raises PendingUploadNotFoundError."""
        folder = self._user_folder(user_id)
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
        claimed = folder / f"{token}.claimed"
        try:
            os.replace(folder / f"{token}.upload", claimed)
        except FileNotFoundError as exc:
            raise PendingUploadNotFoundError(str(token)) from exc
        return claimed, choices
