"""Chinese is the default language: every string must have a reviewed translation, compiled."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "en"])
def test_catalogue_has_no_fuzzy_entries_and_its_mo_is_current(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    assert not [e.msgid for e in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy
    # Keyed by context too: a message with a context (pgettext) is a message of its own.
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{entry.msgid!r} is not compiled: run compilemessages"
        if entry.msgid_plural:
            assert [compiled[key][1][k] for k in sorted(entry.msgstr_plural)] == [
                entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)
            ]
        else:
            assert compiled[key][0] == entry.msgstr, f"{entry.msgid!r}: run compilemessages"


def test_every_chinese_string_is_translated():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    assert not [e.msgid for e in po.untranslated_entries()]


def test_placeholders_survive_translation():
    po = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))

    pattern = re.compile(r"%\((\w+)\)[sd]")
    for entry in po:
        got = set(pattern.findall(entry.msgstr or entry.msgstr_plural.get(0, "")))
        if entry.msgid_plural:
            # Chinese has one form for every count: it may use the plural's placeholders.
            assert set(pattern.findall(entry.msgid)) <= got <= set(pattern.findall(entry.msgid_plural)), entry.msgid
        else:
            assert set(pattern.findall(entry.msgid)) == got, entry.msgid


def test_the_default_language_is_chinese():
    assert settings.LANGUAGE_CODE == "zh-hans"
    with translation.override("zh-hans"):
        assert translation.gettext("Weekend") == "周末"
        assert (
            translation.gettext("Phase %(phase)s · Day %(day)s of %(total)s")
            % {
                "phase": 2,
                "day": 5,
                "total": 16,
            }
            == "第 2 阶段 · 第 5 天 / 共 16 天"
        )
