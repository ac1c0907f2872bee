"""The robot form: the webhook and the secret are write-only (empty keeps what is stored)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from employees.models import Employee
from training.models import Cohort

from .models import COHORT_EVENTS, TEAM_EVENTS, Event, Platform, Robot
from .webhooks import WebhookError, normalise_webhook

SECRET = re.compile(r"SEC[A-Za-z0-9]{8,120}")


class RobotForm(forms.ModelForm):
    webhook_input = forms.CharField(
        label=_("Webhook address or token"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Paste the whole address the platform shows (…/robot/send?access_token=… or …/webhook/send?key=…) "
            "or only the token."
        ),
    )
    secret_input = forms.CharField(
        label=_("Signing secret (DingTalk 加签)"),
        required=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}, render_value=False),
        help_text=_("Starts with SEC. Only for DingTalk robots secured by signing."),
    )
    clear_secret = forms.BooleanField(label=_("Remove the stored secret"), required=False)
    events = forms.MultipleChoiceField(
        label=_("What it posts"),
        choices=Event.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Cohort robots post the training events; team robots the knowledge updates."),
    )

    class Meta:
        model = Robot
        fields = ["name", "platform", "cohort", "team", "events", "active"]
        help_texts = {"team": _("For a team robot: the team / shop exactly as on the employees' records.")}

    field_order = ["name", "platform", "webhook_input", "secret_input", "clear_secret", "cohort", "team", "events"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ModelChoiceField)
        cohort.queryset = Cohort.objects.order_by("-start_date", "name")
        cohort.required = False
        self.fields["team"].widget.attrs["list"] = "robot-teams"
        self.fields["webhook_input"].required = not self.instance.pk
        if self.instance.pk:
            self.fields["webhook_input"].help_text = _("Stored: %(masked)s. Leave empty to keep it.") % {
                "masked": self.instance.masked_webhook
            }
            if self.instance.secret:
                self.fields["secret_input"].help_text = _("A secret is set (••••). Leave empty to keep it.")
        if not (self.instance.pk and self.instance.secret):
            del self.fields["clear_secret"]

    @staticmethod
    def teams() -> list[str]:
        return list(Employee.objects.exclude(team="").order_by("team").values_list("team", flat=True).distinct()[:500])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        platform = data.get("platform")
        cohort, team = data.get("cohort"), (data.get("team") or "").strip()
        data["team"] = team
        if bool(cohort) == bool(team):
            self.add_error("cohort", _("Choose a cohort or give a team, not both."))
        events = data.get("events") or []
        allowed = COHORT_EVENTS if cohort else TEAM_EVENTS
        wrong = [str(Event(e).label) for e in events if e not in allowed]
        if wrong and bool(cohort) != bool(team):
            self.add_error(
                "events",
                (_("Not for a cohort robot: %(events)s") if cohort else _("Not for a team robot: %(events)s"))
                % {"events": "、".join(wrong)},
            )
        if platform:
            self._clean_webhook(platform, data)
            self._clean_secret(platform, data)
        return data

    def _clean_webhook(self, platform: str, data: dict[str, Any]) -> None:
        pasted = data.get("webhook_input") or ""
        if not pasted and self.instance.pk and platform != self.instance.platform:
            self.add_error("webhook_input", _("Another platform needs its own webhook: paste it."))
            return
        if not pasted:
            return
        try:
            data["webhook"] = normalise_webhook(platform, pasted)
        except WebhookError as error:
            self.add_error("webhook_input", str(error))

    def _clean_secret(self, platform: str, data: dict[str, Any]) -> None:
        secret = (data.get("secret_input") or "").strip()
        if secret and platform != Platform.DINGTALK:
            self.add_error("secret_input", _("WeCom group robots have no signing secret."))
        elif secret and not SECRET.fullmatch(secret):
            self.add_error(
                "secret_input", _("A DingTalk signing secret starts with SEC followed by letters and digits.")
            )
        data["secret"] = secret

    def save(self, commit: bool = True) -> Robot:
        robot = super().save(commit=False)
        data = self.cleaned_data
        if data.get("webhook"):
            robot.webhook = data["webhook"]
        if data.get("secret"):
            robot.secret = data["secret"]
        elif data.get("clear_secret") or robot.platform != Platform.DINGTALK:
            robot.secret = ""
        robot.team = data["team"]
        if commit:
            robot.save()
        return robot
