"""Importing a quick-reply file: the 3-column 千牛 file (快捷编码 / 快捷短语 / 快捷短语分组) as .xlsx, .xls or .csv,
or our "完整" export (adding scope, position classes and tags).

``check_import`` reads the file and compares it with the target library: every row is new, changed (same
code in the same group, other text), moved (its text, or else its code, is found in another group),
unchanged, a duplicate of an earlier row of the file, an empty group, or an error. Nothing is saved until
``save_import`` applies the checked file, all of it or nothing. "Merge" keeps what the file does not name;
"replace" first clears the library's phrases (pending team proposals stay) and the groups left empty.

CSV as 千牛 writes it: ANSI (GBK) or UTF-8, a newline inside a phrase written ``&#13;``, a comma ``&#44;``.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from common.pending import PendingUploads
from common.xlsx.cells import blank, cell_text, fold_word
from common.xlsx.upload import Limits, Refusals, read_upload
from employees.models import PositionClass
from wording.matching import current_matcher

from .models import CODE_MAX, QIANNIU_CODE_MAX, UNGROUPED, Phrase, PhraseGroup, PhraseStatus, Scope, join_list
from .services import banned_hits, describe_hits

MAX_MB = 2
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 30
TEXT_MAX = 2000
GROUP_MAX = 60
ACCEPTED = ("xlsx", "xls", "csv")

CODE, TEXT, GROUP, CLASSES, TAGS = "code", "text", "group", "classes", "tags"
HEADERS = {
    CODE: ("快捷编码", "编码", "code", "快捷码"),
    TEXT: ("快捷短语", "短语", "内容", "话术", "phrase", "text"),
    GROUP: ("快捷短语分组", "分组", "group", "分组名称"),
    CLASSES: ("岗位分类", "分类", "岗位", "position classes"),
    TAGS: ("标签", "tags"),
}
# What the "完整" export writes besides: read back by name, never required.
IGNORED_HEADERS = ("范围", "库", "scope", "library")

# Position classes as a file may write them: value, English name, Chinese name.
CLASS_NAMES = {
    PositionClass.PRE_SALE: ("pre_sale", "pre-sale", "售前"),
    PositionClass.IN_SALE: ("in_sale", "in-sale", "售中"),
    PositionClass.AFTER_SALE: ("after_sale", "after-sale", "售后"),
}

NEW, CHANGED, MOVED, UNCHANGED, DUPLICATE, NEW_GROUP, ERROR = (
    "new",
    "changed",
    "moved",
    "unchanged",
    "duplicate",
    "new_group",
    "error",
)
MERGE, REPLACE = "merge", "replace"


class FileRefusedError(ValueError):
    """The file cannot be read at all; the message says why."""


@dataclass
class Row:
    number: int
    code: str
    text: str
    group: str  # the group's name; a blank cell is 未分组
    classes: list[str] | None  # None: the file has no such column (the phrase keeps its own)
    tags: list[str] | None
    kind: str = NEW
    errors: list[str] = field(default_factory=list)
    warnings: str = ""
    existing: Phrase | None = None
    duplicate_of: int | None = None

    @property
    def old_group(self) -> str:
        return self.existing.group.name if self.existing else ""


@dataclass
class ImportCheck:
    file_name: str
    scope: str
    mode: str
    rows: list[Row] = field(default_factory=list)
    problem: str = ""
    replaced_count: int = 0  # phrases a "replace" import deletes first

    def of_kind(self, kind: str) -> list[Row]:
        return [row for row in self.rows if row.kind == kind]

    @property
    def errors(self) -> list[Row]:
        return self.of_kind(ERROR)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((NEW, CHANGED, MOVED, UNCHANGED, DUPLICATE, NEW_GROUP, ERROR), 0)
        for row in self.rows:
            counts[row.kind] += 1
        return counts

    @property
    def importable(self) -> bool:
        counts = self.counts
        return (
            not self.problem
            and not counts[ERROR]
            and bool(counts[NEW] + counts[CHANGED] + counts[MOVED] + counts[NEW_GROUP] + self.replaced_count)
        )


# ---------------------------------------------------------------------------- reading the file


def kind_of(name: str) -> str:
    ending = name.lower().rpartition(".")[2]
    return ending if ending in ACCEPTED else ""


def unescape(text: str) -> str:
    """千牛's CSV escapes: ``&#13;`` (and ``&#10;``) a newline, ``&#44;`` a comma."""
    return text.replace("&#13;&#10;", "\n").replace("&#13;", "\n").replace("&#10;", "\n").replace("&#44;", ",")


def decode_csv(data: bytes) -> str:
    """UTF-8 with a BOM, UTF-8, else GB18030 (which reads GBK and ANSI files from a Chinese Windows)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as error:
            raise FileRefusedError(
                _("The CSV file is neither UTF-8 nor GBK text. Save it again as “CSV UTF-8” or as .xlsx.")
            ) from error


def _refusals() -> Refusals:
    return Refusals(
        empty=_("The file is empty. Choose a quick-reply file (快捷编码, 快捷短语, 快捷短语分组)."),
        too_large=_("The file is too large (%(size)s); the limit is %(limit)s MB."),
        inflated=lambda _unpacked: _("The file holds far more data than a quick-reply file. Is it the right file?"),
    )


def read_grid(upload: IO[bytes], *, name: str, size: int) -> list[tuple[int, list[tuple[Any, str]]]]:
    """The rows of the file (row number, cells as (value, "f" for a formula else "n")); FileRefusedError."""
    kind = kind_of(name)
    if not kind:
        raise FileRefusedError(
            _("Only .xlsx, .xls and .csv files can be imported, and “%(name)s” is not one.") % {"name": name}
        )
    if kind != "csv":
        limits = Limits(
            max_bytes=MAX_BYTES,
            max_mb=MAX_MB,
            max_unpacked_bytes=40 * 1024 * 1024,
            max_rows=MAX_ROWS + 10,
            max_columns=MAX_COLUMNS,
        )
        sheet = read_upload(upload, name=name, size=size, limits=limits, refusals=_refusals(), choose=lambda _n: 0)
        if isinstance(sheet, str):
            raise FileRefusedError(sheet)
        return sheet.rows
    if size == 0:
        raise FileRefusedError(_refusals().empty)
    if size > MAX_BYTES:
        raise FileRefusedError(_refusals().too_large % {"size": filesizeformat(size), "limit": MAX_MB})
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if data.startswith((b"PK", b"\xd0\xcf\x11\xe0")):
        raise FileRefusedError(
            _("The file is a workbook renamed to .csv. Upload it with its own ending (.xlsx, .xls).")
        )
    text = decode_csv(data)
    if "\x00" in text:
        raise FileRefusedError(_("The file is not really a CSV file (it holds binary data). Save it again."))
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    rows: list[tuple[int, list[tuple[Any, str]]]] = []
    try:
        for number, values in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            if number > MAX_ROWS + 10:
                raise FileRefusedError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            rows.append((number, [(unescape(value), "n") for value in values[:MAX_COLUMNS]]))
    except csv.Error as error:
        raise FileRefusedError(_("The CSV file is damaged and cannot be read. Save it again.")) from error
    return rows


def _header_keys() -> dict[str, str]:
    return {fold_word(name): key for key, names in HEADERS.items() for name in names}


def _classes(value: str) -> tuple[list[str], list[str]]:
    """(position class values, names not understood) of a cell such as “售前,售后”."""
    names: dict[str, str] = {fold_word(name): str(value) for value, aliases in CLASS_NAMES.items() for name in aliases}
    names.update({fold_word(str(choice.label)): str(choice.value) for choice in PositionClass})
    found, unknown = [], []
    for part in value.replace("，", ",").replace("、", ",").split(","):
        if part.strip():
            if (known := names.get(fold_word(part))) is not None:
                found.append(known)
            else:
                unknown.append(part.strip())
    return found, unknown


def parse_rows(grid: list[tuple[int, list[tuple[Any, str]]]]) -> list[Row]:
    """The file's rows under its header (the first row that is not blank); FileRefusedError without one."""
    keys = _header_keys()
    header_at = next((i for i, (_n, cells) in enumerate(grid) if any(not blank(v) for v, _t in cells)), None)
    if header_at is None:
        raise FileRefusedError(_refusals().empty)
    columns: dict[str, int] = {}
    for index, (value, _type) in enumerate(grid[header_at][1]):
        key = keys.get(fold_word(cell_text(value)))
        if key is not None and key not in columns:
            columns[key] = index
    if TEXT not in columns:
        raise FileRefusedError(
            _(
                "The first row must be the header 快捷编码, 快捷短语, 快捷短语分组 (the 千牛 template). "
                "No column of phrases (快捷短语) was found."
            )
        )
    rows = []
    for number, cells in grid[header_at + 1 :]:
        if all(blank(value) for value, _type in cells):
            continue

        def cell(key: str, cells: list[tuple[Any, str]] = cells) -> tuple[str, bool]:
            index = columns.get(key)
            if index is None or index >= len(cells):
                return "", False
            value, data_type = cells[index]
            text = cell_text(value) if not isinstance(value, str) else value.replace("\r\n", "\n").strip()
            return text.replace("\x00", ""), data_type == "f"  # PostgreSQL stores no NUL

        values = {key: cell(key) for key in (CODE, TEXT, GROUP, CLASSES, TAGS)}
        classes_text = values[CLASSES][0]
        classes, unknown = _classes(classes_text)
        row = Row(
            number=number,
            code=values[CODE][0],
            text=values[TEXT][0],
            group=values[GROUP][0] or UNGROUPED,
            classes=classes if CLASSES in columns else None,
            tags=[t.strip() for t in values[TAGS][0].replace("，", ",").split(",") if t.strip()]
            if TAGS in columns
            else None,
        )
        if any(formula for _text, formula in values.values()):
            row.errors.append(_("A cell holds a formula. Write the phrase itself."))
        if unknown:
            row.errors.append(
                _("Unknown position class: %(names)s (write 售前, 售中 or 售后).") % {"names": "、".join(unknown)}
            )
        if len(row.code) > CODE_MAX:
            row.errors.append(_("The code is longer than %(max)s characters.") % {"max": CODE_MAX})
        if len(row.text) > TEXT_MAX:
            row.errors.append(_("The phrase is longer than %(max)s characters.") % {"max": TEXT_MAX})
        if len(row.group) > GROUP_MAX:
            row.errors.append(_("The group name is longer than %(max)s characters.") % {"max": GROUP_MAX})
        if not row.text and row.code:
            row.errors.append(_("The row has a code but no phrase."))
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise FileRefusedError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return rows


# ---------------------------------------------------------------------------- comparing with the library


def library_phrases(scope: str, owner: User) -> list[Phrase]:
    """The phrases an import compares with and may change: a person's own, or the approved team phrases."""
    phrases = Phrase.objects.select_related("group").filter(group__scope=scope)
    if scope == Scope.PERSONAL:
        return list(phrases.filter(group__owner=owner))
    return list(phrases.filter(status=PhraseStatus.APPROVED))


def library_groups(scope: str, owner: User) -> list[PhraseGroup]:
    groups = PhraseGroup.objects.filter(scope=scope)
    return list(groups.filter(owner=owner) if scope == Scope.PERSONAL else groups)


def _same_code(stored: str, read: str) -> bool:
    """A code read back from a 千牛 file may be the stored one cut to 4 characters."""
    return stored == read or (len(read) == QIANNIU_CODE_MAX and stored[:QIANNIU_CODE_MAX] == read)


def _extras_differ(row: Row, phrase: Phrase) -> bool:
    return (row.classes is not None and join_list(row.classes) != phrase.position_classes) or (
        row.tags is not None and join_list(row.tags) != phrase.tags
    )


def classify(rows: Iterable[Row], *, phrases: list[Phrase], groups: list[PhraseGroup], mode: str) -> None:
    """Set each row's kind, comparing with the library's ``phrases`` (none in a replace import). The phrases
    are indexed by text and by code, so a check takes time in proportion to the rows, not rows × phrases."""
    group_names = {group.name for group in groups}
    by_text: dict[str, list[Phrase]] = defaultdict(list)
    by_code: dict[str, list[Phrase]] = defaultdict(list)
    for phrase in phrases:
        by_text[phrase.text].append(phrase)
        if phrase.code:
            by_code[phrase.code].append(phrase)
    seen: dict[tuple[str, str, str], int] = {}
    claimed: set[int] = set()

    def free(candidates: Iterable[Phrase]) -> Phrase | None:
        return next((p for p in candidates if p.pk not in claimed), None)

    for row in rows:
        if row.errors:
            row.kind = ERROR
            continue
        if not row.text:
            row.kind = UNCHANGED if row.group in group_names else NEW_GROUP
            group_names.add(row.group)
            continue
        key = (row.group, row.code, row.text)
        if key in seen:
            row.kind, row.duplicate_of = DUPLICATE, seen[key]
            continue
        seen[key] = row.number
        group_names.add(row.group)
        if mode == REPLACE:
            row.kind = NEW
            continue
        same_text = by_text.get(row.text, [])
        same_code = by_code.get(row.code, []) if row.code else []
        here_text = [p for p in same_text if p.group.name == row.group]
        match = free(p for p in here_text if row.code and _same_code(p.code, row.code))
        match = match or free(here_text)
        match = match or free(p for p in same_code if p.group.name == row.group)
        if match is not None:
            same = match.text == row.text and _same_code(match.code, row.code) and not _extras_differ(row, match)
            row.kind = UNCHANGED if same else CHANGED
        else:
            match = free(p for p in same_text if p.group.name != row.group)
            match = match or free(p for p in same_code if p.group.name != row.group)
            row.kind = MOVED if match is not None else NEW
        row.existing = match
        if match is not None:
            claimed.add(match.pk)


def check_import(upload: IO[bytes], *, name: str, size: int, scope: str, mode: str, by: User) -> ImportCheck:
    """Read the file and compare it with the library of ``scope`` (the team's, or ``by``'s own)."""
    check = ImportCheck(file_name=name, scope=scope, mode=mode)
    try:
        check.rows = parse_rows(read_grid(upload, name=name, size=size))
    except FileRefusedError as error:
        check.problem = str(error)
        return check
    phrases = library_phrases(scope, by)
    if mode == REPLACE:
        check.replaced_count = len(phrases)
    classify(check.rows, phrases=[] if mode == REPLACE else phrases, groups=library_groups(scope, by), mode=mode)
    matcher = current_matcher()
    for row in check.rows:
        if row.kind in (NEW, CHANGED, MOVED) and row.text:
            blocked, warnings = banned_hits(row.text, matcher)
            if blocked and scope == Scope.TEAM:
                row.kind = ERROR
                row.errors.append(
                    _("Banned words: %(words)s. A team phrase with them cannot be approved.")
                    % {"words": describe_hits(blocked)}
                )
            elif blocked or warnings:
                row.warnings = describe_hits([*blocked, *warnings])
    return check


# ---------------------------------------------------------------------------- saving


@dataclass
class ImportResult:
    created: int
    changed: int
    moved: int
    groups_created: int
    deleted: int


@transaction.atomic
def save_import(*, check: ImportCheck, by: User) -> ImportResult:
    """Apply a checked file to the library, all of it or nothing. Imported team phrases are approved by
    ``by`` (a trainer or HR: the check refused banned words)."""
    if not check.importable:
        raise FileRefusedError(check.problem or _("The file has errors; nothing was imported."))
    scope = check.scope
    owner = by if scope == Scope.PERSONAL else None
    deleted = 0
    if check.mode == REPLACE:
        doomed = Phrase.objects.filter(pk__in=[p.pk for p in library_phrases(scope, by)])
        deleted = doomed.count()
        doomed.delete()
        PhraseGroup.objects.filter(scope=scope, owner=owner, phrases__isnull=True).delete()
    groups = {group.name: group for group in library_groups(scope, by)}
    next_order = (PhraseGroup.objects.filter(scope=scope, owner=owner).aggregate(m=Max("order"))["m"] or 0) + 1
    created_groups = 0
    for row in check.rows:
        if row.kind not in (ERROR, DUPLICATE) and row.group not in groups:
            groups[row.group] = PhraseGroup.objects.create(scope=scope, owner=owner, name=row.group, order=next_order)
            next_order += 1
            created_groups += 1
    now = timezone.now()
    team = scope == Scope.TEAM
    new: list[Phrase] = []
    updated: list[Phrase] = []
    for row in check.rows:
        if row.kind == NEW:
            new.append(
                Phrase(
                    group=groups[row.group],
                    code=row.code,
                    text=row.text,
                    position_classes=join_list(row.classes or []),
                    tags=join_list(row.tags or []),
                    status=PhraseStatus.APPROVED,
                    proposed_by=by if team else None,
                    approved_by=by if team else None,
                    approved_at=now if team else None,
                )
            )
        elif row.kind in (CHANGED, MOVED) and row.existing is not None:
            phrase = row.existing
            phrase.group = groups[row.group]
            if not _same_code(phrase.code, row.code):
                phrase.code = row.code
            phrase.text = row.text
            if row.classes is not None:
                phrase.position_classes = join_list(row.classes)
            if row.tags is not None:
                phrase.tags = join_list(row.tags)
            phrase.updated_at = now
            if team:
                phrase.approved_by, phrase.approved_at = by, now
            updated.append(phrase)
    Phrase.objects.bulk_create(new, batch_size=500)
    Phrase.objects.bulk_update(
        updated,
        ["group", "code", "text", "position_classes", "tags", "updated_at", "approved_by", "approved_at"],
        batch_size=500,
    )
    counts = check.counts
    return ImportResult(
        created=len(new), changed=counts[CHANGED], moved=counts[MOVED], groups_created=created_groups, deleted=deleted
    )


# ---------------------------------------------------------------------------- between preview and confirmation

PENDING = PendingUploads("replies-imports")


@dataclass
class Pending:
    path: Path
    name: str
    scope: str
    mode: str


def keep_upload(*, user_id: int, upload: File, name: str, scope: str, mode: str) -> uuid.UUID:
    """Keep a checked file until its owner confirms it; the token names it in the confirm URL."""
    return PENDING.keep(user_id=user_id, upload=upload, choices={"name": name, "scope": scope, "mode": mode})


def claim_upload(*, user_id: int, token: uuid.UUID) -> Pending:
    """Take the user's file for confirmation (a double click imports it once); the caller deletes ``path``.
    Raises PendingUploadNotFoundError."""
    path, choices = PENDING.claim(user_id=user_id, token=token)
    return Pending(path=path, name=choices["name"], scope=choices["scope"], mode=choices["mode"])
