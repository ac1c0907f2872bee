from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers that know no model; installed only to guard integer ``__in`` lookups (lookups.py)."""

    name = "common"

    def ready(self) -> None:
        from .lookups import register

        register()
