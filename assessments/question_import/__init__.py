"""Import questions into the bank from an Excel workbook (.xlsx), and the template to fill in.

Reading and saving are separate, so that a person sees every problem before anything is written:

- ``read_questions`` opens an upload, checks the file, the header row and every cell of every row, and
  returns the parsed rows with *all* problems found, each with its row number and column header. It
  never writes.
- ``import_questions`` saves the rows of a file without problems in one transaction with bulk inserts:
  the whole file lands or nothing does.
- Between the preview and the confirmation the upload waits under
  ``MEDIA_ROOT/imports/<user id>/<uuid>.xlsx`` (``keep_upload`` / ``claim_upload``), so a token only
  ever finds its owner's file, and a confirmation consumes it.

The sheet is read by ``common.xlsx.upload.open_sheet`` (python-calamine within a row and column budget; .xlsx,
.xls or .ods), which gives an .xlsx formula's text so that formulas are seen as formulas and refused: a
formula's cached value is whatever the last program to save the file computed, or nothing at all.
Problem messages are translated; the Chinese column headers are data (they are what the template says).

Modules: ``columns`` (the columns, accepted words, limits, result types), ``rows`` (one row, and the bank's
rules for options), ``reading`` (the file, the header, every row, the duplicates), ``saving`` (the
transaction), ``pending`` (uploads awaiting confirmation), ``sheets`` (the template).
"""

from __future__ import annotations

from .columns import (
    COLUMNS,
    EXAMPLE_MARK,
    MAX_BYTES,
    MAX_MB,
    MAX_OPTION_LENGTH,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    OPTION_LETTERS,
    SHEET_NAME,
    XLSX_CONTENT_TYPE,
    ImportResult,
    ParsedRow,
    Problem,
    column_guide,
)
from .pending import (
    PENDING_FOLDER,
    PENDING_MAX_AGE,
    PendingUploadNotFoundError,
    claim_upload,
    keep_upload,
    purge_stale_uploads,
)
from .reading import read_questions
from .rows import check_choices
from .saving import ImportRefusedError, import_questions
from .sheets import build_template

__all__ = [
    "COLUMNS",
    "EXAMPLE_MARK",
    "MAX_BYTES",
    "MAX_MB",
    "MAX_OPTION_LENGTH",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "OPTION_LETTERS",
    "PENDING_FOLDER",
    "PENDING_MAX_AGE",
    "SHEET_NAME",
    "XLSX_CONTENT_TYPE",
    "ImportRefusedError",
    "ImportResult",
    "ParsedRow",
    "PendingUploadNotFoundError",
    "Problem",
    "build_template",
    "check_choices",
    "claim_upload",
    "column_guide",
    "import_questions",
    "keep_upload",
    "purge_stale_uploads",
    "read_questions",
]
