"""The staff's side, on the site (teachers have no Wagtail admin): the packages of the
courses one manages, uploading and new versions, the learners' attempts and resets.

Training managers (``packages.manage_packages``) manage every course; teachers the
courses of the editions they teach, seeing only the attempts of their own learners.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import Course, Edition
from courses.relations import taught_edition_ids
from website.core.access import deny
from website.core.exceptions import Refused

from . import services
from .forms import PackageUploadForm, PackageVersionForm, ResetForm
from .models import Attempt, AttemptReset, Package, ScoState
from .permissions import can_manage_package, learners_visible_to, manages_all


def managed_courses(user):
    if manages_all(user):
        return Course.objects.all()
    return Course.objects.filter(
        pk__in=Edition.objects.filter(pk__in=taught_edition_ids(user)).values("course_id")
    )


def _managed_package(request, pk):
    package = Package.objects.select_related("course", "current_version").filter(pk=pk).first()
    if package is None or not can_manage_package(request.user, package):
        return None
    return package


def _refusal_message(refused: Refused) -> str:
    return _("Pacchetto rifiutato: %(reason)s") % {"reason": refused.message}


@login_required
def package_list(request):
    courses = managed_courses(request.user)
    if not manages_all(request.user) and not courses.exists():
        raise Http404
    packages = list(
        Package.objects.filter(course__in=courses)
        .select_related("course", "current_version")
        .order_by("course__title", "title")
    )
    return render(request, "packages/staff/list.html", {"packages": packages})


@login_required
@require_http_methods(["GET", "POST"])
def package_upload(request):
    courses = managed_courses(request.user)
    if not manages_all(request.user) and not courses.exists():
        raise Http404
    form = PackageUploadForm(request.POST or None, request.FILES or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            package = services.upload_package(
                course=form.cleaned_data["course"],
                title=form.cleaned_data["title"],
                uploaded=form.cleaned_data["file"],
                by=request.user,
                passing_score=form.cleaned_data["passing_score"],
            )
        except Refused as refused:
            form.add_error("file", _refusal_message(refused))
        else:
            messages.success(
                request, _("Pacchetto «%(title)s» caricato.") % {"title": package.title}
            )
            return redirect("packages:attempts", pk=package.pk)
    return render(
        request,
        "packages/staff/form.html",
        {
            "form": form,
            "page_title": _("Carica un pacchetto e-learning"),
            "submit_label": _("Carica"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def package_version(request, pk):
    package = _managed_package(request, pk)
    if package is None:
        return deny(request)
    form = PackageVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_package(
                course=package.course,
                uploaded=form.cleaned_data["file"],
                by=request.user,
                package=package,
            )
        except Refused as refused:
            form.add_error("file", _refusal_message(refused))
        else:
            messages.success(request, _("Nuova versione caricata."))
            return redirect("packages:attempts", pk=package.pk)
    return render(
        request,
        "packages/staff/form.html",
        {
            "form": form,
            "package": package,
            "page_title": _("Nuova versione di «%(title)s»") % {"title": package.title},
            "submit_label": _("Carica"),
        },
    )


@login_required
def package_attempts(request, pk):
    """Each learner's attempts: status, score, time, last access, resets; reset with a reason."""
    package = _managed_package(request, pk)
    if package is None:
        return deny(request)
    # An attempt is reset at most once (a reset closes it): its reset comes in the same query.
    reset = AttemptReset.objects.filter(attempt=OuterRef("pk"))
    attempts = (
        Attempt.objects.filter(package=package)
        .select_related("user", "version")
        .annotate(
            reset_reason=Subquery(reset.values("reason")[:1]),
            reset_at=Subquery(reset.values("at")[:1]),
            reset_by_first=Subquery(reset.values("by__first_name")[:1]),
            reset_by_last=Subquery(reset.values("by__last_name")[:1]),
        )
    )
    visible = learners_visible_to(request.user, package)
    if visible is not None:
        attempts = attempts.filter(user_id__in=visible)
    ordered = list(attempts.order_by("user__last_name", "user__first_name", "user_id", "-number"))
    ids = [a.pk for a in ordered]
    states: dict[int, list[ScoState]] = {}
    for state in ScoState.objects.filter(attempt_id__in=ids):
        states.setdefault(state.attempt_id, []).append(state)
    rows = []
    for attempt in ordered:
        own = states.get(attempt.pk, [])
        scores = [s.score for s in own if s.score is not None]
        rows.append(
            {
                "attempt": attempt,
                "completed": sum(1 for s in own if s.completion == "completed"),
                "items": len(own),
                "success": sorted({s.success for s in own if s.success != "unknown"}),
                "score": (sum(scores) / len(scores)) if scores else None,
                "minutes": sum(s.prior_seconds + s.session_seconds - s.carried_seconds for s in own)
                // 60,
            }
        )
    return render(
        request,
        "packages/staff/attempts.html",
        {"package": package, "rows": rows},
    )


@login_required
@require_POST
def attempt_reset(request, pk):
    attempt = Attempt.objects.select_related("package").filter(pk=pk).first()
    if attempt is None or not can_manage_package(request.user, attempt.package):
        raise Http404
    visible = learners_visible_to(request.user, attempt.package)
    if visible is not None and not visible.filter(user_id=attempt.user_id).exists():
        raise Http404
    form = ResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scrivi il motivo dell'azzeramento (al massimo 1000 caratteri)."))
    else:
        try:
            services.reset_attempt(
                attempt=attempt, by=request.user, reason=form.cleaned_data["reason"]
            )
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request, _("Tentativo azzerato: al prossimo accesso la persona ricomincia.")
            )
    return redirect("packages:attempts", pk=attempt.package_id)
