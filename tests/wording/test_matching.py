"""Finding banned words: the starter list, full-width and spaced-out writing, the allow-list, and one
automaton per published version."""

from __future__ import annotations

import pytest
from django.utils import timezone

from wording import matching
from wording.matching import Entry, Matcher, blocking, normalise, scan
from wording.models import AllowedPhrase, BannedWord, Category, Severity, WordListVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    matching.clear_cache()
    yield
    matching.clear_cache()


def words(hits):
    return [h.word for h in hits]


def test_price_claim_and_wechat_are_blocking_hits_with_their_places():
    text = "亲，这是全网最低价，加微信发你优惠"
    hits = scan(text)
    assert {"全网最低", "最低价", "加微信"} <= set(words(hits))
    assert set(words(blocking(hits))) >= {"全网最低", "最低价", "加微信"}
    wechat = next(h for h in hits if h.word == "加微信")
    assert text[wechat.start : wechat.end] == "加微信"
    assert wechat.category == Category.DIVERSION
    assert wechat.severity == Severity.BLOCK
    assert wechat.replacement


def test_full_width_and_spaced_out_words_are_found_at_their_original_places():
    text = "有事加ＶＸ：ａｂｃ，或者 加 微 信"
    hits = scan(text)
    assert words(hits) == ["vx", "加微信"]
    assert text[hits[0].start : hits[0].end] == "ＶＸ"
    assert text[hits[1].start : hits[1].end] == "加 微 信"


def test_first_time_is_allowed_while_first_is_not():
    assert scan("我第一次买，会第一时间发货") == []
    assert words(scan("销量第一")) == ["第一"]
    assert words(scan("第一次买的都说是第一")) == ["第一"]


def test_a_latin_word_does_not_fire_inside_another_word():
    assert scan("nvxt 快递") == []
    assert words(scan("加vx123")) == ["vx"]


def test_service_taboo_warns_with_its_replacement():
    (hit,) = scan("这个不可能的")
    assert (hit.word, hit.severity, hit.replacement) == ("不可能", Severity.WARN, "暂时无法")
    assert blocking([hit]) == []


def test_normalise_keeps_the_length():
    for text in ("ＡＢＣ１２３", "ﬁ㈱İ", "加　微信"):
        assert len(normalise(text)) == len(text)
    assert normalise("ＡＢＣ１２３") == "abc123"


def test_only_a_published_version_is_used_and_a_newer_one_replaces_the_automaton():
    old = matching.current_matcher()
    draft = WordListVersion.objects.create(number=2)
    BannedWord.objects.create(version=draft, word="秒发", category=Category.FALSE_PROMISE, severity=Severity.WARN)
    assert scan("秒发") == []
    assert matching.current_matcher() is old  # cached, not rebuilt
    draft.published_at = timezone.now()
    draft.save()
    assert words(scan("秒发")) == ["秒发"]
    assert matching.current_matcher() is not old
    assert matching.current_matcher().version == 2


def test_a_long_text_is_scanned_in_one_pass_of_the_automaton(django_assert_num_queries):
    """One automaton pass per text, whatever the number of listed words: the text is handed to the
    automaton's iter() once, and the only query is which version is current."""
    matcher = matching.current_matcher()

    class Counting:
        def __init__(self, automaton):
            self.automaton, self.calls = automaton, 0

        def iter(self, text):
            self.calls += 1
            return self.automaton.iter(text)

    counting = Counting(matcher._automaton)
    matcher._automaton = counting  # type: ignore[assignment]
    text = ("您好，这款是正品，请放心购买。" * 140)[:1990] + "加微信吧"
    assert len(text) >= 1990
    with django_assert_num_queries(1):  # the current version's number
        hits = scan(text)
    assert words(hits) == ["加微信"]
    assert counting.calls == 1


def test_words_written_alike_are_one_entry_and_the_stricter_wins():
    matcher = Matcher(
        [
            Entry("vx", Category.DIVERSION, Severity.WARN, ""),
            Entry("VX", Category.DIVERSION, Severity.BLOCK, ""),
        ],
        [],
    )
    (hit,) = matcher.scan("vx")
    assert hit.severity == Severity.BLOCK


def test_an_empty_list_finds_nothing():
    WordListVersion.objects.all().delete()
    assert scan("加微信") == []
    assert AllowedPhrase.objects.count() == 0
