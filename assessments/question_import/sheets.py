"""The workbook the question import writes: the template to fill in, with examples, drop-downs and a guide."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from common.xlsx.templates import drop_down, guide_sheet, template_sheet, wrap_rows

from ..models import Category
from .columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    EXAMPLE_MARK,
    MAX_MB,
    MAX_ROWS,
    OPTION_LETTERS,
    SHEET_NAME,
    column_guide,
)


def _examples(categories: dict[str, str]) -> list[list[Any]]:
    """One example row per question type, in the categories they belong to (if the bank has them)."""

    def cat(code: str) -> str:
        return categories.get(code) or next(iter(categories.values()), "")

    no_options = [""] * len(OPTION_LETTERS)
    return [
        [
            cat("platform-rules"),
            "单选",
            "易",
            1,
            f"{EXAMPLE_MARK}淘宝担保交易中，买家付款后货款先由谁保管？",
            *["卖家", "支付宝", "快递公司", "淘宝客服", "", ""],
            "B",
            "买家确认收货后，支付宝才把货款打给卖家。",
        ],
        [
            cat("returns"),
            "多选",
            "中",
            2,
            f"{EXAMPLE_MARK}以下哪些商品依法不适用七天无理由退货？",
            *["消费者定作的商品", "鲜活易腐的商品", "未拆封的普通 T 恤", "交付的报纸、期刊", "", ""],
            "ABD",
            "见《消费者权益保护法》第二十五条。",
        ],
        [
            cat("returns"),
            "判断",
            "易",
            1,
            f"{EXAMPLE_MARK}七天无理由退货的期限从买家签收商品的次日开始计算。",
            *no_options,
            "对",
            "",
        ],
        [
            cat("systems"),
            "填空",
            "易",
            2,
            f"{EXAMPLE_MARK}订单上只有卖家能看到的说明叫作____。",
            *no_options,
            "卖家备注|备注",
            "",
        ],
        [
            cat("scripts"),
            "简答",
            "中",
            5,
            f"{EXAMPLE_MARK}买家催问物流时，客服应当怎样回复？请写出要点。",
            *no_options,
            "先安抚并致歉；查询物流并告知结果和预计时间；约定跟进时间并按时回复。",
            "",
        ],
    ]


def build_template() -> bytes:
    """The import template: headers in bold on a frozen first row, column widths, one example row per
    type, drop-down lists for 分类 / 题型 / 难度, and a sheet explaining each column."""
    category_names = dict(Category.objects.values_list("code", "name"))
    workbook = Workbook()
    sheet = template_sheet(workbook, SHEET_NAME, COLUMNS, alignment=Alignment(horizontal="center", vertical="center"))
    for example in _examples(category_names):
        sheet.append(example)
    wrap_rows(sheet)

    # Drop-down lists read from a hidden sheet, so a long list of categories still fits.
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    values = {
        "A": ["单选", "多选", "判断", "填空", "简答"],
        "B": ["易", "中", "难"],
        "C": list(category_names.values()),
    }
    for letter, items in values.items():
        for i, item in enumerate(items, start=1):
            lists[f"{letter}{i}"] = item
    last = MAX_ROWS + 1
    for key, letter in (("type", "A"), ("difficulty", "B"), ("category", "C")):
        if not values[letter]:
            continue
        target = get_column_letter(list(COLUMN_BY_KEY).index(key) + 1)
        drop_down(sheet, target, last, f"lists!${letter}$1:${letter}${len(values[letter])}")

    notes = (
        _("One question per row on the sheet “%(sheet)s”; row 1 holds the headers.") % {"sheet": SHEET_NAME},
        _("Replace the example rows (marked %(mark)s) with your own questions, or delete them.")
        % {"mark": EXAMPLE_MARK},
        _("Type values, not formulas: formulas are refused."),
        _("At most %(rows)s questions and %(mb)s MB per file.")
        % {"rows": number_format(MAX_ROWS, force_grouping=True), "mb": MAX_MB},
        _("The whole file is imported, or nothing is: every problem is listed by row and column first."),
    )
    guide = guide_sheet(workbook, "说明", column_guide(), notes, first_width=18)
    workbook.move_sheet(guide, offset=-1)  # before the hidden lists: the tabs read 题目, 说明

    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
