"""Uploaded plan materials are downloads, never pages of the portal: an .svg or .html with script in it is
sent as an attachment under its own name, with nosniff and a Content-Security-Policy that runs nothing.
Every page of the portal carries the portal's policy."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from training.models import Attachment, PlanItem

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def material(name: str, content: bytes) -> Attachment:
    item = PlanItem.objects.filter(template__code="new-hire-16").first()
    attachment = Attachment(item=item, title="资料")
    attachment.file.save(name, ContentFile(content), save=True)
    return attachment


@pytest.mark.parametrize("name", ["logo.svg", "page.html"])
def test_an_uploaded_file_with_script_is_a_download_with_nosniff_and_a_policy_that_runs_nothing(client, world, name):
    attachment = material(name, SVG)
    client.force_login(world.trainee.user)
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert response.status_code == 200
    stored = attachment.file.name.rsplit("/", 1)[-1]
    assert response["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script-src" not in policy


def test_a_chinese_file_name_is_sent_in_rfc_5987_form(client, world):
    attachment = material("新员工手册.pdf", b"%PDF-1.4")
    client.force_login(world.trainee.user)
    response = client.get(reverse("attachment", args=[attachment.pk]))
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert "%E6%96%B0%E5%91%98%E5%B7%A5%E6%89%8B%E5%86%8C" in response["Content-Disposition"]


@pytest.mark.parametrize("url", ["/accounts/login/", "/today/"])
def test_every_page_has_a_content_security_policy_without_inline_script(client, world, url):
    client.force_login(world.trainee.user)
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_or_event_handlers():
    import re
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        if "email" in path.parts:
            continue  # e-mails are not pages of the portal
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "application/json" not in tag:
                offenders.append(f"{path.name}: {tag}")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
    assert offenders == []
