"""Importing CS performance exports (赤兔 / 千牛, 抖店飞鸽, 京东, 快手 …): upload → preview with every problem →
confirm, the whole file or nothing (``kpi.services.import_kpis``).

Modules: ``files`` (opening .xlsx / .xls / .ods through ``common.xlsx.upload``, and .csv in UTF-8 or GBK),
``values`` (a cell as a percentage, a duration, a count, money or a period), ``reading`` (the header by its
aliases, every row, summary rows, accounts matched), ``pending`` (exports awaiting confirmation).
"""

from __future__ import annotations

from .files import ACCEPTED, MAX_MB, MAX_ROWS, FileRefusedError
from .pending import PendingUploadNotFoundError, claim_upload, keep_upload, purge_stale_uploads
from .reading import KpiCheck, ParsedRow, Problem, read_kpis

__all__ = [
    "ACCEPTED",
    "MAX_MB",
    "MAX_ROWS",
    "FileRefusedError",
    "KpiCheck",
    "ParsedRow",
    "PendingUploadNotFoundError",
    "Problem",
    "claim_upload",
    "keep_upload",
    "purge_stale_uploads",
    "read_kpis",
]
