"""The 3-column 千牛 file in and out: export then import gives the same library; the preview says what is new,
changed, moved or duplicated; a bad file is refused with a reason."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from replies.exports import export_library
from replies.imports import (
    CHANGED,
    DUPLICATE,
    ERROR,
    MERGE,
    MOVED,
    NEW,
    NEW_GROUP,
    REPLACE,
    UNCHANGED,
    check_import,
    save_import,
)
from replies.models import Phrase, PhraseGroup, PhraseStatus, Scope
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = pytest.mark.django_db


def library(scope: str, owner=None) -> list[tuple]:
    """The library as a person sees it: groups in order, each with its phrases."""
    groups = PhraseGroup.objects.filter(scope=scope, owner=owner).order_by("order", "name", "id")
    return [
        (
            g.name,
            [
                (p.code, p.text, p.position_classes, p.tags)
                for p in g.phrases.filter(status=PhraseStatus.APPROVED).order_by("code", "id")
            ],
        )
        for g in groups
    ]


def run_import(data: bytes, name: str, *, user, scope=Scope.PERSONAL, mode=MERGE, save=True):
    upload = SimpleUploadedFile(name, data)
    check = check_import(upload, name=name, size=len(data), scope=scope, mode=mode, by=user)
    if save:
        assert check.importable, (check.problem, [(r.number, r.errors) for r in check.rows])
        save_import(check=check, by=user)
    return check


def a_team_library(*, long_codes: bool) -> None:
    welcome = PhraseGroupFactory(name="欢迎语", order=0)
    logistics = PhraseGroupFactory(name="物流", order=1)
    PhraseGroupFactory(name="空的分组", order=2)
    ungrouped = PhraseGroupFactory(name="未分组", order=3)
    PhraseFactory(group=welcome, code="hy", text="亲，您好！很高兴为您服务～")
    PhraseFactory(group=welcome, code="hy2", text="=HYPERLINK 不是公式")
    PhraseFactory(group=logistics, code="fh", text="下单后48小时内发货\n请耐心等待,谢谢")
    PhraseFactory(group=logistics, code="tuihuo" if long_codes else "th", text="退货请寄回：杭州市\n余杭区")
    PhraseFactory(group=ungrouped, code="", text="没有编码的短语")
    PhraseFactory(group=welcome, code="no", text="还在审核", status=PhraseStatus.PROPOSED)


@pytest.mark.parametrize(
    ("format_key", "name"),
    [("qianniu_xls", "快捷短语.xls"), ("qianniu_csv", "快捷短语.csv"), ("qianniu_xlsx", "快捷短语.xlsx")],
)
def test_qianniu_export_then_import_gives_the_same_library(world, format_key, name):
    a_team_library(long_codes=False)
    data = export_library(scope=Scope.TEAM, owner=None, format_key=format_key)

    run_import(data, name, user=world.trainee.user)

    mine = library(Scope.PERSONAL, world.trainee.user)
    assert mine == library(Scope.TEAM)
    assert [name for name, _phrases in mine] == ["欢迎语", "物流", "空的分组", "未分组"]
    assert "还在审核" not in str(mine)  # proposals are not exported


def test_full_export_then_import_into_an_empty_library_is_the_identity(world):
    a_team_library(long_codes=True)
    Phrase.objects.filter(code="fh").update(position_classes="after_sale,pre_sale", tags="发货,物流")
    data = export_library(scope=Scope.TEAM, owner=None, format_key="full_xlsx")

    run_import(data, "完整.xlsx", user=world.trainer, scope=Scope.PERSONAL)

    assert library(Scope.PERSONAL, world.trainer) == library(Scope.TEAM)


def test_qianniu_csv_is_gbk_with_escapes_and_codes_cut_to_four(world):
    a_team_library(long_codes=True)
    text = export_library(scope=Scope.TEAM, owner=None, format_key="qianniu_csv").decode("gbk")
    lines = text.split("\r\n")
    assert lines[0] == "快捷编码,快捷短语,快捷短语分组"
    assert "fh,下单后48小时内发货&#13;请耐心等待&#44;谢谢,物流" in lines
    assert "tuih,退货请寄回：杭州市&#13;余杭区,物流" in lines
    assert ",,空的分组" in lines
    assert ",没有编码的短语," in lines  # 未分组 is written blank


def test_merging_an_export_back_changes_nothing(world):
    a_team_library(long_codes=True)
    data = export_library(scope=Scope.TEAM, owner=None, format_key="qianniu_xls")
    check = run_import(data, "快捷短语.xls", user=world.trainer, scope=Scope.TEAM, save=False)
    assert {row.kind for row in check.rows} == {UNCHANGED}
    assert not check.importable


def test_preview_lists_new_changed_moved_duplicate_and_errors(world):
    mine = world.trainee.user
    welcome = PhraseGroupFactory(scope=Scope.PERSONAL, owner=mine, name="欢迎语")
    PhraseGroupFactory(scope=Scope.PERSONAL, owner=mine, name="物流")
    PhraseFactory(group=welcome, code="hy", text="亲，您好")
    PhraseFactory(group=welcome, code="fh", text="48小时发货")
    csv = (
        "快捷编码,快捷短语,快捷短语分组\r\n"
        "hy,亲，您好！欢迎光临,欢迎语\r\n"  # same code, same group, other text
        "fh,48小时发货,物流\r\n"  # found in another group
        "xx,新的短语,售后\r\n"
        "xx,新的短语,售后\r\n"
        ",,催付\r\n"
        "toolongcode12345678,太长,售后\r\n"
    ).encode("gbk")

    check = run_import(csv, "a.csv", user=mine, save=False)

    kinds = [(row.number, row.kind) for row in check.rows]
    assert kinds == [(2, CHANGED), (3, MOVED), (4, NEW), (5, DUPLICATE), (6, NEW_GROUP), (7, ERROR)]
    assert check.rows[1].old_group == "欢迎语"
    assert not check.importable


def test_merge_moves_a_phrase_found_in_another_group(world):
    mine = world.trainee.user
    welcome = PhraseGroupFactory(scope=Scope.PERSONAL, owner=mine, name="欢迎语")
    phrase = PhraseFactory(group=welcome, code="fh", text="48小时发货")
    csv = "快捷编码,快捷短语,快捷短语分组\nfh,48小时发货,物流\n".encode()

    run_import(csv, "a.csv", user=mine)

    phrase.refresh_from_db()
    assert phrase.group.name == "物流" and Phrase.objects.filter(group__owner=mine).count() == 1


def test_replace_clears_the_library_first_but_keeps_team_proposals(world):
    a_team_library(long_codes=False)
    csv = "编码,内容,分组\nnew,全新的短语,新分组\n".encode("utf-8-sig")

    run_import(csv, "a.csv", user=world.trainer, scope=Scope.TEAM, mode=REPLACE)

    assert library(Scope.TEAM) == [("欢迎语", []), ("新分组", [("new", "全新的短语", "", "")])]
    assert Phrase.objects.get(text="还在审核").status == PhraseStatus.PROPOSED


def test_a_team_import_refuses_banned_words(world):
    csv = "快捷编码,快捷短语,快捷短语分组\nzd,全网最低价，加微信领券,促销\n".encode()
    check = run_import(csv, "a.csv", user=world.trainer, scope=Scope.TEAM, save=False)
    assert check.rows[0].kind == ERROR and "最低价" in check.rows[0].errors[0]
    assert not check.importable


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "a.csv", "文件是空的"),
        (b"a,b,c\n1,2,3\n", "a.csv", "表头"),
        (b"not a workbook", "a.xlsx", "并不是电子表格"),
        (b"\x00\x01", "a.pdf", "只能导入"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason(world, data, name, reason):
    check = run_import(data, name, user=world.trainee.user, save=False)
    assert reason in check.problem and not check.importable


def test_a_utf8_csv_with_quoted_commas_and_newlines_is_read(world):
    csv = '快捷短语,快捷编码\n"第一行\n第二行, 有逗号",ab\n'.encode()
    run_import(csv, "a.csv", user=world.trainee.user)
    phrase = Phrase.objects.get()
    assert (phrase.code, phrase.text, phrase.group.name) == ("ab", "第一行\n第二行, 有逗号", "未分组")


def test_position_classes_and_tags_are_read_from_their_columns(world):
    data = io.StringIO("快捷编码,快捷短语,分组,岗位分类,标签\nth,退货流程,售后,售后、售中,退货，运费\n")
    run_import(data.getvalue().encode(), "a.csv", user=world.trainee.user)
    phrase = Phrase.objects.get()
    assert (phrase.position_classes, phrase.tags) == ("after_sale,in_sale", "退货,运费")
