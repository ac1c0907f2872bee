"""Knowledge updates reach the team robots when published (the signal is sent after the commit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .digests import post_update_published


def on_update_published(sender: Any, *, version_id: int, employee_ids: Sequence[int], **kwargs: Any) -> None:
    post_update_published(version_id=version_id, employee_ids=employee_ids)
