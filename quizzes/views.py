"""The learner's pages: a quiz's entry page, the attempt, the review.

Every view first checks that the person may see the quiz at all (a confirmed place in
an edition of its course; 404 otherwise), then consults the gates of ``QUIZ_GATES``
(a closed quiz shows the "not yet available" page), then does its work. GETs never
write: an attempt whose time is up is closed by the next POST (a save, the "see the
result" button) or by the periodic job, and graded on what was saved in time.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from website.core.access import deny
from website.core.exceptions import Refused
from website.core.navigation import Crumb, trail

from . import grading, permissions, selectors, services
from .hooks import closure_for
from .models import Attempt, QuestionType, Quiz


def _quiz(request, pk) -> Quiz:
    quiz = (
        Quiz.objects.select_related("course")
        .annotate(
            fixed_count=Count("slots", distinct=True),
        )
        .filter(pk=pk)
        .first()
    )
    if quiz is None or not permissions.can_see_quiz(request.user, quiz):
        deny(request)
        raise Http404
    return quiz


def _quiz_trail(quiz: Quiz, current: str | None = None) -> list[Crumb]:
    """My training, the quiz's course, the quiz, then ``current`` (the quiz itself if None)."""
    return trail(
        (_("La mia formazione"), reverse("courses:dashboard")),
        (quiz.course.code, quiz.course.get_absolute_url()),
        (quiz.title, reverse("quizzes:quiz", args=[quiz.pk])) if current else Crumb(quiz.title),
        Crumb(current) if current else None,
    )


def _not_yet(request, quiz, closure):
    return render(
        request,
        "quizzes/not_yet.html",
        {"quiz": quiz, "closure": closure, "breadcrumbs": _quiz_trail(quiz)},
    )


def _attempt(request, pk) -> Attempt:
    attempt = Attempt.objects.select_related("quiz", "quiz__course").filter(pk=pk).first()
    if attempt is None or not permissions.can_see_attempt(request.user, attempt):
        deny(request)
        raise Http404
    if not permissions.can_see_quiz(request.user, attempt.quiz):
        raise Http404
    return attempt


def _wants_json(request) -> bool:
    return request.headers.get("x-requested-with") == "fetch"


@login_required
@never_cache
def quiz_detail(request, pk):
    quiz = _quiz(request, pk)
    closure = closure_for(request.user, quiz)
    if closure is not None:
        return _not_yet(request, quiz, closure)
    now = timezone.now()
    attempts = selectors.attempts_of(quiz, request.user)
    random_count = quiz.random_rules.aggregate(total=Sum("count"))["total"] or 0
    finished = [attempt for attempt in attempts if attempt.is_finished]
    open_attempt = next((attempt for attempt in attempts if not attempt.is_finished), None)
    outcome = selectors.quiz_outcomes(quiz_ids=[quiz.pk], user_ids=[request.user.pk]).get(
        (quiz.pk, request.user.pk)
    )
    rights = {attempt.pk: selectors.review_rights(quiz, attempt, now=now) for attempt in finished}
    used_up = bool(quiz.attempts_allowed) and len(attempts) >= quiz.attempts_allowed
    return render(
        request,
        "quizzes/quiz.html",
        {
            "quiz": quiz,
            "question_count": quiz.fixed_count + random_count,  # type: ignore[attr-defined]  # annotated by _quiz
            "attempts": [(attempt, rights.get(attempt.pk)) for attempt in attempts],
            "open_attempt": open_attempt,
            "open_overdue": open_attempt is not None and open_attempt.is_overdue(now),
            "outcome": outcome,
            "show_outcome": outcome is not None and all(r.score for r in rights.values()),
            "not_open_yet": quiz.opens_at is not None and now < quiz.opens_at,
            "closed": quiz.is_closed(now),
            "used_up": used_up and open_attempt is None,
            "attempts_left": (quiz.attempts_allowed - len(attempts))
            if quiz.attempts_allowed
            else None,
            "breadcrumbs": _quiz_trail(quiz),
        },
    )


@login_required
@require_POST
def quiz_start(request, pk):
    quiz = _quiz(request, pk)
    closure = closure_for(request.user, quiz)
    if closure is not None:
        return _not_yet(request, quiz, closure)
    try:
        attempt = services.attempt_start(quiz=quiz, user=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("quizzes:quiz", pk=quiz.pk)
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@never_cache
def attempt_page(request, pk):
    attempt = _attempt(request, pk)
    quiz = attempt.quiz
    closure = closure_for(request.user, quiz)
    if closure is not None:
        return _not_yet(request, quiz, closure)
    if request.method == "POST":
        return _attempt_post(request, attempt)
    if attempt.is_finished:
        return redirect("quizzes:review", pk=attempt.pk)
    if attempt.is_overdue():
        messages.warning(
            request,
            _("Tempo scaduto: il tentativo viene consegnato con le risposte salvate in tempo."),
        )
        return redirect("quizzes:quiz", pk=quiz.pk)
    answers = selectors.attempt_answers(attempt)
    return render(
        request,
        "quizzes/attempt.html",
        {
            "quiz": quiz,
            "attempt": attempt,
            "items": [_item(answer) for answer in answers],
            "last_saved": max((a.saved_at for a in answers if a.saved_at), default=None),
            "breadcrumbs": _quiz_trail(
                quiz, _("Tentativo %(number)s") % {"number": attempt.number}
            ),
        },
    )


def _item(answer):
    """What the attempt page shows of a question: its text and the options, never which is right."""
    choices = {choice.pk: choice for choice in answer.question.choices.all()}
    response = answer.response
    item = {
        "position": answer.position,
        "type": answer.question.type,
        "text": answer.question.text,
        "max_mark": answer.max_mark,
        "text_value": response.get("text", ""),
    }
    if answer.question.type == QuestionType.MATCHING:
        pairs = response.get("pairs", {})
        item["prompts"] = [
            {
                "id": pk,
                "text": choices[pk].text,
                "selected": (answer.option_order.index(pairs[str(pk)]) + 1)
                if pairs.get(str(pk)) in answer.option_order
                else None,
            }
            for pk in answer.choice_order
            if pk in choices
        ]
        item["options"] = list(enumerate(answer.option_order, start=1))
    else:
        chosen = set(response.get("choices", [])) | {response.get("choice")}
        item["options"] = [
            {"id": pk, "text": choices[pk].text, "checked": pk in chosen}
            for pk in answer.choice_order
            if pk in choices
        ]
    return item


def _attempt_post(request, attempt):
    finish = request.POST.get("action") == "finish"
    try:
        outcome = services.attempt_save(
            attempt=attempt, user=request.user, data=request.POST, finish=finish
        )
    except Refused as refusal:
        if _wants_json(request):
            return JsonResponse({"saved": False, "message": str(refusal.message)}, status=400)
        messages.error(request, refusal.message)
        return redirect("quizzes:attempt", pk=attempt.pk)
    if _wants_json(request):
        body: dict[str, object] = {"saved": outcome.saved, "finished": outcome.finished}
        if outcome.saved_at:
            body["saved_at"] = date_format(timezone.localtime(outcome.saved_at), "H:i:s")
        if outcome.finished:
            body["review"] = reverse("quizzes:review", kwargs={"pk": attempt.pk})
        return JsonResponse(body)
    if outcome.finished and not outcome.saved:
        messages.warning(
            request,
            _(
                "Il tempo era scaduto: il tentativo è stato consegnato con le risposte "
                "salvate entro il limite."
            ),
        )
        return redirect("quizzes:review", pk=attempt.pk)
    if outcome.finished:
        messages.success(request, _("Tentativo consegnato."))
        return redirect("quizzes:review", pk=attempt.pk)
    messages.success(request, _("Risposte salvate."))
    return redirect("quizzes:attempt", pk=attempt.pk)


@login_required
@never_cache
def attempt_review(request, pk):
    attempt = _attempt(request, pk)
    quiz = attempt.quiz
    closure = closure_for(request.user, quiz)
    if closure is not None:
        return _not_yet(request, quiz, closure)
    if not attempt.is_finished:
        return redirect("quizzes:attempt", pk=attempt.pk)
    rights = selectors.review_rights(quiz, attempt)
    answers = selectors.attempt_answers(attempt)
    items = []
    for answer in answers:
        item = _item(answer)
        choices = list(answer.question.choices.all())
        item["mark"] = answer.mark
        item["needs_grading"] = answer.needs_grading
        if rights.answers:
            item["right"] = grading.right_answer_choices(answer.question, choices)
        if rights.feedback:
            item["feedback"] = grading.chosen_feedback(answer.question, choices, answer.response)
            item["general_feedback"] = answer.question.general_feedback
            item["grader_comment"] = answer.grader_comment
        items.append(item)
    return render(
        request,
        "quizzes/review.html",
        {
            "quiz": quiz,
            "attempt": attempt,
            "rights": rights,
            "items": items,
            "breadcrumbs": _quiz_trail(
                quiz, _("Riepilogo del tentativo %(number)s") % {"number": attempt.number}
            ),
        },
    )
