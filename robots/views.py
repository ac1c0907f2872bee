"""HR's robot pages: the list (per cohort and team), add / edit, send a test, the message log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import role_required
from employees.roles import Role
from training.models import Cohort

from . import client
from .forms import RobotForm
from .models import DeliveryStatus, Robot
from .permissions import get_delivery, get_robot
from .services import RobotError, retry_delivery, save_robot, send_test

DELIVERIES_PER_PAGE = 50


@role_required(Role.HR)
@require_GET
def robot_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    robots = Robot.objects.select_related("cohort").annotate(
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED))
    )
    cohort = None
    cohort_id = request.GET.get("cohort", "")
    if cohort_id.isascii() and cohort_id.isdigit() and len(cohort_id) < 12:
        cohort = Cohort.objects.filter(pk=int(cohort_id)).first()
        if cohort is not None:
            robots = robots.filter(cohort=cohort)
    robots = robots.order_by("cohort__name", "team", "name", "pk")
    return render(request, "robots/robot_list.html", {"robots": robots, "cohort": cohort})


def _form_page(request: AuthenticatedHttpRequest, form: RobotForm, robot: Robot | None) -> HttpResponse:
    return render(request, "robots/robot_form.html", {"form": form, "robot": robot, "teams": RobotForm.teams()})


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def robot_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {}
    cohort_id = request.GET.get("cohort", "")
    if cohort_id.isascii() and cohort_id.isdigit() and len(cohort_id) < 12:
        initial["cohort"] = int(cohort_id)
    form = RobotForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        robot = save_robot(robot=form.save(commit=False), by=request.user)
        messages.success(request, _saved_message(robot))
        return redirect("robot_detail", pk=robot.pk)
    return _form_page(request, form, None)


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def robot_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    robot = get_robot(pk)
    form = RobotForm(request.POST or None, instance=robot)
    if request.method == "POST" and form.is_valid():
        robot = save_robot(robot=form.save(commit=False), by=request.user)
        messages.success(request, _saved_message(robot))
        return redirect("robot_detail", pk=robot.pk)
    return _form_page(request, form, robot)


def _saved_message(robot: Robot) -> str:
    return _("Robot “%(name)s” saved. Send a test to check that the group receives it.") % {"name": robot.name}


@role_required(Role.HR)
@require_GET
def robot_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    robot = get_robot(pk)
    deliveries = robot.deliveries.order_by("-created_at", "-pk")
    if request.GET.get("status") in DeliveryStatus.values:
        deliveries = deliveries.filter(status=request.GET["status"])
    page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    test = request.session.pop(f"robot-test-{robot.pk}", None)
    return render(
        request,
        "robots/robot_detail.html",
        {
            "robot": robot,
            "page": page,
            "test": test,
            "failed": robot.deliveries.filter(status=DeliveryStatus.FAILED).count(),
            "limit": client.LIMITS[robot.platform],
            "statuses": DeliveryStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@role_required(Role.HR)
@require_POST
def robot_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Send a test message now and show the platform's answer (errcode and errmsg) on the robot's page."""
    robot = get_robot(pk)
    result = send_test(robot=robot, by=request.user)
    answer = result.answer
    request.session[f"robot-test-{robot.pk}"] = {
        "ok": answer.ok,
        "errcode": answer.errcode,
        "errmsg": answer.errmsg,
        "http_status": answer.http_status,
    }
    return redirect("robot_detail", pk=robot.pk)


@role_required(Role.HR)
@require_POST
def delivery_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delivery = get_delivery(pk)
    try:
        retry_delivery(delivery=delivery)
    except RobotError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The message is queued again."))
    return redirect("robot_detail", pk=delivery.robot_id)
