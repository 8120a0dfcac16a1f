from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from website.cms.models import ThematicArea
from website.core import counters
from website.core.access import deny
from website.core.files import protected_file_response
from website.core.navigation import Crumb, trail

from . import selectors, services
from .forms import LibraryFilterForm, ResourceEditForm, UploadForm, VersionForm
from .models import Resource, ResourceFile
from .permissions import (
    can_download_file,
    can_manage_resource,
    can_see_earlier_versions,
    can_upload,
    can_view_resource,
)

LIBRARY_PAGE_SIZE = 20


def _audiences_for(user):
    if not user.is_authenticated:
        return []
    if user.has_perm("resources.view_staff_materials"):
        return list(Resource.Audience.values)
    return [value for value in Resource.Audience.values if value != Resource.Audience.STAFF]


def _trail(current=None, *, resource=None, below_resource=False) -> list[Crumb]:
    """Risorse [/ course] [/ resource] / what this page is."""
    if current is None:
        return trail(Crumb(_("Risorse")))
    index = reverse("resources:index")
    course = resource.course if resource is not None else None
    return trail(
        (_("Risorse"), index),
        (course.code, f"{index}?{urlencode({'corso': course.slug})}") if course else None,
        (resource.title, resource.get_absolute_url()) if below_resource else None,
        Crumb(current),
    )


def library(request):
    user = request.user
    form = LibraryFilterForm(
        request.GET or None,
        courses=selectors.courses_with_resources(),
        areas=ThematicArea.objects.all(),
        years=selectors.library_years(user),
        audiences=_audiences_for(user),
    )
    filters = form.cleaned_filters()
    results = selectors.library_resources(user, filters)
    page_obj = Paginator(results, LIBRARY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "resources/library.html",
        {
            "form": form,
            "filters": filters,
            "page_obj": page_obj,
            "resources": page_obj.object_list,
            "can_upload": can_upload(user) if user.is_authenticated else False,
            "breadcrumbs": _trail(),
        },
    )


def _viewable_resource_or_deny(request, slug):
    resource = (
        Resource.objects.select_related("course", "course__programme", "current_version")
        .filter(slug=slug)
        .first()
    )
    if resource is None or not can_view_resource(request.user, resource):
        return None, deny(request)
    return resource, None


def resource_detail(request, slug):
    resource, refusal = _viewable_resource_or_deny(request, slug)
    if refusal:
        return refusal
    user = request.user
    all_versions = can_see_earlier_versions(user, resource)
    versions = selectors.resource_versions(resource, all_versions=all_versions)
    current = next((v for v in versions if v.pk == resource.current_version_id), None)
    current_files = list(current.files.all()) if current else []
    preview = next((f for f in current_files if f.preview), None)
    return render(
        request,
        "resources/resource_detail.html",
        {
            "resource": resource,
            "current_version": current,
            "current_files": current_files,
            "preview_file": preview,
            "versions": versions,
            "all_versions": all_versions,
            "thematic_areas": list(resource.thematic_areas.all()),
            "tags": list(resource.tags.all()),
            "monthly_downloads": selectors.monthly_downloads(resource) if all_versions else [],
            "counted_at": counters.flushed_at() if all_versions else None,
            "can_manage": can_manage_resource(user, resource),
            # A video player is a request to a third party: only when the reader asks.
            "play_video": request.GET.get("riproduci") == "1",
            "breadcrumbs": _trail(resource.title, resource=resource),
        },
    )


def resource_preview(request, slug, file_id):
    resource_file = (
        ResourceFile.objects.select_related("version__resource")
        .filter(pk=file_id, version__resource__slug=slug)
        .first()
    )
    if resource_file is None or not can_download_file(request.user, resource_file):
        return deny(request)
    if not resource_file.preview:
        raise Http404
    return protected_file_response(
        request, resource_file.preview, content_type="image/webp", max_age=3600
    )


def _managed_resource(request, slug):
    resource = get_object_or_404(Resource.objects.select_related("current_version"), slug=slug)
    if not can_manage_resource(request.user, resource):
        raise Http404
    return resource


def _report_refused(request, refused):
    for refusal in refused:
        messages.error(
            request,
            _("«%(name)s» non è stato caricato: %(reason)s")
            % {"name": refusal.name, "reason": refusal.reason},
        )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    user = request.user
    if not can_upload(user):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    if not form.is_bound and request.GET.get("corso"):
        courses = cast(forms.ModelChoiceField, form.fields["course"]).queryset
        course = courses.filter(slug=request.GET["corso"]).first() if courses is not None else None
        if course is not None:
            form.initial.update(course=course, audience=Resource.Audience.ENROLLED)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.resource_create_from_uploads(
            user=user,
            uploads=form.accepted,
            kind=data["kind"],
            audience=data["audience"],
            course=data["course"],
            description=data["description"],
            language=data["language"],
            licence=data["licence"],
            thematic_areas=data["thematic_areas"],
            tags=data["tags"],
            folder_title=data["folder_title"],
        )
        messages.success(
            request,
            ngettext(
                "%(count)d file caricato: il testo sarà cercabile tra pochi istanti.",
                "%(count)d file caricati: il testo sarà cercabile tra pochi istanti.",
                len(form.accepted),
            )
            % {"count": len(form.accepted)},
        )
        _report_refused(request, form.refused)
        if len(created) == 1:
            return redirect(created[0])
        query = {"corso": data["course"].slug} if data["course"] else {}
        query["ordina"] = "recenti"
        return redirect(f"{reverse('resources:index')}?{urlencode(query)}")
    return render(
        request,
        "resources/upload.html",
        {
            "form": form,
            "page_title": _("Carica materiali"),
            "breadcrumbs": _trail(_("Carica materiali")),
            "submit_label": _("Carica"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_add(request, slug):
    resource = _managed_resource(request, slug)
    if not resource.has_files:
        raise Http404
    form = VersionForm(request.POST or None, request.FILES or None, resource=resource)
    if request.method == "POST" and form.is_valid():
        version = services.resource_version_add(
            user=request.user,
            resource=resource,
            uploads=form.accepted,
            change_note=form.cleaned_data["change_note"],
            keep_files=form.cleaned_data.get("keep_files", []),
        )
        messages.success(request, _("Versione %(number)d pubblicata.") % {"number": version.number})
        return redirect(resource)
    return render(
        request,
        "resources/version_form.html",
        {
            "form": form,
            "resource": resource,
            "page_title": _("Nuova versione di «%(title)s»") % {"title": resource.title},
            "breadcrumbs": _trail(_("Nuova versione"), resource=resource, below_resource=True),
            "submit_label": _("Pubblica la nuova versione"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, slug):
    resource = _managed_resource(request, slug)
    form = ResourceEditForm(request.POST or None, instance=resource, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dati della risorsa salvati."))
        return redirect(resource)
    return render(
        request,
        "resources/form_page.html",
        {
            "form": form,
            "resource": resource,
            "page_title": _("Modifica «%(title)s»") % {"title": resource.title},
            "breadcrumbs": _trail(_("Modifica"), resource=resource, below_resource=True),
            "submit_label": _("Salva"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_delete(request, slug):
    resource = _managed_resource(request, slug)
    if request.method == "POST":
        course = resource.course
        title = resource.title
        services.resource_delete(resource=resource)
        messages.success(request, _("«%(title)s» è stata eliminata.") % {"title": title})
        target = reverse("resources:index")
        return redirect(f"{target}?{urlencode({'corso': course.slug})}" if course else target)
    return render(
        request,
        "resources/resource_confirm_delete.html",
        {
            "resource": resource,
            "breadcrumbs": _trail(_("Elimina"), resource=resource, below_resource=True),
        },
    )
