from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User

from employees.models import Employee, PositionClass, Status, Tier
from training.models import Cohort


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))
        if create:
            self.save()


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employee

    user = factory.SubFactory(UserFactory, roles=["trainee"])
    employee_no = factory.Sequence(lambda n: f"E{n:05d}")
    name = factory.Sequence(lambda n: f"学员{n}")
    position_class = PositionClass.PRE_SALE
    tier = Tier.NEW_HIRE
    status = Status.IN_TRAINING


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"批次{n}")
    tier = Tier.NEW_HIRE
    location = "培训室 A"


class PhraseGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "replies.PhraseGroup"

    scope = "team"
    owner = None
    name = factory.Sequence(lambda n: f"分组{n}")
    order = factory.Sequence(lambda n: n)


class PhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "replies.Phrase"

    group = factory.SubFactory(PhraseGroupFactory)
    code = factory.Sequence(lambda n: f"c{n}")
    text = factory.Sequence(lambda n: f"亲，这是第{n}条快捷短语～")
    status = "approved"
