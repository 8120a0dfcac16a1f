"""Document collections, events and good practices."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .. import urn
from ..blocks import ContentBodyBlock, ProgrammeItemBlock
from ..page_behaviour import page_behaviour
from .base import ContentPage, DocumentItem, content_panels_for
from .mixins import IndexPage

SECTION_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


# --- Document collections ----------------------------------------------------


class DocumentCollectionPage(ContentPage):
    """/documenti/: a curated, described list of Wagtail documents; collections may nest."""

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date", heading=_("Data di aggiornamento")), FieldPanel("intro")],
            heading=_("Data e sommario"),
        ),
        InlinePanel("entries", label=_("Documento"), heading=_("Documenti")),
        FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *ContentPage.search_fields,
        index.RelatedFields(
            "entries",
            [index.SearchField("title", boost=2), index.SearchField("description")],
        ),
    ]

    parent_page_types = ["cms.HomePage", "cms.DocumentCollectionPage"]
    subpage_types = ["cms.DocumentCollectionPage"]

    class Meta:
        verbose_name = _("raccolta di documenti")
        verbose_name_plural = _("raccolte di documenti")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_behaviour().collection_contents(self))
        return context


class CollectionEntry(DocumentItem):
    page = ParentalKey(DocumentCollectionPage, on_delete=models.CASCADE, related_name="entries")
    description = models.TextField(_("descrizione"), max_length=600)

    panels = [*DocumentItem.panels, FieldPanel("description")]

    class Meta(DocumentItem.Meta):
        verbose_name = _("documento della raccolta")
        verbose_name_plural = _("documenti della raccolta")


# --- Events -------------------------------------------------------------------


class EventIndexPage(IndexPage):
    """/eventi/: upcoming events first, then past ones."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("elenco degli eventi")
        verbose_name_plural = _("elenchi degli eventi")


class EventPage(RoutablePageMixin, ContentPage):
    """A regional or interregional event or workshop, with on-site registration."""

    class Scope(models.TextChoices):
        REGIONAL = "regional", _("Evento regionale")
        INTERREGIONAL = "interregional", _("Evento interregionale")
        WORKSHOP = "workshop", _("Laboratorio")
        NATIONAL = "national", _("Evento nazionale")

    scope = models.CharField(_("tipo di evento"), max_length=15, choices=Scope.choices)
    region = models.CharField(_("regione"), max_length=30, choices=urn.REGION_CHOICES, blank=True)
    end_date = models.DateField(
        _("data di fine"), null=True, blank=True, help_text=_("Solo per gli eventi di più giorni.")
    )
    start_time = models.TimeField(_("ora di inizio"), null=True, blank=True)
    end_time = models.TimeField(_("ora di fine"), null=True, blank=True)
    venue = models.CharField(_("sede"), max_length=200)
    address = models.CharField(_("indirizzo"), max_length=250, blank=True)
    town = models.CharField(_("comune"), max_length=100)
    body = StreamField(ContentBodyBlock(), verbose_name=_("descrizione"), blank=True)
    programme = StreamField(
        [("item", ProgrammeItemBlock())], verbose_name=_("programma"), blank=True
    )
    capacity = models.PositiveIntegerField(
        _("posti disponibili"),
        null=True,
        blank=True,
        help_text=_("Vuoto se non ci si iscrive sul portale."),
    )
    registration_open = models.BooleanField(
        _("iscrizioni aperte"),
        default=True,
        help_text=_("Le iscrizioni si chiudono comunque il giorno dell'evento."),
    )
    reported_participants = models.PositiveIntegerField(
        _("partecipanti registrati in sede"),
        null=True,
        blank=True,
        help_text=_(
            "Dopo l'evento: quante persone hanno partecipato, se le presenze sono state "
            "raccolte fuori dal portale. Se vuoto si mostrano gli iscritti."
        ),
    )

    content_panels = content_panels_for(
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("scope"), FieldPanel("region")]),
                FieldRowPanel(
                    [FieldPanel("end_date"), FieldPanel("start_time"), FieldPanel("end_time")]
                ),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("address"), FieldPanel("town")]),
            ],
            heading=_("Quando e dove"),
        ),
        FieldPanel("body"),
        FieldPanel("programme"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
                FieldPanel("reported_participants"),
            ],
            heading=_("Iscrizioni e partecipanti"),
        ),
        date_heading=_("Data dell'evento"),
    )
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("venue"),
        index.SearchField("town"),
        index.SearchField("body"),
        index.SearchField("programme"),
        index.FilterField("scope"),
    ]

    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evento")
        verbose_name_plural = _("eventi")

    def clean(self):
        super().clean()
        if self.end_date and self.end_date < self.date:
            raise ValidationError(
                {"end_date": _("La data di fine non può precedere quella di inizio.")}
            )
        if (
            self.start_time
            and self.end_time
            and self.end_time <= self.start_time
            and not self.end_date
        ):
            raise ValidationError({"end_time": _("L'ora di fine deve seguire quella di inizio.")})
        if self.scope == self.Scope.REGIONAL and not self.region:
            raise ValidationError({"region": _("Indica la regione dell'evento regionale.")})

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def is_past(self):
        return self.last_day < timezone.localdate()

    @property
    def takes_registrations(self):
        return self.capacity is not None

    @property
    def region_name(self):
        return urn.REGION_NAMES.get(self.region, "")

    @path("iscrizione/", name="register")
    def register(self, request):
        return page_behaviour().register_view(request, self)

    @path("annulla-iscrizione/", name="unregister")
    def unregister(self, request):
        return page_behaviour().unregister_view(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(page_behaviour().registration_context(self, request.user))
        context["register_url"] = self.url + self.reverse_subpage("register")
        context["unregister_url"] = self.url + self.reverse_subpage("unregister")
        return context


class EventRegistration(models.Model):
    """A person's place at an event (one per person and event)."""

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("evento")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("persona"),
    )
    created_at = models.DateTimeField(_("iscritta il"), default=timezone.now)

    class Meta:
        ordering = ["event", "created_at"]
        verbose_name = _("iscrizione a un evento")
        verbose_name_plural = _("iscrizioni agli eventi")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="event_registration_unique")
        ]

    def __str__(self):
        return f"{self.user} · {self.event}"


# --- Good practices ---------------------------------------------------------------


class GoodPracticeIndexPage(IndexPage):
    """/buone-pratiche/: experiences worth transferring, by region and area."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GoodPracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("elenco delle buone pratiche")
        verbose_name_plural = _("elenchi delle buone pratiche")


class GoodPracticePage(ContentPage):
    """An experience of one region or centre, written so that others can repeat it."""

    region = models.CharField(_("regione"), max_length=30, choices=urn.REGION_CHOICES, blank=True)
    centre = models.ForeignKey(
        "accounts.EmploymentCentre",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("centro per l'impiego"),
    )
    purpose = RichTextField(_("obiettivi"), features=SECTION_FEATURES)
    activities = RichTextField(_("attività svolte"), features=SECTION_FEATURES)
    beneficiaries = RichTextField(_("a chi si è rivolta"), features=SECTION_FEATURES)
    results = RichTextField(_("risultati"), features=SECTION_FEATURES)
    transferability = RichTextField(_("come trasferirla"), features=SECTION_FEATURES)

    content_panels = content_panels_for(
        FieldRowPanel([FieldPanel("region"), FieldPanel("centre")], heading=_("Dove")),
        FieldPanel("purpose"),
        FieldPanel("activities"),
        FieldPanel("beneficiaries"),
        FieldPanel("results"),
        FieldPanel("transferability"),
    )
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("purpose"),
        index.SearchField("activities"),
        index.SearchField("beneficiaries"),
        index.SearchField("results"),
        index.SearchField("transferability"),
        index.FilterField("region"),
    ]

    parent_page_types = ["cms.GoodPracticeIndexPage"]
    subpage_types = []

    SECTIONS = [
        ("purpose", _("Obiettivi")),
        ("activities", _("Attività svolte")),
        ("beneficiaries", _("A chi si è rivolta")),
        ("results", _("Risultati")),
        ("transferability", _("Come trasferirla")),
    ]

    class Meta:
        verbose_name = _("buona pratica")
        verbose_name_plural = _("buone pratiche")

    def clean(self):
        super().clean()
        if not self.region and not self.centre_id:
            raise ValidationError(
                {"region": _("Indica la regione o il centro per l'impiego della buona pratica.")}
            )

    @property
    def region_name(self):
        return urn.REGION_NAMES.get(self.region, "")

    def sections(self):
        return [(field, label, getattr(self, field)) for field, label in self.SECTIONS]
