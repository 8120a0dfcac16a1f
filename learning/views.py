"""The learner's activity pages, the completion POST and the completion matrix."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses.models import Edition
from website.core.access import deny
from website.core.exceptions import Refused
from website.core.navigation import Crumb, trail
from website.core.spreadsheets import csv_response, xlsx_response

from . import kinds, permissions, selectors, services
from .forms import MatrixFilterForm
from .models import Activity, ActivityCompletion

EXPORT_FORMATS = ("csv", "xlsx")


def _activity(pk) -> Activity | None:
    return (
        Activity.objects.select_related(
            "section", "section__course", "section__course__programme", *kinds.related_fields()
        )
        .filter(pk=pk)
        .first()
    )


def _activity_trail(activity: Activity, course) -> list[Crumb]:
    return trail(
        (_("Corsi"), reverse("courses:index")),
        (course.code, course.get_absolute_url()),
        Crumb(activity.title),
    )


def _progress_for(request, activity):
    """The learner's progress in the activity's course and this activity's item (or Nones)."""
    progress = selectors.course_progress(request.user, activity.section.course)
    if progress is None or progress.enrolment is None:
        return None, None
    item = next(item for item in progress.items if item.activity.pk == activity.pk)
    return progress, item


@login_required
def activity_detail(request, pk):
    activity = _activity(pk)
    if activity is None:
        return deny(request)
    progress, item = _progress_for(request, activity)
    has_place = progress is not None
    if not permissions.can_open_activity(request.user, activity, has_place=has_place):
        return deny(request)
    course = activity.section.course
    if has_place and item.closure is not None:
        return render(
            request,
            "learning/not_yet.html",
            {
                "activity": activity,
                "course": course,
                "closure": item.closure,
                "progress": progress,
                "breadcrumbs": _activity_trail(activity, course),
            },
        )
    if has_place:
        activity = item.activity  # the copy the progress read, with its related rows
    edition = progress.enrolment.edition if has_place else None
    recorded = (
        selectors.recorded_states(request.user, [activity.pk]).get(activity.pk)
        if has_place
        else None
    )
    return render(
        request,
        "learning/activity.html",
        {
            "activity": activity,
            "course": course,
            "progress": progress,
            "item": item,
            "preview": not has_place,
            "recorded": recorded,
            "is_marked_done": recorded == ActivityCompletion.State.DONE,
            "manual": activity.completion == kinds.DONE,
            "learner_url": activity.adapter.learner_url(activity, edition=edition),
            "kind_template": f"learning/kinds/{activity.kind}.html",
            "breadcrumbs": _activity_trail(activity, course),
        },
    )


def _wants_json(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@login_required
@require_POST
def completion(request, pk):
    """Record a view or a manual mark: the one way completion is written (POST only)."""
    activity = _activity(pk)
    if activity is None:
        return deny(request)
    progress, item = _progress_for(request, activity)
    if not permissions.can_record_completion(request.user, has_place=progress is not None):
        return deny(request)
    action = request.POST.get("action", "")
    try:
        services.completion_record(
            user=request.user, activity=item.activity, action=action, state=progress.state
        )
    except Refused as refusal:
        if _wants_json(request):
            return JsonResponse({"error": refusal.message}, status=400)
        if action not in services.ACTIONS:
            return HttpResponseBadRequest(refusal.message)
        messages.error(request, refusal.message)
        return redirect("learning:activity", pk=activity.pk)
    if _wants_json(request):
        after = selectors.course_progress(request.user, activity.section.course)
        assert after is not None  # the course has this activity
        label = _("Completate %(done)s attività su %(total)s (%(percent)s%%)") % {
            "done": after.done,
            "total": after.total,
            "percent": after.percent,
        }
        return JsonResponse(
            {"recorded": action, "done": after.done, "total": after.total, "label": label}
        )
    if action == services.DONE:
        messages.success(request, _("Attività segnata come fatta."))
    elif action == services.UNDONE:
        messages.info(request, _("Attività di nuovo da fare."))
    else:
        messages.success(request, _("Attività segnata come vista."))
    return redirect("learning:activity", pk=activity.pk)


def _matrix_edition(request, code) -> Edition | None:
    edition = (
        Edition.objects.select_related("course", "course__programme", "cluster")
        .prefetch_related("teachers")
        .with_code(code)
        .first()
    )
    if edition is None or not permissions.can_view_matrix(request.user, edition):
        return None
    return edition


def _filtered_matrix(request, edition):
    base = selectors.edition_matrix(edition)
    form = MatrixFilterForm(request.GET or None, centres=base.centres)
    if not form.is_bound:
        return form, base
    if not form.is_valid():
        return form, None
    return form, selectors.edition_matrix(
        edition, status=form.cleaned_data["stato"], centre_id=form.cleaned_data["centro"]
    )


@login_required
def matrix(request, code):
    edition = _matrix_edition(request, code)
    if edition is None:
        return deny(request)
    form, table = _filtered_matrix(request, edition)
    query = request.GET.urlencode() if table is not None and form.is_bound else ""
    return render(
        request,
        "learning/matrix.html",
        {
            "edition": edition,
            "form": form,
            "matrix": table,
            "query": query,
            "breadcrumbs": trail(
                (_("La mia formazione"), reverse("courses:dashboard")),
                (_("Le mie docenze"), reverse("courses:teaching")),
                Crumb(edition.code),
            ),
        },
        status=200 if table is not None else 400,
    )


def _state_label(done: bool) -> str:
    return _("completata") if done else _("da completare")


@login_required
def matrix_export(request, code, fmt):
    edition = _matrix_edition(request, code)
    if edition is None:
        return deny(request)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form, table = _filtered_matrix(request, edition)
    if table is None:
        return HttpResponseBadRequest(
            " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
    header = [
        _("Cognome"),
        _("Nome"),
        _("Centro per l'impiego"),
        *[activity.title for activity in table.activities],
        _("Completate"),
        _("Attività"),
    ]
    rows = [
        [
            row.user.last_name,
            row.user.first_name,
            row.user.centre.name if row.user.centre_id else "",
            *[_state_label(cell) for cell in row.cells],
            row.done,
            len(table.activities),
        ]
        for row in table.rows
    ]
    filename = f"completamento-{edition.code}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, header, rows, title=edition.code)
