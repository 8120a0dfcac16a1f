"""The training reports on the site. Each answers 404 to whoever may not see it."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.models import AttendanceStatus
from courses.hooks import render_panels
from courses.models import Edition, Programme
from courses.templatetags.courses_tags import format_hours
from website.accounts.models import EmploymentCentre, User
from website.audit.services import Action, audit_record
from website.core.dates import date_range
from website.core.navigation import Crumb, trail

from . import exports, permissions, selectors
from .charts import participation_chart, share_chart
from .forms import programme_filter
from .hooks import PROGRAMME_REPORT_PANELS, TRAINING_RECORD_PANELS
from .printing import report_heading


def _trail(current) -> list[Crumb]:
    """Report / what this page is."""
    return trail((_("Report"), reverse("reports:index")), Crumb(current))


@login_required
def index(request):
    user = request.user
    programmes = (
        list(selectors.reported_programmes()) if permissions.sees_every_report(user) else []
    )
    return render(
        request,
        "reports/index.html",
        {
            "programmes": programmes,
            "sees_clusters": permissions.can_view_cluster_participation(user),
            "sees_centres": permissions.can_view_centre_participation(user),
            "managed_centres": list(selectors.managed_centres(user)),
            "breadcrumbs": trail(Crumb(_("Report"))),
        },
    )


@login_required
def programme(request, slug):
    plan = get_object_or_404(Programme.objects.select_related("region"), slug=slug)
    if not permissions.can_view_programme_report(request.user, plan):
        raise Http404
    report = selectors.programme_report(plan)
    if "formato" in request.GET:
        return _export(request, f"report-{plan.slug}", exports.programme_table(report))
    return render(
        request,
        "reports/programme.html",
        {
            "report": report,
            "programme": plan,
            "chart": participation_chart(
                _("Partecipanti, presenze e attestati per corso"),
                report.courses,
                lambda course: course.code,
            ),
            "today": timezone.localdate(),
            "print_heading": report_heading(_("Report del piano formativo"), plan),
            "breadcrumbs": _trail(plan.title),
            "panels": render_panels(PROGRAMME_REPORT_PANELS, request, plan),
        },
    )


def _export(request, filename: str, table) -> HttpResponse:
    """The report's table as ``?formato=csv`` or ``?formato=xlsx`` asks; 400 for anything else."""
    export_format = request.GET["formato"]
    if export_format not in exports.EXPORT_FORMATS:
        return HttpResponseBadRequest(
            _("Formato di esportazione sconosciuto: scegli csv oppure xlsx."),
            content_type="text/plain; charset=utf-8",
        )
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        target=filename,
        detail={"kind": "report", "report": filename, "format": export_format},
    )
    return exports.table_response(export_format, filename, table, title=_("Report"))


@login_required
def clusters(request):
    visible = permissions.visible_clusters(request.user)
    if not visible.exists():
        raise Http404
    form = programme_filter(request)
    rows, total = selectors.participation_by_cluster(visible, programme=form.value("piano"))
    if "formato" in request.GET:
        table = exports.participation_table(rows, total, kind="cluster")
        return _export(request, "partecipazione-per-cluster", table)
    return render(
        request,
        "reports/participation.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "kind": "cluster",
            "chart": participation_chart(
                _("Partecipanti, presenze e attestati per cluster"), rows, lambda row: row.name
            ),
            "links_centres": permissions.can_view_centre_participation(request.user),
            "print_heading": report_heading(_("Partecipazione per cluster"), form.value("piano")),
            "breadcrumbs": _trail(_("Partecipazione per cluster")),
        },
    )


@login_required
def centres(request):
    user = request.user
    visible = permissions.visible_centres(user)
    if not visible.exists():
        raise Http404
    form = programme_filter(request, clusters=permissions.visible_clusters(user).order_by("name"))
    scope = visible
    cluster = form.value("cluster")
    if cluster is not None:
        scope = scope.filter(cluster=cluster)
    rows, total = selectors.participation_by_centre(scope, programme=form.value("piano"))
    staff_ids = (
        {row.pk for row in rows}
        if permissions.sees_every_report(user)
        else set(selectors.managed_centres(user).values_list("pk", flat=True))
    )
    if "formato" in request.GET:
        table = exports.participation_table(rows, total, kind="centre")
        return _export(request, "partecipazione-per-centro", table)
    for row in rows:
        row.shows_staff = row.pk in staff_ids  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "reports/participation.html",
        {
            "form": form,
            "rows": rows,
            "total": total,
            "kind": "centre",
            "chart": share_chart(
                _("Quota media di frequenza per centro"), rows, lambda row: row.name
            ),
            "print_heading": report_heading(
                _("Partecipazione per centro per l'impiego"),
                form.value("piano"),
                scope=cluster.name if cluster is not None else "",
            ),
            "breadcrumbs": _trail(_("Partecipazione per centro")),
        },
    )


@login_required
def centre_staff(request, code):
    centre = get_object_or_404(EmploymentCentre.objects.select_related("cluster"), code=code)
    if not permissions.can_view_centre_staff(request.user, centre):
        raise Http404
    form = programme_filter(request)
    people = selectors.centre_staff(centre, programme=form.value("piano"))
    if "formato" in request.GET:
        return _export(request, f"personale-{centre.code}", exports.staff_table(people))
    return render(
        request,
        "reports/centre_staff.html",
        {
            "centre": centre,
            "people": people,
            "form": form,
            "print_heading": report_heading(
                _("La formazione del personale"), form.value("piano"), scope=centre.name
            ),
            "breadcrumbs": _trail(centre.name),
        },
    )


@login_required
def coaching(request):
    """A coach's centres and clusters: people, editions, forums, self-assessments, reports."""
    if not permissions.can_view_coaching(request.user):
        raise Http404
    return render(
        request,
        "reports/coaching.html",
        {
            "coaching": selectors.coaching(request.user),
            "editions_shown": selectors.COACHING_EDITIONS,
            "breadcrumbs": _trail(_("I centri che segui")),
        },
    )


@login_required
def training_record(request, pk):
    if request.user.pk == pk and request.user.is_active:
        person = request.user  # one's own record: already loaded, with the centre
    else:
        person = get_object_or_404(User.objects.select_related("centre"), pk=pk, is_active=True)
    if not permissions.can_view_training_record(request.user, person):
        raise Http404
    places = selectors.training_record(person)
    return render(
        request,
        "reports/training_record.html",
        {
            "person": person,
            "places": places,
            "attended_hours": sum(place.attended_hours for place in places),
            "certificate_count": sum(bool(place.has_certificate) for place in places),
            "is_self": person.pk == request.user.pk,
            "panels": render_panels(TRAINING_RECORD_PANELS, request, person),
            "breadcrumbs": _trail(_("Scheda formativa")),
        },
    )


def _register_edition(request, code):
    edition = get_object_or_404(
        Edition.objects.select_related("course", "course__programme", "cluster")
        .prefetch_related("teachers")
        .with_code(code)
    )
    if not permissions.can_view_edition_register(request.user, edition):
        raise Http404
    return edition


@login_required
def edition_register(request, code):
    edition = _register_edition(request, code)
    grid = selectors.edition_register(edition)
    return render(
        request,
        "reports/edition_register.html",
        {
            "edition": edition,
            "grid": grid,
            "days": [
                (session, [(row, row.cells[index]) for row in grid.rows])
                for index, session in enumerate(grid.sessions)
            ],
            "teachers": list(edition.teachers.all()),
            "statuses": AttendanceStatus,
            "total_hours": format_hours(grid.total_hours),
            "print_heading": _("Registro %(code)s · %(course)s · %(period)s")
            % {
                "code": edition.code,
                "course": f"{edition.course.code} – {edition.course.title}",
                "period": date_range(edition.starts_on, edition.ends_on),
            },
            "breadcrumbs": _trail(_("Registro %(code)s") % {"code": edition.code}),
        },
    )


@login_required
def edition_register_csv(request, code):
    edition = _register_edition(request, code)
    _audit_register(request, edition, "csv")
    return exports.csv_response(selectors.edition_register(edition), f"registro-{code}.csv")


@login_required
def edition_register_xlsx(request, code):
    edition = _register_edition(request, code)
    _audit_register(request, edition, "xlsx")
    return exports.xlsx_response(selectors.edition_register(edition), f"registro-{code}.xlsx")


def _audit_register(request, edition, file_format: str) -> None:
    audit_record(
        actor=request.user,
        action=Action.EXPORT,
        target=edition,
        detail={"kind": "register", "edition": edition.code, "format": file_format},
    )
