"""The layout of a permission-matrix row: one expected status per persona."""

from tests.conftest import PERSONAS


def row(*statuses: int) -> dict[str, int]:
    """Statuses in the order anonymous, hr, trainer, mentor, trainee, outsider."""
    return dict(zip(PERSONAS, statuses, strict=True))
