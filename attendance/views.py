"""The register on the site: teachers' grid and days, the history, self check-in."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from courses.hooks import render_panels
from courses.models import Edition, Enrolment, Session
from courses.selectors import session_count_subquery, session_hours_subquery
from courses.templatetags.courses_tags import format_hours
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.core.navigation import Crumb, trail
from website.core.prepared import prepared_objects
from website.core.ratelimits import client_key, limit_reached

from . import checkin, permissions, selectors, services
from .forms import CheckInForm, DayRegisterForm
from .hooks import REGISTER_PAGE_PANELS
from .models import KEPT_STATUSES, AttendanceStatus, RegisterClosure
from .qr import qr_svg

if TYPE_CHECKING:
    from django.db.models import QuerySet

HISTORY_PAGE_SIZE = 50
REGISTERS_PAGE_SIZE = 30
CHECKIN_RATE_GROUP = "attendance.checkin"


def _register_edition(request, code) -> Edition:
    edition = get_object_or_404(
        Edition.objects.select_related("course", "course__programme", "cluster")
        .prefetch_related("teachers")
        .with_code(code)
    )
    if not permissions.can_view_register(request.user, edition):
        raise Http404
    edition.register_closed = selectors.register_is_closed(edition)
    edition.may_mark = permissions.can_mark_register(
        request.user, edition, closed=edition.register_closed
    )
    return edition


def _day(edition, pk) -> Session:
    session = get_object_or_404(Session.objects.select_related("teacher"), pk=pk, edition=edition)
    session.edition = edition
    return session


def _day_anchor(edition, session) -> str:
    return reverse("attendance:register", args=[edition.code]) + f"#giorno-{session.pk}"


def _closed_filter():
    return Exists(RegisterClosure.objects.filter(edition=OuterRef("pk")))


def _trail(*below, edition=None) -> list[Crumb]:
    """La mia formazione / Registri delle presenze [/ edition] / what this page is."""
    registers = _("Registri delle presenze")
    if not below and edition is None:
        steps = [Crumb(registers)]
    else:
        steps = [Crumb(registers, reverse("attendance:registers"))]
        if edition is not None:
            url = reverse("attendance:register", args=[edition.code]) if below else None
            steps.append(Crumb(edition.code, url))
    return trail(Crumb(_("La mia formazione"), reverse("courses:dashboard")), *steps, *below)


@login_required
def registers(request):
    """The registers someone keeps: the editions they teach (all, for training managers)."""
    user = request.user
    editions = Edition.objects.filter(status__in=KEPT_STATUSES)
    if not permissions.keeps_every_register(user):
        editions = editions.filter(teachers=user)
        if not editions.exists():
            raise Http404
    editions = (
        editions.select_related("course", "cluster")  # type: ignore[no-redef]  # Edition declares it
        .annotate(
            day_count=session_count_subquery(),
            total_hours=session_hours_subquery(),
            participant_count=Count(
                "enrolments", filter=Q(enrolments__status=Enrolment.Status.APPROVED)
            ),
            register_closed=_closed_filter(),
        )
        .order_by("-starts_on", "code")
    )
    page = Paginator(editions, REGISTERS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/registers.html", {"page_obj": page, "breadcrumbs": _trail()})


@login_required
def register(request, code):
    edition = _register_edition(request, code)
    grid = selectors.register_grid(edition)
    return render(
        request,
        "attendance/register.html",
        {
            "edition": edition,
            "grid": grid,
            "statuses": AttendanceStatus,
            "today_sessions": [session for session in grid.sessions if session.is_today],
            "all_present": edition.may_mark and not edition.register_closed,
            "day_url_name": "attendance:day" if edition.may_mark else "",
            "shows_checkin": permissions.can_show_checkin_code(
                request.user, edition, closed=edition.register_closed
            ),
            "panels": render_panels(REGISTER_PAGE_PANELS, request, edition),
            "breadcrumbs": _trail(edition=edition),
        },
    )


def day_form(request, edition, session):
    """The day's form, bound on POST and saved when valid: (form, saved). The admin uses it too."""
    form = DayRegisterForm(
        request.POST or None,
        session=session,
        rows=selectors.day_register(session),
        closed=edition.register_closed,
    )
    if request.method != "POST" or not form.is_valid():
        return form, False
    try:
        changed = services.day_mark(
            session=session,
            marks=form.marks,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except Refused as refusal:
        form.add_error(None, refusal.message)
        return form, False
    messages.success(
        request,
        ngettext(
            "Giornata del %(date)s salvata: %(count)d modifica.",
            "Giornata del %(date)s salvata: %(count)d modifiche.",
            changed,
        )
        % {"date": date_format(session.date, "SHORT_DATE_FORMAT"), "count": changed},
    )
    return form, True


@login_required
def day(request, code, pk):
    edition = _register_edition(request, code)
    session = _day(edition, pk)
    if not edition.may_mark:
        raise Http404
    if session.date > timezone.localdate():
        messages.error(
            request, _("Questa giornata non si è ancora svolta: potrai segnarla da quel giorno.")
        )
        return redirect("attendance:register", edition.code)
    form, saved = day_form(request, edition, session)
    if saved:
        return redirect(_day_anchor(edition, session))
    return render(
        request,
        "attendance/day.html",
        {
            "edition": edition,
            "session": session,
            "form": form,
            "unmarked": form.unmarked,
            "breadcrumbs": _trail(
                Crumb(
                    _("Giornata del %(date)s") % {"date": date_format(session.date, "DATE_FORMAT")}
                ),
                edition=edition,
            ),
        },
    )


@login_required
@require_POST
def day_all_present(request, code, pk):
    edition = _register_edition(request, code)
    session = _day(edition, pk)
    if not edition.may_mark:
        raise Http404
    try:
        count = services.day_mark_all_present(session=session, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            ngettext(
                "Segnata presente %(count)d persona; le presenze già registrate non cambiano.",
                "Segnate presenti %(count)d persone; le presenze già registrate non cambiano.",
                count,
            )
            % {"count": count},
        )
    return redirect(_day_anchor(edition, session))


@login_required
def history(request, code):
    edition = _register_edition(request, code)
    if not permissions.can_read_register_history(request.user, edition):
        raise Http404
    page = Paginator(selectors.register_changes(edition), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "attendance/history.html",
        {
            "edition": edition,
            "page_obj": page,
            "events": list(selectors.register_events(edition)),
            "breadcrumbs": _trail(Crumb(_("Storico")), edition=edition),
        },
    )


# --- Self check-in ---------------------------------------------------------------------


def _code_session(request, code, pk):
    edition = _register_edition(request, code)
    if not permissions.can_show_checkin_code(request.user, edition, closed=edition.register_closed):
        raise Http404
    return _day(edition, pk)


def _code_payload(session, now):
    code = checkin.current_code(session, now)
    checkin_url = absolute_url("attendance:check_in", session.pk)
    url = f"{checkin_url}?codice={code}"
    return {
        "code": code,
        "url": url,
        "checkin_url": checkin_url,
        "qr": qr_svg(url),
        "seconds_left": checkin.seconds_left(now),
        "open": checkin.is_check_in_open(session, now),
    }


@never_cache
@login_required
def checkin_code(request, code, pk):
    """The code and QR code the teacher shows in the classroom; they change every minute."""
    session = _code_session(request, code, pk)
    now = timezone.now()
    return render(
        request,
        "attendance/checkin_code.html",
        {
            "edition": session.edition,
            "session": session,
            "opens": timezone.localtime(checkin.check_in_opens(session)),
            "period": checkin.period(),
            "breadcrumbs": _trail(Crumb(_("Codice di presenza")), edition=session.edition),
            **_code_payload(session, now),
        },
    )


@never_cache
@login_required
def checkin_code_json(request, code, pk):
    session = _code_session(request, code, pk)
    payload = _code_payload(session, timezone.now())
    if not payload["open"]:
        payload.update(code="", qr="", url="")
    return JsonResponse(payload)


def _checkin_session_query(session_id: int, user_id: int) -> "QuerySet[Session]":
    return (
        Session.objects.filter(pk=session_id)
        .select_related("edition", "edition__course")
        .annotate(
            holds_place=Exists(
                Enrolment.objects.filter(
                    user_id=user_id,
                    edition=OuterRef("edition_id"),
                    status=Enrolment.Status.APPROVED,
                )
            )
        )
    )


def _checkin_session(request, pk) -> Session:
    """A day of an edition with self check-in where the person holds a confirmed place.

    One query, built and compiled once (``website.core.prepared``): the day, its edition and
    course (the page shows them), and the place.
    """
    found = prepared_objects(
        "attendance.checkin_session", _checkin_session_query, [pk, request.user.pk]
    )
    if not found:
        raise Http404
    session = found[0]
    if not permissions.can_check_in(request.user, session.edition, holds_place=session.holds_place):
        raise Http404
    return session


def _checkin_limited(request) -> bool:
    return limit_reached(
        CHECKIN_RATE_GROUP, client_key(request), [settings.ATTENDANCE_CHECKIN_RATE]
    )


@login_required
def check_in(request, pk):
    session = _checkin_session(request, pk)
    form = CheckInForm(request.POST or None, initial={"code": request.GET.get("codice", "")})
    status = 200
    if request.method == "POST":
        if _checkin_limited(request):
            form.is_valid()
            form.add_error(
                None, _("Troppi tentativi: aspetta un minuto e inserisci il codice attuale.")
            )
            status = 429
        elif form.is_valid():
            try:
                record = services.attendance_check_in(
                    session=session, user=request.user, code=form.cleaned_data["code"]
                )
            except Refused as refusal:
                form.add_error("code", refusal.message)
            else:
                messages.success(
                    request,
                    _("Presenza registrata: %(status)s, %(hours)s ore.")
                    % {
                        "status": record.get_status_display().lower(),
                        "hours": format_hours(record.hours),
                    },
                )
                return redirect("courses:dashboard")
    return render(
        request,
        "attendance/check_in.html",
        {
            "session": session,
            "edition": session.edition,
            "form": form,
            "breadcrumbs": trail(
                (_("La mia formazione"), reverse("courses:dashboard")),
                Crumb(_("Segna la presenza")),
            ),
        },
        status=status,
    )
