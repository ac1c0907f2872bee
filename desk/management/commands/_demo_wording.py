"""Banned-word demo data: the starter list (version 1, from the migration), a version 2 the trainer published
(秒退款 added, 没办法 made stricter, 第一步 allowed) and a draft in progress (一分钱不收 added), so the list
page shows a draft with its changes and the versions page a history."""

from __future__ import annotations

from django.contrib.auth.models import User

from wording import services
from wording.models import BannedWord, Category, Severity, WordListVersion


def load(*, trainer: User) -> None:
    if WordListVersion.objects.filter(number__gt=1).exists():
        return
    services.add_word(
        word="秒退款",
        category=Category.FALSE_PROMISE,
        severity=Severity.BLOCK,
        replacement="退款会按平台时效尽快到账",
        by=trainer,
    )
    strict = BannedWord.objects.get(version__number=1, word="没办法")
    services.change_word(
        word=strict,
        text="没办法",
        category=Category.SERVICE,
        severity=Severity.BLOCK,
        replacement="我帮您想想办法",
        by=trainer,
    )
    services.add_phrase(phrase="第一步", by=trainer)
    services.publish(by=trainer, note="大促前补充：秒退款；没办法改为拦截；允许“第一步”")
    services.add_word(
        word="一分钱不收",
        category=Category.FALSE_PROMISE,
        severity=Severity.WARN,
        replacement="具体费用以平台规则为准",
        by=trainer,
    )
