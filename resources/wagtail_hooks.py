from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets.button import HeaderButton

from courses.hooks import (
    COURSE_PAGE_PANELS,
    DASHBOARD_PANELS,
    DashboardPart,
    DashboardSlot,
    render_panel,
)
from website.cms.hooks import SECTION_SIZE, SITE_SEARCH_SOURCES, SearchHit, SearchSection
from website.core.access import deny
from website.core.generations import remember_content
from website.core.search_text import search_words, snippet
from website.core.viewsets import FEMININE, ModelViewSet

from . import selectors
from .counters import downloads_generation
from .forms import ResourceAdminForm
from .models import Resource
from .permissions import can_download_file, can_upload_to_course
from .signals import REQUEST_RESOURCE_ATTRIBUTE

# --- Where the bytes leave: Wagtail's own document URLs --------------------


@hooks.register("before_serve_document")
def enforce_resource_audience(document, request):
    """/documents/<id>/<name> serves a resource's file only to those who may download it."""
    files = selectors.files_of_document(document)
    if not files:
        return None  # a document of the web channel, not of a resource
    allowed = next((item for item in files if can_download_file(request.user, item)), None)
    if allowed is None:
        return deny(request)
    setattr(request, REQUEST_RESOURCE_ATTRIBUTE, allowed.version.resource_id)
    return None


# --- Panels on pages that other apps own ------------------------------------


@hooks.register(COURSE_PAGE_PANELS)
def course_materials_panel(request, course):
    """The unit's materials on its course page; locked ones say why."""
    materials = selectors.course_materials(request.user, course)
    may_upload = can_upload_to_course(request.user, course)
    if not materials and not may_upload:
        return ""
    return render_to_string(
        "resources/panels/course_materials.html",
        {"course": course, "materials": materials, "can_upload": may_upload},
        request=request,
    )


@hooks.register(DASHBOARD_PANELS)
def recent_materials_panel(request) -> DashboardPart | None:
    """The newest materials of the person's courses, on their dashboard."""
    resources = selectors.recent_course_materials(request.user)
    if not resources:
        return None
    # The rows come from the cache under the content and downloads generations (selectors),
    # and the panel shows nothing but them (no person, no request): its HTML is kept under
    # the same generations, per language and list of materials, and made once for all
    # who see that list.
    key = "resources.recent_html:{}:{}:{}:{}".format(
        translation.get_language(),
        get_script_prefix(),
        downloads_generation(),
        ",".join(str(resource.pk) for resource in resources),
    )
    html = remember_content(
        key,
        lambda: str(
            render_panel(
                "resources/panels/recent_materials.html", {"resources": resources}, request=request
            )
        ),
    )
    # Our own template's HTML, which escapes its data.
    return DashboardPart(DashboardSlot.ONLINE, mark_safe(html))


# --- The back office ---------------------------------------------------------


class ResourceIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Carica file"), url=reverse("resources:upload"), icon_name="upload"),
        ]


class ResourceViewSet(ModelViewSet):
    """Training managers list, filter, edit and delete resources; links and pages start here.

    Files start on the site's upload page, which checks them by content and
    keeps versions; here their details are edited.
    """

    model = Resource
    grammatical_gender = FEMININE
    icon = "doc-full-inverse"
    menu_label = _("Risorse didattiche")
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = ResourceIndexView
    list_display = [
        "title",
        Column("kind", label=_("Tipo"), accessor="get_kind_display"),
        "course",
        Column("audience", label=_("Destinatari"), accessor="get_audience_display"),
        Column(
            "published_on",
            label=_("Data"),
            accessor=lambda resource: date_format(resource.published_on, "SHORT_DATE_FORMAT"),
        ),
        Column("download_count", label=_("Scaricamenti")),
    ]
    list_filter = ["kind", "format", "audience", "course", "language"]
    list_per_page = 50
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("format"),
            FieldPanel("kind"),
            FieldPanel("description"),
            FieldPanel("url"),
            FieldPanel("body"),
            MultiFieldPanel(
                [FieldPanel("course"), FieldPanel("audience")], heading=_("A chi è rivolta")
            ),
            MultiFieldPanel(
                [
                    FieldPanel("thematic_areas"),
                    FieldPanel("tags"),
                    FieldPanel("language"),
                    FieldPanel("published_on"),
                    FieldPanel("licence"),
                ],
                heading=_("Classificazione"),
            ),
        ],
        base_form_class=ResourceAdminForm,
    )

    def get_queryset(self, request):
        return Resource.objects.select_related("course")


@hooks.register("register_admin_viewset")
def register_resource_viewset():
    return ResourceViewSet("resource_admin", url_prefix="risorse")


@hooks.register(SITE_SEARCH_SOURCES)
def resource_search_source(user, query) -> SearchSection | None:
    """Resources of the library the reader may open (their audience allows it)."""
    resources = selectors.search_resources(user, query, limit=SECTION_SIZE)
    if not resources:
        return None
    words = search_words(query)
    return SearchSection(
        kind=_("Risorse didattiche"),
        label=_("Risorsa"),
        more_url=f"{reverse('resources:index')}?{urlencode({'q': query})}",
        more_text=_("Tutte le risorse trovate"),
        order=20,
        hits=[
            SearchHit(
                title=resource.title,
                url=resource.get_absolute_url(),
                excerpt=snippet(resource.description, words),
                meta=resource.get_kind_display(),
            )
            for resource in resources
        ],
    )
