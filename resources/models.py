"""Learning resources: the materials of each teaching unit and the shared library.

A resource is a file, a folder of files, a link or a rich-text page. The files
are Wagtail documents grouped in numbered versions: learners get the current
version, staff keep the earlier ones. Who may open a resource is its audience
(rules in ``permissions.py``), checked wherever its bytes leave the server.
"""

import re
import uuid
from typing import Any
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField
from wagtail.search import index

from courses.models import Course
from website.cms.models import ThematicArea

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]

# Path segments of the resources' own URLs that no slug may take.
RESERVED_SLUGS = frozenset({"carica"})


# Enough for a paragraph or two; the text itself lives in the files.
DESCRIPTION_MAX_LENGTH = 5000


class Resource(index.Indexed, models.Model):  # type: ignore[django-manager-missing]  # see below
    class Format(models.TextChoices):
        FILE = "file", _("File")
        FOLDER = "folder", _("Cartella di file")
        LINK = "link", _("Collegamento")
        PAGE = "page", _("Pagina")

    class Kind(models.TextChoices):
        SLIDES = "slides", _("Slide")
        HANDOUT = "handout", _("Dispensa")
        GUIDELINE = "guideline", _("Linee guida operative")
        TOOL = "tool", _("Strumento operativo")
        TEMPLATE = "template", _("Modello")
        REPORT = "report", _("Rapporto")
        REGULATION = "regulation", _("Testo normativo")
        VIDEO = "video", _("Video")

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Tutti")
        REGISTERED = "registered", _("Persone registrate")
        ENROLLED = "enrolled", _("Iscritti al corso")
        STAFF = "staff", _("Staff: docenti, coach e gestori")

    class Licence(models.TextChoices):
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC0 = "cc0-1.0", "CC0 1.0"
        IODL = "iodl-2.0", "IODL 2.0"
        RESERVED = "reserved", _("Tutti i diritti riservati")

    class Language(models.TextChoices):
        ITALIAN = "it", _("Italiano")
        ENGLISH = "en", _("Inglese")
        FRENCH = "fr", _("Francese")
        GERMAN = "de", _("Tedesco")
        SPANISH = "es", _("Spagnolo")

    LICENCE_URLS: dict[str, str] = {
        Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.it",
        Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.it",
        Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.it",
        Licence.IODL: "https://www.dati.gov.it/iodl/2.0/",
    }
    FILE_FORMATS = (Format.FILE, Format.FOLDER)

    title = models.CharField(_("titolo"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Parte dell'indirizzo della risorsa; se vuoto si ricava dal titolo."),
    )
    description = models.TextField(_("descrizione"), blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    format = models.CharField(
        _("forma"), max_length=10, choices=Format.choices, default=Format.FILE
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=Kind.choices)
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("corso (unità didattica)"),
        help_text=_("Vuoto per i materiali della biblioteca che non appartengono a un corso."),
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="resources", verbose_name=_("aree tematiche")
    )
    tags = TaggableManager(
        through="resources.ResourceTag", blank=True, verbose_name=_("parole chiave")
    )
    language = models.CharField(
        _("lingua"), max_length=5, choices=Language.choices, default=Language.ITALIAN
    )
    published_on = models.DateField(_("data"), default=timezone.localdate)
    licence = models.CharField(
        _("licenza"), max_length=20, choices=Licence.choices, default=Licence.CC_BY
    )
    audience = models.CharField(
        _("destinatari"),
        max_length=12,
        choices=Audience.choices,
        default=Audience.REGISTERED,
        help_text=_("Chi può aprire la risorsa e scaricarne i file."),
    )
    url = models.URLField(
        _("indirizzo"),
        max_length=500,
        blank=True,
        help_text=_(
            "Per i collegamenti. I video di YouTube e Vimeo si vedono nella pagina della risorsa."
        ),
    )
    body = RichTextField(_("testo"), blank=True, features=RICH_TEXT_FEATURES)
    current_version = models.ForeignKey(
        "resources.ResourceVersion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("versione corrente"),
    )
    # Text of the current version's files (PDF, office, plain text), for search only.
    search_text = models.TextField(_("testo dei file"), blank=True, editable=False)
    download_count = models.PositiveIntegerField(_("scaricamenti"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("creata da"),
    )
    created_at = models.DateTimeField(_("creata il"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("aggiornata il"), auto_now=True)

    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("description", boost=2),
        index.SearchField("search_text"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("id"),
        index.FilterField("audience"),
        index.FilterField("course"),
        index.FilterField("kind"),
        index.FilterField("format"),
        index.FilterField("published_on"),
        index.FilterField("title"),
        index.FilterField("download_count"),
        index.RelatedFields("thematic_areas", [index.FilterField("slug")]),
    ]

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("risorsa")
        verbose_name_plural = _("risorse")
        permissions = [
            ("manage_library", _("Pubblicare risorse in ogni corso e nella biblioteca")),
            (
                "view_staff_materials",
                _("Consultare le risorse riservate allo staff e le versioni precedenti"),
            ),
            ("share_course_material", _("Pubblicare risorse nei corsi di cui si tengono edizioni")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="enrolled") | Q(course__isnull=False),
                name="resource_enrolled_audience_needs_course",
                violation_error_message=_(
                    "Una risorsa riservata agli iscritti deve appartenere a un corso."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(format="link") | ~Q(url=""),
                name="resource_link_has_url",
                violation_error_message=_("Un collegamento ha bisogno di un indirizzo."),
            ),
        ]
        indexes = [
            models.Index(fields=["audience", "-published_on"], name="resource_audience_date_idx"),
            models.Index(fields=["-download_count"], name="resource_downloads_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = unique_slug(self.title, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("resources:detail", kwargs={"slug": self.slug})

    # What get_kind_display and get_audience_display say, for lists: Django's translate every
    # label of the field to find one (a millisecond a row on the dashboard).
    @property
    def kind_label(self) -> str:
        return str(self.Kind(self.kind).label) if self.kind in self.Kind.values else self.kind

    @property
    def audience_label(self) -> str:
        if self.audience in self.Audience.values:
            return str(self.Audience(self.audience).label)
        return self.audience

    @property
    def has_files(self):
        return self.format in self.FILE_FORMATS

    @property
    def licence_url(self):
        return self.LICENCE_URLS.get(self.licence, "")

    @property
    def video_embed_url(self):
        """The player address for YouTube and Vimeo links, or "" for anything else."""
        if self.format != self.Format.LINK or self.kind != self.Kind.VIDEO:
            return ""
        return video_embed_url(self.url)


def unique_slug(title, *, exclude_pk=None):
    base = (slugify(title) or "risorsa")[:100].strip("-") or "risorsa"
    taken = set(
        Resource.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")


def video_embed_url(url):
    """Privacy-enhanced player URL for a YouTube or Vimeo link ("" when not one)."""
    parsed = urlparse(url)
    if parsed.scheme != "https":
        return ""
    host = (parsed.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parsed.path.split("/") if segment]
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live"):
            video_id = segments[1]
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be" and len(segments) == 1 and _YOUTUBE_ID.match(segments[0]):
        return f"https://www.youtube-nocookie.com/embed/{segments[0]}"
    elif host in ("vimeo.com", "player.vimeo.com"):
        video_id = segments[-1] if segments else ""
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return ""


# TaggedItemBase (django-taggit) has no stubs, so django-stubs cannot resolve the
# ``tagged_items`` manager this adds to Resource (hence the ignore on Resource).
class ResourceTag(TaggedItemBase):
    content_object: "models.ForeignKey[Resource, Resource]" = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("parola chiave della risorsa")
        verbose_name_plural = _("parole chiave delle risorse")


class ResourceVersion(models.Model):
    """One numbered state of a file or folder resource: its files and what changed."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="versions", verbose_name=_("risorsa")
    )
    number = models.PositiveIntegerField(_("numero"))
    change_note = models.CharField(_("note sulla modifica"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("caricata il"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("caricata da"),
    )

    class Meta:
        ordering = ["resource", "-number"]
        verbose_name = _("versione")
        verbose_name_plural = _("versioni")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="resource_version_number_unique"
            )
        ]

    def __str__(self):
        return f"{self.resource} · v{self.number}"


def preview_path(instance, filename):
    # Under MEDIA_ROOT/resources/, which is never served directly: previews
    # show a restricted file's first page, so a view checks the audience.
    return f"resources/previews/{uuid.uuid4().hex}.webp"


class ResourceFile(models.Model):
    """A Wagtail document in a version, with what was read from it."""

    class Processing(models.TextChoices):
        PENDING = "pending", _("In elaborazione")
        DONE = "done", _("Elaborato")
        FAILED = "failed", _("Non leggibile")

    version = models.ForeignKey(
        ResourceVersion, on_delete=models.CASCADE, related_name="files", verbose_name=_("versione")
    )
    document = models.ForeignKey(
        get_document_model_string(),
        on_delete=models.CASCADE,
        related_name="resource_files",
        verbose_name=_("documento"),
    )
    sort_order = models.PositiveSmallIntegerField(_("ordine"), default=0)
    file_type = models.CharField(_("tipo di file"), max_length=10)
    processing = models.CharField(
        _("elaborazione"), max_length=10, choices=Processing.choices, default=Processing.PENDING
    )
    text = models.TextField(_("testo estratto"), blank=True)
    page_count = models.PositiveIntegerField(_("pagine"), null=True, blank=True)
    preview = models.FileField(_("anteprima"), upload_to=preview_path, blank=True)

    class Meta:
        ordering = ["version", "sort_order", "id"]
        verbose_name = _("file della risorsa")
        verbose_name_plural = _("file delle risorse")

    def __str__(self):
        return self.document.title

    @property
    def resource(self):
        return self.version.resource


class ResourceDownloadMonth(models.Model):
    """How many times a resource's files were downloaded in a month (no record of who)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="download_months")
    month = models.DateField(_("mese"), help_text=_("Il primo giorno del mese."))
    count = models.PositiveIntegerField(_("scaricamenti"), default=0)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("scaricamenti del mese")
        verbose_name_plural = _("scaricamenti per mese")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "month"], name="resource_download_month_unique"
            )
        ]

    def __str__(self):
        return f"{self.resource} · {self.month:%m/%Y}: {self.count}"
