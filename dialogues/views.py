"""Dialogue pages: the trainee's scenarios, a run (the chat while practising, the transcript and scores after),
replying, practising again; the scorers' queue and rubric. Access rules in ``dialogues.permissions``."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.http import AuthenticatedHttpRequest
from employees.permissions import employee_of, role_required
from employees.roles import Role
from replies.selectors import usable_phrases

from . import scoring
from .forms import ReplyForm, ScoreForm
from .models import Session
from .permissions import (
    READERS,
    SCORERS,
    get_own_session,
    get_scenario_to_practise,
    get_session_for_user,
    get_session_to_score,
    may_score,
    sessions_in_scope,
)
from .rubric import CRITERIA
from .selectors import recently_scored, scenarios_for, to_score
from .services import DialogueError, score_session, show_next_turn, start_session, submit_reply

QUEUE_SIZE = 100


def _session_url(session: Session, anchor: str = "now") -> str:
    return reverse("dialogue_session", kwargs={"pk": session.pk}) + f"#{anchor}"


@role_required(Role.TRAINEE)
def scenario_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    return render(request, "dialogues/list.html", {"employee": employee, "rows": scenarios_for(employee)})


@role_required(Role.TRAINEE)
@require_POST
def scenario_start(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Start a run (or resume the unfinished one). Whether it counts is decided here, on the server."""
    employee = employee_of(request.user)
    if employee is None:
        raise Http404
    scenario = get_scenario_to_practise(code)
    try:
        session = start_session(employee=employee, scenario=scenario)
    except DialogueError:
        raise Http404 from None
    return redirect(_session_url(session))


@role_required(*READERS)
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The run: for its employee, the chat with the turn on screen and the reply box until the last reply;
    then (and for everyone else who may read it) the transcript with the scores."""
    session = get_session_for_user(request.user, pk)
    own = session.employee.user_id == request.user.pk
    turns = list(session.scenario.turns.all())
    replies = list(session.replies.all())
    current = show_next_turn(session=session, turns=turns, replies=replies) if own else None
    if current is not None and all(r.pk != current.pk for r in replies):
        replies.append(current)
    by_turn = {reply.turn_id: reply for reply in replies}
    shown = [(turn, by_turn[turn.pk]) for turn in turns if turn.pk in by_turn]
    phrases = list(usable_phrases(request.user).select_related("group")) if current is not None else []
    return render(
        request,
        "dialogues/session.html",
        {
            "session": session,
            "scenario": session.scenario,
            "employee": session.employee,
            "own": own,
            "shown": shown,
            "turn_count": len(turns),
            "current": current,
            "form": ReplyForm() if current is not None else None,
            "phrases": phrases,
            "may_score": not own and session.finished and may_score(request.user, session),
            "criteria": [(label, session.trainer_rubric.get(key)) for key, label in CRITERIA],
            "scoring": scoring,
        },
    )


@role_required(Role.TRAINEE)
@require_POST
def session_reply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_own_session(request.user, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a reply first (at most 2000 characters)."))
        return redirect(_session_url(session))
    try:
        submit_reply(session=session, text=form.cleaned_data["text"])
    except DialogueError:
        messages.error(request, _("This reply was not taken: the dialogue has moved on. Here is where it stands."))
        return redirect(_session_url(session))
    session.refresh_from_db(fields=["finished_at"])
    return redirect(_session_url(session, "result" if session.finished else "now"))


@role_required(*SCORERS)
def score_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = sessions_in_scope(request.user)
    waiting = list(to_score(scope)[:QUEUE_SIZE])
    return render(
        request,
        "dialogues/queue.html",
        {"waiting": waiting, "scored": recently_scored(scope), "limit": QUEUE_SIZE},
    )


@role_required(*SCORERS)
@require_http_methods(["GET", "POST"])
def session_score(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_to_score(request.user, pk)
    if not session.finished:
        messages.error(request, _("This dialogue is not finished yet."))
        return redirect(_session_url(session, "top"))
    initial = {**{key: str(level) for key, level in session.trainer_rubric.items()}, "comment": session.trainer_comment}
    form = ScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        score_session(
            session=session, levels=form.levels(), comment=form.cleaned_data.get("comment", ""), by=request.user
        )
        messages.success(request, _("Score saved: %(name)s can see it.") % {"name": session.employee.name})
        return redirect("dialogue_queue")
    turns = list(session.scenario.turns.all())
    by_turn = {reply.turn_id: reply for reply in session.replies.all()}
    return render(
        request,
        "dialogues/score.html",
        {
            "session": session,
            "scenario": session.scenario,
            "employee": session.employee,
            "shown": [(turn, by_turn.get(turn.pk)) for turn in turns],
            "form": form,
        },
    )
