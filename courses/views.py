"""The site's course pages: catalogue, course page, enrolment, dashboard, calendars, staff views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from website.accounts.models import Cluster, EmploymentCentre
from website.accounts.relations import led_cluster_list, managed_centre_list
from website.audit.services import Action, audit_record
from website.core.access import deny
from website.core.exceptions import Refused
from website.core.links import absolute_url
from website.core.navigation import Crumb, trail
from website.core.spreadsheets import csv_response

from . import agenda, permissions, selectors, services
from .calendars import sessions_calendar
from .filters import CatalogueFilter
from .hooks import (
    CLUSTER_PAGE_PANELS,
    COURSE_PAGE_PANELS,
    TEACHING_EDITION_PANELS,
    calendar_entries,
    render_dashboard_panels,
    render_panels,
)
from .models import CalendarFeed, Edition, Enrolment

CATALOGUE_PAGE_SIZE = 12


def _my_training() -> Crumb:
    return Crumb(_("La mia formazione"), reverse("courses:dashboard"))


STAFF_PAGE_SIZE = 50


def catalogue(request):
    filterset = CatalogueFilter(
        request.GET or None, queryset=selectors.catalogue_courses(request.user), request=request
    )
    page = Paginator(filterset.qs, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for course in page:
        _summarise_editions(course)
    return render(
        request,
        "courses/catalogue.html",
        {
            "filter": filterset,
            "page_obj": page,
            "is_filtered": filterset.is_bound,
            "breadcrumbs": trail(Crumb(_("Corsi"))),
        },
    )


def _summarise_editions(course):
    """What a catalogue card says about a course's editions (already prefetched)."""
    editions = course.listed_editions
    course.edition_count = len(editions)
    course.open_count = sum(1 for edition in editions if edition.enrolment_is_open)
    course.has_classroom = any(edition.has_classroom_days for edition in editions)
    course.has_online = any(edition.has_online_days for edition in editions)
    course.first_start = min((edition.starts_on for edition in editions), default=None)
    course.last_end = max((edition.ends_on for edition in editions), default=None)
    course.cluster_names = sorted({e.cluster.name for e in editions if e.cluster_id})


def _visible_edition(user, code) -> Edition | None:
    edition = (
        Edition.objects.select_related("course", "course__programme", "cluster")
        .with_code(code)
        .first()
    )
    if edition is None or not permissions.can_view_edition(user, edition):
        return None
    return edition


def course_detail(request, slug):
    course = selectors.course_page_course(slug)
    if course is None or not permissions.can_view_course(request.user, course):
        return deny(request)
    user = request.user
    editions = selectors.course_page_editions(user, course)
    enrolments = selectors.enrolments_in_course(user, course, today=timezone.localdate())
    active = next((enrolment for enrolment in enrolments if enrolment.is_active), None)
    for edition in editions:
        edition.my_enrolment = next((e for e in enrolments if e.edition_id == edition.pk), None)
        holds_place = (
            edition.my_enrolment is not None
            and edition.my_enrolment.status == Enrolment.Status.APPROVED
        )
        edition.shows_meeting_links = permissions.can_read_meeting_link(
            user, edition, holds_place=holds_place
        )
        edition.may_request = (
            user.is_authenticated
            and active is None
            and edition.enrolment_is_open
            and permissions.can_request_place(user, edition)
        )
        edition.may_withdraw = (
            edition.my_enrolment is not None
            and edition.my_enrolment.is_active
            and permissions.can_withdraw_enrolment(user, edition.my_enrolment)
        )
    return render(
        request,
        "courses/course_detail.html",
        {
            "course": course,
            "programme": course.programme,
            "editions": editions,
            "active_enrolment": active,
            "panels": render_panels(COURSE_PAGE_PANELS, request, course),
            "breadcrumbs": trail(
                (_("Corsi"), reverse("courses:index")), Crumb(f"{course.code} – {course.title}")
            ),
        },
    )


@login_required
@require_POST
def edition_request(request, code):
    edition = _visible_edition(request.user, code)
    if edition is None or not permissions.can_request_place(request.user, edition):
        raise Http404
    try:
        enrolment = services.enrolment_request(user=request.user, edition=edition)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        outcome = {
            Enrolment.Status.APPROVED: _(
                "Iscrizione confermata: hai un posto nell'edizione %(code)s."
            ),
            Enrolment.Status.WAITLISTED: _(
                "L'edizione %(code)s è al completo: sei in lista d'attesa e ti avviseremo "
                "se si libera un posto."
            ),
            Enrolment.Status.REQUESTED: _(
                "Richiesta inviata per l'edizione %(code)s: riceverai un'email quando il "
                "servizio formazione l'avrà esaminata."
            ),
        }[Enrolment.Status(enrolment.status)]
        messages.success(request, outcome % {"code": edition.code})
    return redirect(edition.get_absolute_url())


@login_required
def enrolment_withdraw(request, pk):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("edition", "edition__course"), pk=pk, user=request.user
    )
    if not permissions.can_withdraw_enrolment(request.user, enrolment):
        messages.error(request, _("Questa iscrizione non può più essere ritirata."))
        return redirect("courses:dashboard")
    if request.method == "POST":
        try:
            services.enrolment_withdraw(enrolment=enrolment, by=request.user)
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Ti sei ritirato dall'edizione %(code)s.") % {"code": enrolment.edition.code},
            )
        return redirect("courses:dashboard")
    return render(
        request,
        "courses/withdraw_confirm.html",
        {
            "enrolment": enrolment,
            "breadcrumbs": trail(_my_training(), Crumb(_("Ritira l'iscrizione"))),
        },
    )


DASHBOARD_NEXT_DAYS = 6
DASHBOARD_NEXT_EVENTS = 5


def _with_meeting_links(user, sessions):
    """The days as a list, each knowing whether the person may read its live link
    (from the ``holds_place`` and ``is_taught`` that ``sessions_for_calendar`` annotates)."""
    sessions = list(sessions)
    for session in sessions:
        session.shows_meeting_link = permissions.can_read_meeting_link(
            user,
            session.edition,
            holds_place=session.holds_place,
            teaches_edition=session.is_taught,
        )
    return sessions


@login_required
def dashboard(request):
    """Today first (the day's classes and the check-in), then what comes next, what to do
    online, the enrolments and, folded, the history."""
    user = request.user
    today = timezone.localdate()
    enrolments = selectors.my_enrolments(user, today=today)
    current = [e for e in enrolments if e.is_active and e.edition.ends_on >= today]
    past = [e for e in enrolments if e not in current]
    limit = DASHBOARD_NEXT_DAYS + 4
    sessions = _with_meeting_links(user, selectors.upcoming_days(user, today=today, limit=limit))
    selectors.note_days_from_today(user, sessions, today=today, limit=limit)
    today_items = [
        agenda.session_item(session, _("Giornata d'aula"))
        for session in sessions
        if session.date == today
    ]
    next_items = [
        agenda.session_item(session, _("Giornata d'aula"))
        for session in sessions
        if session.date > today
    ][:DASHBOARD_NEXT_DAYS]
    events = [
        entry for entry in calendar_entries(user, start=today, end=None) if entry.ends_on >= today
    ][:DASHBOARD_NEXT_EVENTS]
    next_items += [
        agenda.AgendaItem(
            day=max(entry.starts_on, today),
            starts_at=entry.starts_at,
            ends_at=entry.ends_at,
            title=entry.title,
            url=entry.url,
            kind=entry.kind,
            location=entry.location,
            entry=entry,
        )
        for entry in events
    ]
    return render(
        request,
        "courses/dashboard.html",
        {
            "today": today,
            "today_items": today_items,
            "next_days": agenda.by_day(next_items),
            "current_enrolments": current,
            "past_enrolments": past,
            "teaches": selectors.teaches_any_edition(user),
            "managed_centres": managed_centre_list(user),
            "led_clusters": led_cluster_list(user),
            "panels": render_dashboard_panels(request),
            "breadcrumbs": trail(Crumb(_("La mia formazione"))),
        },
    )


@login_required
def my_calendar(request):
    """A month of the person's own days and events: a table, and an agenda for small screens."""
    user = request.user
    today = timezone.localdate()
    asked = request.GET.get("mese")
    first = today.replace(day=1)
    problem = ""
    if asked is not None:
        parsed = agenda.parse_month(asked)
        if parsed is None:
            problem = _(
                "Il mese richiesto non è valido: scrivilo come anno e mese, "
                "per esempio %(example)s."
            ) % {"example": agenda.month_param(first)}
        else:
            first = parsed
    start, end = agenda.month_bounds(first)
    sessions = _with_meeting_links(
        user, selectors.sessions_for_calendar(user, start=start, end=end)
    )
    items = [agenda.session_item(session, _("Giornata d'aula")) for session in sessions]
    for entry in calendar_entries(user, start=start, end=end):
        items += agenda.entry_items(entry, start=start, end=end)
    feed = selectors.calendar_feed_of(user)
    previous, following = agenda.previous_month(first), agenda.next_month(first)
    weeks = agenda.month_grid(first, items, today=today)
    return render(
        request,
        "courses/my_calendar.html",
        {
            "month": first,
            "today": today,
            "problem": problem,
            "weeks": weeks,
            "weekdays": [grid_day.day for grid_day in weeks[0]],
            "agenda_days": agenda.by_day(items),
            "previous_month": agenda.month_param(previous),
            "next_month": agenda.month_param(following),
            "this_month": agenda.month_param(today),
            "is_this_month": (first.year, first.month) == (today.year, today.month),
            "calendar_url": (
                absolute_url("courses:personal_calendar", token=feed.token) if feed else ""
            ),
            "breadcrumbs": trail(_my_training(), Crumb(_("Il mio calendario"))),
        },
        status=400 if problem else 200,
    )


@login_required
@require_POST
def calendar_reset(request):
    """Make the calendar address on first request; afterwards, a new one retires the old."""
    had_one = selectors.calendar_feed_of(request.user) is not None
    services.calendar_feed_reset(user=request.user)
    if had_one:
        messages.success(
            request,
            _("Il tuo calendario ha un nuovo indirizzo: quello vecchio non funziona più."),
        )
    else:
        messages.success(request, _("Ecco l'indirizzo del tuo calendario."))
    return redirect(reverse("courses:my_calendar") + "#calendario-app")


def _calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=900"
    return response


def personal_calendar(request, token):
    """The person's days, for calendar apps: no login, the secret address is the key."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed.user
    if not user.is_active:
        raise Http404
    with translation.override(user.language):
        sessions = _with_meeting_links(user, selectors.sessions_for_calendar(user))
        link_editions = {session.edition_id for session in sessions if session.shows_meeting_link}
        content = sessions_calendar(
            name=_("Aula – la mia formazione"),
            sessions=sessions,
            link_edition_ids=link_editions,
            entries=calendar_entries(user, start=None, end=None),
        )
    return _calendar_response(content, "la-mia-formazione.ics")


def edition_calendar(request, code):
    """One edition's days; live links only for those who may read them."""
    edition = _visible_edition(request.user, code)
    if edition is None:
        return deny(request)
    sessions = edition.sessions.select_related("edition", "edition__course", "edition__cluster")
    links = (
        {edition.pk} if permissions.can_read_meeting_link(request.user, edition) else frozenset()
    )
    content = sessions_calendar(
        name=f"{edition.course.code} – {edition.code}",
        sessions=sessions.order_by("date", "starts_at"),
        link_edition_ids=links,
    )
    return _calendar_response(content, f"{edition.code}.ics")


# --- Teachers ------------------------------------------------------------------------


@login_required
def teaching(request):
    editions = list(selectors.taught_editions_overview(request.user))
    if not editions and not permissions.can_decide_enrolments(request.user):
        raise Http404
    return render(
        request,
        "courses/teaching.html",
        {"editions": editions, "breadcrumbs": trail(_my_training(), Crumb(_("Le mie docenze")))},
    )


def _participants_edition(request, code):
    edition = get_object_or_404(
        Edition.objects.select_related("course", "course__programme", "cluster")
        .prefetch_related("teachers")
        .with_code(code)
    )
    if not permissions.can_view_participants(request.user, edition):
        raise Http404
    return edition


@login_required
def teaching_edition(request, code):
    edition = _participants_edition(request, code)
    participants = list(selectors.participants_of(edition))
    return render(
        request,
        "courses/teaching_edition.html",
        {
            "edition": edition,
            "confirmed": [p for p in participants if p.status == Enrolment.Status.APPROVED],
            "waiting": [p for p in participants if p.status == Enrolment.Status.WAITLISTED],
            "sessions": edition.sessions.order_by("date", "starts_at"),
            "panels": render_panels(TEACHING_EDITION_PANELS, request, edition),
            "breadcrumbs": trail(
                _my_training(),
                (_("Le mie docenze"), reverse("courses:teaching")),
                Crumb(edition.code),
            ),
        },
    )


@login_required
def participants_csv(request, code):
    """The participant list as a spreadsheet (UTF-8 with BOM, so Excel reads accents)."""
    edition = _participants_edition(request, code)
    header = [
        _("Cognome"),
        _("Nome"),
        _("Email"),
        _("Centro per l'impiego"),
        _("Codice centro"),
        _("Stato"),
    ]
    rows = (
        [
            enrolment.user.last_name,
            enrolment.user.first_name,
            enrolment.user.email,
            enrolment.user.centre.name if enrolment.user.centre else "",
            enrolment.user.centre.code if enrolment.user.centre else "",
            enrolment.get_status_display(),
        ]
        for enrolment in selectors.participants_of(edition)
    )
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        target=edition,
        detail={"kind": "participants", "edition": edition.code, "format": "csv"},
    )
    return csv_response(f"partecipanti-{edition.code}.csv", header, rows)


# --- Centre managers and cluster leads -------------------------------------------------


@login_required
def staff_training(request):
    user = request.user
    centres = list(user.managed_centres.select_related("cluster"))
    clusters = list(user.led_clusters.all())
    if not centres and not clusters:
        raise Http404
    return render(
        request,
        "courses/staff_training.html",
        {
            "centres": centres,
            "clusters": clusters,
            "breadcrumbs": trail(_my_training(), Crumb(_("Formazione del personale"))),
        },
    )


def _staff_page(request, *, scope, scope_kind, enrolments, panels=""):
    page = Paginator(enrolments, STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/staff_enrolments.html",
        {
            "scope": scope,
            "scope_kind": scope_kind,
            "page_obj": page,
            "panels": panels,
            "breadcrumbs": trail(
                _my_training(),
                (_("Formazione del personale"), reverse("courses:staff_training")),
                Crumb(scope.name),
            ),
        },
    )


@login_required
def centre_training(request, code):
    centre = get_object_or_404(EmploymentCentre.objects.select_related("cluster"), code=code)
    if not permissions.can_view_centre_training(request.user, centre):
        raise Http404
    return _staff_page(
        request,
        scope=centre,
        scope_kind="centre",
        enrolments=selectors.staff_enrolments(centres=[centre]),
    )


@login_required
def cluster_training(request, code):
    cluster = get_object_or_404(Cluster, code=code)
    if not permissions.can_view_cluster_training(request.user, cluster):
        raise Http404
    return _staff_page(
        request,
        scope=cluster,
        scope_kind="cluster",
        enrolments=selectors.staff_enrolments(clusters=[cluster]),
        # The cluster's editions and their registers (the reports app's panel), and so on.
        panels=render_panels(CLUSTER_PAGE_PANELS, request, cluster),
    )
