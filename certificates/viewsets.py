"""The certificates' back office in the Wagtail admin ("Attestati" in the menu)."""

from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup

from website.core.deletion import DeleteView
from website.core.viewsets import FEMININE, MASCULINE, ModelViewSet

from . import admin_views
from .forms import CertificateRuleForm
from .models import CertificateRule, CertificateTemplate
from .permissions import can_issue_certificates
from .widgets import PrivateImageInput


class IssuersMenuItem(MenuItem):
    def is_shown(self, request):
        return can_issue_certificates(request.user)


class CertificateIssueViewSet(ViewSet):
    """Editions to issue, an edition's certificates, runs, single certificates."""

    name = "certificate_issue"
    url_prefix = "attestati"
    icon = "doc-full-inverse"
    menu_label = _("Rilascio per edizione")
    menu_item_class = IssuersMenuItem

    def get_urlpatterns(self):
        return [
            path("", admin_views.EditionListView.as_view(), name="index"),
            path("edizioni/<int:pk>/", admin_views.EditionIssueView.as_view(), name="edition"),
            path("edizioni/<int:pk>/rilascia/", admin_views.edition_issue_start, name="start"),
            path(
                "edizioni/<int:pk>/rilascia-una-persona/",
                admin_views.edition_issue_person,
                name="issue_person",
            ),
            path("edizioni/<int:pk>/attestati.zip", admin_views.edition_zip, name="zip"),
            path("rilasci/<int:pk>/", admin_views.IssueRunView.as_view(), name="run"),
            path("rilasci/<int:pk>/stato/", admin_views.issue_run_status, name="run_status"),
            path("elenco/", admin_views.CertificateListView.as_view(), name="list"),
            path("<int:pk>/", admin_views.CertificateDetailView.as_view(), name="certificate"),
            path("<int:pk>/revoca/", admin_views.RevokeView.as_view(), name="revoke"),
            path("<int:pk>/riemissione/", admin_views.ReissueView.as_view(), name="reissue"),
        ]


class CertificateListMenuViewSet(ViewSet):
    """Only a menu entry: the list lives in CertificateIssueViewSet's URLs."""

    name = "certificate_list"
    icon = "list-ul"
    menu_label = _("Attestati rilasciati")
    menu_item_class = IssuersMenuItem

    @cached_property
    def menu_url(self):
        return reverse("certificate_issue:list")


class TemplateIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CertificateTemplate.objects.annotate(version_count=Count("versions"))


class CertificateTemplateViewSet(ModelViewSet):
    model = CertificateTemplate
    grammatical_gender = MASCULINE
    name = "certificate_templates"
    url_prefix = "attestati/modelli"
    icon = "doc-empty"
    menu_label = _("Modelli di attestato")
    index_view_class = TemplateIndexView
    delete_view_class = DeleteView
    list_display = [
        "name",
        "issuer_name",
        "signatory_name",
        "is_default",
        Column("version_count", label=_("Versioni usate")),
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("is_default"),
            MultiFieldPanel(
                [
                    FieldPanel("issuer_name"),
                    FieldPanel("issuer_office"),
                    FieldPanel("issuer_place"),
                ],
                heading=_("Chi rilascia"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("signatory_name"),
                    FieldPanel("signatory_role"),
                    FieldPanel("signature", widget=PrivateImageInput),
                ],
                heading=_("Chi firma"),
            ),
            FieldPanel("logo", widget=PrivateImageInput),
        ]
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/immagini/<str:field>/", admin_views.template_image, name="image"),
        ]


class RuleIndexView(generic.IndexView):
    def get_base_queryset(self):
        return CertificateRule.objects.select_related("course", "template")


def _threshold(rule):
    return f"{rule.course.attendance_threshold.normalize():f}%"


class CertificateRuleViewSet(ModelViewSet):
    model = CertificateRule
    grammatical_gender = FEMININE
    name = "certificate_rules"
    url_prefix = "attestati/regole"
    icon = "tick-inverse"
    menu_label = _("Regole degli attestati")
    index_view_class = RuleIndexView
    list_display = [
        "course",
        Column("threshold", label=_("Frequenza minima"), accessor=_threshold),
        "validity_months",
        "template",
    ]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldPanel("conditions"),
            FieldPanel("validity_months"),
            FieldPanel("template"),
        ],
        base_form_class=CertificateRuleForm,
    )


class CertificatesViewSetGroup(ViewSetGroup):
    menu_label = _("Attestati")
    menu_icon = "doc-full-inverse"
    menu_order = 250
    items = (
        CertificateIssueViewSet,
        CertificateListMenuViewSet,
        CertificateTemplateViewSet,
        CertificateRuleViewSet,
    )
