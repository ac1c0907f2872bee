"""Pages of the promotion track: HR's candidates and nominations, the dossier with the decision, the
candidate's practicals and goals, 360 requests and answers, the panel and the judges' scoring."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.models import Employee
from employees.permissions import role_required
from employees.roles import Role, has_role

from .exports import dossier_sheets
from .forms import (
    AnswerForm,
    CalibrationForm,
    CohortForm,
    DecisionForm,
    DefenceForm,
    FeedbackRequestForm,
    GoalForm,
    HandInForm,
    JudgeForm,
    MenteeForm,
    NominationForm,
    ScoreForm,
)
from .models import Candidate, CandidateStatus, Defence, FeedbackRequest, Goal, PracticalKind, Relation
from .permissions import (
    NOMINATORS,
    STAFF,
    get_candidate_for_hr,
    get_candidate_for_reader,
    get_candidate_for_work,
    get_defence_for_judge,
    get_request_for_rater,
)
from .scoring import QUESTIONS, RUBRIC
from .selectors import (
    candidates_visible_to,
    dossier_of,
    eligibility_of,
    open_candidacy_of,
    practical_rows,
    team_lead_of,
)
from .services import (
    PromotionError,
    answer_feedback,
    calibration_key,
    decide,
    mentee_choices,
    nominate,
    request_feedback,
    save_goal,
    score_defence,
    score_practical,
    set_defence,
    start_promotion_cohort,
    submit_practical,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = {"open": ~Q(status=CandidateStatus.DECIDED), "decided": Q(status=CandidateStatus.DECIDED), "all": Q()}


@role_required(*STAFF)
def candidate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    shown = request.GET.get("show", "open")
    shown = shown if shown in SHOWN else "open"
    candidates = list(
        candidates_visible_to(request.user)
        .filter(SHOWN[shown])
        .select_related("employee", "enrollment__cohort")
        .annotate(
            handed_in=Count("practicals", filter=Q(practicals__submitted_at__isnull=False), distinct=True),
            scored=Count("practicals", filter=Q(practicals__score__isnull=False), distinct=True),
        )
        .order_by("-nominated_at", "-pk")[:500]
    )
    return render(
        request,
        "promotion/candidate_list.html",
        {
            "candidates": candidates,
            "shown": shown,
            "is_hr": has_role(request.user, Role.HR),
            "may_nominate": has_role(request.user, *NOMINATORS),
            "practicals": len(PracticalKind.values),
        },
    )


@role_required(*NOMINATORS)
@require_http_methods(["GET", "POST"])
def nominate_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Type a 工号; the eligibility shows; then the reason (and, for HR, why despite the warnings)."""
    number = (request.POST.get("employee_no") or request.GET.get("no") or "").strip()[:32]
    employee = None
    error = ""
    if number:
        employee = Employee.objects.select_related("user").filter(employee_no=number).first()
        if employee is not None and not (has_role(request.user, Role.HR) or team_lead_of(request.user, employee)):
            employee = None
        if employee is None:
            error = _("Nobody you may nominate has this 工号.")
    today = timezone.localdate()
    eligibility = eligibility_of(employee, today=today) if employee is not None else None
    form = NominationForm(request.POST or None, initial={"employee_no": number})
    if request.method == "POST" and employee is not None and form.is_valid():
        try:
            candidate = nominate(
                employee=employee,
                reason=form.cleaned_data["reason"],
                waiver=form.cleaned_data["waiver"],
                by=request.user,
                today=today,
            )
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s is nominated for promotion.") % {"name": employee.name})
            if has_role(request.user, Role.HR):
                return redirect("promotion_dossier", pk=candidate.pk)
            return redirect("promotion_candidates")
    return render(
        request,
        "promotion/nominate.html",
        {"number": number, "employee": employee, "error": error, "eligibility": eligibility, "form": form},
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def cohort_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start a promotion cohort on the promotion plan from the nominated candidates."""
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = start_promotion_cohort(
                candidates=list(data["candidates"]),
                name=data["name"],
                start_date=data["start_date"],
                trainers=list(data["trainers"]),
                location=data["location"],
                by=request.user,
            )
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Promotion cohort “%(name)s” started.") % {"name": cohort.name})
            return redirect("cohort_detail", pk=cohort.pk)
    return render(request, "promotion/cohort_form.html", {"form": form})


def _dossier_page(
    request: AuthenticatedHttpRequest, candidate: Candidate, *, is_hr: bool, form: DecisionForm | None = None
) -> HttpResponse:
    dossier = dossier_of(candidate, today=timezone.localdate())
    if is_hr and form is None and candidate.status == CandidateStatus.IN_TRAINING:
        form = DecisionForm()
    return render(
        request,
        "promotion/dossier.html",
        {"d": dossier, "c": candidate, "is_hr": is_hr, "form": form, "questions": QUESTIONS, "rubric": RUBRIC},
    )


@role_required(*STAFF)
def dossier(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate, access = get_candidate_for_reader(request.user, pk)
    return _dossier_page(request, candidate, is_hr=access.hr)


@role_required(Role.HR)
@require_POST
def decide_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_hr(pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = decide(
                candidate=candidate,
                verdict=data["verdict"],
                reason=data["reason"],
                promoted_to=data["promoted_to"],
                extended_to=data["extended_to"],
                by=request.user,
            )
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Decision recorded for %(name)s: %(verdict)s.")
                % {"name": candidate.employee.name, "verdict": decision.get_verdict_display()},
            )
            return redirect("promotion_dossier", pk=candidate.pk)
    return _dossier_page(request, candidate, is_hr=True, form=form)


@role_required(Role.HR)
def export_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    candidate = get_candidate_for_hr(pk)
    from common.xlsx.render import write_workbook

    today = timezone.localdate()
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115  # closed by FileResponse
    write_workbook(handle.name, dossier_sheets(dossier_of(candidate, today=today), today=today))
    handle.seek(0)
    name = _("Promotion dossier %(name)s %(date)s.xlsx") % {
        "name": candidate.employee.name,
        "date": f"{today:%Y-%m-%d}",
    }
    return FileResponse(handle, as_attachment=True, filename=name, content_type=XLSX)


@login_required
@require_http_methods(["GET", "POST"])
def practical_view(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    """The candidate hands in; HR and the cohort's trainers score (and name the mentee)."""
    if kind not in PracticalKind.values:
        raise Http404
    candidate, access = get_candidate_for_work(request.user, pk)
    row = next(r for r in practical_rows(candidate) if r.kind == kind)
    action = request.POST.get("action", "")
    posted = request.POST if request.method == "POST" else None
    checks = calibration_key(candidate) if kind == PracticalKind.CALIBRATION else []
    practical, is_open = row.practical, candidate.status != CandidateStatus.DECIDED
    hand_in: HandInForm | MenteeForm | CalibrationForm
    if kind == PracticalKind.MENTORING:
        hand_in = MenteeForm(posted if action == "hand_in" else None, choices=mentee_choices(candidate))
    elif kind == PracticalKind.CALIBRATION:
        initial = {f"check_{line.quality_check_id}": line.score for line in row.lines}
        hand_in = CalibrationForm(posted if action == "hand_in" else None, checks=checks, initial=initial)
    else:
        initial_grid = {f"day_{i}": v for i, v in enumerate(practical.week_grid)} if practical else {}
        hand_in = HandInForm(
            posted if action == "hand_in" else None,
            request.FILES if action == "hand_in" else None,
            grid=kind == PracticalKind.ROTA,
            initial={"text": practical.text if practical else "", **initial_grid},
        )
    score = ScoreForm(posted if action == "score" else None) if access.scores else None
    if request.method == "POST" and not is_open:
        messages.error(request, _("The candidacy is decided; nothing changes any more."))
    elif action == "hand_in" and hand_in.is_valid():
        try:
            if isinstance(hand_in, MenteeForm):
                submit_practical(candidate=candidate, kind=kind, by=request.user, mentee=hand_in.cleaned_data["mentee"])
            elif isinstance(hand_in, CalibrationForm):
                submit_practical(candidate=candidate, kind=kind, by=request.user, calibration=hand_in.scores())
            else:
                submit_practical(
                    candidate=candidate,
                    kind=kind,
                    by=request.user,
                    text=hand_in.cleaned_data["text"],
                    week_grid=hand_in.week_grid(),
                    file=hand_in.cleaned_data["file"],
                )
        except PromotionError as exc:
            hand_in.add_error(None, str(exc))
        else:
            messages.success(request, _("“%(practical)s” handed in.") % {"practical": row.label})
            return redirect("promotion_practical", pk=candidate.pk, kind=kind)
    elif action == "score" and score is not None and score.is_valid():
        try:
            score_practical(candidate=candidate, kind=kind, by=request.user, **score.cleaned_data)
        except PromotionError as exc:
            score.add_error(None, str(exc))
        else:
            messages.success(request, _("“%(practical)s” scored.") % {"practical": row.label})
            return redirect("promotion_practical", pk=candidate.pk, kind=kind)
    return render(
        request,
        "promotion/practical.html",
        {
            "c": candidate,
            "row": row,
            "access": access,
            "hand_in": hand_in,
            "score": score,
            "checks": checks,
            "can_hand_in": is_open
            and (access.candidate or access.scores)
            and (practical is None or practical.score is None),
            "can_score": is_open
            and score is not None
            and practical is not None
            and practical.submitted_at is not None
            and practical.score is None,
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def feedback_request_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_hr(pk)
    form = FeedbackRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        raters = [(u, data["relation"]) for u in data["raters"] if u.pk != candidate.employee.user_id]
        if data["ask_self"]:
            raters.append((candidate.employee.user, Relation.SELF))
        try:
            new = request_feedback(candidate=candidate, raters=raters, deadline=data["deadline"], by=request.user)
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(count)s feedback requests sent.") % {"count": len(new)})
            return redirect("promotion_feedback_request", pk=candidate.pk)
    labels = dict(Relation.choices)
    counts = [
        {"label": labels.get(row["relation"], row["relation"]), "asked": row["asked"], "answered": row["answered"]}
        for row in candidate.feedback_requests.values("relation")
        .annotate(asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False)))
        .order_by("relation")
    ]
    return render(request, "promotion/feedback_request.html", {"c": candidate, "form": form, "counts": counts})


@login_required
@require_http_methods(["GET", "POST"])
def feedback_answer_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    feedback = get_request_for_rater(request.user, pk)
    today = timezone.localdate()
    closed = feedback.answered_at is not None or feedback.deadline < today
    form = AnswerForm(request.POST or None) if not closed else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            answer_feedback(
                request=feedback, answers=form.answers(), comment=form.cleaned_data["comment"], by=request.user
            )
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: your feedback is recorded."))
            return redirect("promotion_mine")
    return render(request, "promotion/feedback_answer.html", {"f": feedback, "form": form, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def goals_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The candidate and HR keep the goals: one form per goal and one for a new goal."""
    candidate, access = get_candidate_for_work(request.user, pk)
    if not (access.candidate or access.hr):
        raise Http404
    goals = list(candidate.goals.all())
    target = request.POST.get("goal", "") if request.method == "POST" else ""
    forms = {
        g.pk: GoalForm(
            request.POST if target == str(g.pk) else None,
            prefix=f"g{g.pk}",
            initial={"title": g.title, "due_date": g.due_date, "progress": g.progress, "done": g.done},
        )
        for g in goals
    }
    new = GoalForm(request.POST if target == "new" else None, prefix="new")
    form = new if target == "new" else next((f for pk_, f in forms.items() if str(pk_) == target), None)
    if form is not None and candidate.status != CandidateStatus.DECIDED and form.is_valid():
        goal = None if target == "new" else Goal.objects.get(pk=int(target))
        try:
            save_goal(candidate=candidate, goal=goal, by=request.user, **form.cleaned_data)
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Goal saved."))
            return redirect("promotion_goals", pk=candidate.pk)
    return render(
        request,
        "promotion/goals.html",
        {
            "c": candidate,
            "rows": [(g, forms[g.pk]) for g in goals],
            "new": new,
            "open": candidate.status != CandidateStatus.DECIDED,
            "access": access,
        },
    )


@role_required(Role.HR)
@require_http_methods(["GET", "POST"])
def defence_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_hr(pk)
    defence = Defence.objects.filter(candidate=candidate).first()
    initial = {"held_on": defence.held_on, "judges": list(defence.judges.all())} if defence else {}
    form = DefenceForm(request.POST or None, candidate=candidate, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            set_defence(
                candidate=candidate,
                held_on=form.cleaned_data["held_on"],
                judges=list(form.cleaned_data["judges"]),
                by=request.user,
            )
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The panel defence is set."))
            return redirect("promotion_dossier", pk=candidate.pk)
    return render(request, "promotion/defence_form.html", {"c": candidate, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def judge_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    defence = get_defence_for_judge(request.user, pk)
    mine = defence.scores.filter(judge=request.user).first()
    form = JudgeForm(request.POST or None) if mine is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            score_defence(defence=defence, judge=request.user, marks=form.marks(), comment=form.cleaned_data["comment"])
        except PromotionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your score is recorded."))
            return redirect("promotion_judge", pk=pk)
    labels = {c.key: c for c in RUBRIC}
    marks = [(labels[k], v) for k, v in mine.marks.items() if k in labels] if mine else []
    return render(request, "promotion/judge.html", {"defence": defence, "form": form, "mine": mine, "marks": marks})


@login_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone's promotion page: feedback they were asked for, panels they sit on, their own candidacy."""
    today = timezone.localdate()
    requests = list(
        FeedbackRequest.objects.filter(rater=request.user)
        .select_related("candidate__employee")
        .order_by("answered_at", "deadline", "pk")[:100]
    )
    panels = list(
        Defence.objects.filter(judges=request.user)
        .exclude(candidate__status=CandidateStatus.DECIDED)
        .select_related("candidate__employee")
        .order_by("held_on")
    )
    scored = set(
        Defence.objects.filter(scores__judge=request.user, pk__in=[d.pk for d in panels]).values_list("pk", flat=True)
    )
    own = open_candidacy_of(request.user)
    return render(
        request,
        "promotion/mine.html",
        {
            "requests": requests,
            "panels": [(d, d.pk in scored) for d in panels],
            "own": own,
            "rows": practical_rows(own) if own else [],
            "goals": list(own.goals.all()) if own else [],
            "today": today,
        },
    )
