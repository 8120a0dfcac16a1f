"""The regulatory collection: acts with their URN:NIR, articles and typed relations."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from website.core.links import page_absolute_url

from .. import urn
from ..blocks import ArticleBlock, ContentBodyBlock
from ..page_behaviour import page_behaviour
from .base import ContentPage, content_panels_for
from .mixins import IndexPage

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RegulationIndexPage(IndexPage):
    """/normativa/: the acts, filtered by type, year, status and area, sorted by date."""

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.RegulationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("raccolta normativa")
        verbose_name_plural = _("raccolte normative")


class RegulationPage(ContentPage):
    """An act: law, decree, circular or regional act, with its articles and relations."""

    class Status(models.TextChoices):
        IN_FORCE = "in-force", _("In vigore")
        AMENDED = "amended", _("Modificato")
        REPEALED = "repealed", _("Abrogato")

    # How each status reads for schema.org (https://schema.org/LegalForceStatus).
    LEGAL_FORCE = {
        Status.IN_FORCE: "https://schema.org/InForce",
        Status.AMENDED: "https://schema.org/PartiallyInForce",
        Status.REPEALED: "https://schema.org/NotInForce",
    }

    act_kind = models.CharField(_("tipo di atto"), max_length=30, choices=urn.ACT_KIND_CHOICES)
    number = models.CharField(
        _("numero"),
        max_length=30,
        blank=True,
        help_text=_(
            "Come è scritto nell'atto, per esempio 150, 4-bis o 12/A. "
            "Vuoto se l'atto non ha numero."
        ),
    )
    issuer = models.CharField(
        _("ente emanante"),
        max_length=80,
        choices=urn.ISSUERS,
        blank=True,
        help_text=_("Per i decreti ministeriali e le circolari nazionali."),
    )
    region = models.CharField(
        _("regione"),
        max_length=30,
        choices=urn.REGION_CHOICES,
        blank=True,
        help_text=_("Per gli atti regionali e le circolari delle regioni."),
    )
    official_title = models.TextField(_("titolo ufficiale"), max_length=1000)
    status = models.CharField(
        _("stato"), max_length=10, choices=Status.choices, default=Status.IN_FORCE
    )
    articles = StreamField(
        [("article", ArticleBlock())],
        verbose_name=_("articoli o disposizioni principali"),
        blank=True,
    )
    body = StreamField(ContentBodyBlock(), verbose_name=_("commento"), blank=True)
    # Computed from type, authority, date and number on every save.
    urn = models.CharField(_("URN:NIR"), max_length=250, db_index=True, editable=False)

    content_panels = content_panels_for(
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("act_kind"), FieldPanel("number")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("region")]),
                FieldPanel("official_title"),
                FieldPanel("status"),
            ],
            heading=_("Estremi dell'atto"),
        ),
        FieldPanel("articles"),
        FieldPanel("body"),
        InlinePanel("relations", label=_("Relazione"), heading=_("Relazioni con altri atti")),
        date_heading=_("Data dell'atto"),
    )
    search_fields = [
        *ContentPage.search_fields,
        index.SearchField("official_title", boost=3),
        index.SearchField("number"),
        index.SearchField("articles"),
        index.SearchField("body"),
        index.FilterField("act_kind"),
        index.FilterField("status"),
    ]

    parent_page_types = ["cms.RegulationIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("atto normativo")
        verbose_name_plural = _("atti normativi")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["relations"] = self.typed_relations
        context["structured_data"] = self.structured_data(request)
        return context

    def clean(self):
        super().clean()
        kind = urn.ACT_KINDS_BY_CODE.get(self.act_kind)
        if kind is None:
            return
        errors: dict[str, StrOrPromise | list[str]] = {}
        if kind.needs == "issuer" and self.region:
            errors["region"] = _("Questo tipo di atto non è regionale: togli la regione.")
        if kind.needs == "region" and self.issuer:
            errors["issuer"] = _("Un atto regionale è adottato dalla regione: togli l'ente.")
        if kind.authority and (self.issuer or self.region):
            field = "issuer" if self.issuer else "region"
            errors[field] = _(
                "Per questo tipo di atto l'autorità è fissata: lascia vuoto il campo."
            )
        if not errors:
            try:
                self.urn = self.compute_urn()
            except ValidationError as error:
                field = {
                    "invalid_number": "number",
                    "region_required": "region",
                    "unknown_region": "region",
                }.get(error.code or "", "issuer")
                errors[field] = error.messages
            else:
                duplicate = RegulationPage.objects.filter(urn=self.urn).exclude(pk=self.pk).first()
                if duplicate is not None:
                    errors["number"] = _("La raccolta contiene già questo atto: «%(title)s».") % {
                        "title": duplicate.title
                    }
        if errors:
            raise ValidationError(errors)

    def compute_urn(self):
        return urn.act_urn(
            kind=self.act_kind,
            act_date=self.date,
            number=self.number,
            issuer=self.issuer,
            region=self.region,
        )

    def save(self, *args, **kwargs):
        self.urn = self.compute_urn()
        super().save(*args, **kwargs)

    @property
    def normattiva_url(self):
        return urn.normattiva_url(self.urn)

    @property
    def kind_label(self):
        return self.get_act_kind_display()

    @property
    def citation(self):
        """How the act is cited: «Decreto legislativo 14 settembre 2015, n. 150»."""
        text = f"{self.kind_label} {date_format(self.date, 'j F Y')}"
        return f"{text}, n. {self.number}" if self.number else text

    @property
    def authority_label(self):
        if self.region:
            return urn.REGION_NAMES[self.region]
        return urn.ISSUER_LABELS.get(self.issuer, "")

    @cached_property
    def article_entries(self):
        """The articles with their anchor, URN and Normattiva link."""
        entries = []
        for block in self.articles:
            number = urn.normalize_article(block.value["number"])
            article_urn = urn.article_urn(self.urn, number)
            entries.append(
                {
                    "block": block,
                    "anchor": urn.article_anchor(number),
                    "urn": article_urn,
                    "normattiva_url": urn.normattiva_url(article_urn),
                }
            )
        return entries

    def structured_data(self, request):
        """schema.org ``Legislation`` with the URN:NIR as identifier."""
        url = page_absolute_url(self, request)
        data = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "@id": url,
            "url": url,
            "name": self.official_title,
            "alternateName": self.citation,
            "identifier": self.urn,
            "legislationIdentifier": self.urn,
            "legislationType": str(self.kind_label),
            "legislationDate": self.date.isoformat(),
            "legislationJurisdiction": urn.REGION_NAMES.get(self.region, "Italia"),
            "legislationLegalForce": {"@id": self.LEGAL_FORCE[self.status]},
            "inLanguage": "it",
            "sameAs": self.normattiva_url,
            "description": self.intro,
        }
        changes = [
            r.act.urn for r in self.typed_relations if r.kind == RegulationRelation.Kind.AMENDS
        ]
        applies = [
            r.act.urn for r in self.typed_relations if r.kind == RegulationRelation.Kind.IMPLEMENTS
        ]
        if changes:
            data["legislationChanges"] = [
                {"@type": "Legislation", "legislationIdentifier": u} for u in changes
            ]
        if applies:
            data["legislationApplies"] = [
                {"@type": "Legislation", "legislationIdentifier": u} for u in applies
            ]
        parts = [
            {
                "@type": "Legislation",
                "legislationIdentifier": entry["urn"],
                "name": " – ".join(
                    filter(
                        None,
                        [f"Art. {entry['block'].value['number']}", entry["block"].value["heading"]],
                    )
                ),
                "sameAs": entry["normattiva_url"],
            }
            for entry in self.article_entries
        ]
        if parts:
            data["hasPart"] = parts
        return data

    @cached_property
    def typed_relations(self):
        """What this act amends or implements, and what amends or implements it."""
        return page_behaviour().act_relations(self)


class RegulationRelation(Orderable):
    """A typed link from one act to another; the other act shows it in the opposite direction."""

    class Kind(models.TextChoices):
        AMENDS = "amends", _("modifica")
        AMENDED_BY = "amended-by", _("è modificato da")
        IMPLEMENTS = "implements", _("attua")
        IMPLEMENTED_BY = "implemented-by", _("è attuato da")

    INVERSE = {
        Kind.AMENDS: Kind.AMENDED_BY,
        Kind.AMENDED_BY: Kind.AMENDS,
        Kind.IMPLEMENTS: Kind.IMPLEMENTED_BY,
        Kind.IMPLEMENTED_BY: Kind.IMPLEMENTS,
    }

    source = ParentalKey(RegulationPage, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("relazione"), max_length=20, choices=Kind.choices)
    target = models.ForeignKey(
        RegulationPage,
        on_delete=models.CASCADE,
        related_name="incoming_relations",
        verbose_name=_("atto collegato"),
    )
    note = models.CharField(
        _("nota"),
        max_length=250,
        blank=True,
        help_text=_("Per esempio gli articoli interessati."),
    )

    panels = [FieldPanel("kind"), FieldPanel("target"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("relazione tra atti")
        verbose_name_plural = _("relazioni tra atti")

    def clean(self):
        super().clean()
        if self.source_id and self.target_id == self.source_id:
            raise ValidationError({"target": _("Un atto non può essere collegato a sé stesso.")})
