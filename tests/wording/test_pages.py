"""The banned-word pages: edits land in a draft, publishing makes a new version that scan() uses, old
versions stay as they were; search and categories; checking a text; the admin keeps published versions
read-only; the list page's queries do not grow with the words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wording import matching
from wording.matching import scan
from wording.models import AllowedPhrase, BannedWord, Category, Severity, WordListVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


def add(client, word, category="false_promise", severity="warn", replacement=""):
    return client.post(
        reverse("wording_word_add"),
        {"word": word, "category": category, "severity": severity, "replacement": replacement},
    )


def test_a_new_word_counts_only_once_its_draft_is_published(client, world):
    client.force_login(world.trainer)
    assert add(client, "秒退款", replacement="按平台时效退款").status_code == 302
    draft = WordListVersion.objects.get(published_at__isnull=True)
    assert draft.number == 2 and draft.words.count() == BannedWord.objects.filter(version__number=1).count() + 1
    assert scan("给您秒退款") == []  # the draft is not used yet
    review = client.get(reverse("wording_publish")).content.decode()
    assert "秒退款" in review and "按平台时效退款" in review
    done = client.post(reverse("wording_publish"), {"note": "加上秒退款"})
    assert done["Location"] == reverse("wording_version_detail", kwargs={"number": 2})
    (hit,) = scan("给您秒退款")
    assert (hit.word, hit.replacement) == ("秒退款", "按平台时效退款")
    version = WordListVersion.objects.get(number=2)
    assert version.published_by == world.trainer and version.note == "加上秒退款"
    assert not BannedWord.objects.filter(version__number=1, word="秒退款").exists()  # version 1 as it was
    page = client.get(done["Location"]).content.decode()
    assert "秒退款" in page and "wording-changes" in page


def test_changing_a_published_word_changes_its_draft_copy_only(client, world):
    client.force_login(world.hr)
    published = BannedWord.objects.get(version__number=1, word="不可能")
    response = client.post(
        reverse("wording_word_edit", kwargs={"pk": published.pk}),
        {"word": "不可能", "category": "service", "severity": "block", "replacement": "暂时无法"},
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.severity == Severity.WARN
    assert BannedWord.objects.get(version__number=2, word="不可能").severity == Severity.BLOCK
    assert scan("不可能")[0].severity == Severity.WARN
    # The published word is no longer the one the list edits: its page is gone, the draft's is there.
    assert client.get(reverse("wording_word_edit", kwargs={"pk": published.pk})).status_code == 404
    listed = client.get(reverse("wording_list")).content.decode()
    assert "wording-draft" in listed
    client.post(reverse("wording_publish"), {"note": ""})
    assert scan("不可能")[0].severity == Severity.BLOCK


def test_removing_a_word_and_allowing_a_phrase_then_discarding_leaves_the_list_as_published(client, world):
    client.force_login(world.trainer)
    word = BannedWord.objects.get(version__number=1, word="唯一")
    assert client.post(reverse("wording_word_remove", kwargs={"pk": word.pk})).status_code == 302
    assert client.post(reverse("wording_phrase_add"), {"phrase": "第一步"}).status_code == 302
    draft = WordListVersion.objects.get(number=2)
    assert not draft.words.filter(word="唯一").exists()
    assert draft.allowed_phrases.filter(phrase="第一步").exists()
    client.post(reverse("wording_discard"))
    assert not WordListVersion.objects.filter(number=2).exists()
    assert [h.word for h in scan("唯一的第一步")] == ["唯一", "第一"]


def test_an_allowed_phrase_once_published_stops_a_false_positive(client, world):
    client.force_login(world.trainer)
    client.post(reverse("wording_phrase_add"), {"phrase": "第一步"})
    client.post(reverse("wording_publish"), {"note": ""})
    assert scan("第一步先核对订单") == []
    phrase = AllowedPhrase.objects.get(version__number=2, phrase="第一步")
    client.post(reverse("wording_phrase_remove", kwargs={"pk": phrase.pk}))
    assert not AllowedPhrase.objects.filter(version__number=3, phrase="第一步").exists()
    assert AllowedPhrase.objects.filter(version__number=2, phrase="第一步").exists()


def test_a_word_written_like_one_listed_is_refused(client, world):
    client.force_login(world.trainer)
    response = add(client, "Ｖ Ｘ", category="diversion", severity="block")
    assert response.status_code == 200 and response.context["form"].errors["word"]
    assert not BannedWord.objects.filter(word="Ｖ Ｘ").exists()


def test_publishing_nothing_new_is_refused(client, world):
    client.force_login(world.trainer)
    word = BannedWord.objects.get(version__number=1, word="绝对")
    client.post(
        reverse("wording_word_edit", kwargs={"pk": word.pk}),
        {"word": "绝对", "category": "false_promise", "severity": "warn", "replacement": "一般情况下"},
    )
    client.post(reverse("wording_publish"), {"note": ""})
    assert WordListVersion.objects.get(number=2).published_at is None


def test_the_list_searches_and_filters_by_category(client, world):
    client.force_login(world.trainer)
    found = client.get(reverse("wording_list"), {"q": "微信"}).context["words"]
    assert {w.word for w in found} == {"加微信", "加我微信", "微信号", "微信转账"}
    service = client.get(reverse("wording_list"), {"category": "service"}).context["words"]
    assert "不可能" in {w.word for w in service} and all(w.category == Category.SERVICE for w in service)
    assert client.get(reverse("wording_list"), {"category": "nonsense"}).status_code == 200


def test_checking_a_text_marks_its_banned_words_with_what_to_say_instead(client, world):
    client.force_login(world.trainer)
    response = client.post(reverse("wording_check"), {"text": "<b>亲</b>，这是全网最低价，不可能再便宜，加 微 信吧"})
    page = response.content.decode()
    assert '<mark class="wording-block"' in page and ">全网最低价</mark>" in page
    assert '<mark class="wording-warn"' in page and "暂时无法" in page
    assert ">加 微 信</mark>" in page
    assert "&lt;b&gt;亲&lt;/b&gt;" in page  # the pasted text is shown, not run


def test_checking_against_the_draft_uses_the_draft(client, world):
    client.force_login(world.trainer)
    add(client, "秒发货")
    published = client.post(reverse("wording_check"), {"text": "秒发货"}).context
    assert published["hits"] == []
    drafted = client.post(reverse("wording_check"), {"text": "秒发货", "against_draft": "on"}).context
    assert [h["hit"].word for h in drafted["hits"]] == ["秒发货"]


def test_the_list_page_takes_as_many_queries_for_many_words_as_for_few(client, world):
    client.force_login(world.trainer)
    url = reverse("wording_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    version = WordListVersion.objects.get(number=1)
    BannedWord.objects.bulk_create(
        BannedWord(version=version, word=f"测试词{i}", category=Category.SERVICE, severity=Severity.WARN)
        for i in range(30)
    )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_admin_shows_published_words_but_does_not_change_them(client, world):
    client.force_login(world.trainer)
    word = BannedWord.objects.get(version__number=1, word="加微信")
    url = reverse("admin:wording_bannedword_change", args=[word.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"version": word.version_id, "word": "加微信", "category": "diversion", "severity": "warn"}
    )
    assert response.status_code == 403
    word.refresh_from_db()
    assert word.severity == Severity.BLOCK
    assert client.get(reverse("admin:wording_wordlistversion_change", args=[word.version_id])).status_code == 200
