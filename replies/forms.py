"""Forms of the quick-reply pages: a phrase (team proposal, trainer's edit, personal), a group, a rejection
note, an import upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from employees.models import PositionClass
from employees.roles import Role, has_role

from .imports import MAX_MB, MERGE, REPLACE
from .models import CODE_MAX, UNGROUPED, Phrase, PhraseGroup, Scope, split_list


def curates_team(user: User) -> bool:
    """Trainers and HR curate the team library: approve, edit, groups, import."""
    return has_role(user, Role.TRAINER, Role.HR)


class PhraseFields(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX,
        required=False,
        help_text=_("Short code typed to find the phrase (the 千牛 export keeps the first 4 characters)."),
    )
    text = forms.CharField(label=_("Phrase"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    position_classes = forms.MultipleChoiceField(
        label=_("Position classes"),
        choices=PositionClass.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: the phrase suits every position."),
    )
    tags = forms.CharField(
        label=_("Tags"), max_length=200, required=False, help_text=_("Separated by commas, e.g. 退货, 运费.")
    )

    @staticmethod
    def initial_of(phrase: Phrase) -> dict[str, Any]:
        return {
            "code": phrase.code,
            "text": phrase.text,
            "position_classes": phrase.class_list,
            "tags": ", ".join(phrase.tag_list),
        }

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "code": data["code"],
            "text": data["text"],
            "position_classes": data["position_classes"],
            "tags": split_list(data["tags"]),
        }


class TeamPhraseForm(PhraseFields):
    """A phrase for the team library: its group is one of the team's."""

    field_order = ["group", "code", "text", "position_classes", "tags"]

    group = forms.ModelChoiceField(label=_("Group"), queryset=PhraseGroup.objects.none(), empty_label=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = PhraseGroup.objects.filter(scope=Scope.TEAM).order_by("order", "name")


class PersonalPhraseForm(PhraseFields):
    """A phrase of one's own library: its group is typed (a new name makes a new group)."""

    field_order = ["group_name", "code", "text", "position_classes", "tags"]

    group_name = forms.CharField(
        label=_("Group"),
        max_length=60,
        required=False,
        help_text=_("One of your groups, or a new name. Empty: %(ungrouped)s.") % {"ungrouped": UNGROUPED},
    )

    def __init__(self, *args: Any, owner: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = PhraseGroup.objects.filter(scope=Scope.PERSONAL, owner=owner).values_list("name", flat=True)
        self.group_names = list(names)
        self.fields["group_name"].widget.attrs["list"] = "my-groups"


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Why (shown to the proposer)"), max_length=300, required=False)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=60)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=9999, initial=0)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(".xlsx, .xls or .csv (GBK or UTF-8), up to %(mb)s MB.") % {"mb": MAX_MB},
    )
    scope = forms.ChoiceField(label=_("Into"), choices=Scope.choices, initial=Scope.PERSONAL)
    mode = forms.ChoiceField(
        label=_("How"),
        choices=[
            (MERGE, _("Merge: add and update; keep what the file does not name")),
            (REPLACE, _("Replace: clear the library first")),
        ],
        initial=MERGE,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not curates_team(user):
            field = self.fields["scope"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(Scope.PERSONAL.value, Scope.PERSONAL.label)]
