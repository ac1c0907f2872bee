"""The quick-reply pages as their users meet them: finding a phrase, proposing and approving one (never with a
banned word), keeping one's own, importing a 千牛 file through its preview, exporting."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from replies.models import Phrase, PhraseGroup, PhraseStatus, Scope
from tests.factories import PhraseFactory, PhraseGroupFactory

pytestmark = pytest.mark.django_db

LIBRARY = reverse("replies_library")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path


def test_trainee_finds_team_phrases_by_text_or_code_prefix(client, world):
    welcome = PhraseGroupFactory(name="欢迎语")
    PhraseFactory(group=welcome, code="hy", text="亲，您好！很高兴为您服务～")
    PhraseFactory(group=welcome, code="fh", text="下单后48小时内发货")
    PhraseFactory(group=welcome, code="xx", text="还在审核的短语", status=PhraseStatus.PROPOSED)
    client.force_login(world.trainee.user)

    page = client.get(LIBRARY).content.decode()
    assert "很高兴为您服务" in page and "48小时内发货" in page and "还在审核的短语" not in page
    assert 'data-copy-text="亲，您好！很高兴为您服务～"' in page

    by_code = client.get(LIBRARY, {"q": "H"}).content.decode()
    assert "很高兴为您服务" in by_code and "48小时内发货" not in by_code
    by_text = client.get(LIBRARY, {"q": "发货"}).content.decode()
    assert "48小时内发货" in by_text and "很高兴为您服务" not in by_text


def test_library_filters_by_position_class_and_tag(client, world):
    group = PhraseGroupFactory(name="售后")
    PhraseFactory(group=group, text="退货请寄回仓库", position_classes="after_sale", tags="退货,运费")
    PhraseFactory(group=group, text="今天下单明天到", position_classes="pre_sale")
    PhraseFactory(group=group, text="人人都能用的话")
    client.force_login(world.trainee.user)

    after_sale = client.get(LIBRARY, {"cls": "after_sale"}).content.decode()
    assert "退货请寄回仓库" in after_sale and "人人都能用的话" in after_sale and "今天下单明天到" not in after_sale
    tagged = client.get(LIBRARY, {"tag": "运费"}).content.decode()
    assert "退货请寄回仓库" in tagged and "人人都能用的话" not in tagged


def test_the_library_list_takes_the_same_queries_however_many_phrases(client, world, django_assert_num_queries):
    group = PhraseGroupFactory(name="物流")
    mine = PhraseGroupFactory(scope=Scope.PERSONAL, owner=world.trainer, name="我的")
    PhraseFactory.create_batch(3, group=group, tags="发货")
    client.force_login(world.trainer)
    client.get(LIBRARY)  # warm the session

    def count() -> int:
        # session, user, roles; the tags in use, the phrases counted, my proposals, proposals waiting; the menu's
        # unread notifications; the groups of the filter, the page of phrases (joined to their groups)
        with django_assert_num_queries(10):
            response = client.get(LIBRARY)
        return response.content.decode().count("replies-phrase")

    assert count() == 3
    PhraseFactory.create_batch(30, group=group, tags="物流,催付")
    PhraseFactory.create_batch(5, group=mine)
    assert count() == 33


def test_anyone_proposes_and_a_trainer_approves(client, world):
    group = PhraseGroupFactory(name="物流")
    client.force_login(world.trainee.user)
    response = client.post(
        reverse("replies_propose"), {"group": group.pk, "code": "fh", "text": "亲，今天就给您发货哦", "tags": "发货"}
    )
    assert response.status_code == 302
    phrase = Phrase.objects.get()
    assert (phrase.status, phrase.proposed_by, phrase.tags) == (PhraseStatus.PROPOSED, world.trainee.user, "发货")
    listed = client.get(LIBRARY).context["page"].object_list
    assert phrase not in listed  # only under "my proposals", waiting

    client.force_login(world.trainer)
    assert "今天就给您发货" in client.get(reverse("replies_review")).content.decode()
    client.post(reverse("replies_approve", args=[phrase.pk]))

    phrase.refresh_from_db()
    assert (phrase.status, phrase.approved_by) == (PhraseStatus.APPROVED, world.trainer)
    client.force_login(world.outsider.user)
    assert "今天就给您发货" in client.get(LIBRARY).content.decode()


def test_a_phrase_with_banned_words_cannot_be_approved(client, world):
    phrase = PhraseFactory(
        group=PhraseGroupFactory(name="催付"),
        text="全网最低价，加微信再送优惠券",
        status=PhraseStatus.PROPOSED,
        proposed_by=world.trainee.user,
    )
    client.force_login(world.trainer)

    review = client.get(reverse("replies_review")).content.decode()
    assert "最低价" in review and "加微信" in review and "replies-blocked" in review
    response = client.post(reverse("replies_approve", args=[phrase.pk]), follow=True)

    phrase.refresh_from_db()
    assert phrase.status == PhraseStatus.PROPOSED
    message = str(next(iter(response.context["messages"])))
    assert "最低价" in message and "加微信" in message and "优惠价" in message


def test_a_trainer_sends_a_proposal_back_with_a_note(client, world):
    phrase = PhraseFactory(status=PhraseStatus.PROPOSED, proposed_by=world.trainee.user, text="在吗在吗")
    client.force_login(world.trainer)
    client.post(reverse("replies_reject", args=[phrase.pk]), {"note": "请写完整的句子"})

    phrase.refresh_from_db()
    assert phrase.status == PhraseStatus.REJECTED
    client.force_login(world.trainee.user)
    assert "请写完整的句子" in client.get(LIBRARY).content.decode()


def test_everyone_keeps_their_own_phrases(client, world):
    client.force_login(world.mentor.user)
    client.post(reverse("replies_mine_new"), {"group_name": "常用", "code": "dd", "text": "稍等，我帮您查一下"})
    phrase = Phrase.objects.get()
    assert (phrase.group.scope, phrase.group.owner, phrase.group.name) == (
        Scope.PERSONAL,
        world.mentor.user,
        "常用",
    )
    assert "稍等，我帮您查一下" in client.get(LIBRARY, {"tag": "", "tab": "mine"}).content.decode()
    assert "稍等，我帮您查一下" not in client.get(LIBRARY).content.decode()

    client.post(reverse("replies_mine_edit", args=[phrase.pk]), {"group_name": "", "code": "dd", "text": "请稍等"})
    phrase.refresh_from_db()
    assert (phrase.text, phrase.group.name) == ("请稍等", "未分组")

    client.force_login(world.trainee.user)
    assert "请稍等" not in client.get(LIBRARY, {"tab": "mine"}).content.decode()
    client.force_login(world.mentor.user)
    client.post(reverse("replies_mine_delete", args=[phrase.pk]))
    assert not Phrase.objects.exists()


def test_a_trainer_manages_team_groups(client, world):
    client.force_login(world.trainer)
    client.post(reverse("replies_groups", args=["team"]), {"name": "欢迎语", "order": 1})
    response = client.post(reverse("replies_groups", args=["team"]), {"name": "欢迎语", "order": 2})
    assert "已经有" in response.content.decode() or "already" in response.content.decode()
    group = PhraseGroup.objects.get(scope=Scope.TEAM)
    PhraseFactory(group=group)
    client.post(reverse("replies_group_delete", args=["team", group.pk]))
    assert PhraseGroup.objects.filter(pk=group.pk).exists()  # still holds a phrase


def test_import_shows_a_preview_and_saves_only_on_confirm(client, world):
    client.force_login(world.trainee.user)
    data = "快捷编码,快捷短语,快捷短语分组\nhy,亲，您好,欢迎语\nfh,下单后48小时内发货&#13;请耐心等待&#44;谢谢,物流\n"
    upload = SimpleUploadedFile("快捷短语.csv", data.encode("gbk"))
    response = client.post(reverse("replies_import"), {"file": upload, "scope": "personal", "mode": "merge"})

    page = response.content.decode()
    assert "replies-preview" in page and "请耐心等待,谢谢" in page
    assert not Phrase.objects.exists()
    token = response.context["token"]
    client.post(reverse("replies_import_confirm", args=[token]))

    assert sorted(Phrase.objects.values_list("text", flat=True)) == ["下单后48小时内发货\n请耐心等待,谢谢", "亲，您好"]
    assert client.post(reverse("replies_import_confirm", args=[token])).status_code == 404  # used once


def test_a_trainee_cannot_import_into_the_team_library(client, world):
    client.force_login(world.trainee.user)
    upload = SimpleUploadedFile("a.csv", "快捷短语\n亲\n".encode())
    response = client.post(reverse("replies_import"), {"file": upload, "scope": "team", "mode": "merge"})
    assert response.status_code == 200 and "replies-preview" not in response.content.decode()
    assert not Phrase.objects.exists()


def test_a_bad_file_is_refused_on_the_import_page(client, world):
    client.force_login(world.trainee.user)
    upload = SimpleUploadedFile("a.xlsx", b"not a workbook")
    response = client.post(reverse("replies_import"), {"file": upload, "scope": "personal", "mode": "merge"})
    assert "replies-refused" in response.content.decode()


def test_export_downloads_the_qianniu_file(client, world):
    PhraseFactory(group=PhraseGroupFactory(name="欢迎语"), code="hy", text="亲，您好")
    client.force_login(world.trainee.user)
    response = client.get(reverse("replies_export"), {"lib": "team", "format": "qianniu_csv"})
    assert response["Content-Type"] == "text/csv; charset=gbk"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode("gbk").splitlines() == ["快捷编码,快捷短语,快捷短语分组", "hy,亲，您好,欢迎语"]
