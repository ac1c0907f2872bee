"""What migrations that move models from one app to another share: the tables keep their rows (renamed by the
old app), the new app takes the models over in Django's state only, and the content types (so the admin
permissions granted to the roles and the admin's history) follow the models."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def move_content_types(old_label: str, new_label: str, models: Iterable[str]) -> Callable[[Any, Any], None]:
    """A RunPython function that hands the content types of `models` from `old_label` to `new_label`, and one
    for the way back."""
    names = list(models)

    def forwards(apps: Any, schema_editor: Any) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        for name in names:
            # A content type the new app already has (made by a post_migrate run in between) would clash.
            content_type.objects.filter(app_label=new_label, model=name).delete()
            content_type.objects.filter(app_label=old_label, model=name).update(app_label=new_label)

    return forwards
