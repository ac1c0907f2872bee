from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from common.dates import validate_in_range
from employees.models import Employee, PositionClass, Status, Tier, phone_validator
from employees.roles import Role

from .models import Cohort, Enrollment
from .services import status_targets


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def trainers_queryset() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.TRAINER, is_active=True).order_by("first_name", "username")


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class CohortForm(forms.ModelForm):
    trainers = TrainerChoiceField(
        queryset=User.objects.none(), label=_("Trainers"), widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = Cohort
        fields = ["name", "tier", "start_date", "location", "trainers"]
        widgets = {"start_date": DateInput()}
        labels = {"name": _("Cohort name")}  # the model's "name" reads 姓名, a person's name, in Chinese

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        trainers = self.fields["trainers"]
        assert isinstance(trainers, TrainerChoiceField)  # declared above
        trainers.queryset = trainers_queryset()
        self.fields["start_date"].validators.append(validate_in_range)


class MoveStartForm(forms.Form):
    start_date = forms.DateField(label=_("New start date"), widget=DateInput(), validators=[validate_in_range])


class MentorNumberField(forms.CharField):
    """A mentor given by 工号 (employee number), checked against the live staff by the form: no select of every
    employee, whatever the size of the company."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Mentor's employee number"))
        kwargs.setdefault("help_text", _("Leave empty for no mentor."))
        super().__init__(max_length=32, required=False, **kwargs)


def unknown_mentor(number: str) -> forms.ValidationError:
    return forms.ValidationError(
        _("No live employee has the employee number %(number)s."), code="unknown_mentor", params={"number": number}
    )


def mentors_by_number(numbers: set[str]) -> dict[str, Employee]:
    """The live mentors among ``numbers``, by upper-cased 工号 (one query): "n001" finds N001, as the roster
    import matches numbers."""
    keys = {n.upper() for n in numbers}
    if not keys:
        return {}
    found = mentor_queryset().annotate(number_key=Upper("employee_no")).filter(number_key__in=keys)
    return {m.employee_no.upper(): m for m in found}


def mentor_queryset() -> QuerySet[Employee]:
    """Mentors are employees already working on their own: live staff."""
    return Employee.objects.filter(status=Status.LIVE).order_by("name")


class HireForm(forms.Form):
    employee_no = forms.CharField(label=_("Employee number"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=64)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False, validators=[phone_validator])
    position_class = forms.ChoiceField(label=_("Position class"), choices=PositionClass.choices)
    hire_date = forms.DateField(
        label=_("Hire date"), required=False, widget=DateInput(), validators=[validate_in_range]
    )
    team = forms.CharField(label=_("Team / shop"), max_length=100, required=False)
    mentor = MentorNumberField()
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Tell the new hire in person; they log in with their employee number."),
    )

    def clean_mentor(self) -> Employee | None:
        number = self.cleaned_data["mentor"].strip()
        if not number:
            return None
        mentor = mentors_by_number({number}).get(number.upper())
        if mentor is None:
            raise unknown_mentor(number)
        return mentor

    def clean_employee_no(self) -> str:
        value = self.cleaned_data["employee_no"].strip()
        if Employee.objects.filter(employee_no=value).exists() or User.objects.filter(username=value).exists():
            raise forms.ValidationError(_("This employee number is already taken."))
        return value

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class MentorAssignmentForm(forms.Form):
    """One mentor 工号 per trainee of a page of the cohort (the trainees' mentors selected with them); the numbers
    are looked up in one query when the form is checked."""

    def __init__(self, *args: Any, trainees: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trainees = trainees
        self.mentors: dict[Employee, Employee | None] = {}
        for trainee in trainees:
            self.fields[f"mentor_{trainee.pk}"] = MentorNumberField(
                label=trainee.name, initial=trainee.mentor.employee_no if trainee.mentor else ""
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        numbers = {t: (data.get(f"mentor_{t.pk}") or "").strip() for t in self.trainees}
        found = mentors_by_number({n for n in numbers.values() if n})
        for trainee, number in numbers.items():
            if number and number.upper() not in found:
                self.add_error(f"mentor_{trainee.pk}", unknown_mentor(number))
            else:
                self.mentors[trainee] = found.get(number.upper()) if number else None
        return data

    def assignments(self) -> dict[Employee, Employee | None]:
        return dict(self.mentors)

    def rows(self) -> list[tuple[Employee, forms.BoundField]]:
        return [(t, self[f"mentor_{t.pk}"]) for t in self.trainees]


class StatusForm(forms.Form):
    """HR's status change. The list offers the status machine's next steps; every other status is grouped
    under "only with an HR override" and is accepted only with the override box ticked (and a reason)."""

    to_status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    override = forms.BooleanField(
        label=_("HR override: make a change the status rules do not allow"),
        required=False,
        help_text=_("Marked as an override in the status history, with your reason."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, employee: Employee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allowed = status_targets(employee.status)
        others = [(v, label) for v, label in Status.choices if v != employee.status and v not in self.allowed]
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)  # declared above
        choices: list[Any] = [(v, label) for v, label in Status.choices if v in self.allowed]
        if others:
            choices.append((_("Only with an HR override"), others))
        to_status.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("to_status")
        if target and target not in self.allowed and not data.get("override"):
            self.add_error(
                "to_status",
                _("The status rules do not allow this change. Tick the override box and give your reason."),
            )
        return data


class ExtensionForm(forms.Form):
    from_day = forms.IntegerField(label=_("From plan day"), min_value=1)
    days = forms.IntegerField(label=_("Working days absent"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class FinishForm(forms.Form):
    """HR ends a training by hand: how it ended, and why. A new hire's training is completed or failed by the
    go-live decision, so for a new hire only "withdrawn" is offered."""

    result = forms.ChoiceField(label=_("How the training ended"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=200)

    CHOICES = [
        ("passed", _("Completed: passed")),
        ("not_passed", _("Not passed")),
        ("withdrawn", _("Withdrawn from the cohort")),
    ]

    def __init__(self, *args: Any, enrollment: Enrollment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.CHOICES if enrollment.cohort.tier != Tier.NEW_HIRE else self.CHOICES[2:]
        result = self.fields["result"]
        assert isinstance(result, forms.ChoiceField)  # declared above
        result.choices = choices
        if len(choices) == 1:
            result.initial = choices[0][0]


class EmployeeChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Employee) -> str:
        return f"{obj.employee_no} {obj.name} · {obj.get_tier_display()} · {obj.get_position_class_display()}"


class ExistingMembersForm(forms.Form):
    employees = EmployeeChoices(
        label=_("Employees"), queryset=Employee.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, queryset: QuerySet[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employees = self.fields["employees"]
        assert isinstance(employees, EmployeeChoices)  # declared above
        employees.queryset = queryset

    def show_only(self, queryset: QuerySet[Employee]) -> None:
        """Render these employees as the choices (after the form was checked against the whole allowed set)."""
        employees = self.fields["employees"]
        assert isinstance(employees, EmployeeChoices)  # declared above
        employees.queryset = queryset
