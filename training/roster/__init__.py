"""Roster import (花名册导入): HR uploads an Excel roster of a cohort's hires; every row is checked, then all land.

Reading and saving are separate, so that HR sees every problem before anything is written:

- ``inspect_upload`` refuses what is not a workbook at all (name, size, zip, zip bomb); a sheet that inflates to
  over SYNC_BYTES is not opened at all (the worker checks it), a smaller one is read to check row 1 and count
  the rows.
- ``check_roster`` reads every row and every column and returns the parsed rows with *all* problems, each with
  its Excel row number and column header. It never writes. The whole file is refused (no row problems) when it
  cannot be read as a roster: not an .xlsx / .xls / .ods, broken, over 5 MB, a zip bomb, values beyond the
  sheet budget, wrong headers, formulas outside 姓名 and 团队/店铺, or more than 20,000 rows.
- ``save_roster`` writes a clean file in one transaction with bulk inserts: logins (unusable passwords unless the
  file gives an initial one) with ``Preference(must_set_password=True)``, the trainee role, employees, their
  "Hired" status change, the mentor role for named mentors, then ``employees.services.enroll`` puts everyone in
  the cohort and schedules them. Either the whole file lands or nothing does.
- ``check_roster_import`` and ``run_roster_import`` drive a ``RosterImport`` through its statuses; the pages
  call them directly for small files and the Celery tasks in ``tasks_roster`` for large ones.
- ``issue_one_time_passwords`` gives the accounts still without a password a one-time password, shown once.

Modules: ``columns`` (the columns, accepted words, limits, result types), ``rows`` (one row), ``reading`` (the
file, the header, every row, the database checks), ``saving`` (the transaction and the import's statuses),
``passwords`` (one-time passwords), ``sheets`` (the template and the password sheet).

Decisions:

- A mentor (师傅工号) must be an employee who already exists and is live (working on their own), as on the
  *Add a hire* form. A 工号 of another row of the same file is refused with its own message: those are new
  hires and cannot mentor anyone yet.
- 层级 may be empty (the cohort's tier); a tier other than the cohort's is refused, because the cohort's
  tier decides the plan.
- 工号 is the login name. Two numbers that differ only in letter case count as the same, in the file and
  against existing employees and logins.
- 入职日期 may be empty: the day of the import, as on the *Add a hire* form.
- Rows are validated by plain functions built on the model's validators (``phone_validator``, e-mail, login
  name, password validators), not one Django form per row: at 10,000 rows a form per row would cost more than
  writing the rows.
- The sheet is read by ``common.xlsx.upload.open_sheet`` (python-calamine within a budget), which gives an
  .xlsx formula's text: a formula's cached value is whatever the program that last saved the file computed, or
  nothing. In 姓名 and 团队/店铺 the text is kept as typed (Excel turns "-小王" into a formula); elsewhere the
  file is refused.
- Unknown columns are left out with a note; 工号 stored as numbers are restored or flagged (``_restore_numbers``).
"""

from __future__ import annotations

from .columns import (
    COLUMNS,
    EXAMPLE_MARK,
    MAX_BYTES,
    MAX_MB,
    MAX_ROWS,
    PREVIEW_ROWS,
    SHEET_NAME,
    SYNC_ROWS,
    XLSX_CONTENT_TYPE,
    Problem,
    RosterCheck,
    RosterRow,
    column_guide,
)
from .passwords import IssuedPassword, issue_one_time_passwords, waiting_for_password
from .reading import check_roster, inspect_upload, preview_rows, stored_problems
from .saving import (
    RosterRefusedError,
    check_roster_import,
    discard_file,
    expire_stale_imports,
    fail_roster_import,
    fail_stalled_imports,
    needs_background,
    retry_roster_import,
    run_roster_import,
    save_roster,
)
from .sheets import build_template, password_sheet

__all__ = [
    "COLUMNS",
    "EXAMPLE_MARK",
    "MAX_BYTES",
    "MAX_MB",
    "MAX_ROWS",
    "PREVIEW_ROWS",
    "SHEET_NAME",
    "SYNC_ROWS",
    "XLSX_CONTENT_TYPE",
    "IssuedPassword",
    "Problem",
    "RosterCheck",
    "RosterRefusedError",
    "RosterRow",
    "build_template",
    "check_roster",
    "check_roster_import",
    "column_guide",
    "discard_file",
    "expire_stale_imports",
    "fail_roster_import",
    "fail_stalled_imports",
    "inspect_upload",
    "issue_one_time_passwords",
    "needs_background",
    "password_sheet",
    "preview_rows",
    "retry_roster_import",
    "run_roster_import",
    "save_roster",
    "stored_problems",
    "waiting_for_password",
]
